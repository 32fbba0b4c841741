// The revert planner per type, as a table (SPEC 11, issue 18): for each in-place property a type module declares,
// what a revert sends (and its rollback), whether it restarts the resource, whether AWS defers it (scheduled
// unless --apply-immediately), whether it weakens security; and what is refused, with the reason a person reads.
import {describe, expect, it} from 'vitest'

import {Unresolved} from '../../../src/core/diff/resolve.js'
import {type ActualResource, type Difference, type DriftItem, Intrinsic} from '../../../src/core/model.js'
import type {HealPlanEntry} from '../../../src/core/plan/heal-plan.js'
import {ACCOUNT, alarm, checkedRevertEntry, dbInstance, diff, ecsService, item, REGION} from './heal-fixtures.js'

const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:ops`
const PAGER = `arn:aws:sns:${REGION}:${ACCOUNT}:pager`
const TASK_13 = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:13`
const NETWORK = {AwsvpcConfiguration: {Subnets: ['subnet-a', 'subnet-b'], SecurityGroups: ['sg-web'], AssignPublicIp: 'DISABLED'}}

const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders`
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`

function queue(overrides: Record<string, unknown> = {}): ActualResource {
  return {type: 'AWS::SQS::Queue', region: REGION, physicalId: QUEUE_URL, properties: {QueueName: 'orders', DelaySeconds: 0, MaximumMessageSize: 262_144, ReceiveMessageWaitTimeSeconds: 0, VisibilityTimeout: 30, MessageRetentionPeriod: 345_600, ...overrides}, tags: {}, attributes: {}}
}

function topic(overrides: Record<string, unknown> = {}): ActualResource {
  return {type: 'AWS::SNS::Topic', region: REGION, physicalId: TOPIC_ARN, arn: TOPIC_ARN, properties: {TopicName: 'alerts', SignatureVersion: '2', TracingConfig: 'PassThrough', ...overrides}, tags: {}, attributes: {}}
}

