// Part 2 of `npm run bench`: the real readers (dist/adapters/aws) against aws-sdk-client-mock answering with
// AWS's response shapes and page sizes after a fixed latency. Shows API calls per resource, and wall time
// against the sum of call latencies (services and regions read in parallel), and calls per resource of each type
// against the budget its module declares (SPEC 9: the first-release types together under 0.05).

import {AutoScalingClient, DescribeAutoScalingGroupsCommand} from '@aws-sdk/client-auto-scaling'
import {CloudWatchClient, DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeAvailabilityZonesCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcAttributeCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, ListClustersCommand, ListServicesCommand, ListTaskDefinitionFamiliesCommand} from '@aws-sdk/client-ecs'
import {DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient} from '@aws-sdk/client-rds'
import {GetAccountAuthorizationDetailsCommand, IAMClient, ListRolesCommand} from '@aws-sdk/client-iam'
import {CloudWatchLogsClient, DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand} from '@aws-sdk/client-dynamodb'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import {GetTopicAttributesCommand, ListTopicsCommand, SNSClient} from '@aws-sdk/client-sns'
import {GetQueueAttributesCommand, ListQueuesCommand, SQSClient} from '@aws-sdk/client-sqs'
import {LambdaClient, ListFunctionsCommand} from '@aws-sdk/client-lambda'
import {DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListKeysCommand} from '@aws-sdk/client-kms'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {mockClient} from 'aws-sdk-client-mock'
import {performance} from 'node:perf_hooks'

