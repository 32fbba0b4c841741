#!/usr/bin/env node
// Writes test/fixtures/demo-snapshot.json: what `ialctl snapshot` would read from the account that runs the
// example estate in phases/, after a few weeks of hand changes. Shapes follow the readers in src/core/resources.
// The drift it contains, by design (see README "Demo"):
//   critical  DatabaseSecurityGroup  extra ingress rule 5432 from 0.0.0.0/0
//   high      WebInstance            InstanceType t3.micro -> t3.large
//   high      ApiCpuAlarm            deleted (missing_resource)
//   medium    AuroraCluster          PreferredBackupWindow changed
//   medium    WebCpuAlarm            Threshold 80 -> 90
//   medium    OrdersQueue            VisibilityTimeout 180 -> 60 (healable)
//   medium    i-0d4e5f60718293a4b    debug instance tagged ManagedBy=ialctl (extra_resource)
//   low       WorkerService          DesiredCount 1 -> 3 (rated low by config severity.overrides)
//   low       WorkerInstance         Owner tag changed (tag_drift)
//   critical  ApiTaskRole            inline policy Action widened to sqs:*
//   high      OrdersTable            point-in-time recovery turned off (healable: hardening)
//   medium    ApiLogGroup            RetentionInDays 30 -> 7 (healable: retention only goes up)
//   low       WebLoadBalancer        Owner tag changed (tag_drift)
//   critical  ArtefactsBucket        BlockPublicAcls turned off (auto-healable: the heal only hardens)
//   medium    ApiTargetGroup         HealthCheckPath /health -> / (healable: ModifyTargetGroup)
//   (in sync) DataKey                found by its alias; its JSON key policy equal by meaning to the YAML one
//   expected  ApiService             DesiredCount 4, inside the autoscaling range 2..6
//   expected  EcsCapacityGroup       DesiredCapacity 3, inside the group's MinSize..MaxSize 1..4
// Edit this script, never the JSON: test/scripts/make-demo-snapshot.test.ts checks that the two agree.
// Run: node scripts/make-demo-snapshot.mjs [OUT]   (OUT defaults to the fixture; a test checks the two agree)
import {createHash} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import {resolve} from 'node:path'

const region = 'us-east-1'
const account = '123456789012'
const common = (extra = {}) => ({Environment: 'production', ManagedBy: 'ialctl', ...extra})
const vpcId = 'vpc-0a1b2c3d4e5f60718'
const subnets = {public: 'subnet-0a11b22c33d44e55f', privateA: 'subnet-0b22c33d44e55f66a', privateB: 'subnet-0c33d44e55f66a77b'}
const groups = {web: 'sg-0a1b2c3d4e5f60701', app: 'sg-0a1b2c3d4e5f60702', db: 'sg-0a1b2c3d4e5f60703', default: 'sg-0a1b2c3d4e5f60700'}
const instances = {web: 'i-0a1b2c3d4e5f60718', worker: 'i-0b2c3d4e5f6071829', debug: 'i-0d4e5f60718293a4b', other: 'i-0e5f60718293a4b5c'}
const ecsArn = (resource) => `arn:aws:ecs:${region}:${account}:${resource}`
const taskDefinitionArn = ecsArn('task-definition/ial-prod-api:7')
const dataKeyId = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9'
const dataKeyArn = `arn:aws:kms:${region}:${account}:key/${dataKeyId}`
const egressAll = [{IpProtocol: '-1', CidrIp: '0.0.0.0/0'}]

const resource = (type, physicalId, properties, tags, attributes, arn) => ({type, region, physicalId, ...(arn ? {arn} : {}), properties, tags, attributes})

/** An SQS queue as GetQueueAttributes (All) + ListQueueTags map it: SQS's defaults filled in, the URL as its id. */
const queue = (name, properties) => {
  const url = `https://sqs.${region}.amazonaws.com/${account}/${name}`
  const arn = `arn:aws:sqs:${region}:${account}:${name}`
  const defaults = {DelaySeconds: 0, MaximumMessageSize: 262144, MessageRetentionPeriod: 345600, ReceiveMessageWaitTimeSeconds: 0, SqsManagedSseEnabled: true, VisibilityTimeout: 30}
  return resource('AWS::SQS::Queue', url, {QueueName: name, ...defaults, ...properties}, common({Owner: 'orders-team'}), {Arn: arn, QueueName: name, QueueUrl: url}, arn)
}

const vpc = resource('AWS::EC2::VPC', vpcId, {CidrBlock: '10.20.0.0/16', InstanceTenancy: 'default', EnableDnsSupport: true, EnableDnsHostnames: true}, common({Name: 'ial-prod-vpc', Owner: 'platform-team'}), {VpcId: vpcId, CidrBlock: '10.20.0.0/16', CidrBlockAssociations: ['vpc-cidr-assoc-0a1b2c3d4e5f60718'], Ipv6CidrBlocks: []}, `arn:aws:ec2:${region}:${account}:vpc/${vpcId}`)