function lambdaFunction(overrides: Record<string, unknown> = {}): ActualResource {
  return {type: 'AWS::Lambda::Function', region: REGION, physicalId: 'orders-processor', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-processor`, properties: {FunctionName: 'orders-processor', Runtime: 'nodejs20.x', Handler: 'index.handler', MemorySize: 256, Timeout: 30, ...overrides}, tags: {}, attributes: {}}
}

const TARGET_GROUP_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/tg-api-prod/73e2d6bc24d8a067`

function targetGroup(overrides: Record<string, unknown> = {}): ActualResource {
  const properties = {Name: 'tg-api-prod', Port: 8080, Protocol: 'HTTP', HealthCheckProtocol: 'HTTP', HealthCheckPort: 'traffic-port', HealthCheckPath: '/health', HealthCheckIntervalSeconds: 15, HealthCheckTimeoutSeconds: 5, Matcher: {HttpCode: '200-299'}, ...overrides}
  return {type: 'AWS::ElasticLoadBalancingV2::TargetGroup', region: REGION, physicalId: TARGET_GROUP_ARN, arn: TARGET_GROUP_ARN, properties, tags: {}, attributes: {}}
}

function logGroup(retention: number | undefined): ActualResource {
  return {type: 'AWS::Logs::LogGroup', region: REGION, physicalId: '/ecs/api', properties: {LogGroupName: '/ecs/api', RetentionInDays: retention}, tags: {}, attributes: {}}
}

function dbCluster(overrides: Record<string, unknown> = {}): ActualResource {
  return {type: 'AWS::RDS::DBCluster', region: REGION, physicalId: 'orders', arn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:orders`, properties: {DBClusterIdentifier: 'orders', Engine: 'aurora-postgresql', VpcSecurityGroupIds: ['sg-db'], CopyTagsToSnapshot: true, EnableIAMDatabaseAuthentication: false, ...overrides}, tags: {}, attributes: {}}
}

function cluster(settings: unknown): ActualResource {
  return {type: 'AWS::ECS::Cluster', region: REGION, physicalId: 'prod', arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`, properties: {ClusterName: 'prod', ClusterSettings: settings}, tags: {}, attributes: {}}
}

const ROLE_NAME = 'ial-prod-api-task'
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:ial-prod-orders`
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
const CONFIG_READ = `arn:aws:iam::${ACCOUNT}:policy/ial/ial-prod-api-config-read`
const document = (...Statement: Array<Record<string, unknown>>) => ({Version: '2012-10-17', Statement})
const publish = (Action: unknown) => ({PolicyName: 'publish-order-events', PolicyDocument: document({Effect: 'Allow', Action, Resource: QUEUE_ARN})})
const trustedBy = (Principal: unknown) => document({Effect: 'Allow', Principal, Action: 'sts:AssumeRole'})
const ECS_TASKS = {Service: 'ecs-tasks.amazonaws.com'}

function role(overrides: Record<string, unknown> = {}): ActualResource {
  return {
    type: 'AWS::IAM::Role',
    region: REGION,
    physicalId: ROLE_NAME,
    arn: `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`,
    properties: {RoleName: ROLE_NAME, Path: '/', AssumeRolePolicyDocument: trustedBy(ECS_TASKS), ManagedPolicyArns: [CONFIG_READ], Policies: [publish(['sqs:GetQueueUrl', 'sqs:SendMessage'])], ...overrides},
    tags: {},
    attributes: {},
  }
}

const TABLE_NAME = 'ial-prod-orders'

function table(overrides: Record<string, unknown> = {}): ActualResource {
  const arn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE_NAME}`
  return {type: 'AWS::DynamoDB::Table', region: REGION, physicalId: TABLE_NAME, arn, properties: {TableName: TABLE_NAME, BillingMode: 'PAY_PER_REQUEST', SSESpecification: {SSEEnabled: true}, DeletionProtectionEnabled: true, ...overrides}, tags: {}, attributes: {Arn: arn}}
}

const BUCKET = 'acme-artefacts-prod'
const API_TASK = {AWS: `arn:aws:iam::${ACCOUNT}:role/api-task`}
/** The artefacts bucket's policy: plain HTTP denied, the API task reading objects (as S3 returns it, parsed). */
const bucketDocument = (principal: unknown, resource = `arn:aws:s3:::${BUCKET}/*`) => ({
  Version: '2012-10-17',
  Statement: [
    {Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`], Condition: {Bool: {'aws:SecureTransport': 'false'}}},
    {Sid: 'ApiTaskReads', Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: resource},
  ],
})
const bucketPolicy = (document: unknown): ActualResource => ({type: 'AWS::S3::BucketPolicy', region: REGION, physicalId: BUCKET, properties: {Bucket: BUCKET, PolicyDocument: document}, tags: {}, attributes: {}})

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'
const ROOT = {AWS: `arn:aws:iam::${ACCOUNT}:root`}
/** The data key's policy: the account administers it through IAM, one more statement lets `principal` decrypt. */
const keyDocument = (principal: unknown) => ({
  Version: '2012-10-17',
  Statement: [
    {Sid: 'AccountAdministersThroughIam', Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: '*'},
    {Sid: 'ApiTaskDecrypts', Effect: 'Allow', Principal: principal, Action: 'kms:Decrypt', Resource: '*'},
  ],
})
const dataKey = (overrides: Record<string, unknown> = {}): ActualResource => ({
  type: 'AWS::KMS::Key',
  region: REGION,
  physicalId: KEY_ID,
  arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`,
  properties: {Description: 'Encrypts the orders data at rest.', Enabled: true, EnableKeyRotation: true, KeyPolicy: keyDocument(API_TASK), KeySpec: 'SYMMETRIC_DEFAULT', ...overrides},
  tags: {},
  attributes: {},
})

const VPC_ID = 'vpc-0123456789abcdef0'
/** The production VPC as read in full: DNS support and hostnames on, as Git declares them. */
const vpc = (dns: {EnableDnsSupport?: boolean; EnableDnsHostnames?: boolean} = {}): ActualResource => ({
  type: 'AWS::EC2::VPC',
  region: REGION,
  physicalId: VPC_ID,
  properties: {CidrBlock: '10.20.0.0/16', InstanceTenancy: 'default', EnableDnsSupport: true, EnableDnsHostnames: true, ...dns},
  tags: {Name: 'ial-prod-vpc'},
  attributes: {VpcId: VPC_ID},
})
const dnsCall = (attribute: 'EnableDnsSupport' | 'EnableDnsHostnames', value: boolean) => call('EC2.ModifyVpcAttribute', {VpcId: VPC_ID, [attribute]: {Value: value}})

/** The entry, with every call it makes (apply and rollback) checked against the schemas its type declares. */
function entryFor(resource: ActualResource, differences: Difference[], options = {applyImmediately: false}, overrides: Partial<DriftItem> = {}, declared?: Record<string, unknown>): HealPlanEntry {
  return checkedRevertEntry(item('Item', resource, differences, overrides), resource, options, declared)
}

interface Revertible {
  case: string
  resource: ActualResource
  differences: Difference[]
  applyImmediately?: boolean
  /** The template's properties as resolved (what a value written whole comes from). */
  declared?: Record<string, unknown>
  /** Each call as `Api params`, then each rollback the same way. */
  calls: string[]
  rollbacks: string[]
  restarts?: true
  scheduled?: true
  weakens?: string
}

const call = (api: string, params: Record<string, unknown>) => `${api} ${JSON.stringify(params)}`
const service = {cluster: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`, service: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/web`}

const REVERTIBLE: Revertible[] = [
  // ---- AWS::CloudWatch::Alarm: the definition, one PutMetricAlarm, no restart ----
  {
    case: 'alarm: threshold and operator changed by hand -> one PutMetricAlarm with both declared values',
    resource: alarm({Threshold: 95, ComparisonOperator: 'GreaterThanOrEqualToThreshold'}),
    differences: [diff('/Threshold', 90, 95), diff('/ComparisonOperator', 'GreaterThanThreshold', 'GreaterThanOrEqualToThreshold')],
    calls: [call('CloudWatch.PutMetricAlarm', {AlarmName: 'web-cpu-high', Threshold: 90, ComparisonOperator: 'GreaterThanThreshold'})],
    rollbacks: [call('CloudWatch.PutMetricAlarm', {AlarmName: 'web-cpu-high', Threshold: 95, ComparisonOperator: 'GreaterThanOrEqualToThreshold'})],
  },
  {
    case: 'alarm: an action added by hand and the statistic -> the declared action list, the declared statistic',
    resource: alarm({AlarmActions: [TOPIC, PAGER], Statistic: 'Maximum'}),
    differences: [diff('/AlarmActions/1', null, PAGER, 'ADD'), diff('/Statistic', 'Average', 'Maximum')],
    calls: [call('CloudWatch.PutMetricAlarm', {AlarmName: 'web-cpu-high', AlarmActions: [TOPIC], Statistic: 'Average'})],
    rollbacks: [call('CloudWatch.PutMetricAlarm', {AlarmName: 'web-cpu-high', AlarmActions: [TOPIC, PAGER], Statistic: 'Maximum'})],
  },
  {
    case: 'alarm: missing data treatment and datapoints (template strings) -> typed values',
    resource: alarm({TreatMissingData: 'ignore', DatapointsToAlarm: 1}),
    differences: [diff('/TreatMissingData', 'breaching', 'ignore'), diff('/DatapointsToAlarm', '2', 1)],
    calls: [call('CloudWatch.PutMetricAlarm', {AlarmName: 'web-cpu-high', TreatMissingData: 'breaching', DatapointsToAlarm: 2})],
    rollbacks: [call('CloudWatch.PutMetricAlarm', {AlarmName: 'web-cpu-high', TreatMissingData: 'ignore', DatapointsToAlarm: 1})],
  },
  // ---- AWS::ECS::Service: task definition and network configuration, UpdateService, a rolling restart ----
  {
    case: 'ECS service: task definition deployed by hand -> the declared revision, tasks replaced',
    resource: ecsService({TaskDefinition: TASK_13}),
    differences: [diff('/TaskDefinition', 'web:12', TASK_13)],
    calls: [call('ECS.UpdateService', {...service, taskDefinition: 'web:12'})],
    rollbacks: [call('ECS.UpdateService', {...service, taskDefinition: TASK_13})],
    restarts: true,
  },
  {
    case: 'ECS service: public IP turned on and a subnet swapped by hand -> the declared network configuration',
    resource: ecsService({NetworkConfiguration: {AwsvpcConfiguration: {Subnets: ['subnet-a', 'subnet-x'], SecurityGroups: ['sg-web'], AssignPublicIp: 'ENABLED'}}}),
    differences: [diff('/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp', 'DISABLED', 'ENABLED'), diff('/NetworkConfiguration/AwsvpcConfiguration/Subnets/1', 'subnet-b', 'subnet-x')],
    calls: [call('ECS.UpdateService', {...service, networkConfiguration: {awsvpcConfiguration: {subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-web'], assignPublicIp: 'DISABLED'}}})],
    rollbacks: [call('ECS.UpdateService', {...service, networkConfiguration: {awsvpcConfiguration: {subnets: ['subnet-a', 'subnet-x'], securityGroups: ['sg-web'], assignPublicIp: 'ENABLED'}}})],
    restarts: true,
  },
  {
    case: 'ECS service: Git gives the tasks a public IP that someone turned off -> reverted only as a weakening',
    resource: ecsService({NetworkConfiguration: NETWORK}),
    differences: [diff('/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp', 'ENABLED', 'DISABLED')],
    calls: [call('ECS.UpdateService', {...service, networkConfiguration: {awsvpcConfiguration: {subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-web'], assignPublicIp: 'ENABLED'}}})],
    rollbacks: [call('ECS.UpdateService', {...service, networkConfiguration: {awsvpcConfiguration: {subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-web'], assignPublicIp: 'DISABLED'}}})],
    restarts: true,
    weakens: 'gives the tasks a public IP address',
  },
  // ---- AWS::ECS::Cluster: settings, UpdateClusterSettings, no restart ----
  {
    case: 'ECS cluster: Container Insights turned off by hand -> the declared setting',
    resource: cluster([{Name: 'containerInsights', Value: 'disabled'}]),
    differences: [diff('/ClusterSettings/0/Value', 'enabled', 'disabled')],
    calls: [call('ECS.UpdateClusterSettings', {cluster: 'prod', settings: [{name: 'containerInsights', value: 'enabled'}]})],
    rollbacks: [call('ECS.UpdateClusterSettings', {cluster: 'prod', settings: [{name: 'containerInsights', value: 'disabled'}]})],
  },
  // ---- AWS::RDS::DBInstance: what applies without replacement ----
  {
    case: 'RDS: Multi-AZ turned off by hand -> ModifyDBInstance, no restart, deferred to the window',
    resource: dbInstance({MultiAZ: false}),
    differences: [diff('/MultiAZ', true, false)],
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', MultiAZ: true, ApplyImmediately: false})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', MultiAZ: false, ApplyImmediately: false})],
    scheduled: true,
  },
  {
    case: 'RDS: Multi-AZ with --apply-immediately -> made now, verified',
    resource: dbInstance({MultiAZ: false}),
    differences: [diff('/MultiAZ', true, false)],
    applyImmediately: true,
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', MultiAZ: true, ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', MultiAZ: false, ApplyImmediately: true})],
  },
  {
    case: 'RDS: retention 7 -> 14 lowered by hand -> at once, no restart',
    resource: dbInstance({BackupRetentionPeriod: 7}),
    differences: [diff('/BackupRetentionPeriod', 14, 7)],
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', BackupRetentionPeriod: 14, ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', BackupRetentionPeriod: 7, ApplyImmediately: true})],
  },
  {
    case: 'RDS: backups turned off by hand (0) -> turned back on: an outage, deferred; the rollback leaves them on',
    resource: dbInstance({BackupRetentionPeriod: 0}),
    differences: [diff('/BackupRetentionPeriod', 7, 0)],
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', BackupRetentionPeriod: 7, ApplyImmediately: false})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', BackupRetentionPeriod: 7, ApplyImmediately: false})],
    restarts: true,
    scheduled: true,
  },
  {
    case: 'RDS: made public by hand -> private again, at once, no restart',
    resource: dbInstance({PubliclyAccessible: true}),
    differences: [diff('/PubliclyAccessible', false, true)],
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', PubliclyAccessible: false, ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', PubliclyAccessible: true, ApplyImmediately: true})],
  },
  {
    case: 'RDS: Git says public, AWS is private -> reverted only as a weakening',
    resource: dbInstance({PubliclyAccessible: false}),
    differences: [diff('/PubliclyAccessible', true, false)],
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', PubliclyAccessible: true, ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', PubliclyAccessible: false, ApplyImmediately: true})],
    weakens: 'makes the database reachable from outside its VPC',
  },
  {
    case: 'RDS: automatic minor upgrades turned off by hand -> on again, at once, no restart',
    resource: dbInstance({AutoMinorVersionUpgrade: false}),
    differences: [diff('/AutoMinorVersionUpgrade', true, false)],
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', AutoMinorVersionUpgrade: true, ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', AutoMinorVersionUpgrade: false, ApplyImmediately: true})],
  },
  {
    case: 'RDS: Git says no automatic minor upgrades, AWS has them on -> turned off only as a weakening',
    resource: dbInstance({AutoMinorVersionUpgrade: true}),
    differences: [diff('/AutoMinorVersionUpgrade', false, true)],
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', AutoMinorVersionUpgrade: false, ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', AutoMinorVersionUpgrade: true, ApplyImmediately: true})],
    weakens: 'stops RDS applying minor versions, which carry the engine’s security fixes',
  },
  {
    case: 'RDS: maintenance window (a heal path) -> the heal call, at once, no restart',
    resource: dbInstance({PreferredMaintenanceWindow: 'mon:01:00-mon:02:00'}),
    differences: [diff('/PreferredMaintenanceWindow', 'sun:05:00-sun:06:00', 'mon:01:00-mon:02:00')],
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', PreferredMaintenanceWindow: 'sun:05:00-sun:06:00', ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', PreferredMaintenanceWindow: 'mon:01:00-mon:02:00', ApplyImmediately: true})],
  },
  {
    case: 'RDS: a security group added by hand, tag copying turned off -> one ModifyDBInstance, at once, no restart',
    resource: dbInstance({VPCSecurityGroups: ['sg-db', 'sg-debug'], CopyTagsToSnapshot: false}),
    differences: [diff('/VPCSecurityGroups/1', null, 'sg-debug', 'ADD'), diff('/CopyTagsToSnapshot', true, false)],
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', VpcSecurityGroupIds: ['sg-db'], CopyTagsToSnapshot: true, ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', VpcSecurityGroupIds: ['sg-db', 'sg-debug'], CopyTagsToSnapshot: false, ApplyImmediately: true})],
  },
  {
    case: 'RDS: the declared security group removed by hand -> put back only as a weakening (it lets in what it allows)',
    resource: dbInstance({VPCSecurityGroups: ['sg-other']}),
    differences: [diff('/VPCSecurityGroups/0', 'sg-db', 'sg-other')],
    calls: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', VpcSecurityGroupIds: ['sg-db'], ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', VpcSecurityGroupIds: ['sg-other'], ApplyImmediately: true})],
    weakens: 'adds security group sg-db to the database: whatever it allows reaches it',
  },
  {
    case: 'RDS cluster: IAM authentication turned on by hand -> ModifyDBCluster, at once, no restart',
    resource: dbCluster({EnableIAMDatabaseAuthentication: true}),
    differences: [diff('/EnableIAMDatabaseAuthentication', false, true)],
    calls: [call('RDS.ModifyDBCluster', {DBClusterIdentifier: 'orders', EnableIAMDatabaseAuthentication: false, ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBCluster', {DBClusterIdentifier: 'orders', EnableIAMDatabaseAuthentication: true, ApplyImmediately: true})],
  },
  {
    case: 'RDS cluster: a security group added by hand -> removed, the declared ones kept',
    resource: dbCluster({VpcSecurityGroupIds: ['sg-db', 'sg-debug']}),
    differences: [diff('/VpcSecurityGroupIds/1', null, 'sg-debug', 'ADD')],
    calls: [call('RDS.ModifyDBCluster', {DBClusterIdentifier: 'orders', VpcSecurityGroupIds: ['sg-db'], ApplyImmediately: true})],
    rollbacks: [call('RDS.ModifyDBCluster', {DBClusterIdentifier: 'orders', VpcSecurityGroupIds: ['sg-db', 'sg-debug'], ApplyImmediately: true})],
  },
  // ---- AWS::SQS::Queue: delivery attributes, one SetQueueAttributes, no restart ----
  {
    case: 'SQS: delay and long polling changed by hand -> one SetQueueAttributes with both, as SQS takes them (strings)',
    resource: queue({DelaySeconds: 30, ReceiveMessageWaitTimeSeconds: 0}),
    differences: [diff('/DelaySeconds', 0, 30), diff('/ReceiveMessageWaitTimeSeconds', 20, 0)],
    calls: [call('SQS.SetQueueAttributes', {QueueUrl: QUEUE_URL, Attributes: {DelaySeconds: '0', ReceiveMessageWaitTimeSeconds: '20'}})],
    rollbacks: [call('SQS.SetQueueAttributes', {QueueUrl: QUEUE_URL, Attributes: {DelaySeconds: '30', ReceiveMessageWaitTimeSeconds: '0'}})],
  },
  {
    case: 'SQS: retention lowered by hand -> raised back by the heal call (a heal path)',
    resource: queue({MessageRetentionPeriod: 60}),
    differences: [diff('/MessageRetentionPeriod', 345_600, 60)],
    calls: [call('SQS.SetQueueAttributes', {QueueUrl: QUEUE_URL, Attributes: {MessageRetentionPeriod: '345600'}, MessageRetentionPeriodBefore: '60'})],
    rollbacks: [call('SQS.SetQueueAttributes', {QueueUrl: QUEUE_URL, Attributes: {MessageRetentionPeriod: '345600'}, MessageRetentionPeriodBefore: '345600'})],
  },
  // ---- AWS::Lambda::Function: memory and timeout, one UpdateFunctionConfiguration, no restart ----
  {
    case: 'Lambda: memory and timeout changed by hand -> one UpdateFunctionConfiguration with both',
    resource: lambdaFunction({MemorySize: 1024, Timeout: 5}),
    differences: [diff('/MemorySize', 256, 1024), diff('/Timeout', 30, 5)],
    calls: [call('Lambda.UpdateFunctionConfiguration', {FunctionName: 'orders-processor', MemorySize: 256, Timeout: 30})],
    rollbacks: [call('Lambda.UpdateFunctionConfiguration', {FunctionName: 'orders-processor', MemorySize: 1024, Timeout: 5})],
  },
  // ---- AWS::SNS::Topic: attributes, one SetTopicAttributes each, no restart ----
  {
    case: 'SNS: display name and tracing changed by hand -> one SetTopicAttributes per attribute',
    resource: topic({DisplayName: 'oops', TracingConfig: 'Active'}),
    differences: [diff('/DisplayName', 'Alerts', 'oops'), diff('/TracingConfig', 'PassThrough', 'Active')],
    calls: [
      call('SNS.SetTopicAttributes', {TopicArn: TOPIC_ARN, AttributeName: 'DisplayName', AttributeValue: 'Alerts'}),
      call('SNS.SetTopicAttributes', {TopicArn: TOPIC_ARN, AttributeName: 'TracingConfig', AttributeValue: 'PassThrough'}),
    ],
    rollbacks: [
      call('SNS.SetTopicAttributes', {TopicArn: TOPIC_ARN, AttributeName: 'DisplayName', AttributeValue: 'oops'}),
      call('SNS.SetTopicAttributes', {TopicArn: TOPIC_ARN, AttributeName: 'TracingConfig', AttributeValue: 'Active'}),
    ],
  },
  {
    case: 'SNS: Git signs with SHA1 (version 1), AWS with SHA256 -> reverted only as a weakening',
    resource: topic({SignatureVersion: '2'}),
    differences: [diff('/SignatureVersion', '1', '2')],
    calls: [call('SNS.SetTopicAttributes', {TopicArn: TOPIC_ARN, AttributeName: 'SignatureVersion', AttributeValue: '1'})],
    rollbacks: [call('SNS.SetTopicAttributes', {TopicArn: TOPIC_ARN, AttributeName: 'SignatureVersion', AttributeValue: '2'})],
    weakens: 'signs messages with SHA1 again (SignatureVersion 1)',
  },
  // ---- AWS::Logs::LogGroup: retention only ever raised ----
  {
    case: 'Logs: retention lowered by hand -> raised back by the heal call; its rollback keeps it raised',
    resource: logGroup(7),
    differences: [diff('/RetentionInDays', 30, 7)],
    calls: [call('Logs.PutRetentionPolicy', {logGroupName: '/ecs/api', retentionInDays: 30, retentionInDaysBefore: 7})],
    rollbacks: [call('Logs.PutRetentionPolicy', {logGroupName: '/ecs/api', retentionInDays: 30, retentionInDaysBefore: 30})],
  },
  // ---- AWS::IAM::Role: permissions back to Git's whole documents; narrowing plain, widening --approve-critical ----
  {
    case: 'IAM role: inline policy widened by hand -> PutRolePolicy with the whole declared document; rollback puts the widened one back',
    resource: role({Policies: [publish('sqs:*')]}),
    differences: [diff('/Policies/0/PolicyDocument/Statement/0/Action', ['sqs:GetQueueUrl', 'sqs:SendMessage'], ['sqs:*'])],
    declared: {Policies: [publish(['sqs:GetQueueUrl', 'sqs:SendMessage'])]},
    calls: [call('IAM.PutRolePolicy', {RoleName: ROLE_NAME, PolicyName: 'publish-order-events', PolicyDocument: JSON.stringify(publish(['sqs:GetQueueUrl', 'sqs:SendMessage']).PolicyDocument)})],
    rollbacks: [call('IAM.PutRolePolicy', {RoleName: ROLE_NAME, PolicyName: 'publish-order-events', PolicyDocument: JSON.stringify(publish('sqs:*').PolicyDocument)})],
  },
  {
    case: 'IAM role: inline policy narrowed by hand while Git allows more -> put back only as a weakening',
    resource: role({Policies: [publish('sqs:SendMessage')]}),
    differences: [diff('/Policies/0/PolicyDocument/Statement/0/Action', ['sqs:GetQueueUrl', 'sqs:SendMessage'], ['sqs:SendMessage'])],
    declared: {Policies: [publish(['sqs:GetQueueUrl', 'sqs:SendMessage'])]},
    calls: [call('IAM.PutRolePolicy', {RoleName: ROLE_NAME, PolicyName: 'publish-order-events', PolicyDocument: JSON.stringify(publish(['sqs:GetQueueUrl', 'sqs:SendMessage']).PolicyDocument)})],
    rollbacks: [call('IAM.PutRolePolicy', {RoleName: ROLE_NAME, PolicyName: 'publish-order-events', PolicyDocument: JSON.stringify(publish('sqs:SendMessage').PolicyDocument)})],
    weakens: 'inline policy publish-order-events allows more than AWS\'s now (Statement/0)',
  },
  {
    case: 'IAM role: an inline policy added by hand -> DeleteRolePolicy (narrowing); rollback puts its document back',
    resource: role({Policies: [publish(['sqs:GetQueueUrl', 'sqs:SendMessage']), {PolicyName: 'debug', PolicyDocument: document({Effect: 'Allow', Action: 's3:*', Resource: '*'})}]}),
    differences: [diff('/Policies/1', null, {PolicyName: 'debug'}, 'ADD')],
    declared: {Policies: [publish(['sqs:GetQueueUrl', 'sqs:SendMessage'])]},
    calls: [call('IAM.DeleteRolePolicy', {RoleName: ROLE_NAME, PolicyName: 'debug'})],
    rollbacks: [call('IAM.PutRolePolicy', {RoleName: ROLE_NAME, PolicyName: 'debug', PolicyDocument: JSON.stringify(document({Effect: 'Allow', Action: 's3:*', Resource: '*'}))})],
  },
  {
    case: 'IAM role: a Deny-only inline policy added by hand (a block) -> deleted only as a weakening',
    resource: role({Policies: [publish(['sqs:GetQueueUrl', 'sqs:SendMessage']), {PolicyName: 'freeze', PolicyDocument: document({Effect: 'Deny', Action: '*', Resource: '*'})}]}),
    differences: [diff('/Policies/1', null, {PolicyName: 'freeze'}, 'ADD')],
    declared: {Policies: [publish(['sqs:GetQueueUrl', 'sqs:SendMessage'])]},
    calls: [call('IAM.DeleteRolePolicy', {RoleName: ROLE_NAME, PolicyName: 'freeze'})],
    rollbacks: [call('IAM.PutRolePolicy', {RoleName: ROLE_NAME, PolicyName: 'freeze', PolicyDocument: JSON.stringify(document({Effect: 'Deny', Action: '*', Resource: '*'}))})],
    weakens: 'deletes inline policy freeze, whose Deny statements block access now',
  },
  {
    case: 'IAM role: an inline policy deleted by hand -> PutRolePolicy again, only as a weakening; rollback deletes it',
    resource: role({Policies: []}),
    differences: [diff('/Policies/0', publish(['sqs:GetQueueUrl', 'sqs:SendMessage']), null, 'REMOVE')],
    declared: {Policies: [publish(['sqs:GetQueueUrl', 'sqs:SendMessage'])]},
    calls: [call('IAM.PutRolePolicy', {RoleName: ROLE_NAME, PolicyName: 'publish-order-events', PolicyDocument: JSON.stringify(publish(['sqs:GetQueueUrl', 'sqs:SendMessage']).PolicyDocument)})],
    rollbacks: [call('IAM.DeleteRolePolicy', {RoleName: ROLE_NAME, PolicyName: 'publish-order-events'})],
    weakens: 'puts back inline policy publish-order-events, removed by hand',
  },
  {
    case: 'IAM role: trust policy opened to another account by hand -> UpdateAssumeRolePolicy with the declared document',
    resource: role({AssumeRolePolicyDocument: document({Effect: 'Allow', Principal: {Service: 'ecs-tasks.amazonaws.com', AWS: 'arn:aws:iam::999999999999:root'}, Action: 'sts:AssumeRole'})}),
    differences: [diff('/AssumeRolePolicyDocument/Statement/0/Principal', ECS_TASKS, {Service: 'ecs-tasks.amazonaws.com', AWS: 'arn:aws:iam::999999999999:root'})],
    declared: {AssumeRolePolicyDocument: trustedBy(ECS_TASKS)},
    calls: [call('IAM.UpdateAssumeRolePolicy', {RoleName: ROLE_NAME, PolicyDocument: JSON.stringify(trustedBy(ECS_TASKS))})],
    rollbacks: [call('IAM.UpdateAssumeRolePolicy', {RoleName: ROLE_NAME, PolicyDocument: JSON.stringify(document({Effect: 'Allow', Principal: {Service: 'ecs-tasks.amazonaws.com', AWS: 'arn:aws:iam::999999999999:root'}, Action: 'sts:AssumeRole'}))})],
  },
  {
    case: 'IAM role: trust policy narrowed by hand while Git trusts every principal of the account -> only as a weakening',
    resource: role({AssumeRolePolicyDocument: trustedBy(ECS_TASKS)}),
    differences: [diff('/AssumeRolePolicyDocument/Statement/0/Principal', {AWS: `arn:aws:iam::${ACCOUNT}:root`}, ECS_TASKS)],
    declared: {AssumeRolePolicyDocument: trustedBy({AWS: ACCOUNT})},
    calls: [call('IAM.UpdateAssumeRolePolicy', {RoleName: ROLE_NAME, PolicyDocument: JSON.stringify(trustedBy({AWS: ACCOUNT}))})],
    rollbacks: [call('IAM.UpdateAssumeRolePolicy', {RoleName: ROLE_NAME, PolicyDocument: JSON.stringify(trustedBy(ECS_TASKS))})],
    weakens: 'puts back a trust policy that lets more principals assume the role than AWS\'s now (Statement/0)',
  },
  {
    case: 'IAM role: a managed policy attached by hand -> DetachRolePolicy (narrowing); rollback attaches it',
    resource: role({ManagedPolicyArns: [CONFIG_READ, READ_ONLY]}),
    differences: [diff('/ManagedPolicyArns/1', null, READ_ONLY, 'ADD')],
    declared: {ManagedPolicyArns: [CONFIG_READ]},
    calls: [call('IAM.DetachRolePolicy', {RoleName: ROLE_NAME, PolicyArn: READ_ONLY})],
    rollbacks: [call('IAM.AttachRolePolicy', {RoleName: ROLE_NAME, PolicyArn: READ_ONLY})],
  },
  {
    case: 'IAM role: a declared managed policy detached by hand -> AttachRolePolicy, only as a weakening',
    resource: role({ManagedPolicyArns: []}),
    differences: [diff('/ManagedPolicyArns/0', CONFIG_READ, null, 'REMOVE')],
    declared: {ManagedPolicyArns: [CONFIG_READ]},
    calls: [call('IAM.AttachRolePolicy', {RoleName: ROLE_NAME, PolicyArn: CONFIG_READ})],
    rollbacks: [call('IAM.DetachRolePolicy', {RoleName: ROLE_NAME, PolicyArn: CONFIG_READ})],
    weakens: `attaches ${CONFIG_READ}`,
  },
  // ---- AWS::IAM::Role settings: one UpdateRole, no restart; a longer session only as a weakening ----
  {
    case: 'IAM role: session duration raised and description changed by hand -> one UpdateRole with both declared values',
    resource: role({MaxSessionDuration: 43_200, Description: 'temporary: debugging'}),
    differences: [diff('/MaxSessionDuration', 3600, 43_200), diff('/Description', 'Role the API containers run as.', 'temporary: debugging')],
    calls: [call('IAM.UpdateRole', {RoleName: ROLE_NAME, MaxSessionDuration: 3600, Description: 'Role the API containers run as.'})],
    rollbacks: [call('IAM.UpdateRole', {RoleName: ROLE_NAME, MaxSessionDuration: 43_200, Description: 'temporary: debugging'})],
  },
  {
    case: 'IAM role: session duration cut by hand while Git allows longer sessions -> put back only as a weakening',
    resource: role({MaxSessionDuration: 3600}),
    differences: [diff('/MaxSessionDuration', '7200', 3600)],
    calls: [call('IAM.UpdateRole', {RoleName: ROLE_NAME, MaxSessionDuration: 7200})],
    rollbacks: [call('IAM.UpdateRole', {RoleName: ROLE_NAME, MaxSessionDuration: 3600})],
    weakens: "puts back a longer session (7200 s) than AWS's now (3600 s): credentials stay valid longer",
  },
  {
    case: 'IAM role: a description AWS lacks -> UpdateRole with the declared text; rollback empties it',
    resource: role(),
    differences: [diff('/Description', 'Role the API containers run as.', null)],
    calls: [call('IAM.UpdateRole', {RoleName: ROLE_NAME, Description: 'Role the API containers run as.'})],
    rollbacks: [call('IAM.UpdateRole', {RoleName: ROLE_NAME, Description: ''})],
  },
  // ---- AWS::DynamoDB::Table: billing mode and throughput, one UpdateTable, no restart ----
  {
    case: 'DynamoDB: switched to provisioned by hand while Git says on demand -> UpdateTable PAY_PER_REQUEST; rollback the provisioned throughput',
    resource: table({BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}}),
    differences: [diff('/BillingMode', 'PAY_PER_REQUEST', 'PROVISIONED')],
    calls: [call('DynamoDB.UpdateTable', {TableName: TABLE_NAME, BillingMode: 'PAY_PER_REQUEST'})],
    rollbacks: [call('DynamoDB.UpdateTable', {TableName: TABLE_NAME, BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}})],
  },
  {
    case: 'DynamoDB: switched to on demand by hand while Git provisions 10/5 (strings in the template) -> PROVISIONED with the declared throughput',
    resource: table(),
    differences: [diff('/BillingMode', 'PROVISIONED', 'PAY_PER_REQUEST'), diff('/ProvisionedThroughput', {ReadCapacityUnits: '10', WriteCapacityUnits: '5'}, null, 'REMOVE')],
    calls: [call('DynamoDB.UpdateTable', {TableName: TABLE_NAME, BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 10, WriteCapacityUnits: 5}})],
    rollbacks: [call('DynamoDB.UpdateTable', {TableName: TABLE_NAME, BillingMode: 'PAY_PER_REQUEST'})],
  },
  {
    case: 'DynamoDB: read capacity raised by hand -> UpdateTable with the whole declared throughput, no mode',
    resource: table({BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 500, WriteCapacityUnits: 5}}),
    differences: [diff('/ProvisionedThroughput/ReadCapacityUnits', 10, 500)],
    calls: [call('DynamoDB.UpdateTable', {TableName: TABLE_NAME, ProvisionedThroughput: {ReadCapacityUnits: 10, WriteCapacityUnits: 5}})],
    rollbacks: [call('DynamoDB.UpdateTable', {TableName: TABLE_NAME, ProvisionedThroughput: {ReadCapacityUnits: 500, WriteCapacityUnits: 5}})],
  },
  // ---- AWS::S3::BucketPolicy: the whole declared document; narrowing plain, widening --approve-critical ----
  {
    case: 'S3 bucket policy: a statement opened to everyone ("*") by hand -> PutBucketPolicy with the whole declared document; rollback puts AWS\'s back',
    resource: bucketPolicy(bucketDocument('*')),
    differences: [diff('/PolicyDocument/Statement/1/Principal', API_TASK, '*')],
    declared: {Bucket: BUCKET, PolicyDocument: bucketDocument(API_TASK)},
    calls: [call('S3.PutBucketPolicy', {Bucket: BUCKET, Policy: JSON.stringify(bucketDocument(API_TASK))})],
    rollbacks: [call('S3.PutBucketPolicy', {Bucket: BUCKET, Policy: JSON.stringify(bucketDocument('*'))})],
  },
  {
    case: 'S3 bucket policy: narrowed by hand to a prefix while Git allows the whole bucket -> put back only as a weakening',
    resource: bucketPolicy(bucketDocument(API_TASK, `arn:aws:s3:::${BUCKET}/releases/*`)),
    differences: [diff('/PolicyDocument/Statement/1/Resource', `arn:aws:s3:::${BUCKET}/*`, `arn:aws:s3:::${BUCKET}/releases/*`)],
    declared: {Bucket: BUCKET, PolicyDocument: bucketDocument(API_TASK)},
    calls: [call('S3.PutBucketPolicy', {Bucket: BUCKET, Policy: JSON.stringify(bucketDocument(API_TASK))})],
    rollbacks: [call('S3.PutBucketPolicy', {Bucket: BUCKET, Policy: JSON.stringify(bucketDocument(API_TASK, `arn:aws:s3:::${BUCKET}/releases/*`))})],
    weakens: "puts back a bucket policy that allows more than AWS's now (Statement/1 (ApiTaskReads))",
  },
  // ---- AWS::ElasticLoadBalancingV2::TargetGroup: the health check, one ModifyTargetGroup, no restart ----
  {
    case: 'Target group: health check path and interval (heal paths) -> the heal call',
    resource: targetGroup({HealthCheckPath: '/', HealthCheckIntervalSeconds: 60}),
    differences: [diff('/HealthCheckPath', '/health', '/'), diff('/HealthCheckIntervalSeconds', 15, 60)],
    calls: [call('ELBv2.ModifyTargetGroup', {TargetGroupArn: TARGET_GROUP_ARN, HealthCheckPath: '/health', HealthCheckIntervalSeconds: 15})],
    rollbacks: [call('ELBv2.ModifyTargetGroup', {TargetGroupArn: TARGET_GROUP_ARN, HealthCheckPath: '/', HealthCheckIntervalSeconds: 60})],
  },
  {
    case: 'Target group: success codes and health check port changed by hand -> one ModifyTargetGroup with both',
    resource: targetGroup({Matcher: {HttpCode: '200-499'}, HealthCheckPort: '9090'}),
    differences: [diff('/Matcher/HttpCode', '200-299', '200-499'), diff('/HealthCheckPort', 'traffic-port', '9090')],
    calls: [call('ELBv2.ModifyTargetGroup', {TargetGroupArn: TARGET_GROUP_ARN, Matcher: {HttpCode: '200-299'}, HealthCheckPort: 'traffic-port'})],
    rollbacks: [call('ELBv2.ModifyTargetGroup', {TargetGroupArn: TARGET_GROUP_ARN, Matcher: {HttpCode: '200-499'}, HealthCheckPort: '9090'})],
  },
  // ---- AWS::KMS::Key: description, rotation, the whole declared key policy; rotation off or a wider policy --approve-critical ----
  {
    case: 'KMS key: description changed by hand -> UpdateKeyDescription back; rollback writes the hand-made one',
    resource: dataKey({Description: 'temp <b>test</b>'}),
    differences: [diff('/Description', 'Encrypts the orders data at rest.', 'temp <b>test</b>')],
    calls: [call('KMS.UpdateKeyDescription', {KeyId: KEY_ID, Description: 'Encrypts the orders data at rest.'})],
    rollbacks: [call('KMS.UpdateKeyDescription', {KeyId: KEY_ID, Description: 'temp <b>test</b>'})],
  },
  {
    case: 'KMS key: rotation turned off by hand -> EnableKeyRotation (the hardening heal call); its rollback asks for rotation again',
    resource: dataKey({EnableKeyRotation: false}),
    differences: [diff('/EnableKeyRotation', true, false)],
    calls: [call('KMS.EnableKeyRotation', {KeyId: KEY_ID})],
    rollbacks: [call('KMS.EnableKeyRotation', {KeyId: KEY_ID})],
  },
  {
    case: 'KMS key: rotation turned on by hand while Git says off -> DisableKeyRotation only as a weakening',
    resource: dataKey({EnableKeyRotation: true}),
    differences: [diff('/EnableKeyRotation', false, true)],
    calls: [call('KMS.DisableKeyRotation', {KeyId: KEY_ID})],
    rollbacks: [call('KMS.EnableKeyRotation', {KeyId: KEY_ID})],
    weakens: 'turns key rotation off (Git says off, but rotation limits what one leaked key version exposes)',
  },
  {
    case: 'KMS key: the policy opened to the whole account\'s principals ("*") by hand -> PutKeyPolicy with the whole declared policy; rollback puts AWS\'s back',
    resource: dataKey({KeyPolicy: keyDocument('*')}),
    differences: [diff('/KeyPolicy/Statement/1/Principal', API_TASK, '*')],
    declared: {KeyPolicy: keyDocument(API_TASK)},
    calls: [call('KMS.PutKeyPolicy', {KeyId: KEY_ID, PolicyName: 'default', Policy: JSON.stringify(keyDocument(API_TASK))})],
    rollbacks: [call('KMS.PutKeyPolicy', {KeyId: KEY_ID, PolicyName: 'default', Policy: JSON.stringify(keyDocument('*'))})],
  },
  {
    case: 'KMS key: a statement removed from the policy by hand while Git keeps it -> put back only as a weakening',
    resource: dataKey({KeyPolicy: {Version: '2012-10-17', Statement: [keyDocument(API_TASK).Statement[0]]}}),
    differences: [diff('/KeyPolicy/Statement/1', keyDocument(API_TASK).Statement[1], null, 'REMOVE')],
    declared: {KeyPolicy: keyDocument(API_TASK)},
    calls: [call('KMS.PutKeyPolicy', {KeyId: KEY_ID, PolicyName: 'default', Policy: JSON.stringify(keyDocument(API_TASK))})],
    rollbacks: [call('KMS.PutKeyPolicy', {KeyId: KEY_ID, PolicyName: 'default', Policy: JSON.stringify({Version: '2012-10-17', Statement: [keyDocument(API_TASK).Statement[0]]})})],
    weakens: "puts back a key policy that allows more than AWS's now (Statement/1 (ApiTaskDecrypts))",
  },
  // ---- AWS::EC2::VPC: DNS support and hostnames, one ModifyVpcAttribute per attribute, ordered as AWS requires ----
  {
    case: 'VPC: DNS hostnames turned off by hand -> hostnames back on, rolled back to off; nothing interrupted',
    resource: vpc({EnableDnsHostnames: false}),
    differences: [diff('/EnableDnsHostnames', true, false)],
    calls: [dnsCall('EnableDnsHostnames', true)],
    rollbacks: [dnsCall('EnableDnsHostnames', false)],
  },
  {
    case: 'VPC: DNS support and hostnames both turned off by hand -> support on first, then hostnames (AWS needs support for hostnames)',
    resource: vpc({EnableDnsSupport: false, EnableDnsHostnames: false}),
    differences: [diff('/EnableDnsHostnames', true, false), diff('/EnableDnsSupport', true, false)],
    calls: [dnsCall('EnableDnsSupport', true), dnsCall('EnableDnsHostnames', true)],
    rollbacks: [dnsCall('EnableDnsSupport', false), dnsCall('EnableDnsHostnames', false)],
  },
  {
    case: 'VPC: Git says hostnames off, turned on by hand -> hostnames off, as a restart (instances lose their DNS names)',
    resource: vpc(),
    differences: [diff('/EnableDnsHostnames', false, true)],
    calls: [dnsCall('EnableDnsHostnames', false)],
    rollbacks: [dnsCall('EnableDnsHostnames', true)],
    restarts: true,
  },
  {
    case: 'VPC: Git says DNS off altogether, both on in AWS -> hostnames off first, then support, as a restart (name resolution stops)',
    resource: vpc(),
    differences: [diff('/EnableDnsSupport', false, true), diff('/EnableDnsHostnames', false, true)],
    calls: [dnsCall('EnableDnsHostnames', false), dnsCall('EnableDnsSupport', false)],
    rollbacks: [dnsCall('EnableDnsHostnames', true), dnsCall('EnableDnsSupport', true)],
    restarts: true,
  },
]

