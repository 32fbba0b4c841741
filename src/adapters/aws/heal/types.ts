import type {AutoScalingClient} from '@aws-sdk/client-auto-scaling'
import type {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import type {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import type {EC2Client} from '@aws-sdk/client-ec2'
import type {ECSClient} from '@aws-sdk/client-ecs'
import type {IAMClient} from '@aws-sdk/client-iam'
import type {ElasticLoadBalancingV2Client} from '@aws-sdk/client-elastic-load-balancing-v2'
import type {RDSClient} from '@aws-sdk/client-rds'
import type {S3Client} from '@aws-sdk/client-s3'
import type {SNSClient} from '@aws-sdk/client-sns'
import type {SQSClient} from '@aws-sdk/client-sqs'
import type {LambdaClient} from '@aws-sdk/client-lambda'
import type {KMSClient} from '@aws-sdk/client-kms'

import {UsageError} from '../../../errors.js'

/** The clients a heal writes with (a subset of `AwsClients`, so the reader's clients serve as they are). */
export interface HealClients {
  ec2: EC2Client
  ecs: ECSClient
  rds: RDSClient
  cloudwatch: CloudWatchClient
  autoscaling: AutoScalingClient
  s3: S3Client
  iam: IAMClient
  sqs: SQSClient
  lambda: LambdaClient
  kms: KMSClient
  sns: SNSClient
  dynamodb: DynamoDBClient
  logs: CloudWatchLogsClient
  elbv2: ElasticLoadBalancingV2Client
}

/**
 * Sends one planned call. `params` have passed the call's schema from its type module (`executeHealCall` checks
 * them first, whatever produced the plan), so a sender only moves them into the SDK command.
 */
export type HealExecutor = (clients: HealClients, params: Record<string, unknown>, region: string) => Promise<void>

/**
 * A planned call that a heal must not send: a parameter outside what the safe action uses, or a value of the
 * wrong shape. Checked at the last moment before the call, whatever produced the plan.
 */
export class UnsafeHealCallError extends UsageError {}
