// The one table of what ialctl can read and heal in AWS, keyed by type: per type, its batched list reader, its
// read-one reader and the senders of its heal calls. The type's knowledge (identity, mapping, rules, call schemas)
// is its module in src/core/resources; this table only says which SDK calls serve it.

import type {ActualResource} from '../../core/model.js'
import {autoScalingGroup} from '../../core/resources/autoscaling-group.js'
import {cloudwatchAlarm} from '../../core/resources/cloudwatch-alarm.js'
import {dynamodbTable} from '../../core/resources/dynamodb-table.js'
import {ec2Instance} from '../../core/resources/ec2-instance.js'
import {ec2SecurityGroup} from '../../core/resources/ec2-security-group.js'
import {ec2Subnet} from '../../core/resources/ec2-subnet.js'
import {ec2Vpc} from '../../core/resources/ec2-vpc.js'
import {ecsCluster} from '../../core/resources/ecs-cluster.js'
import {ecsService} from '../../core/resources/ecs-service.js'
import {ecsTaskDefinition} from '../../core/resources/ecs-task-definition.js'
import {iamManagedPolicy} from '../../core/resources/iam-managed-policy.js'
import {iamRole} from '../../core/resources/iam-role.js'
import {lambdaFunction} from '../../core/resources/lambda-function.js'
import {kmsKey} from '../../core/resources/kms-key.js'
import {logsLogGroup} from '../../core/resources/logs-log-group.js'
import {elbv2Listener} from '../../core/resources/elbv2-listener.js'
import {elbv2LoadBalancer} from '../../core/resources/elbv2-load-balancer.js'
import {elbv2TargetGroup} from '../../core/resources/elbv2-target-group.js'
import {rdsDbCluster} from '../../core/resources/rds-db-cluster.js'
import {rdsDbInstance} from '../../core/resources/rds-db-instance.js'
import {s3Bucket} from '../../core/resources/s3-bucket.js'
import {s3BucketPolicy} from '../../core/resources/s3-bucket-policy.js'
import {snsTopic} from '../../core/resources/sns-topic.js'
import {sqsQueue} from '../../core/resources/sqs-queue.js'
import type {AnyResourceTypeModule} from '../../core/resources/types.js'
import {readAutoScalingGroup, readAutoScalingGroups} from './autoscaling.js'
import {readAlarm, readAlarms} from './cloudwatch.js'
import {readInstance, readInstances, readSecurityGroup, readSecurityGroups, readSubnet, readSubnets, readVpc, readVpcs} from './ec2.js'
import {EcsReader, readEcsCluster, readEcsService, readTaskDefinition} from './ecs.js'
import {autoScalingGroupExecutors, autoScalingTagExecutors} from './heal/autoscaling.js'
import {Elbv2Reader, readListener, readLoadBalancer, readTargetGroup} from './elbv2.js'
import {alarmExecutors} from './heal/cloudwatch.js'
import {ec2MonitoringExecutors, ec2TagExecutors, instanceTypeExecutors, securityGroupRuleExecutors, subnetExecutors, vpcExecutors} from './heal/ec2.js'
import {ecsClusterExecutors, ecsServiceExecutors, ecsTagExecutors} from './heal/ecs.js'
import {policyExecutors, policyVersionExecutors, rolePermissionExecutors, roleTagExecutors} from './heal/iam.js'
import {logGroupExecutors} from './heal/logs.js'
import {elbv2TagExecutors, listenerExecutors, loadBalancerExecutors, targetGroupExecutors} from './heal/elbv2.js'
import {dbClusterExecutors, dbInstanceExecutors, rdsTagExecutors} from './heal/rds.js'
import {bucketExecutors, bucketPolicyExecutors} from './heal/s3.js'
import {topicAttributeExecutors, topicTagExecutors} from './heal/sns.js'
import {tableExecutors} from './heal/dynamodb.js'
import {queueExecutors} from './heal/sqs.js'
import {functionExecutors} from './heal/lambda.js'
import {keyExecutors} from './heal/kms.js'
import type {HealExecutor} from './heal/types.js'
import {IamReader, readManagedPolicy, readRole} from './iam.js'
import {readLogGroup, readLogGroups} from './logs.js'
import {readDbCluster, readDbClusters, readDbInstance, readDbInstances} from './rds.js'
import type {ReadOne, RegionReader} from './read-context.js'
import {listBuckets, readBucket, readBucketPolicies, readBucketPolicy, readBuckets} from './s3.js'
import {readTopic, readTopics} from './sns.js'
import {readTable, readTables} from './dynamodb.js'
import {readQueue, readQueues} from './sqs.js'
import {readFunction, readFunctions} from './lambda.js'
import {readKey, readKeys} from './kms.js'

export interface TypeAdapter {
  readonly module: AnyResourceTypeModule
  /** Every resource of the type in one region, in as few calls as the API allows (SPEC 9). */
  list(reader: RegionReader): Promise<ActualResource[]>
  readOne: ReadOne
  /** Senders of every call the module's heals and reverts build (tag calls included), keyed by `Service.Operation`. */
  readonly executors: Readonly<Record<string, HealExecutor>>
  /** Templates commonly place these with `!Select [n, !GetAZs '']`: reading the type reads the zones too. */
  readonly zoned?: true
}

const ecsReader = ({clients, region, run, shared}: RegionReader) => shared('ecs', () => new EcsReader(clients.ecs, region, run))
const iamReader = ({clients, region, run, shared}: RegionReader) => shared('iam', () => new IamReader(clients.iam, region, run))
const elbv2Reader = ({clients, region, run, shared, wanted}: RegionReader) => shared('elbv2', () => new Elbv2Reader(clients.elbv2, region, run, wanted))
const bucketList = ({clients, region, run, shared}: RegionReader) => shared('s3-buckets', () => listBuckets(clients.s3, clients.tagging, region, run))