const subnet = (id, name, cidr, zone, mapPublic) =>
  resource(
    'AWS::EC2::Subnet',
    id,
    {VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone, AvailabilityZoneId: zone === 'us-east-1a' ? 'use1-az1' : 'use1-az2', MapPublicIpOnLaunch: mapPublic, AssignIpv6AddressOnCreation: false, Ipv6Native: false, EnableDns64: false, PrivateDnsNameOptionsOnLaunch: {HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false}},
    common({Name: name, Owner: 'platform-team'}),
    {SubnetId: id, VpcId: vpcId, AvailabilityZone: zone, AvailabilityZoneId: zone === 'us-east-1a' ? 'use1-az1' : 'use1-az2', CidrBlock: cidr, Ipv6CidrBlocks: []},
    `arn:aws:ec2:${region}:${account}:subnet/${id}`,
  )

const group = (id, name, description, ingress, tags) =>
  resource('AWS::EC2::SecurityGroup', id, {GroupName: name, GroupDescription: description, VpcId: vpcId, SecurityGroupIngress: ingress, SecurityGroupEgress: egressAll}, tags, {GroupId: id, VpcId: vpcId}, `arn:aws:ec2:${region}:${account}:security-group/${id}`)

const instance = (id, name, type, subnetId, groupId, monitoring, tags, privateIp) =>
  resource(
    'AWS::EC2::Instance',
    id,
    {ImageId: 'ami-0c02fb55956c7d316', InstanceType: type, SubnetId: subnetId, SecurityGroupIds: [groupId], Monitoring: monitoring, EbsOptimized: false, AvailabilityZone: 'us-east-1a', Tenancy: 'default', PrivateIpAddress: privateIp, SourceDestCheck: true, CpuOptions: {CoreCount: 1, ThreadsPerCore: 2}, HibernationOptions: {Configured: false}, EnclaveOptions: {Enabled: false}},
    tags,
    {InstanceId: id, AvailabilityZone: 'us-east-1a', PrivateIp: privateIp, PrivateDnsName: `ip-${privateIp.replaceAll('.', '-')}.ec2.internal`, VpcId: vpcId, State: 'running'},
    `arn:aws:ec2:${region}:${account}:instance/${id}`,
  )

const service = (name, desiredCount, owner, loadBalancers) =>
  resource(
    'AWS::ECS::Service',
    ecsArn(`service/ial-prod/${name}`),
    {
      Cluster: ecsArn('cluster/ial-prod'), ServiceName: name, DesiredCount: desiredCount, LaunchType: 'FARGATE', TaskDefinition: taskDefinitionArn, PlatformVersion: 'LATEST', SchedulingStrategy: 'REPLICA',
      NetworkConfiguration: {AwsvpcConfiguration: {Subnets: [subnets.privateB, subnets.privateA], SecurityGroups: [groups.app], AssignPublicIp: 'DISABLED'}},
      DeploymentConfiguration: {MaximumPercent: 200, MinimumHealthyPercent: 100, DeploymentCircuitBreaker: {Enable: false, Rollback: false}},
      DeploymentController: {Type: 'ECS'}, PropagateTags: 'NONE', EnableECSManagedTags: false, EnableExecuteCommand: false,
      ...(loadBalancers ? {LoadBalancers: loadBalancers} : {}),
    },
    common({Owner: owner}),
    {ServiceArn: ecsArn(`service/ial-prod/${name}`), Name: name, Status: 'ACTIVE'},
    ecsArn(`service/ial-prod/${name}`),
  )

const alarm = (name, description, namespace, dimensions, period, evaluationPeriods, threshold, statistic, extra, tags) =>
  resource(
    'AWS::CloudWatch::Alarm',
    name,
    {AlarmName: name, AlarmDescription: description, Namespace: namespace, MetricName: namespace === 'IAL/Drift' ? 'DriftCount' : 'CPUUtilization', Statistic: statistic, Dimensions: dimensions, Period: period, EvaluationPeriods: evaluationPeriods, Threshold: threshold, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'missing', ActionsEnabled: true, AlarmActions: [], OKActions: [], InsufficientDataActions: [], ...extra},
    tags,
    {Arn: `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`, StateValue: 'OK'},
    `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`,
  )

/** An IAM role as GetAccountAuthorizationDetails + ListRoles map it (account-global, read in the first region). */
const role = (name, roleId, properties, tags) =>
  resource('AWS::IAM::Role', name, {RoleName: name, Path: '/', MaxSessionDuration: 3600, Policies: [], ...properties}, tags, {Arn: `arn:aws:iam::${account}:role/${name}`, RoleId: roleId}, `arn:aws:iam::${account}:role/${name}`)
