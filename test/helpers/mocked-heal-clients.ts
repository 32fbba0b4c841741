// The SDK clients the heal and revert executors take, for the tests that answer them with aws-sdk-client-mock:
// `mockClient(XClient)` stubs the send of every instance of a class, so these need test credentials and no endpoint.
import {AutoScalingClient} from '@aws-sdk/client-auto-scaling'
import {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs'
import {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {EC2Client} from '@aws-sdk/client-ec2'
import {ECSClient} from '@aws-sdk/client-ecs'
import {ElasticLoadBalancingV2Client} from '@aws-sdk/client-elastic-load-balancing-v2'
import {IAMClient} from '@aws-sdk/client-iam'
import {KMSClient} from '@aws-sdk/client-kms'
import {LambdaClient} from '@aws-sdk/client-lambda'
import {RDSClient} from '@aws-sdk/client-rds'
import {S3Client} from '@aws-sdk/client-s3'
import {SNSClient} from '@aws-sdk/client-sns'
import {SQSClient} from '@aws-sdk/client-sqs'

import type {HealClients} from '../../src/adapters/aws/heal/index.js'

/** One client per service the executors write to, in `region`. */
export function mockedHealClients(region = 'us-east-1'): HealClients {
  const config = {region, credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'secret'}}
  return {
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    rds: new RDSClient(config),
    cloudwatch: new CloudWatchClient(config),
    autoscaling: new AutoScalingClient(config),
    s3: new S3Client(config),
    iam: new IAMClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    sqs: new SQSClient(config),
    logs: new CloudWatchLogsClient(config),
    sns: new SNSClient(config),
    dynamodb: new DynamoDBClient(config),
    lambda: new LambdaClient(config),
    kms: new KMSClient(config),
  }
}
