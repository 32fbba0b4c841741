// SDK clients pointed at moto (or a proxy in front of it), for fixtures and for reading AWS back in assertions.
import {AutoScalingClient} from '@aws-sdk/client-auto-scaling'
import {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs'
import {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {EC2Client} from '@aws-sdk/client-ec2'
import {ECSClient} from '@aws-sdk/client-ecs'
import {IAMClient} from '@aws-sdk/client-iam'
import {ElasticLoadBalancingV2Client} from '@aws-sdk/client-elastic-load-balancing-v2'
import {RDSClient} from '@aws-sdk/client-rds'
import {S3Client} from '@aws-sdk/client-s3'
import {SNSClient} from '@aws-sdk/client-sns'
import {SQSClient} from '@aws-sdk/client-sqs'
import {LambdaClient} from '@aws-sdk/client-lambda'
import {KMSClient} from '@aws-sdk/client-kms'

export interface AwsClients {
  ec2: EC2Client
  ecs: ECSClient
  rds: RDSClient
  cloudwatch: CloudWatchClient
  iam: IAMClient
  sqs: SQSClient
  logs: CloudWatchLogsClient
  sns: SNSClient
  elbv2: ElasticLoadBalancingV2Client
  autoscaling: AutoScalingClient
  dynamodb: DynamoDBClient
  s3: S3Client
  lambda: LambdaClient
  kms: KMSClient
  destroy(): void
}

export function awsClients(endpoint: string, region = 'us-east-1'): AwsClients {
  const config = {endpoint, region, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}, maxAttempts: 3}
  const clients = {ec2: new EC2Client(config), ecs: new ECSClient(config), rds: new RDSClient(config), cloudwatch: new CloudWatchClient(config), iam: new IAMClient(config), sqs: new SQSClient(config), logs: new CloudWatchLogsClient(config), sns: new SNSClient(config), elbv2: new ElasticLoadBalancingV2Client(config), autoscaling: new AutoScalingClient(config), dynamodb: new DynamoDBClient(config), s3: new S3Client({...config, forcePathStyle: true}), lambda: new LambdaClient(config), kms: new KMSClient(config)}
  return {
    ...clients,
    destroy() {
      for (const client of Object.values(clients)) client.destroy()
    },
  }
}