/** A customer managed policy as GetAccountAuthorizationDetails maps it: the default version's document, the roles it is attached to. */
const managedPolicy = (name, path, description, policyId, document, roles) => {
  const arn = `arn:aws:iam::${account}:policy${path}${name}`
  return resource('AWS::IAM::ManagedPolicy', arn, {ManagedPolicyName: name, Path: path, Description: description, PolicyDocument: document, Roles: roles}, {}, {PolicyArn: arn, PolicyId: policyId, DefaultVersionId: 'v1', AttachmentCount: roles.length, IsAttachable: true, VersionCount: 1}, arn)
}
const ecsTasksTrust = (condition) => ({Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {Service: 'ecs-tasks.amazonaws.com'}, Action: 'sts:AssumeRole', ...(condition ? {Condition: condition} : {})}]})

const logGroup = (name, retentionInDays, owner) =>
  resource('AWS::Logs::LogGroup', name, {LogGroupName: name, RetentionInDays: retentionInDays, KmsKeyId: dataKeyArn, LogGroupClass: 'STANDARD', DeletionProtectionEnabled: false}, common({Owner: owner}), {Arn: `arn:aws:logs:${region}:${account}:log-group:${name}:*`}, `arn:aws:logs:${region}:${account}:log-group:${name}`)

const topic = (name, properties, tags) => {
  const arn = `arn:aws:sns:${region}:${account}:${name}`
  return resource('AWS::SNS::Topic', arn, {TopicName: name, SignatureVersion: '1', TracingConfig: 'PassThrough', ...properties}, tags, {TopicArn: arn, TopicName: name}, arn)
}

/**
 * A Lambda environment value as the mapping keeps it: its digest, never the value (src/core/diff/secret-values.ts,
 * secretDigest; the demo test fails if the two ever disagree, as the function would drift).
 */
const secretDigest = (name, value) => `sha256:${createHash('sha256').update('ialctl secret value\0').update(name).update('\0').update(value).digest('hex')}`
const functionArn = (name) => `arn:aws:lambda:${region}:${account}:function:${name}`

const albArn = `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/alb-web-prod/50dc6c495c0c9188`
/** DescribeLoadBalancerAttributes answers every attribute, in AWS's order; the template sets two of them. */
const albAttributes = Object.entries({
  'access_logs.s3.enabled': 'false', 'access_logs.s3.bucket': '', 'access_logs.s3.prefix': '',
  'connection_logs.s3.enabled': 'false', 'connection_logs.s3.bucket': '', 'connection_logs.s3.prefix': '',
  'idle_timeout.timeout_seconds': '120', 'client_keep_alive.seconds': '3600', 'deletion_protection.enabled': 'true',
  'routing.http2.enabled': 'true', 'routing.http.drop_invalid_header_fields.enabled': 'false', 'routing.http.xff_client_port.enabled': 'false',
  'routing.http.preserve_host_header.enabled': 'false', 'routing.http.xff_header_processing.mode': 'append',
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': 'false', 'routing.http.desync_mitigation_mode': 'defensive',
  'waf.fail_open.enabled': 'false', 'zonal_shift.config.enabled': 'false', 'load_balancing.cross_zone.enabled': 'true',
}).map(([Key, Value]) => ({Key, Value}))

/** config/ialctl.yaml's WebCertificateArn: the certificate the HTTPS listener presents. */
const webCertificateArn = `arn:aws:acm:${region}:${account}:certificate/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b`
/** A listener of the ALB as DescribeListeners answers it (no tags of its own). */
const listener = (port, id, properties) => {
  const arn = `arn:aws:elasticloadbalancing:${region}:${account}:listener/app/alb-web-prod/50dc6c495c0c9188/${id}`
  return resource('AWS::ElasticLoadBalancingV2::Listener', arn, {LoadBalancerArn: albArn, Port: port, ...properties}, {}, {ListenerArn: arn}, arn)
}

const apiTargetGroupArn = `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/tg-api-prod/6d0ecf831eec9f09`
/** DescribeTargetGroupAttributes answers every attribute of an HTTP target group of IPs; the template sets one. */
const apiTargetGroupAttributes = Object.entries({
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '1', 'stickiness.enabled': 'false',
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': 'off', 'deregistration_delay.timeout_seconds': '30',
  'target_group_health.dns_failover.minimum_healthy_targets.count': '1', 'stickiness.app_cookie.cookie_name': '', 'stickiness.type': 'lb_cookie',
  'stickiness.lb_cookie.duration_seconds': '86400', 'slow_start.duration_seconds': '0', 'stickiness.app_cookie.duration_seconds': '86400',
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': 'off', 'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
  'load_balancing.algorithm.type': 'round_robin', 'load_balancing.algorithm.anomaly_mitigation': 'off',
}).map(([Key, Value]) => ({Key, Value}))

