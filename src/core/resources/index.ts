import {autoScalingGroup} from './autoscaling-group.js'
import {cloudwatchAlarm} from './cloudwatch-alarm.js'
import {dynamodbTable} from './dynamodb-table.js'
import {ec2Instance} from './ec2-instance.js'
import {ec2SecurityGroup} from './ec2-security-group.js'
import {ec2Subnet} from './ec2-subnet.js'
import {ec2Vpc} from './ec2-vpc.js'
import {ecsCluster} from './ecs-cluster.js'
import {ecsService} from './ecs-service.js'
import {ecsTaskDefinition} from './ecs-task-definition.js'
import {iamManagedPolicy} from './iam-managed-policy.js'
import {iamRole} from './iam-role.js'
import {lambdaFunction} from './lambda-function.js'
import {kmsKey} from './kms-key.js'
import {logsLogGroup} from './logs-log-group.js'
import {elbv2Listener} from './elbv2-listener.js'
import {elbv2LoadBalancer} from './elbv2-load-balancer.js'
import {elbv2TargetGroup} from './elbv2-target-group.js'
import {rdsDbCluster} from './rds-db-cluster.js'
import {rdsDbInstance} from './rds-db-instance.js'
import {s3Bucket} from './s3-bucket.js'
import {s3BucketPolicy} from './s3-bucket-policy.js'
import {snsTopic} from './sns-topic.js'
import {sqsQueue} from './sqs-queue.js'
import type {HealCall} from './heal.js'
import {type AnyResourceTypeModule, healCallsOf, revertCallsOf} from './types.js'

export type {AnyResourceTypeModule, AwsService, IdentityInput, ResourceTypeModule} from './types.js'

/** The supported types of SPEC 1, in the order reports list them. */
export const RESOURCE_TYPES: readonly AnyResourceTypeModule[] = [
  ec2Vpc,
  ec2Subnet,
  ec2SecurityGroup,
  ec2Instance,
  ecsCluster,
  ecsTaskDefinition,
  ecsService,
  elbv2LoadBalancer,
  elbv2TargetGroup,
  elbv2Listener,
  rdsDbCluster,
  rdsDbInstance,
  cloudwatchAlarm,
  autoScalingGroup,
  s3Bucket,
  s3BucketPolicy,
  iamRole,
  iamManagedPolicy,
  sqsQueue,
  logsLogGroup,
  snsTopic,
  dynamodbTable,
  lambdaFunction,
  kmsKey,
]

const byType = new Map(RESOURCE_TYPES.map((module) => [module.type, module]))

export const resourceType = (type: string): AnyResourceTypeModule | undefined => byType.get(type)
export const isSupportedType = (type: string): boolean => byType.has(type)

const callsByApi = new Map(RESOURCE_TYPES.flatMap((module) => healCallsOf(module).map((call) => [call.api, call] as const)))

/** A heal call some type module declares, with its parameter schema; undefined for any other call. */
export const healCall = (api: string): HealCall | undefined => callsByApi.get(api)

const revertCallsByApi = new Map<string, HealCall[]>()
for (const call of RESOURCE_TYPES.flatMap((module) => revertCallsOf(module))) revertCallsByApi.set(call.api, [...(revertCallsByApi.get(call.api) ?? []), call])

/**
 * Every declaration of a call a revert may send (heal calls included). One API can be declared twice with other
 * parameters (RDS.ModifyDBInstance heals windows and reverts the class): a call is valid when one of them accepts it.
 */
export const revertCalls = (api: string): readonly HealCall[] => revertCallsByApi.get(api) ?? []