import {ApiCallCounter, awsClientFactory} from '../dist/adapters/aws/clients.js'
import {readAwsSnapshot} from '../dist/adapters/aws/snapshot.js'
import {RESOURCE_TYPES} from '../dist/core/resources/index.js'

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20)
const REGIONS = ['us-east-1', 'eu-west-1']
const ACCOUNT = '123456789012'
/** Per region; two regions make an estate of 5,000 first-release resources, plus the later types'. */
const PER_REGION = {vpcs: 50, subnets: 300, groups: 300, instances: 1000, clusters: 20, families: 30, services: 300, dbClusters: 50, dbInstances: 100, alarms: 350, scalingGroups: 100, buckets: 50, queues: 100, logGroups: 300, topics: 100, loadBalancers: 20, targetGroups: 40, tables: 50, functions: 200, keys: 50}
/** IAM is account-global: read once, whatever the number of regions. */
const ROLES = 400
/** Customer managed policies: answered by the roles' GetAccountAuthorizationDetails pages, no call of their own. */
const POLICIES = 200
/** The types SPEC 9's 0.05 calls per resource holds for, together. */
const FIRST_RELEASE = new Set(['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::EC2::Instance', 'AWS::ECS::Cluster', 'AWS::ECS::Service', 'AWS::ECS::TaskDefinition', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::CloudWatch::Alarm'])
/** Tagging API resource type filter -> the type it reads tags for. */
const TAG_FILTER_TYPE = {'cloudwatch:alarm': 'AWS::CloudWatch::Alarm', 's3:bucket': 'AWS::S3::Bucket', sqs: 'AWS::SQS::Queue', logs: 'AWS::Logs::LogGroup', sns: 'AWS::SNS::Topic', 'dynamodb:table': 'AWS::DynamoDB::Table', 'lambda:function': 'AWS::Lambda::Function', 'kms:key': 'AWS::KMS::Key'}

const row = (cells, widths) => cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ')

let calls = 0
/** Calls per CloudFormation type (calls shared by every type, such as the account id, under `run`). */
const callsByType = new Map()
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const range = (n, make) => Array.from({length: n}, (_, i) => make(i))

/** A page of `items` as an AWS List/Describe call returns it: at most `size`, a token while more remain. */
function page(items, size, token) {
  const start = token ? Number(token) : 0
  const end = Math.min(items.length, start + size)
  return {items: items.slice(start, end), next: end < items.length ? String(end) : undefined}
}

function estate(region) {
  const n = PER_REGION
  const tags = (name) => [{Key: 'Name', Value: name}, {Key: 'ManagedBy', Value: 'ialctl'}]
  const clusterArns = range(n.clusters, (i) => `arn:aws:ecs:${region}:${ACCOUNT}:cluster/c${i}`)
  return {
    vpcs: range(n.vpcs, (i) => ({VpcId: `vpc-${i}`, CidrBlock: '10.0.0.0/16', State: 'available', Tags: tags(`vpc-${i}`)})),
    subnets: range(n.subnets, (i) => ({SubnetId: `subnet-${i}`, VpcId: `vpc-${i % n.vpcs}`, CidrBlock: `10.0.${i % 256}.0/24`, AvailabilityZone: `${region}a`, Tags: tags(`subnet-${i}`)})),
    groups: range(n.groups, (i) => ({GroupId: `sg-${i}`, GroupName: `sg-${i}`, Description: 'bench', VpcId: `vpc-${i % n.vpcs}`, IpPermissions: [{IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{CidrIp: '10.0.0.0/8'}]}], IpPermissionsEgress: []})),
    instances: range(n.instances, (i) => ({InstanceId: `i-${i}`, InstanceType: 't3.micro', ImageId: 'ami-1', State: {Name: 'running'}, Monitoring: {State: 'disabled'}, SubnetId: `subnet-${i % n.subnets}`, Tags: tags(`i-${i}`)})),
    clusterArns,
    services: Object.fromEntries(clusterArns.map((arn, c) => [arn, range(n.services / n.clusters, (i) => `arn:aws:ecs:${region}:${ACCOUNT}:service/c${c}/s${i}`)])),
    families: range(n.families, (i) => `family-${i}`),
    dbClusters: range(n.dbClusters, (i) => ({DBClusterIdentifier: `db-${i}`, DBClusterArn: `arn:aws:rds:${region}:${ACCOUNT}:cluster:db-${i}`, Engine: 'aurora-postgresql', TagList: tags(`db-${i}`)})),
    dbInstances: range(n.dbInstances, (i) => ({DBInstanceIdentifier: `db-${i}-1`, DBInstanceArn: `arn:aws:rds:${region}:${ACCOUNT}:db:db-${i}-1`, DBInstanceClass: 'db.r6g.large', Engine: 'aurora-postgresql', TagList: tags(`db-${i}-1`)})),
    alarms: range(n.alarms, (i) => ({AlarmName: `alarm-${i}`, AlarmArn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:alarm-${i}`, Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Threshold: 80, Period: 300, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold'})),
    scalingGroups: range(n.scalingGroups, (i) => ({AutoScalingGroupName: `asg-${region}-${i}`, AutoScalingGroupARN: `arn:aws:autoscaling:${region}:${ACCOUNT}:autoScalingGroup:${i}:autoScalingGroupName/asg-${region}-${i}`, MinSize: 1, MaxSize: 4, DesiredCapacity: 2, VPCZoneIdentifier: `subnet-${i % n.subnets}`, LaunchTemplate: {LaunchTemplateId: 'lt-1', Version: '$Latest'}, Tags: [{Key: 'ManagedBy', Value: 'ialctl', PropagateAtLaunch: true}]})),
    buckets: range(n.buckets, (i) => ({Name: `bucket-${region}-${i}`, BucketRegion: region})),
    queues: range(n.queues, (i) => `https://sqs.${region}.amazonaws.com/${ACCOUNT}/queue-${i}`),
    topics: range(n.topics, (i) => `arn:aws:sns:${region}:${ACCOUNT}:topic-${i}`),
    tables: range(n.tables, (i) => ({name: `table-${i}`, arn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/table-${i}`})),
    functions: range(n.functions, (i) => ({
      FunctionName: `fn-${i}`,
      FunctionArn: `arn:aws:lambda:${region}:${ACCOUNT}:function:fn-${i}`,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: `arn:aws:iam::${ACCOUNT}:role/role-${i % ROLES}`,
      MemorySize: 256,
      Timeout: 30,
      Architectures: ['arm64'],
      PackageType: 'Zip',
      Environment: {Variables: {QUEUE_URL: `https://sqs.${region}.amazonaws.com/${ACCOUNT}/queue-${i}`, API_KEY: `secret-${i}`}},
    })),
    logGroups: range(n.logGroups, (i) => ({logGroupName: `/ecs/service-${i}`, logGroupArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/ecs/service-${i}`, arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/ecs/service-${i}:*`, retentionInDays: 30})),
    loadBalancers: range(n.loadBalancers, (i) => ({
      LoadBalancerName: `alb-${i}`,
      LoadBalancerArn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/app/alb-${i}/${String(i).padStart(16, '0')}`,
      Scheme: 'internal',
      Type: 'application',
      IpAddressType: 'ipv4',
      VpcId: `vpc-${i % n.vpcs}`,
      AvailabilityZones: [{ZoneName: `${region}a`, SubnetId: `subnet-${i % n.subnets}`}],
      SecurityGroups: [`sg-${i % n.groups}`],
      State: {Code: 'active'},
    })),
    // Customer keys, each with an alias; AWS-managed keys (alias/aws/...) are listed too, and never read further.
    keys: range(n.keys, (i) => ({KeyId: `key-${i}`, KeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/key-${i}`})),
    awsManagedKeys: ['s3', 'sns', 'ebs', 'rds', 'lambda'].map((service) => ({KeyId: `aws-${service}`, KeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/aws-${service}`, alias: `alias/aws/${service}`})),
    targetGroups: range(n.targetGroups, (i) => ({
      TargetGroupName: `tg-${i}`,
      TargetGroupArn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:targetgroup/tg-${i}/${String(i).padStart(16, '0')}`,
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: `vpc-${i % n.vpcs}`,
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 15,
      Matcher: {HttpCode: '200'},
    })),
  }
}

const estates = Object.fromEntries(REGIONS.map((region) => [region, estate(region)]))
const roles = range(ROLES, (i) => ({
  RoleName: `role-${i}`,
  Path: '/',
  Arn: `arn:aws:iam::${ACCOUNT}:role/role-${i}`,
  AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {Service: 'ecs-tasks.amazonaws.com'}, Action: 'sts:AssumeRole'}]})),
  RolePolicyList: [],
  AttachedManagedPolicies: [],
  Tags: [{Key: 'ManagedBy', Value: 'ialctl'}],
}))
const policies = range(POLICIES, (i) => ({
  PolicyName: `policy-${i}`,
  PolicyId: `ANPA${String(i).padStart(17, '0')}`,
  Arn: `arn:aws:iam::${ACCOUNT}:policy/policy-${i}`,
  Path: '/',
  DefaultVersionId: 'v1',
  AttachmentCount: 0,
  IsAttachable: true,
  PolicyVersionList: [{VersionId: 'v1', IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*'}]}))}],
}))
/** Roles then policies, paged together as GetAccountAuthorizationDetails pages its items (MaxItems counts both). */
const authorizationItems = [...roles.map((role) => ({role})), ...policies.map((policy) => ({policy}))]
const resourcesDeclared = Object.values(PER_REGION).reduce((sum, count) => sum + count, 0) * REGIONS.length + ROLES + POLICIES

/** Each mocked call waits LATENCY_MS and answers for the region of the client that sent it; `type` says whose call it is. */
function answer(mock, command, type, respond) {
  mock.on(command).callsFake(async (input, getClient) => {
    // getClient() names the client of the latest call: ask it before any await, or another call's region answers.
    const client = getClient()
    calls += 1
    const owner = typeof type === 'function' ? type(input) : type
    callsByType.set(owner, (callsByType.get(owner) ?? 0) + 1)
    const region = await client.config.region()
    await sleep(LATENCY_MS)
    return respond(input, estates[region], region)
  })
}

const ec2 = mockClient(EC2Client)
answer(ec2, DescribeVpcsCommand, 'AWS::EC2::VPC', (input, e) => ((p) => ({Vpcs: p.items, NextToken: p.next}))(page(e.vpcs, input.MaxResults, input.NextToken)))
/**
 * A first-release type's per-resource settings calls (EC2 answers a VPC's DNS settings one attribute of one VPC per
 * call): SPEC 9 has them paid for declared and in-scope resources only, and this read takes every resource in full,
 * so they are counted in the type's own budget and shown apart from the first-release list calls.
 */
let firstReleaseSettingsCalls = 0
answer(ec2, DescribeVpcAttributeCommand, 'AWS::EC2::VPC', (input) => {
  firstReleaseSettingsCalls += 1
  return input.Attribute === 'enableDnsSupport' ? {VpcId: input.VpcId, EnableDnsSupport: {Value: true}} : {VpcId: input.VpcId, EnableDnsHostnames: {Value: true}}
})
answer(ec2, DescribeSubnetsCommand, 'AWS::EC2::Subnet', (input, e) => ((p) => ({Subnets: p.items, NextToken: p.next}))(page(e.subnets, input.MaxResults, input.NextToken)))
answer(ec2, DescribeSecurityGroupsCommand, 'AWS::EC2::SecurityGroup', (input, e) => ((p) => ({SecurityGroups: p.items, NextToken: p.next}))(page(e.groups, input.MaxResults, input.NextToken)))
answer(ec2, DescribeInstancesCommand, 'AWS::EC2::Instance', (input, e) => ((p) => ({Reservations: [{Instances: p.items}], NextToken: p.next}))(page(e.instances, input.MaxResults, input.NextToken)))
answer(ec2, DescribeAvailabilityZonesCommand, 'run', (_input, _e, region) => ({AvailabilityZones: ['a', 'b', 'c'].map((letter) => ({ZoneName: `${region}${letter}`, ZoneType: 'availability-zone', State: 'available', RegionName: region}))}))
const ecs = mockClient(ECSClient)
answer(ecs, ListClustersCommand, 'AWS::ECS::Cluster', (input, e) => ((p) => ({clusterArns: p.items, nextToken: p.next}))(page(e.clusterArns, input.maxResults, input.nextToken)))
answer(ecs, DescribeClustersCommand, 'AWS::ECS::Cluster', (input) => ({clusters: input.clusters.map((arn) => ({clusterArn: arn, clusterName: arn.split('/').at(-1), status: 'ACTIVE', tags: [], settings: []})), failures: []}))
answer(ecs, ListServicesCommand, 'AWS::ECS::Service', (input, e) => ((p) => ({serviceArns: p.items, nextToken: p.next}))(page(e.services[input.cluster], input.maxResults, input.nextToken)))
answer(ecs, DescribeServicesCommand, 'AWS::ECS::Service', (input) => ({
  services: input.services.map((arn) => ({serviceArn: arn, serviceName: arn.split('/').at(-1), clusterArn: input.cluster, desiredCount: 2, status: 'ACTIVE', taskDefinition: `${arn.replace(/:service\/.*/, ':task-definition/family-0:1')}`, tags: []})),
  failures: [],
}))
answer(ecs, ListTaskDefinitionFamiliesCommand, 'AWS::ECS::TaskDefinition', (input, e) => ((p) => ({families: p.items, nextToken: p.next}))(page(e.families, input.maxResults, input.nextToken)))
answer(ecs, DescribeTaskDefinitionCommand, 'AWS::ECS::TaskDefinition', (input, _e, region) => ({taskDefinition: {taskDefinitionArn: `arn:aws:ecs:${region}:${ACCOUNT}:task-definition/${input.taskDefinition}:1`, family: input.taskDefinition, revision: 1, status: 'ACTIVE', containerDefinitions: [{name: 'app', image: 'nginx'}]}, tags: []}))
const rds = mockClient(RDSClient)
answer(rds, DescribeDBClustersCommand, 'AWS::RDS::DBCluster', (input, e) => ((p) => ({DBClusters: p.items, Marker: p.next}))(page(e.dbClusters, input.MaxRecords, input.Marker)))
answer(rds, DescribeDBInstancesCommand, 'AWS::RDS::DBInstance', (input, e) => ((p) => ({DBInstances: p.items, Marker: p.next}))(page(e.dbInstances, input.MaxRecords, input.Marker)))
const cloudwatch = mockClient(CloudWatchClient)
answer(cloudwatch, DescribeAlarmsCommand, 'AWS::CloudWatch::Alarm', (input, e) => ((p) => ({MetricAlarms: p.items, NextToken: p.next}))(page(e.alarms, input.MaxRecords, input.NextToken)))
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
/** The ARNs the tagging API lists for a resource type filter. */
const taggedArns = {
  'cloudwatch:alarm': (e) => e.alarms.map((alarm) => alarm.AlarmArn),
  's3:bucket': (e) => e.buckets.map((bucket) => `arn:aws:s3:::${bucket.Name}`),
  sqs: (e) => e.queues.map((url) => `arn:aws:sqs:${url.split('.')[1]}:${ACCOUNT}:${url.split('/').at(-1)}`),
  logs: (e) => e.logGroups.map((group) => group.logGroupArn),
  sns: (e) => e.topics,
  'dynamodb:table': (e) => e.tables.map((table) => table.arn),
  'lambda:function': (e) => e.functions.map((fn) => fn.FunctionArn),
  'kms:key': (e) => e.keys.map((key) => key.KeyArn),
}
answer(tagging, GetResourcesCommand, (input) => TAG_FILTER_TYPE[input.ResourceTypeFilters[0]], (input, e) =>
  ((p) => ({ResourceTagMappingList: p.items.map((arn) => ({ResourceARN: arn, Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]})), PaginationToken: p.next ?? ''}))(
    page(taggedArns[input.ResourceTypeFilters[0]](e), input.ResourcesPerPage, input.PaginationToken),
  ),
)
const autoscaling = mockClient(AutoScalingClient)
answer(autoscaling, DescribeAutoScalingGroupsCommand, 'AWS::AutoScaling::AutoScalingGroup', (input, e) => ((p) => ({AutoScalingGroups: p.items, NextToken: p.next}))(page(e.scalingGroups, input.MaxRecords, input.NextToken)))
const s3 = mockClient(S3Client)
answer(s3, ListBucketsCommand, 'AWS::S3::Bucket', (input, e) => ((p) => ({Buckets: p.items, ContinuationToken: p.next}))(page(e.buckets, input.MaxBuckets, input.ContinuationToken)))
answer(s3, GetBucketVersioningCommand, 'AWS::S3::Bucket', () => ({Status: 'Enabled'}))
answer(s3, GetPublicAccessBlockCommand, 'AWS::S3::Bucket', () => ({PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}}))
answer(s3, GetBucketEncryptionCommand, 'AWS::S3::Bucket', () => ({ServerSideEncryptionConfiguration: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'AES256'}, BucketKeyEnabled: false}]}}))
answer(s3, GetBucketOwnershipControlsCommand, 'AWS::S3::Bucket', () => ({OwnershipControls: {Rules: [{ObjectOwnership: 'BucketOwnerEnforced'}]}}))
answer(s3, GetBucketLifecycleConfigurationCommand, 'AWS::S3::Bucket', () => {
  throw Object.assign(new Error('The lifecycle configuration does not exist'), {name: 'NoSuchLifecycleConfiguration'})
})
// Every bucket of the mock has a policy (deny plain HTTP), so each GetBucketPolicy reads one.
answer(s3, GetBucketPolicyCommand, 'AWS::S3::BucketPolicy', (input) => ({
  Policy: JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${input.Bucket}`, `arn:aws:s3:::${input.Bucket}/*`], Condition: {Bool: {'aws:SecureTransport': 'false'}}}]}),
}))
const elbv2 = mockClient(ElasticLoadBalancingV2Client)
answer(elbv2, DescribeLoadBalancersCommand, 'AWS::ElasticLoadBalancingV2::LoadBalancer', (input, e) => ((p) => ({LoadBalancers: p.items, NextMarker: p.next}))(page(e.loadBalancers, input.PageSize, input.Marker)))
answer(elbv2, DescribeTargetGroupsCommand, 'AWS::ElasticLoadBalancingV2::TargetGroup', (input, e) => ((p) => ({TargetGroups: p.items, NextMarker: p.next}))(page(e.targetGroups, input.PageSize, input.Marker)))
answer(elbv2, DescribeTargetGroupAttributesCommand, 'AWS::ElasticLoadBalancingV2::TargetGroup', () => ({Attributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '30'}, {Key: 'stickiness.enabled', Value: 'false'}]}))
// Every load balancer has the two listeners of a real ALB: HTTPS 443 forwarding, HTTP 80 redirecting to it.
answer(elbv2, DescribeListenersCommand, 'AWS::ElasticLoadBalancingV2::Listener', (input) => ({
  Listeners: [
    {ListenerArn: `${input.LoadBalancerArn.replace(':loadbalancer/', ':listener/')}/0000000000000443`, LoadBalancerArn: input.LoadBalancerArn, Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{CertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/web`}], DefaultActions: [{Type: 'forward', Order: 1, TargetGroupArn: input.LoadBalancerArn.replace(':loadbalancer/app/alb-', ':targetgroup/tg-')}]},
    {ListenerArn: `${input.LoadBalancerArn.replace(':loadbalancer/', ':listener/')}/0000000000000080`, LoadBalancerArn: input.LoadBalancerArn, Port: 80, Protocol: 'HTTP', DefaultActions: [{Type: 'redirect', Order: 1, RedirectConfig: {Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301'}}]},
  ],
}))
/** DescribeTags takes ARNs of one ELBv2 type at a time here: its first ARN says whose call it is. */
const elbv2TypeOf = (arn) =>
  arn.includes(':targetgroup/') ? 'AWS::ElasticLoadBalancingV2::TargetGroup' : arn.includes(':listener/') ? 'AWS::ElasticLoadBalancingV2::Listener' : 'AWS::ElasticLoadBalancingV2::LoadBalancer'
answer(elbv2, DescribeTagsCommand, (input) => elbv2TypeOf(input.ResourceArns[0]), (input) => ({TagDescriptions: input.ResourceArns.map((arn) => ({ResourceArn: arn, Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]}))}))
answer(elbv2, DescribeLoadBalancerAttributesCommand, 'AWS::ElasticLoadBalancingV2::LoadBalancer', () => ({Attributes: [{Key: 'deletion_protection.enabled', Value: 'true'}, {Key: 'idle_timeout.timeout_seconds', Value: '60'}]}))
const sqs = mockClient(SQSClient)
answer(sqs, ListQueuesCommand, 'AWS::SQS::Queue', (input, e) => ((p) => ({QueueUrls: p.items, NextToken: p.next}))(page(e.queues, input.MaxResults, input.NextToken)))
answer(sqs, GetQueueAttributesCommand, 'AWS::SQS::Queue', (input, _e, region) => ({
  Attributes: {QueueArn: `arn:aws:sqs:${region}:${ACCOUNT}:${input.QueueUrl.split('/').at(-1)}`, VisibilityTimeout: '30', MessageRetentionPeriod: '345600', DelaySeconds: '0', MaximumMessageSize: '262144', ReceiveMessageWaitTimeSeconds: '0'},
}))
const sns = mockClient(SNSClient)
// ListTopics has no page size: SNS answers 100 topics a page.
answer(sns, ListTopicsCommand, 'AWS::SNS::Topic', (input, e) => ((p) => ({Topics: p.items.map((arn) => ({TopicArn: arn})), NextToken: p.next}))(page(e.topics, 100, input.NextToken)))
answer(sns, GetTopicAttributesCommand, 'AWS::SNS::Topic', (input) => ({Attributes: {TopicArn: input.TopicArn, DisplayName: '', SignatureVersion: '1', TracingConfig: 'PassThrough'}}))
const dynamodb = mockClient(DynamoDBClient)
// ListTables pages by the last table name it returned, at most 100 names a page.
answer(dynamodb, ListTablesCommand, 'AWS::DynamoDB::Table', (input, e) => {
  const names = e.tables.map((table) => table.name)
  const start = input.ExclusiveStartTableName === undefined ? 0 : names.indexOf(input.ExclusiveStartTableName) + 1
  const items = names.slice(start, start + Math.min(input.Limit ?? 100, 100))
  return {TableNames: items, LastEvaluatedTableName: start + items.length < names.length ? items.at(-1) : undefined}
})
answer(dynamodb, DescribeTableCommand, 'AWS::DynamoDB::Table', (input, _e, region) => ({
  Table: {
    TableName: input.TableName,
    TableArn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${input.TableName}`,
    TableStatus: 'ACTIVE',
    KeySchema: [{AttributeName: 'pk', KeyType: 'HASH'}],
    AttributeDefinitions: [{AttributeName: 'pk', AttributeType: 'S'}],
    BillingModeSummary: {BillingMode: 'PAY_PER_REQUEST'},
    ProvisionedThroughput: {ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0},
    DeletionProtectionEnabled: true,
  },
}))
answer(dynamodb, DescribeContinuousBackupsCommand, 'AWS::DynamoDB::Table', () => ({ContinuousBackupsDescription: {ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: 'ENABLED'}}}))
const lambda = mockClient(LambdaClient)
answer(lambda, ListFunctionsCommand, 'AWS::Lambda::Function', (input, e) => ((p) => ({Functions: p.items, NextMarker: p.next}))(page(e.functions, input.MaxItems, input.Marker)))
const kms = mockClient(KMSClient)
const everyKey = (e) => [...e.keys, ...e.awsManagedKeys.map(({KeyId, KeyArn}) => ({KeyId, KeyArn}))]
const aliasesOf = (e) => [...e.keys.map((key) => ({AliasName: `alias/${key.KeyId}`, TargetKeyId: key.KeyId})), ...e.awsManagedKeys.map((key) => ({AliasName: key.alias, TargetKeyId: key.KeyId}))]
answer(kms, ListKeysCommand, 'AWS::KMS::Key', (input, e) => ((p) => ({Keys: p.items, NextMarker: p.next, Truncated: p.next !== undefined}))(page(everyKey(e), input.Limit, input.Marker)))
answer(kms, ListAliasesCommand, 'AWS::KMS::Key', (input, e) => ((p) => ({Aliases: p.items, NextMarker: p.next, Truncated: p.next !== undefined}))(page(aliasesOf(e), input.Limit, input.Marker)))
answer(kms, DescribeKeyCommand, 'AWS::KMS::Key', (input, _e, region) => ({
  KeyMetadata: {AWSAccountId: ACCOUNT, KeyId: input.KeyId, Arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${input.KeyId}`, Enabled: true, Description: `bench ${input.KeyId}`, KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', MultiRegion: false},
}))
answer(kms, GetKeyRotationStatusCommand, 'AWS::KMS::Key', () => ({KeyRotationEnabled: true, RotationPeriodInDays: 365}))
answer(kms, GetKeyPolicyCommand, 'AWS::KMS::Key', () => ({PolicyName: 'default', Policy: JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Action: 'kms:*', Resource: '*'}]})}))
const logs = mockClient(CloudWatchLogsClient)
answer(logs, DescribeLogGroupsCommand, 'AWS::Logs::LogGroup', (input, e) => ((p) => ({logGroups: p.items, nextToken: p.next}))(page(e.logGroups, input.limit, input.nextToken)))
const iam = mockClient(IAMClient)
answer(iam, GetAccountAuthorizationDetailsCommand, 'AWS::IAM::Role', (input) =>
  ((p) => ({RoleDetailList: p.items.flatMap((item) => item.role ?? []), Policies: p.items.flatMap((item) => item.policy ?? []), IsTruncated: p.next !== undefined, Marker: p.next}))(page(authorizationItems, input.MaxItems, input.Marker)),
)
answer(iam, ListRolesCommand, 'AWS::IAM::Role', (input) =>
  ((p) => ({Roles: p.items.map(({RoleName, Path, Arn}) => ({RoleName, Path, Arn, RoleId: RoleName, CreateDate: new Date(0), MaxSessionDuration: 3600})), IsTruncated: p.next !== undefined, Marker: p.next}))(page(roles, input.MaxItems, input.Marker)),
)
const sts = mockClient(STSClient)
answer(sts, GetCallerIdentityCommand, 'run', () => ({Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/bench`, UserId: 'bench'}))

const counter = new ApiCallCounter()
// The config defaults' deadlines, no proxy: the clients are mocked, nothing goes on the wire.
const network = {connectTimeoutMs: 5000, socketTimeoutMs: 30_000, runTimeoutMs: null, proxy: {}, awsCaBundle: null}
const aws = awsClientFactory({maxAttempts: 3, counter, endpoint: 'http://127.0.0.1:9', network})
const started = performance.now()
const snapshot = await readAwsSnapshot({
  regions: REGIONS,
  types: RESOURCE_TYPES.map((module) => module.type),
  allowPartial: false,
  maxConcurrency: 8,
  counter,
  clientsFor: (region) => aws.clientsFor({region}),
})
const wallMs = performance.now() - started
const resources = snapshot.resources.length

console.log(`AWS read: ${REGIONS.length} regions x ${RESOURCE_TYPES.length} types, ${LATENCY_MS} ms per call (aws-sdk-client-mock)\n`)
console.log(`resources read          ${resources.toLocaleString('en-US')} (declared in the mock: ${resourcesDeclared.toLocaleString('en-US')})`)
console.log(`API calls               ${calls}`)
console.log(`API calls per resource  ${(calls / resources).toFixed(4)}`)
console.log(`sum of call latencies   ${((calls * LATENCY_MS) / 1000).toFixed(2)} s`)
console.log(`wall time               ${(wallMs / 1000).toFixed(2)} s (${((calls * LATENCY_MS) / wallMs).toFixed(1)}x parallel)`)

// Per type, against its module's budget; the first-release types also together against SPEC 9's 0.05.
const readOf = new Map()
for (const resource of snapshot.resources) readOf.set(resource.type, (readOf.get(resource.type) ?? 0) + 1)
const verdict = (measured, budget) => (measured <= budget ? 'within' : 'OVER')
const typeWidths = [36, 9, 6, 10, 7, 7]
console.log('')
console.log(row(['type', 'resources', 'calls', 'calls/res', 'budget', ''], typeWidths))
for (const module of RESOURCE_TYPES) {
  const read = readOf.get(module.type) ?? 0
  const spent = callsByType.get(module.type) ?? 0
  // The module's budget for this estate: its fixed calls per region read (once for an account-global type).
  const {fixedCalls, callsPerResource} = module.readBudget
  const budget = Math.round(fixedCalls * (module.global ? 1 : REGIONS.length) + callsPerResource * read)
  console.log(row([module.type, read, spent, (spent / read).toFixed(4), budget, verdict(spent, budget)], typeWidths))
}
const first = RESOURCE_TYPES.filter((module) => FIRST_RELEASE.has(module.type))
const firstRead = first.reduce((sum, module) => sum + (readOf.get(module.type) ?? 0), 0)
const firstCalls = first.reduce((sum, module) => sum + (callsByType.get(module.type) ?? 0), 0) - firstReleaseSettingsCalls
console.log(row(['first-release types together', firstRead, firstCalls, (firstCalls / firstRead).toFixed(4), '0.05/res', verdict(firstCalls / firstRead, 0.05)], typeWidths))
console.log(row(['+ VPC DNS settings, every VPC in full', readOf.get('AWS::EC2::VPC') ?? 0, firstReleaseSettingsCalls, '', '', ''], typeWidths))
console.log(row(['shared (account id, zones)', '', callsByType.get('run') ?? 0, '', '', ''], typeWidths))

// Part 3, config targets (issue 19): 4 accounts (each reached through AssumeRole) x the same 2 regions, read side by
// side as drift check reads them. Each account-region has its own bound, all share the run's cap: the wall time of
// all of them together should be near the slowest target's alone, not the sum of the targets' times.
const TARGETS = Number(process.env.BENCH_TARGETS ?? 4)
// aws-sdk-client-mock replaces send(), so the credential step (AssumeRole, once per account in a real run) is not
// exercised here: the figures are the reads.
const targets = range(TARGETS, (i) => ({name: `account-${i + 1}`, roleArn: `arn:aws:iam::${String(100000000000 + i + 1)}:role/ialctl-readonly`, regions: REGIONS, parameters: {}}))
const many = awsClientFactory({maxAttempts: 3, counter: new ApiCallCounter(), endpoint: 'http://127.0.0.1:9', network, targets})
const readTarget = (target, factory) =>
  readAwsSnapshot({
    regions: target.regions,
    types: RESOURCE_TYPES.map((module) => module.type),
    allowPartial: false,
    maxConcurrency: 8,
    counter: factory.counter,
    clientsFor: (region) => factory.clientsFor({target: target.name, region}),
    accountId: target.roleArn.split(':')[4],
    cap: factory.cap,
  })
const timed = async (read) => {
  const before = calls
  const start = performance.now()
  const snapshots = await read()
  return {ms: performance.now() - start, calls: calls - before, resources: snapshots.reduce((sum, one) => sum + one.resources.length, 0)}
}
const alone = []
for (const target of targets) alone.push(await timed(async () => [await readTarget(target, many)]))
const together = await timed(() => Promise.all(targets.map((target) => readTarget(target, many))))
const slowest = Math.max(...alone.map((one) => one.ms))
const sumAlone = alone.reduce((sum, one) => sum + one.ms, 0)
console.log('')
console.log(`Config targets: ${TARGETS} accounts x ${REGIONS.length} regions, read side by side\n`)
console.log(`resources read          ${together.resources.toLocaleString('en-US')} (${(together.resources / TARGETS).toLocaleString('en-US')} per target)`)
console.log(`API calls               ${together.calls} all together (${(together.calls / together.resources).toFixed(4)} per resource; AssumeRole not counted: mocked clients)`)
console.log(`each target alone       ${alone.map((one) => (one.ms / 1000).toFixed(2)).join(' s, ')} s (sum ${(sumAlone / 1000).toFixed(2)} s, slowest ${(slowest / 1000).toFixed(2)} s)`)
console.log(`all together, wall      ${(together.ms / 1000).toFixed(2)} s = ${(together.ms / slowest).toFixed(2)}x the slowest target, ${(together.ms / sumAlone).toFixed(2)}x the sum`)