export const TYPE_ADAPTERS: readonly TypeAdapter[] = [
  {module: ec2Vpc, list: (r) => readVpcs(r.clients.ec2, r.region, r.run, r.wanted), readOne: readVpc, executors: {...ec2TagExecutors, ...vpcExecutors}},
  {module: ec2Subnet, list: (r) => readSubnets(r.clients.ec2, r.region, r.run), readOne: readSubnet, executors: {...ec2TagExecutors, ...subnetExecutors}, zoned: true},
  {
    module: ec2SecurityGroup,
    list: (r) => readSecurityGroups(r.clients.ec2, r.region, r.run),
    readOne: readSecurityGroup,
    executors: {...ec2TagExecutors, ...securityGroupRuleExecutors},
  },
  {
    module: ec2Instance,
    list: (r) => readInstances(r.clients.ec2, r.region, r.run),
    readOne: readInstance,
    executors: {...ec2TagExecutors, ...ec2MonitoringExecutors, ...instanceTypeExecutors},
    zoned: true,
  },
  {module: ecsCluster, list: (r) => ecsReader(r).readClusters(), readOne: readEcsCluster, executors: {...ecsTagExecutors, ...ecsClusterExecutors}},
  {module: ecsTaskDefinition, list: (r) => ecsReader(r).readTaskDefinitions(), readOne: readTaskDefinition, executors: ecsTagExecutors},
  {module: ecsService, list: (r) => ecsReader(r).readServices(), readOne: readEcsService, executors: {...ecsTagExecutors, ...ecsServiceExecutors}},
  {module: elbv2LoadBalancer, list: (r) => elbv2Reader(r).readLoadBalancers(), readOne: readLoadBalancer, executors: {...elbv2TagExecutors, ...loadBalancerExecutors}},
  {module: elbv2TargetGroup, list: (r) => elbv2Reader(r).readTargetGroups(), readOne: readTargetGroup, executors: {...elbv2TagExecutors, ...targetGroupExecutors}},
  {module: elbv2Listener, list: (r) => elbv2Reader(r).readListeners(), readOne: readListener, executors: {...elbv2TagExecutors, ...listenerExecutors}},
  {module: rdsDbCluster, list: (r) => readDbClusters(r.clients.rds, r.region, r.run), readOne: readDbCluster, executors: {...rdsTagExecutors, ...dbClusterExecutors}},
  {module: rdsDbInstance, list: (r) => readDbInstances(r.clients.rds, r.region, r.run), readOne: readDbInstance, executors: {...rdsTagExecutors, ...dbInstanceExecutors}},
  {module: cloudwatchAlarm, list: (r) => readAlarms(r.clients.cloudwatch, r.clients.tagging, r.region, r.run), readOne: readAlarm, executors: alarmExecutors},
  {module: autoScalingGroup, list: (r) => readAutoScalingGroups(r.clients.autoscaling, r.region, r.run), readOne: readAutoScalingGroup, executors: {...autoScalingTagExecutors, ...autoScalingGroupExecutors}},
  {module: s3Bucket, list: (r) => readBuckets(r.clients.s3, bucketList(r), r.region, r.run, r.wanted), readOne: readBucket, executors: bucketExecutors},
  {module: s3BucketPolicy, list: (r) => readBucketPolicies(r.clients.s3, bucketList(r), r.region, r.run, r.wanted), readOne: readBucketPolicy, executors: bucketPolicyExecutors},
  {module: iamRole, list: (r) => iamReader(r).readRoles(), readOne: readRole, executors: {...roleTagExecutors, ...rolePermissionExecutors}},
  {module: iamManagedPolicy, list: (r) => iamReader(r).readManagedPolicies(), readOne: readManagedPolicy, executors: {...policyExecutors, ...policyVersionExecutors}},
  {module: sqsQueue, list: (r) => readQueues(r.clients.sqs, r.clients.tagging, r.region, r.run, r.wanted), readOne: readQueue, executors: queueExecutors},
  {module: logsLogGroup, list: (r) => readLogGroups(r.clients.logs, r.clients.tagging, r.region, r.run), readOne: readLogGroup, executors: logGroupExecutors},
  {module: snsTopic, list: (r) => readTopics(r.clients.sns, r.clients.tagging, r.region, r.run, r.wanted), readOne: readTopic, executors: {...topicTagExecutors, ...topicAttributeExecutors}},
  {module: dynamodbTable, list: (r) => readTables(r.clients.dynamodb, r.clients.tagging, r.region, r.run, r.wanted), readOne: readTable, executors: tableExecutors},
  {module: lambdaFunction, list: (r) => readFunctions(r.clients.lambda, r.clients.tagging, r.region, r.run), readOne: readFunction, executors: functionExecutors},
  {module: kmsKey, list: (r) => readKeys(r.clients.kms, r.clients.tagging, r.region, r.run, r.wanted), readOne: readKey, executors: keyExecutors},
]

const byType = new Map(TYPE_ADAPTERS.map((adapter) => [adapter.module.type, adapter]))

export const typeAdapter = (type: string): TypeAdapter | undefined => byType.get(type)

/** Every heal call's sender, across types (a tag call serves every type of its service). */
export const HEAL_EXECUTORS: ReadonlyMap<string, HealExecutor> = new Map(TYPE_ADAPTERS.flatMap((adapter) => Object.entries(adapter.executors)))