const capacityGroupArn = `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:5d3c1b2a-0f9e-4d8c-b7a6-958473625140:autoScalingGroupName/ial-prod-ecs-capacity`
const capacityStack = 'arn:aws:cloudformation:us-east-1:123456789012:stack/30-compute-06-ecs-capacity/7c1e9a40-2b3d-11ef-9f6a-0a1b2c3d4e5f'
const artefactsBucket = `ial-prod-artefacts-${account}`
const artefactsStack = 'arn:aws:cloudformation:us-east-1:123456789012:stack/40-data-04-artefacts-bucket/2f8d4c10-5a6b-11ef-8c3d-0a1b2c3d4e5f'

const resources = [
  vpc,
  subnet(subnets.public, 'ial-prod-public-a', '10.20.0.0/24', 'us-east-1a', true),
  subnet(subnets.privateA, 'ial-prod-private-a', '10.20.10.0/24', 'us-east-1a', false),
  subnet(subnets.privateB, 'ial-prod-private-b', '10.20.11.0/24', 'us-east-1b', false),
  // The same rules as the template, listed by AWS in another order: not drift.
  group(groups.web, 'ial-prod-web', 'HTTPS from the internet to the web instances', [
    {IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'HTTP, redirected to HTTPS'},
    {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS from anywhere'},
  ], common({Name: 'ial-prod-web', Owner: 'platform-team'})),
  group(groups.app, 'ial-prod-app', 'Application containers, reachable from inside the VPC only', [{IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: '10.20.0.0/16', Description: 'API traffic from the VPC'}], common({Name: 'ial-prod-app', Owner: 'platform-team'})),
  // Someone opened PostgreSQL to the internet "for a quick look".
  group(groups.db, 'ial-prod-db', 'PostgreSQL from the private subnets only', [
    {IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '10.20.10.0/23', Description: 'PostgreSQL from the private subnets'},
    {IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '0.0.0.0/0', Description: 'temp debug access'},
  ], common({Name: 'ial-prod-db', Owner: 'platform-team'})),
  // The VPC's default group: undeclared, but outside the ManagedBy=ialctl scope, so not extra.
  group(groups.default, 'default', 'default VPC security group', [{IpProtocol: '-1', SourceSecurityGroupId: groups.default}], {}),
  instance(instances.web, 'ial-prod-web-1', 't3.large', subnets.public, groups.web, true, common({Name: 'ial-prod-web-1', Owner: 'web-team', LastPatched: '2026-11-20'}), '10.20.0.14'),
  instance(instances.worker, 'ial-prod-worker-1', 't3.micro', subnets.privateA, groups.app, false, common({Name: 'ial-prod-worker-1', Owner: 'analytics-team', LastPatched: '2026-11-20'}), '10.20.10.27'),
  // Launched by hand, tagged as ours: an extra resource.
  instance(instances.debug, 'ial-prod-debug', 't3.xlarge', subnets.public, groups.web, false, common({Name: 'ial-prod-debug', Owner: 'web-team'}), '10.20.0.99'),
  // Another team's instance in the same account, not tagged ManagedBy=ialctl: out of scope.
  instance(instances.other, 'bi-reporting', 't3.medium', subnets.privateA, groups.app, false, {Name: 'bi-reporting', Team: 'bi'}, '10.20.10.80'),
  resource('AWS::ECS::Cluster', 'ial-prod', {ClusterName: 'ial-prod', ClusterSettings: [{Name: 'containerInsights', Value: 'enabled'}], CapacityProviders: [], DefaultCapacityProviderStrategy: []}, common({Owner: 'platform-team'}), {Arn: ecsArn('cluster/ial-prod')}, ecsArn('cluster/ial-prod')),
  resource(
    'AWS::ECS::TaskDefinition',
    taskDefinitionArn,
    {
      Family: 'ial-prod-api', Cpu: '256', Memory: '512', NetworkMode: 'awsvpc', RequiresCompatibilities: ['FARGATE'],
      ExecutionRoleArn: `arn:aws:iam::${account}:role/ial-prod-task-execution`,
      TaskRoleArn: `arn:aws:iam::${account}:role/ial-prod-api-task`,
      ContainerDefinitions: [{Name: 'api', Image: 'public.ecr.aws/nginx/nginx:1.27', Cpu: 0, Essential: true, PortMappings: [{ContainerPort: 8080, HostPort: 8080, Protocol: 'tcp'}], Environment: [{Name: 'APP_ENV', Value: 'production'}], MountPoints: [], VolumesFrom: []}],
    },
    {Environment: 'production', ManagedBy: 'ialctl'},
    {TaskDefinitionArn: taskDefinitionArn, Revision: 7, Status: 'ACTIVE'},
    taskDefinitionArn,
  ),
  service('api', 4, 'platform-team', [{TargetGroupArn: apiTargetGroupArn, ContainerName: 'api', ContainerPort: 8080}]),
  service('worker', 3, 'data-team'),
  resource(
    'AWS::RDS::DBCluster',
    'ial-prod-aurora',
    {
      DBClusterIdentifier: 'ial-prod-aurora', Engine: 'aurora-postgresql', EngineVersion: '16.4', EngineMode: 'provisioned', DatabaseName: 'app', MasterUsername: 'ialadmin', Port: 5432,
      StorageEncrypted: true, KmsKeyId: `arn:aws:kms:${region}:${account}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`, BackupRetentionPeriod: 7, PreferredBackupWindow: '07:00-08:00', PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      DeletionProtection: true, CopyTagsToSnapshot: false, PubliclyAccessible: false, VpcSecurityGroupIds: [groups.db], DBSubnetGroupName: 'ial-prod-db', DBClusterParameterGroupName: 'default.aurora-postgresql16',
      AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], EnableIAMDatabaseAuthentication: false, EnableHttpEndpoint: false, NetworkType: 'IPV4',
    },
    common({Owner: 'data-team'}),
    {'Endpoint.Address': 'ial-prod-aurora.cluster-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com', 'Endpoint.Port': '5432', 'ReadEndpoint.Address': 'ial-prod-aurora.cluster-ro-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com', DBClusterArn: `arn:aws:rds:${region}:${account}:cluster:ial-prod-aurora`, DBClusterResourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ', Status: 'available'},
    `arn:aws:rds:${region}:${account}:cluster:ial-prod-aurora`,
  ),
  resource(
    'AWS::RDS::DBInstance',
    'ial-prod-aurora-1',
    {
      DBInstanceIdentifier: 'ial-prod-aurora-1', DBInstanceClass: 'db.r6g.large', Engine: 'aurora-postgresql', EngineVersion: '16.4', DBClusterIdentifier: 'ial-prod-aurora', MasterUsername: 'ialadmin', AllocatedStorage: '1', StorageType: 'aurora', Port: '5432',
      PubliclyAccessible: false, StorageEncrypted: true, KmsKeyId: `arn:aws:kms:${region}:${account}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`, MultiAZ: false, AvailabilityZone: 'us-east-1a', BackupRetentionPeriod: 7, PreferredBackupWindow: '07:00-08:00', PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      DeletionProtection: false, AutoMinorVersionUpgrade: true, CopyTagsToSnapshot: false, DBSubnetGroupName: 'ial-prod-db', DBParameterGroupName: 'default.aurora-postgresql16', VPCSecurityGroups: [groups.db], CACertificateIdentifier: 'rds-ca-rsa2048-g1',
      MonitoringInterval: 0, EnablePerformanceInsights: false, EnableIAMDatabaseAuthentication: false, NetworkType: 'IPV4', PromotionTier: 1,
    },
    common({Owner: 'data-team'}),
    {'Endpoint.Address': 'ial-prod-aurora-1.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com', 'Endpoint.Port': '5432', 'Endpoint.HostedZoneId': 'Z2R2ITUGPM61AM', DBInstanceArn: `arn:aws:rds:${region}:${account}:db:ial-prod-aurora-1`, DbiResourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY', Status: 'available'},
    `arn:aws:rds:${region}:${account}:db:ial-prod-aurora-1`,
  ),
  alarm('IAL-DriftDetected', 'ialctl found resources that differ from the phases in Git.', 'IAL/Drift', [], 300, 1, 0, 'Sum', {TreatMissingData: 'notBreaching'}, common({Owner: 'platform-team'})),
  // Raised from 80 to 90 during a noisy week and never put back.
  alarm('ial-prod-web-1-cpu-high', 'Web instance CPU above 80% for 15 minutes.', 'AWS/EC2', [{Name: 'InstanceId', Value: instances.web}], 300, 3, 90, 'Average', {}, {Environment: 'production', ManagedBy: 'ialctl'}),
  // ial-prod-api-cpu-high (ApiCpuAlarm) was deleted: missing.
  queue('ial-prod-orders-dlq', {MessageRetentionPeriod: 1209600}),
  // Shortened in the console to "fix" slow redeliveries: messages now come back while the consumer still works on them.
  queue('ial-prod-orders', {VisibilityTimeout: 60, ReceiveMessageWaitTimeSeconds: 20, RedrivePolicy: {deadLetterTargetArn: `arn:aws:sqs:${region}:${account}:ial-prod-orders-dlq`, maxReceiveCount: 5}}),
  // The API's inline policy was widened from sqs:SendMessage to sqs:* (critical: a widened Action).
  role('ial-prod-api-task', 'AROAZQ3DPPV4APITASK01', {
    Description: 'Role the API containers run as.',
    AssumeRolePolicyDocument: ecsTasksTrust({StringEquals: {'aws:SourceAccount': account}}),
    ManagedPolicyArns: [`arn:aws:iam::${account}:policy/ial/ial-prod-api-config-read`],
    Policies: [{PolicyName: 'publish-order-events', PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 'sqs:*', Resource: `arn:aws:sqs:${region}:${account}:ial-prod-orders`}]}}],
  }, {ManagedBy: 'ialctl', Owner: 'platform-team'}),
  role('ial-prod-orders-processor', 'AROAZQ3DPPV4ORDERS001', {
    Description: 'Role the orders processor function runs as.',
    AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}, Action: 'sts:AssumeRole'}]},
    ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    Policies: [{PolicyName: 'consume-orders', PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: `arn:aws:sqs:${region}:${account}:ial-prod-orders`}]}}],
  }, {ManagedBy: 'ialctl', Owner: 'orders-team'}),
  // As declared: the API's configuration read, attached to the API task role.
  managedPolicy('ial-prod-api-config-read', '/ial/', 'Read the API runtime configuration under /ial/prod/api in Parameter Store.', 'ANPAZQ3DPPV4APICONFIG1', {
    Version: '2012-10-17',
    Statement: [{Sid: 'ReadApiParameters', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], Resource: `arn:aws:ssm:${region}:${account}:parameter/ial/prod/api/*`}],
  }, ['ial-prod-api-task']),
  role('ial-prod-task-execution', 'AROAZQ3DPPV4EXECUTE01', {AssumeRolePolicyDocument: ecsTasksTrust(), ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy']}, {ManagedBy: 'ialctl', Owner: 'platform-team'}),
  // The orders processor as deployed; its payments key is what Secrets Manager held at deploy time (a digest here too).
  resource(
    'AWS::Lambda::Function',
    'ial-prod-orders-processor',
    {
      FunctionName: 'ial-prod-orders-processor', Description: 'Takes orders off the orders queue.', Runtime: 'nodejs24.x', Handler: 'index.handler',
      Role: `arn:aws:iam::${account}:role/ial-prod-orders-processor`, MemorySize: 256, Timeout: 30, Architectures: ['arm64'], PackageType: 'Zip',
      Environment: {Variables: {
        APP_ENV: secretDigest('APP_ENV', 'production'),
        ORDERS_QUEUE_URL: secretDigest('ORDERS_QUEUE_URL', `https://sqs.${region}.amazonaws.com/${account}/ial-prod-orders`),
        PAYMENTS_API_KEY: secretDigest('PAYMENTS_API_KEY', 'demo-payments-key-never-shown'),
      }},
      TracingConfig: {Mode: 'PassThrough'}, EphemeralStorage: {Size: 512}, SnapStart: {ApplyOn: 'None'},
      LoggingConfig: {LogFormat: 'Text', LogGroup: '/aws/lambda/ial-prod-orders-processor'},
    },
    common({Owner: 'orders-team'}),
    {Arn: functionArn('ial-prod-orders-processor')},
    functionArn('ial-prod-orders-processor'),
  ),
  // The API's log retention was cut from 30 to 7 days to save cost (healable: retention only goes up).
  logGroup('/ecs/ial-prod-api', 7, 'platform-team'),
  logGroup('/ecs/ial-prod-worker', 14, 'data-team'),
  topic('ial-prod-alarms', {DisplayName: 'ial prod alarms', KmsMasterKeyId: 'alias/aws/sns'}, common({Owner: 'platform-team'})),
  // The ALB's Owner tag was changed by hand (tag drift, as in the seed's report).
  resource(
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    albArn,
    {Name: 'alb-web-prod', Scheme: 'internal', Type: 'application', IpAddressType: 'ipv4', SecurityGroups: [groups.web], Subnets: [subnets.privateA, subnets.privateB], SubnetMappings: [{SubnetId: subnets.privateA}, {SubnetId: subnets.privateB}], LoadBalancerAttributes: albAttributes},
    common({Owner: 'web-team'}),
    {CanonicalHostedZoneID: 'Z35SXDOTRQ7X7K', DNSName: 'internal-alb-web-prod-424835706.us-east-1.elb.amazonaws.com', LoadBalancerArn: albArn, LoadBalancerFullName: 'app/alb-web-prod/50dc6c495c0c9188', LoadBalancerName: 'alb-web-prod', SecurityGroups: [groups.web], State: 'active', VpcId: vpcId},
    albArn,
  ),
  // The API target group's health check path was set back to / while debugging a failing deployment (medium, healable).
  resource(
    'AWS::ElasticLoadBalancingV2::TargetGroup',
    apiTargetGroupArn,
    {
      Name: 'tg-api-prod', Port: 8080, Protocol: 'HTTP', ProtocolVersion: 'HTTP1', VpcId: vpcId, TargetType: 'ip', IpAddressType: 'ipv4',
      HealthCheckEnabled: true, HealthCheckProtocol: 'HTTP', HealthCheckPort: 'traffic-port', HealthCheckPath: '/', HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 3, UnhealthyThresholdCount: 2, Matcher: {HttpCode: '200'}, TargetGroupAttributes: apiTargetGroupAttributes,
    },
    common({Owner: 'platform-team'}),
    {LoadBalancerArns: [albArn], TargetGroupArn: apiTargetGroupArn, TargetGroupFullName: 'targetgroup/tg-api-prod/6d0ecf831eec9f09', TargetGroupName: 'tg-api-prod'},
    apiTargetGroupArn,
  ),
  // The HTTPS listener's security policy set back to AWS's old default (TLS 1.0) by hand, to let a legacy client in:
  // critical, never healed; `drift revert` puts the declared policy back. The HTTP listener still redirects: in sync.
  listener(443, '0467ef3c8400ae65', {
    Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-2016-08', Certificates: [{CertificateArn: webCertificateArn}],
    DefaultActions: [{Type: 'forward', Order: 1, TargetGroupArn: apiTargetGroupArn, ForwardConfig: {TargetGroups: [{TargetGroupArn: apiTargetGroupArn, Weight: 1}], TargetGroupStickinessConfig: {Enabled: false}}}],
    MutualAuthentication: {Mode: 'off', IgnoreClientCertificateExpiry: false},
  }),
  listener(80, 'f2f7dc8efc522ab2', {Protocol: 'HTTP', DefaultActions: [{Type: 'redirect', Order: 1, RedirectConfig: {Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301'}}]}),
  // The ECS capacity group scaled to 3, inside its 1..4 range: expected drift, not reported as drift.
  resource(
    'AWS::AutoScaling::AutoScalingGroup',
    'ial-prod-ecs-capacity',
    {
      AutoScalingGroupName: 'ial-prod-ecs-capacity', MinSize: '1', MaxSize: '4', DesiredCapacity: '3', AvailabilityZones: ['us-east-1a', 'us-east-1b'], VPCZoneIdentifier: [subnets.privateA, subnets.privateB],
      LaunchTemplate: {LaunchTemplateId: 'lt-0a1b2c3d4e5f60718', LaunchTemplateName: 'ial-prod-ecs-capacity', Version: '3'},
      Cooldown: '300', HealthCheckType: 'EC2', HealthCheckGracePeriod: 0, CapacityRebalance: false, NewInstancesProtectedFromScaleIn: false, TerminationPolicies: ['Default'],
      ServiceLinkedRoleARN: `arn:aws:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    },
    {...common({Name: 'ial-prod-ecs-capacity', Owner: 'platform-team'}), 'aws:cloudformation:logical-id': 'EcsCapacityGroup', 'aws:cloudformation:stack-id': capacityStack, 'aws:cloudformation:stack-name': '30-compute-06-ecs-capacity'},
    {Arn: capacityGroupArn, TagsPropagatedAtLaunch: ['Environment', 'ManagedBy', 'Name', 'aws:cloudformation:logical-id', 'aws:cloudformation:stack-id', 'aws:cloudformation:stack-name']},
    capacityGroupArn,
  ),
  // The data key, in sync: found by the alias the phases aim at it; its policy as KMS answers it (JSON text, parsed).
  resource(
    'AWS::KMS::Key',
    dataKeyId,
    {
      Description: 'Encrypts the orders data at rest.', Enabled: true, EnableKeyRotation: true, RotationPeriodInDays: 365,
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {Sid: 'AccountAdministersThroughIam', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${account}:root`}, Action: 'kms:*', Resource: '*'},
          {
            Sid: 'LogsEncryptThisAccountsGroups', Effect: 'Allow', Principal: {Service: `logs.${region}.amazonaws.com`},
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'], Resource: '*',
            Condition: {ArnLike: {'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${account}:log-group:*`}},
          },
        ],
      },
      KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT', MultiRegion: false, Origin: 'AWS_KMS',
    },
    {Name: 'ial-prod-data', Owner: 'platform-team', ManagedBy: 'ialctl'},
    {Arn: dataKeyArn, KeyId: dataKeyId, Aliases: ['alias/ial-prod-data'], KeyState: 'Enabled', KeyManager: 'CUSTOMER'},
    dataKeyArn,
  ),
  // Point-in-time recovery turned off (high, healable: recovery only ever goes back on).
  resource(
    'AWS::DynamoDB::Table',
    'ial-prod-orders',
    {
      TableName: 'ial-prod-orders', BillingMode: 'PAY_PER_REQUEST', TableClass: 'STANDARD', DeletionProtectionEnabled: true,
      AttributeDefinitions: [{AttributeName: 'customerId', AttributeType: 'S'}, {AttributeName: 'orderId', AttributeType: 'S'}],
      KeySchema: [{AttributeName: 'customerId', KeyType: 'HASH'}, {AttributeName: 'orderId', KeyType: 'RANGE'}],
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: false},
      SSESpecification: {SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: `arn:aws:kms:${region}:${account}:key/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6`},
    },
    common({Owner: 'orders-team'}),
    {Arn: `arn:aws:dynamodb:${region}:${account}:table/ial-prod-orders`},
    `arn:aws:dynamodb:${region}:${account}:table/ial-prod-orders`,
  ),
  // BlockPublicAcls turned off to let a vendor's tool upload with a public-read ACL (critical: exposure; auto-healable,
  // since the heal only turns the block back on).
  resource(
    'AWS::S3::Bucket',
    artefactsBucket,
    {
      BucketName: artefactsBucket,
      VersioningConfiguration: {Status: 'Enabled'},
      BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}, BucketKeyEnabled: true}]},
      PublicAccessBlockConfiguration: {BlockPublicAcls: false, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true},
      OwnershipControls: {Rules: [{ObjectOwnership: 'BucketOwnerEnforced'}]},
      LifecycleConfiguration: {Rules: [{Id: 'expire-old-versions', Status: 'Enabled', NoncurrentVersionExpiration: {NoncurrentDays: 90}, AbortIncompleteMultipartUpload: {DaysAfterInitiation: 7}}], TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K'},
    },
    {...common({Owner: 'platform-team'}), 'aws:cloudformation:logical-id': 'ArtefactsBucket', 'aws:cloudformation:stack-id': artefactsStack, 'aws:cloudformation:stack-name': '40-data-04-artefacts-bucket'},
    {Arn: `arn:aws:s3:::${artefactsBucket}`, DomainName: `${artefactsBucket}.s3.amazonaws.com`, RegionalDomainName: `${artefactsBucket}.s3.${region}.amazonaws.com`},
    `arn:aws:s3:::${artefactsBucket}`,
  ),
  // The bucket's policy as GetBucketPolicy returns it (JSON text, parsed; the template's !GetAtt and !Sub resolved).
  resource(
    'AWS::S3::BucketPolicy',
    artefactsBucket,
    {
      Bucket: artefactsBucket,
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${artefactsBucket}`, `arn:aws:s3:::${artefactsBucket}/*`], Condition: {Bool: {'aws:SecureTransport': 'false'}}}],
      },
    },
    common({Owner: 'platform-team'}),
    {},
  ),
]

const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0)
const sortKeys = (value) =>
  Array.isArray(value) ? value.map(sortKeys) : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort(compare).map((key) => [key, sortKeys(value[key])])) : value

const snapshot = {
  schemaVersion: 1,
  readAt: '2026-11-23T06:00:00.000Z',
  regions: [region],
  accountId: account,
  availabilityZones: {[region]: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']},
  types: [...new Set(resources.map((r) => r.type))].sort(compare),
  unread: [],
  // What the read cost, as `ialctl snapshot` records it (one page of each list call for this small account).
  apiCalls: {
    'AutoScaling.DescribeAutoScalingGroups': 1, 'CloudWatch.DescribeAlarms': 1,
    'DynamoDB.DescribeContinuousBackups': 1, 'DynamoDB.DescribeTable': 1, 'DynamoDB.ListTables': 1,
    'EC2.DescribeAvailabilityZones': 1, 'EC2.DescribeInstances': 1, 'EC2.DescribeSecurityGroups': 1, 'EC2.DescribeSubnets': 1, 'EC2.DescribeVpcs': 1,
    'ECS.DescribeClusters': 1, 'ECS.DescribeServices': 1, 'ECS.DescribeTaskDefinition': 1, 'ECS.ListClusters': 1, 'ECS.ListServices': 1,
    'ELBv2.DescribeListeners': 1, 'ELBv2.DescribeLoadBalancerAttributes': 1, 'ELBv2.DescribeLoadBalancers': 1, 'ELBv2.DescribeTags': 3,
    'ELBv2.DescribeTargetGroupAttributes': 1, 'ELBv2.DescribeTargetGroups': 1,
    'IAM.GetAccountAuthorizationDetails': 1, 'IAM.ListRoles': 1, 'KMS.DescribeKey': 1, 'KMS.GetKeyPolicy': 1, 'KMS.GetKeyRotationStatus': 1, 'KMS.ListAliases': 1, 'KMS.ListKeys': 1, 'Lambda.ListFunctions': 1, 'Logs.DescribeLogGroups': 1,
    'RDS.DescribeDBClusters': 1, 'RDS.DescribeDBInstances': 1, 'ResourceGroupsTaggingAPI.GetResources': 7,
    'S3.GetBucketEncryption': 1, 'S3.GetBucketLifecycleConfiguration': 1, 'S3.GetBucketOwnershipControls': 1, 'S3.GetBucketPolicy': 1, 'S3.GetBucketVersioning': 1, 'S3.GetPublicAccessBlock': 1, 'S3.ListBuckets': 1,
    'SNS.GetTopicAttributes': 1, 'SNS.ListTopics': 1, 'SQS.GetQueueAttributes': 2, 'SQS.ListQueueTags': 2, 'SQS.ListQueues': 1,
  },
  resources: resources.sort((a, b) => compare(a.type, b.type) || compare(a.region, b.region) || compare(a.physicalId, b.physicalId)),
}

const out = process.argv[2] ? resolve(process.argv[2]) : new URL('../test/fixtures/demo-snapshot.json', import.meta.url)
writeFileSync(out, `${JSON.stringify(sortKeys(snapshot), null, 2)}\n`)