describe('revert planner per type: what is reverted, how, restart or not', () => {
  it.each(REVERTIBLE)('GIVEN $case', ({resource, differences, applyImmediately, declared, calls, rollbacks, restarts, scheduled, weakens}) => {
    const entry = entryFor(resource, differences, {applyImmediately: applyImmediately ?? false}, {}, declared)
    expect(entry.decision, entry.reason).toBe('revert')
    expect(entry.actions.map((action) => call(action.api, action.params))).toEqual(calls)
    expect(entry.actions.map((action) => call(action.rollback.api, action.rollback.params))).toEqual(rollbacks)
    expect({restarts: entry.restarts, scheduled: entry.scheduled, weakens: entry.weakens}).toEqual({restarts, scheduled, weakens})
    if (restarts) expect(entry.reason).toContain('restarts the resource')
    if (scheduled) expect(entry.reason).toContain('scheduled for the maintenance window')
  })
})

const REFUSED: Array<{case: string; resource: ActualResource; differences: Difference[]; declared?: Record<string, unknown>; reason: string}> = [
  {case: 'alarm: renamed (a new alarm)', resource: alarm({AlarmName: 'other'}), differences: [diff('/AlarmName', 'web-cpu-high', 'other')], reason: '/AlarmName: changing it replaces the resource, and a revert never replaces one'},
  {case: 'alarm: a threshold Git leaves to a parameter it could not resolve', resource: alarm(), differences: [diff('/Threshold', {Ref: 'CpuLimit'}, 90)], reason: '/Threshold: the declared value could not be resolved'},
  {case: 'alarm: an operator AWS does not know', resource: alarm(), differences: [diff('/ComparisonOperator', 'Bigger', 'GreaterThanThreshold')], reason: '/ComparisonOperator "Bigger"'},
  {case: 'alarm: a dimension changed inside a set of objects', resource: alarm({Dimensions: [{Name: 'ClusterName', Value: 'x'}]}), differences: [diff('/Dimensions/0/Value', 'prod', 'x')], reason: 'only sets of plain values are reverted element by element'},
  {case: 'ECS service: load balancers', resource: ecsService(), differences: [diff('/LoadBalancers/0/TargetGroupArn', 'arn:aws:tg/a', 'arn:aws:tg/b')], reason: '/LoadBalancers/0/TargetGroupArn: load balancers of a service are changed by a person'},
  {case: 'ECS service: launch type', resource: ecsService(), differences: [diff('/LaunchType', 'EC2', 'FARGATE')], reason: '/LaunchType: changing it replaces the resource'},
  {case: 'ECS service: a network configuration without subnets', resource: ecsService({NetworkConfiguration: {AwsvpcConfiguration: {AssignPublicIp: 'ENABLED'}}}), differences: [diff('/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp', 'DISABLED', 'ENABLED')], reason: 'only an awsvpc configuration with subnets is reverted'},
  {case: 'ECS cluster: a setting ECS does not have', resource: cluster([{Name: 'containerInsights', Value: 'disabled'}]), differences: [diff('/ClusterSettings/0/Value', 'sometimes', 'disabled')], reason: 'only the containerInsights setting is reverted'},
  {case: 'RDS: deletion protection turned on by hand (a revert would turn it off)', resource: dbInstance({DeletionProtection: true}), differences: [diff('/DeletionProtection', false, true)], reason: '/DeletionProtection: a revert never turns deletion protection off'},
  {case: 'RDS: backups turned on by hand while Git says 0', resource: dbInstance({BackupRetentionPeriod: 7}), differences: [diff('/BackupRetentionPeriod', 0, 7)], reason: '/BackupRetentionPeriod: a revert never turns backups off'},
  {case: 'RDS: encryption turned on by hand', resource: dbInstance({StorageEncrypted: true}), differences: [diff('/StorageEncrypted', false, true)], reason: '/StorageEncrypted: encryption cannot change in place, and a revert never turns it off'},
  {case: 'RDS: Multi-AZ of an Aurora member', resource: dbInstance({DBClusterIdentifier: 'orders', MultiAZ: false}), differences: [diff('/MultiAZ', true, false)], reason: 'Aurora instance'},
  {case: 'RDS: security groups of an Aurora member (its cluster holds them)', resource: dbInstance({DBClusterIdentifier: 'orders', VPCSecurityGroups: ['sg-db', 'sg-x']}), differences: [diff('/VPCSecurityGroups/1', null, 'sg-x', 'ADD')], reason: 'its DB cluster holds them; revert the cluster'},
  {case: 'RDS cluster: encryption key changed', resource: dbCluster({KmsKeyId: 'alias/other'}), differences: [diff('/KmsKeyId', 'alias/orders', 'alias/other')], reason: '/KmsKeyId: encryption cannot change in place'},
  {case: 'RDS cluster: deletion protection turned on by hand', resource: dbCluster({DeletionProtection: true}), differences: [diff('/DeletionProtection', false, true)], reason: '/DeletionProtection'},
  {case: 'RDS: the engine version (never healed, no revert)', resource: dbInstance({EngineVersion: '16.3'}), differences: [diff('/EngineVersion', '15.7', '16.3')], reason: '/EngineVersion: an engine version change restarts the database and cannot be undone'},
  {case: 'SQS: retention raised by hand while Git keeps it lower', resource: queue({MessageRetentionPeriod: 1_209_600}), differences: [diff('/MessageRetentionPeriod', 345_600, 1_209_600)], reason: '/MessageRetentionPeriod: a revert never lowers a retention'},
  {case: 'SQS: encryption changed by hand', resource: queue({KmsMasterKeyId: 'alias/other'}), differences: [diff('/KmsMasterKeyId', 'alias/orders', 'alias/other')], reason: '/KmsMasterKeyId: encryption cannot change in place, and a revert never turns it off'},
  {case: 'SQS: a message size SQS does not take', resource: queue(), differences: [diff('/MaximumMessageSize', 10, 262_144)], reason: '/MaximumMessageSize 10 is not 1024 to 1048576'},
  {case: 'Lambda: a timeout Lambda does not take', resource: lambdaFunction(), differences: [diff('/Timeout', 3600, 30)], reason: '/Timeout 3600 is not 1 to 900'},
  {case: 'Lambda: the runtime changed by hand (the deployed code may need it)', resource: lambdaFunction({Runtime: 'nodejs22.x'}), differences: [diff('/Runtime', 'nodejs20.x', 'nodejs22.x')], reason: '/Runtime: a runtime that no longer matches the deployed code breaks every invocation'},
  {case: 'Lambda: an environment variable changed by hand (a secret: never written)', resource: lambdaFunction(), differences: [diff('/Environment/Variables/API_KEY', 'sha256:aa', 'sha256:bb')], reason: '/Environment/Variables/API_KEY: environment variables hold secrets'},
  {case: 'Lambda: the execution role changed by hand', resource: lambdaFunction(), differences: [diff('/Role', 'arn:aws:iam::123456789012:role/a', 'arn:aws:iam::123456789012:role/b')], reason: '/Role'},
  {case: 'SNS: the topic key changed by hand', resource: topic({KmsMasterKeyId: 'alias/other'}), differences: [diff('/KmsMasterKeyId', 'alias/aws/sns', 'alias/other')], reason: '/KmsMasterKeyId: encryption cannot change in place'},
  {case: 'SNS: a tracing mode SNS does not have', resource: topic(), differences: [diff('/TracingConfig', 'Sometimes', 'PassThrough')], reason: '/TracingConfig "Sometimes" is not a value SetTopicAttributes takes'},
  {case: 'Logs: retention raised by hand while Git keeps it lower', resource: logGroup(365), differences: [diff('/RetentionInDays', 30, 365)], reason: '/RetentionInDays: a revert never lowers a retention (what is past the new one is deleted), even when Git says so (log events older than 30 days are deleted)'},
  {case: 'Logs: a group that keeps its events forever while Git sets a retention', resource: logGroup(undefined), differences: [diff('/RetentionInDays', 30, null, 'REMOVE')], reason: 'the log group keeps its events forever'},
  {case: 'IAM role: a widened inline policy whose declared document is not known (never pieced together from differences)', resource: role({Policies: [publish('sqs:*')]}), differences: [diff('/Policies/0/PolicyDocument/Statement/0/Action', 'sqs:SendMessage', 'sqs:*')], reason: '/Policies: the declared value is not known, so it cannot be written whole'},
  {
    case: 'IAM role: a declared inline policy with a value ialctl could not resolve',
    resource: role({Policies: [publish('sqs:*')]}),
    differences: [diff('/Policies/0/PolicyDocument/Statement/0/Action', 'sqs:SendMessage', 'sqs:*')],
    declared: {Policies: [{PolicyName: 'publish-order-events', PolicyDocument: document({Effect: 'Allow', Action: 'sqs:SendMessage', Resource: new Unresolved('OrdersQueue is not in AWS', new Intrinsic('Fn::GetAtt', ['OrdersQueue', 'Arn']))})}]},
    reason: '/Policies: the declared value could not be resolved (OrdersQueue is not in AWS)',
  },
  {case: 'IAM role: a trust policy Git declares as something that is not a document', resource: role(), differences: [diff('/AssumeRolePolicyDocument', 'nope', trustedBy(ECS_TASKS))], declared: {AssumeRolePolicyDocument: 'nope'}, reason: '/AssumeRolePolicyDocument: the declared value is not a policy document'},
  {case: 'IAM role: a session of two days (IAM allows twelve hours at most)', resource: role({MaxSessionDuration: 3600}), differences: [diff('/MaxSessionDuration', 172_800, 3600)], reason: '/MaxSessionDuration 172800 is not 3600 to 43200 seconds'},
  {case: 'IAM role: a description with a control character IAM refuses', resource: role({Description: 'x'}), differences: [diff('/Description', 'ok\u001b[31mred', 'x')], reason: '/Description: the declared value is not a description IAM accepts'},
  {case: 'DynamoDB: provisioned without the declared throughput', resource: table(), differences: [diff('/BillingMode', 'PROVISIONED', 'PAY_PER_REQUEST')], reason: '/ProvisionedThroughput: a provisioned table needs the declared read and write capacity units'},
  {case: 'DynamoDB: a throughput above the per-table quota', resource: table({BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}}), differences: [diff('/ProvisionedThroughput/ReadCapacityUnits', 100_000, 5)], reason: '/ProvisionedThroughput 100000 capacity units is not 1 to 40000'},
  {case: 'DynamoDB: a billing mode DynamoDB does not know', resource: table(), differences: [diff('/BillingMode', 'FREE', 'PAY_PER_REQUEST')], reason: '/BillingMode "FREE" is not PROVISIONED or PAY_PER_REQUEST'},
  {case: 'DynamoDB: encryption turned off by hand (never written by a revert)', resource: table({SSESpecification: {SSEEnabled: false}}), differences: [diff('/SSESpecification/SSEEnabled', true, false)], reason: '/SSESpecification/SSEEnabled: encryption cannot change in place'},
  {case: 'DynamoDB: Git turns deletion protection off (never, whatever the flags)', resource: table({DeletionProtectionEnabled: true}), differences: [diff('/DeletionProtectionEnabled', false, true)], reason: '/DeletionProtectionEnabled'},
  {case: 'IAM role: its path (a new role)', resource: role({Path: '/legacy/'}), differences: [diff('/Path', '/', '/legacy/')], reason: '/Path: changing it replaces the resource'},
  {case: 'S3 bucket policy: widened, but the declared document is not known (never pieced together from differences)', resource: bucketPolicy(bucketDocument('*')), differences: [diff('/PolicyDocument/Statement/1/Principal', API_TASK, '*')], reason: '/PolicyDocument: the declared document is not known, so it cannot be written whole'},
  {case: 'S3 bucket policy: moved to another bucket (a new policy)', resource: bucketPolicy(bucketDocument(API_TASK)), differences: [diff('/Bucket', 'other', BUCKET)], reason: '/Bucket: a policy is on one bucket: moving it is a new resource'},
  {case: 'Target group: its protocol (replacement)', resource: targetGroup(), differences: [diff('/Protocol', 'HTTPS', 'HTTP')], reason: '/Protocol: changing it replaces the resource'},
  {case: 'Target group: a health check protocol ELBv2 does not have', resource: targetGroup(), differences: [diff('/HealthCheckProtocol', 'SMTP', 'HTTP')], reason: '/HealthCheckProtocol SMTP is not one of HTTP, HTTPS'},
  {case: 'Target group: a timeout Git sets above the interval AWS has', resource: targetGroup(), differences: [diff('/HealthCheckTimeoutSeconds', 30, 5)], reason: '/HealthCheckTimeoutSeconds 30 is not below /HealthCheckIntervalSeconds 15'},
  {case: 'KMS key: disabled by hand (never: everything encrypted under it follows)', resource: dataKey({Enabled: false}), differences: [diff('/Enabled', true, false)], reason: '/Enabled: enabling or disabling a key is a person’s decision'},
  {case: 'KMS key: its policy widened, but the declared policy is not known (never pieced together from differences)', resource: dataKey({KeyPolicy: keyDocument('*')}), differences: [diff('/KeyPolicy/Statement/1/Principal', API_TASK, '*')], reason: '/KeyPolicy: the declared policy is not known, so it cannot be written whole'},
  {
    case: 'VPC: Git declares hostnames on with DNS support off (AWS refuses that state)',
    resource: vpc({EnableDnsHostnames: false}),
    differences: [diff('/EnableDnsSupport', false, true), diff('/EnableDnsHostnames', true, false)],
    reason: '/EnableDnsHostnames true needs /EnableDnsSupport true (AWS allows DNS hostnames only with DNS support), and Git declares EnableDnsSupport false',
  },
  {
    case: 'VPC: hostnames back on while AWS has DNS support off and Git does not declare it',
    resource: vpc({EnableDnsSupport: false, EnableDnsHostnames: false}),
    differences: [diff('/EnableDnsHostnames', true, false)],
    reason: 'and AWS has EnableDnsSupport false and Git does not turn it on',
  },
  {
    case: 'VPC: DNS support off while hostnames stay on (Git does not declare them)',
    resource: vpc(),
    differences: [diff('/EnableDnsSupport', false, true)],
    reason: '/EnableDnsHostnames true needs /EnableDnsSupport true',
  },
  {case: 'VPC: a DNS setting that is not true or false', resource: vpc({EnableDnsSupport: false}), differences: [diff('/EnableDnsSupport', 'sometimes', false)], reason: '/EnableDnsSupport "sometimes" is not true or false'},
  {case: 'VPC: a DNS setting AWS was not asked for', resource: {...vpc(), properties: {CidrBlock: '10.20.0.0/16'}}, differences: [diff('/EnableDnsSupport', true, null, 'REMOVE')], reason: "/EnableDnsSupport: the VPC's value was not read"},
  {case: 'VPC: its CIDR block (a new VPC)', resource: vpc({}), differences: [diff('/CidrBlock', '10.20.0.0/16', '10.99.0.0/16')], reason: '/CidrBlock: changing it replaces the resource'},
  {case: 'KMS key: its key spec (a new key)', resource: dataKey({KeySpec: 'RSA_2048'}), differences: [diff('/KeySpec', 'SYMMETRIC_DEFAULT', 'RSA_2048')], reason: '/KeySpec: changing it replaces the resource'},
]

describe('revert planner per type: what is refused, with its reason, and no call', () => {
  it.each(REFUSED)('GIVEN $case', ({resource, differences, declared, reason}) => {
    const entry = entryFor(resource, differences, undefined, {}, declared)
    expect(entry.decision).toBe('cannot-revert')
    expect(entry.actions).toEqual([])
    expect(entry.reason).toContain(reason)
  })
})
