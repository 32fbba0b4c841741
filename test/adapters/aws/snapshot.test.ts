import {AutoScalingClient, DescribeAutoScalingGroupsCommand} from '@aws-sdk/client-auto-scaling'
import {CloudWatchClient, DescribeAlarmsCommand, ListTagsForResourceCommand} from '@aws-sdk/client-cloudwatch'
import {CloudWatchLogsClient, DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {
  type AvailabilityZone,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2'
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTaskDefinitionFamiliesCommand,
} from '@aws-sdk/client-ecs'
import {GetAccountAuthorizationDetailsCommand, type GetAccountAuthorizationDetailsCommandOutput, IAMClient, ListRolesCommand, type ListRolesCommandOutput} from '@aws-sdk/client-iam'
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  DescribeListenersCommand,
  type Listener,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient} from '@aws-sdk/client-rds'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {ListBucketsCommand, S3Client} from '@aws-sdk/client-s3'
import {ListTopicsCommand, SNSClient} from '@aws-sdk/client-sns'
import {DynamoDBClient, ListTablesCommand} from '@aws-sdk/client-dynamodb'
import {LambdaClient, ListFunctionsCommand} from '@aws-sdk/client-lambda'
import {ListQueuesCommand, SQSClient} from '@aws-sdk/client-sqs'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {KMSClient, ListAliasesCommand, ListKeysCommand} from '@aws-sdk/client-kms'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {readAwsSnapshot, type SnapshotProgress} from '../../../src/adapters/aws/snapshot.js'
import type {ReadInterest} from '../../../src/adapters/aws/read-context.js'
import {RESOURCE_TYPES} from '../../../src/core/resources/index.js'
import {elbv2Listener} from '../../../src/core/resources/elbv2-listener.js'
import {AwsError, ExitCode} from '../../../src/errors.js'
import {fixture} from './fixtures.js'
import {testNetwork} from '../../helpers/network.js'

const ec2 = mockClient(EC2Client)
const ecs = mockClient(ECSClient)
const rds = mockClient(RDSClient)
const cloudwatch = mockClient(CloudWatchClient)
const logs = mockClient(CloudWatchLogsClient)
const elbv2 = mockClient(ElasticLoadBalancingV2Client)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const sts = mockClient(STSClient)
const autoscaling = mockClient(AutoScalingClient)
const s3 = mockClient(S3Client)
const iam = mockClient(IAMClient)
const sqs = mockClient(SQSClient)
const sns = mockClient(SNSClient)
const dynamodb = mockClient(DynamoDBClient)
const lambda = mockClient(LambdaClient)
const kms = mockClient(KMSClient)

const ACCOUNT = '123456789012'
const clock = () => new Date('2026-11-23T06:00:00.000Z')

function read(types: string[], options: {regions?: string[]; allowPartial?: boolean; onProgress?: (event: SnapshotProgress) => void; interest?: ReadInterest} = {}) {
  const counter = new ApiCallCounter()
  const aws = awsClientFactory({maxAttempts: 1, counter, endpoint: 'http://127.0.0.1:9', network: testNetwork()})
  return readAwsSnapshot({
    regions: options.regions ?? ['us-east-1'],
    types,
    allowPartial: options.allowPartial ?? false,
    maxConcurrency: 4,
    clientsFor: (region) => aws.clientsFor({region}),
    counter,
    clock,
    onProgress: options.onProgress,
    interest: options.interest,
  })
}

/** An error as the SDK throws it for an AWS error response. */
function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), {name, $fault: 'client', $metadata: {httpStatusCode, attempts: 1}})
}

const inputs = <T>(calls: {args: [{input: T}]}[]) => calls.map((call) => call.args[0].input)

type Mock = typeof ec2 | typeof ecs | typeof rds | typeof cloudwatch | typeof tagging | typeof autoscaling | typeof iam | typeof elbv2

/**
 * Answers `command` with `answers` in turn and returns the inputs as they were at each call. (The SDK
 * paginators reuse one input object and set the token on it, so recorded calls would all show the last token.)
 */
function pages(mock: Mock, command: unknown, answers: object[]): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = []
  ;(mock as unknown as {on(command: unknown): {callsFake(fake: (input: Record<string, unknown>) => unknown): void}}).on(command).callsFake((input) => {
    seen.push(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)))
    if (seen.length > answers.length) throw new Error(`unexpected call ${seen.length}`)
    return structuredClone(answers[seen.length - 1])
  })
  return seen
}

function instances(count: number, offset = 0): Instance[] {
  return Array.from({length: count}, (_, index) => ({
    InstanceId: `i-${(offset + index).toString(16).padStart(17, '0')}`,
    InstanceType: 't3.micro',
    ImageId: 'ami-0abcdef1234567890',
    State: {Code: 16, Name: 'running'},
    Monitoring: {State: 'disabled'},
  }))
}

/** Zones as DescribeAvailabilityZones answers them for `region`. */
const zones = (region: string, ...letters: string[]): AvailabilityZone[] =>
  letters.map((letter) => ({ZoneName: `${region}${letter}`, RegionName: region, State: 'available', ZoneType: 'availability-zone', OptInStatus: 'opt-in-not-required'}))

beforeEach(() => {
  for (const mock of [ec2, ecs, rds, cloudwatch, elbv2, tagging, sts, autoscaling, s3, iam, sqs, logs, sns, dynamodb, lambda, kms]) mock.reset()
  sts.on(GetCallerIdentityCommand).resolves({Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/ci`, UserId: 'AIDAEXAMPLE'})
  ec2.on(DescribeAvailabilityZonesCommand).resolves({AvailabilityZones: zones('us-east-1', 'a', 'b')})
  // Every VPC has DNS support on and hostnames off (a new VPC's defaults), answered for the VPC and attribute asked.
  ec2.on(DescribeVpcAttributeCommand).callsFake(async ({VpcId, Attribute}: {VpcId: string; Attribute: string}) =>
    Attribute === 'enableDnsSupport' ? {VpcId, EnableDnsSupport: {Value: true}} : {VpcId, EnableDnsHostnames: {Value: false}},
  )
})

describe('readAwsSnapshot: EC2', () => {
  it('GIVEN two pages of VPCs, subnets and security groups WHEN read THEN each NextToken is followed with MaxResults 1000', async () => {
    const vpc = fixture<{Vpcs: object[]}>('ec2-describe-vpcs').Vpcs[0]
    const vpcCalls = pages(ec2, DescribeVpcsCommand, [{Vpcs: [vpc], NextToken: 'vpc-page-2'}, {Vpcs: [{...vpc, VpcId: 'vpc-2'}]}])
    const subnet = fixture<{Subnets: object[]}>('ec2-describe-subnets').Subnets[0]
    const subnetCalls = pages(ec2, DescribeSubnetsCommand, [{Subnets: [subnet], NextToken: 'subnet-page-2'}, {Subnets: [{...subnet, SubnetId: 'subnet-2'}]}])
    const group = fixture<{SecurityGroups: object[]}>('ec2-describe-security-groups').SecurityGroups[0]
    const groupCalls = pages(ec2, DescribeSecurityGroupsCommand, [{SecurityGroups: [group], NextToken: 'sg-page-2'}, {SecurityGroups: [{...group, GroupId: 'sg-2'}]}])

    const snapshot = await read(['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup'])

    expect(vpcCalls).toEqual([{MaxResults: 1000}, {MaxResults: 1000, NextToken: 'vpc-page-2'}])
    expect(subnetCalls).toEqual([{MaxResults: 1000}, {MaxResults: 1000, NextToken: 'subnet-page-2'}])
    expect(groupCalls).toEqual([{MaxResults: 1000}, {MaxResults: 1000, NextToken: 'sg-page-2'}])
    expect(snapshot.resources.map((resource) => resource.physicalId)).toEqual(['sg-0aaaaaaaaaaaaaaaa', 'sg-2', 'subnet-0aaa1111bbbb2222c', 'subnet-2', 'vpc-0123456789abcdef0', 'vpc-2'])
  })

  it('GIVEN 2,500 instances WHEN read THEN 3 DescribeInstances calls of 1000, live states only, and 2,500 resources', async () => {
    const calls = pages(ec2, DescribeInstancesCommand, [
      {Reservations: [{OwnerId: ACCOUNT, Instances: instances(1000)}], NextToken: 'p2'},
      {Reservations: [{OwnerId: ACCOUNT, Instances: instances(1000, 1000)}], NextToken: 'p3'},
      {Reservations: [{OwnerId: ACCOUNT, Instances: instances(500, 2000)}]},
    ])

    const snapshot = await read(['AWS::EC2::Instance'])

    expect(calls).toHaveLength(3)
    const filter = [{Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped']}]
    expect(calls).toEqual([
      {MaxResults: 1000, Filters: filter},
      {MaxResults: 1000, Filters: filter, NextToken: 'p2'},
      {MaxResults: 1000, Filters: filter, NextToken: 'p3'},
    ])
    expect(snapshot.resources).toHaveLength(2500)
    expect(snapshot.resources[0].arn).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-00000000000000000`)
    // SPEC 9: well under 0.05 calls per resource (3 reads + 1 DescribeAvailabilityZones + 1 STS identity call for 2,500 resources).
    expect(ec2.calls().length + sts.calls().length).toBe(5)
  })
})

describe('readAwsSnapshot: availability zones (for !GetAZs)', () => {
  const zoneCalls = () => ec2.commandCalls(DescribeAvailabilityZonesCommand)

  it('GIVEN subnets asked for in two regions WHEN read THEN one DescribeAvailabilityZones per region, and each region’s available zones, alphabetical', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({Subnets: []})
    ec2.on(DescribeVpcsCommand).resolves({Vpcs: []})
    const localZone = {ZoneName: 'us-west-2-lax-1a', RegionName: 'us-west-2', State: 'available', ZoneType: 'local-zone', OptInStatus: 'opted-in'}
    const impaired = {...zones('us-west-2', 'd')[0], State: 'impaired'}
    ec2.on(DescribeAvailabilityZonesCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region()
      return {AvailabilityZones: region === 'us-west-2' ? [...zones('us-west-2', 'c', 'a', 'b'), localZone, impaired] : zones('eu-west-1', 'b', 'a')}
    })

    const snapshot = await read(['AWS::EC2::Subnet', 'AWS::EC2::VPC'], {regions: ['us-west-2', 'eu-west-1']})

    expect(zoneCalls()).toHaveLength(2)
    expect(zoneCalls().map((call) => call.args[0].input)).toEqual([{}, {}])
    expect(snapshot.availabilityZones).toEqual({'eu-west-1': ['eu-west-1a', 'eu-west-1b'], 'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c']})
  })

  it('GIVEN only instances asked for WHEN read THEN the zones are read too', async () => {
    ec2.on(DescribeInstancesCommand).resolves({Reservations: []})
    const snapshot = await read(['AWS::EC2::Instance'])
    expect(zoneCalls()).toHaveLength(1)
    expect(snapshot.availabilityZones).toEqual({'us-east-1': ['us-east-1a', 'us-east-1b']})
  })

  it('GIVEN neither subnets nor instances asked for WHEN read THEN the zones are not read and the snapshot has none', async () => {
    ec2.on(DescribeVpcsCommand).resolves({Vpcs: []})
    ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []})
    const snapshot = await read(['AWS::EC2::VPC', 'AWS::EC2::SecurityGroup'], {regions: ['us-east-1', 'eu-west-1']})
    expect(zoneCalls()).toHaveLength(0)
    expect(snapshot).not.toHaveProperty('availabilityZones')
  })

  it('GIVEN DescribeAvailabilityZones is denied WHEN read with allowPartial THEN the snapshot is written without zones and every type is read', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({Subnets: []})
    ec2.on(DescribeAvailabilityZonesCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403))

    const snapshot = await read(['AWS::EC2::Subnet'], {allowPartial: true})

    expect(snapshot).not.toHaveProperty('availabilityZones')
    expect(snapshot.types).toEqual(['AWS::EC2::Subnet'])
    expect(snapshot.unread).toEqual([])
  })

  it('GIVEN DescribeAvailabilityZones is denied WHEN read without allowPartial THEN the run fails naming the zones and pointing at --allow-partial', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({Subnets: []})
    ec2.on(DescribeAvailabilityZonesCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403))

    const error = (await read(['AWS::EC2::Subnet']).catch((error_: unknown) => error_)) as AwsError

    expect(error).toBeInstanceOf(AwsError)
    expect(error.message).toMatch(/^could not read availability zones in us-east-1: .*ec2:DescribeAvailabilityZones/)
    expect(error.hint).toContain('--allow-partial')
  })
})

describe('readAwsSnapshot: ECS', () => {
  const clusterArn = (name: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/${name}`
  const serviceArn = (cluster: string, name: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:service/${cluster}/${name}`

  it('GIVEN clusters on two pages WHEN clusters are read THEN ListClusters follows nextToken and DescribeClusters asks for TAGS and SETTINGS', async () => {
    const listCalls = pages(ecs, ListClustersCommand, [{clusterArns: [clusterArn('a')], nextToken: 'c2'}, {clusterArns: [clusterArn('b')]}])
    ecs.on(DescribeClustersCommand).callsFake((input: {clusters: string[]}) => ({
      clusters: input.clusters.map((arn) => ({clusterArn: arn, clusterName: arn.split('/')[1], status: 'ACTIVE', tags: [], settings: []})),
      failures: [],
    }))

    const snapshot = await read(['AWS::ECS::Cluster'])

    expect(listCalls).toEqual([{maxResults: 100}, {maxResults: 100, nextToken: 'c2'}])
    expect(inputs(ecs.commandCalls(DescribeClustersCommand))).toEqual([{clusters: [clusterArn('a'), clusterArn('b')], include: ['TAGS', 'SETTINGS', 'CONFIGURATIONS']}])
    expect(snapshot.resources.map((resource) => resource.physicalId)).toEqual(['a', 'b'])
  })

  it('GIVEN 25 services on two ListServices pages WHEN services are read THEN DescribeServices is called 3 times (10, 10, 5) with TAGS', async () => {
    ecs.on(ListClustersCommand).resolves({clusterArns: [clusterArn('prod')]})
    const names = Array.from({length: 25}, (_, index) => `svc-${String(index).padStart(2, '0')}`)
    const listCalls = pages(ecs, ListServicesCommand, [
      {serviceArns: names.slice(0, 20).map((name) => serviceArn('prod', name)), nextToken: 's2'},
      {serviceArns: names.slice(20).map((name) => serviceArn('prod', name))},
    ])
    const template = fixture<{services: object[]}>('ecs-describe-services').services[0]
    ecs.on(DescribeServicesCommand).callsFake((input: {services: string[]}) => ({
      services: input.services.map((arn) => ({...template, serviceArn: arn, serviceName: arn.split('/')[2]})),
      failures: [],
    }))

    const snapshot = await read(['AWS::ECS::Service'])

    expect(listCalls).toEqual([
      {cluster: clusterArn('prod'), maxResults: 100},
      {cluster: clusterArn('prod'), maxResults: 100, nextToken: 's2'},
    ])
    const describes = inputs(ecs.commandCalls(DescribeServicesCommand)) as {cluster: string; services: string[]; include: string[]}[]
    expect(describes.map((input) => input.services.length)).toEqual([10, 10, 5])
    expect(describes.every((input) => input.cluster === clusterArn('prod') && input.include.join() === 'TAGS')).toBe(true)
    expect(snapshot.resources).toHaveLength(25)
    expect(snapshot.resources[0].tags).toEqual({team: 'web'})
    // The task definitions were not asked for: none is described.
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0)
  })

  it('GIVEN task definition families on two pages WHEN task definitions are read THEN each ACTIVE family is described once by name, with TAGS', async () => {
    const listCalls = pages(ecs, ListTaskDefinitionFamiliesCommand, [{families: ['api'], nextToken: 'f2'}, {families: ['web']}])
    const answer = fixture<{taskDefinition: {family: string}; tags: object[]}>('ecs-describe-task-definition')
    ecs.on(DescribeTaskDefinitionCommand).callsFake((input: {taskDefinition: string}) => ({
      taskDefinition: {...answer.taskDefinition, family: input.taskDefinition, taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${input.taskDefinition}:3`},
      tags: answer.tags,
    }))

    const snapshot = await read(['AWS::ECS::TaskDefinition'])

    expect(listCalls).toEqual([
      {status: 'ACTIVE', maxResults: 100},
      {status: 'ACTIVE', maxResults: 100, nextToken: 'f2'},
    ])
    expect(inputs(ecs.commandCalls(DescribeTaskDefinitionCommand))).toEqual([
      {taskDefinition: 'api', include: ['TAGS']},
      {taskDefinition: 'web', include: ['TAGS']},
    ])
    expect(snapshot.resources.map((resource) => resource.properties.Family)).toEqual(['api', 'web'])
  })
})

describe('readAwsSnapshot: RDS and CloudWatch', () => {
  it('GIVEN DB instances and clusters on two pages WHEN read THEN Marker is followed with MaxRecords 100 and tags come inline', async () => {
    const instance = fixture<{DBInstances: object[]}>('rds-describe-db-instances').DBInstances[0]
    const instanceCalls = pages(rds, DescribeDBInstancesCommand, [{DBInstances: [instance], Marker: 'm2'}, {DBInstances: [{...instance, DBInstanceIdentifier: 'b-db'}]}])
    const cluster = fixture<{DBClusters: object[]}>('rds-describe-db-clusters').DBClusters[0]
    const clusterCalls = pages(rds, DescribeDBClustersCommand, [{DBClusters: [cluster], Marker: 'k2'}, {DBClusters: [{...cluster, DBClusterIdentifier: 'docs', Engine: 'docdb'}]}])

    const snapshot = await read(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'])

    expect(instanceCalls).toEqual([{MaxRecords: 100}, {MaxRecords: 100, Marker: 'm2'}])
    expect(clusterCalls).toEqual([{MaxRecords: 100}, {MaxRecords: 100, Marker: 'k2'}])
    // A DocumentDB cluster answers through the RDS API but is not an AWS::RDS::DBCluster.
    expect(snapshot.resources.map((resource) => `${resource.type} ${resource.physicalId}`)).toEqual([
      'AWS::RDS::DBCluster app-aurora',
      'AWS::RDS::DBInstance b-db',
      'AWS::RDS::DBInstance orders-db',
    ])
    expect(snapshot.resources[2].tags).toEqual({team: 'orders'})
  })

  it('GIVEN alarms and their tags on two pages each WHEN read THEN tags come from GetResources 100 per page, never one call per alarm', async () => {
    const alarm = fixture<{MetricAlarms: {AlarmName: string; AlarmArn: string}[]}>('cloudwatch-describe-alarms').MetricAlarms[0]
    const other = {...alarm, AlarmName: 'api-5xx', AlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:api-5xx`}
    const alarmCalls = pages(cloudwatch, DescribeAlarmsCommand, [{MetricAlarms: [alarm], NextToken: 'a2'}, {MetricAlarms: [other]}])
    const tagCalls = pages(tagging, GetResourcesCommand, [
      {ResourceTagMappingList: [{ResourceARN: other.AlarmArn, Tags: [{Key: 'team', Value: 'api'}]}], PaginationToken: 't2'},
      // The last page of GetResources carries an empty token, as AWS sends it.
      fixture('tagging-get-resources-alarms'),
    ])

    const snapshot = await read(['AWS::CloudWatch::Alarm'])

    expect(alarmCalls).toEqual([
      {AlarmTypes: ['MetricAlarm'], MaxRecords: 100},
      {AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: 'a2'},
    ])
    expect(tagCalls).toEqual([
      {ResourceTypeFilters: ['cloudwatch:alarm'], ResourcesPerPage: 100},
      {ResourceTypeFilters: ['cloudwatch:alarm'], ResourcesPerPage: 100, PaginationToken: 't2'},
    ])
    expect(cloudwatch.commandCalls(ListTagsForResourceCommand)).toHaveLength(0)
    expect(Object.fromEntries(snapshot.resources.map((resource) => [resource.physicalId, resource.tags]))).toEqual({
      'api-5xx': {team: 'api'},
      'web-cpu-high': {team: 'web', 'aws:cloudformation:logical-id': 'WebCpuAlarm'},
    })
  })
})

describe('readAwsSnapshot: Auto Scaling', () => {
  it('GIVEN groups on two pages WHEN read THEN NextToken is followed with MaxRecords 100 and tags come inline: one call per page, none per group', async () => {
    const group = fixture<{AutoScalingGroups: {AutoScalingGroupName: string}[]}>('autoscaling-describe-auto-scaling-groups').AutoScalingGroups[0]
    const calls = pages(autoscaling, DescribeAutoScalingGroupsCommand, [{AutoScalingGroups: [group], NextToken: 'n2'}, {AutoScalingGroups: [{...group, AutoScalingGroupName: 'batch', Tags: []}]}])

    const snapshot = await read(['AWS::AutoScaling::AutoScalingGroup'])

    expect(calls).toEqual([{MaxRecords: 100}, {MaxRecords: 100, NextToken: 'n2'}])
    expect(autoscaling.calls()).toHaveLength(2)
    expect(Object.fromEntries(snapshot.resources.map((resource) => [resource.physicalId, resource.tags.Owner ?? null]))).toEqual({batch: null, 'ecs-capacity-prod': 'platform'})
  })
})

describe('readAwsSnapshot: IAM (account-global)', () => {
  const details = fixture<GetAccountAuthorizationDetailsCommandOutput>('iam-get-account-authorization-details')
  const listed = fixture<ListRolesCommandOutput>('iam-list-roles')
  const [execution, serviceLinked, deployer] = details.RoleDetailList!

  it('GIVEN roles on two pages of each call WHEN read in two regions THEN IAM is read once, 1,000 per page, AWS-owned roles left out, ListRoles adding the session length', async () => {
    const detailCalls = pages(iam, GetAccountAuthorizationDetailsCommand, [
      {RoleDetailList: [execution, serviceLinked], Policies: [], IsTruncated: true, Marker: 'm2'},
      {RoleDetailList: [deployer], Policies: details.Policies, IsTruncated: false},
    ])
    const listCalls = pages(iam, ListRolesCommand, [{Roles: listed.Roles!.slice(0, 2), IsTruncated: true, Marker: 'r2'}, {Roles: listed.Roles!.slice(2), IsTruncated: false}])
    const events: SnapshotProgress[] = []

    const snapshot = await read(['AWS::IAM::Role'], {regions: ['us-west-2', 'eu-west-1'], onProgress: (event) => events.push(event)})

    expect(detailCalls).toEqual([
      {Filter: ['Role', 'LocalManagedPolicy'], MaxItems: 1000},
      {Filter: ['Role', 'LocalManagedPolicy'], MaxItems: 1000, Marker: 'm2'},
    ])
    expect(listCalls).toEqual([{MaxItems: 1000}, {MaxItems: 1000, Marker: 'r2'}])
    expect(snapshot.resources.map((resource) => `${resource.region}/${resource.physicalId} ${String(resource.properties.MaxSessionDuration)}`)).toEqual([
      'us-west-2/deployer 7200',
      'us-west-2/web-task-execution 3600',
    ])
    expect(events.map((event) => `${event.service} ${event.region} ${event.resources}`)).toEqual(['iam us-west-2 2'])
  })

  it('GIVEN roles and customer managed policies on two pages WHEN both types are read THEN one paginated GetAccountAuthorizationDetails answers both (no call of the policies\' own), each policy with the roles attached to it', async () => {
    const detailCalls = pages(iam, GetAccountAuthorizationDetailsCommand, [
      {RoleDetailList: [execution, serviceLinked], Policies: [], IsTruncated: true, Marker: 'm2'},
      {RoleDetailList: [deployer], Policies: details.Policies, IsTruncated: false},
    ])
    iam.on(ListRolesCommand).resolves({Roles: listed.Roles, IsTruncated: false})

    const snapshot = await read(['AWS::IAM::Role', 'AWS::IAM::ManagedPolicy'], {regions: ['us-west-2', 'eu-west-1']})

    // Two pages of one read, not one read per type.
    expect(detailCalls).toEqual([
      {Filter: ['Role', 'LocalManagedPolicy'], MaxItems: 1000},
      {Filter: ['Role', 'LocalManagedPolicy'], MaxItems: 1000, Marker: 'm2'},
    ])
    expect(snapshot.resources.filter((resource) => resource.type === 'AWS::IAM::ManagedPolicy').map((resource) => [resource.region, resource.physicalId, resource.properties.Roles])).toEqual([
      ['us-west-2', 'arn:aws:iam::123456789012:policy/artifact-read', ['deployer']],
    ])
  })

  it('GIVEN IAM denies GetAccountAuthorizationDetails WHEN read in two regions with allowPartial THEN roles are unread once, named by the IAM action', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:GetAccountAuthorizationDetails', 403))
    iam.on(ListRolesCommand).resolves({Roles: []})
    ec2.on(DescribeVpcsCommand).resolves({Vpcs: []})

    const snapshot = await read(['AWS::IAM::Role', 'AWS::EC2::VPC'], {regions: ['us-east-1', 'eu-west-1'], allowPartial: true})

    expect(snapshot.unread).toEqual([{type: 'AWS::IAM::Role', region: 'us-east-1', reason: 'AccessDenied (iam:GetAccountAuthorizationDetails)'}])
    expect(snapshot.types).toEqual(['AWS::EC2::VPC'])
  })
})

describe('readAwsSnapshot: ELBv2', () => {
  const template = fixture<{LoadBalancers: LoadBalancer[]}>('elbv2-describe-load-balancers').LoadBalancers[0]
  const balancers = (count: number, offset = 0): LoadBalancer[] =>
    Array.from({length: count}, (_, index) => ({
      ...template,
      LoadBalancerName: `lb-${offset + index}`,
      LoadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/lb-${offset + index}/${(offset + index).toString(16).padStart(16, '0')}`,
    }))

  it('GIVEN 401 load balancers, two of them wanted WHEN read THEN 2 pages of 400, 21 DescribeTags of up to 20 ARNs, and attributes for the two only', async () => {
    const calls = pages(elbv2, DescribeLoadBalancersCommand, [{LoadBalancers: balancers(400), NextMarker: 'm2'}, {LoadBalancers: balancers(1, 400)}])
    elbv2.on(DescribeTagsCommand).callsFake((input: {ResourceArns: string[]}) => ({TagDescriptions: input.ResourceArns.map((arn) => ({ResourceArn: arn, Tags: [{Key: 'Name', Value: arn.split('/')[2]}]}))}))
    elbv2.on(DescribeLoadBalancerAttributesCommand).resolves(fixture('elbv2-describe-load-balancer-attributes'))
    const wanted = new Set(['lb-7', 'lb-400'])

    const snapshot = await read(['AWS::ElasticLoadBalancingV2::LoadBalancer'], {interest: () => (candidate) => wanted.has(String(candidate.properties.Name))})

    expect(calls).toEqual([{PageSize: 400}, {PageSize: 400, Marker: 'm2'}])
    const tagBatches = elbv2.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns?.length)
    expect(tagBatches).toEqual([...Array.from({length: 20}, () => 20), 1])
    expect(inputs(elbv2.commandCalls(DescribeLoadBalancerAttributesCommand)).map((input) => input.LoadBalancerArn?.split('/')[2]).sort()).toEqual(['lb-400', 'lb-7'])
    expect(snapshot.resources).toHaveLength(401)
    const byName = new Map(snapshot.resources.map((resource) => [resource.properties.Name, resource]))
    expect(byName.get('lb-7')?.properties.LoadBalancerAttributes).toContainEqual({Key: 'deletion_protection.enabled', Value: 'false'})
    expect(byName.get('lb-8')?.properties).not.toHaveProperty('LoadBalancerAttributes')
    expect(byName.get('lb-8')?.tags).toEqual({Name: 'lb-8'})
  })

  it('GIVEN 401 target groups, one wanted WHEN read THEN 2 pages of 400, 21 DescribeTags of up to 20 ARNs, and attributes for that one only', async () => {
    const group = fixture<{TargetGroups: TargetGroup[]}>('elbv2-describe-target-groups').TargetGroups[0]
    const groups = (count: number, offset = 0): TargetGroup[] =>
      Array.from({length: count}, (_, index) => ({
        ...group,
        TargetGroupName: `tg-${offset + index}`,
        TargetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/tg-${offset + index}/${(offset + index).toString(16).padStart(16, '0')}`,
      }))
    const calls = pages(elbv2, DescribeTargetGroupsCommand, [{TargetGroups: groups(400), NextMarker: 'm2'}, {TargetGroups: groups(1, 400)}])
    elbv2.on(DescribeTagsCommand).callsFake((input: {ResourceArns: string[]}) => ({TagDescriptions: input.ResourceArns.map((arn) => ({ResourceArn: arn, Tags: [{Key: 'Team', Value: arn.split('/')[1]}]}))}))
    elbv2.on(DescribeTargetGroupAttributesCommand).resolves(fixture('elbv2-describe-target-group-attributes'))

    const snapshot = await read(['AWS::ElasticLoadBalancingV2::TargetGroup'], {interest: () => (candidate) => candidate.properties.Name === 'tg-400'})

    expect(calls).toEqual([{PageSize: 400}, {PageSize: 400, Marker: 'm2'}])
    expect(elbv2.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns?.length)).toEqual([...Array.from({length: 20}, () => 20), 1])
    expect(inputs(elbv2.commandCalls(DescribeTargetGroupAttributesCommand))).toEqual([{TargetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/tg-400/${(400).toString(16).padStart(16, '0')}`}])
    expect(elbv2.commandCalls(DescribeLoadBalancersCommand)).toHaveLength(0)
    const byName = new Map(snapshot.resources.map((resource) => [resource.properties.Name, resource]))
    expect(snapshot.resources).toHaveLength(401)
    expect(byName.get('tg-400')?.properties.TargetGroupAttributes).toContainEqual({Key: 'deregistration_delay.timeout_seconds', Value: '30'})
    expect(byName.get('tg-3')?.properties).not.toHaveProperty('TargetGroupAttributes')
    expect(byName.get('tg-3')).toMatchObject({tags: {Team: 'tg-3'}, properties: {HealthCheckPath: '/health', Port: 8080}})
  })

  it('GIVEN 401 load balancers, two wanted, with listeners WHEN load balancers and listeners are read THEN the list and its tags once for both, DescribeListeners for the two only, listener tags 20 a call', async () => {
    const calls = pages(elbv2, DescribeLoadBalancersCommand, [{LoadBalancers: balancers(400), NextMarker: 'm2'}, {LoadBalancers: balancers(1, 400)}])
    elbv2.on(DescribeTagsCommand).callsFake((input: {ResourceArns: string[]}) => ({TagDescriptions: input.ResourceArns.map((arn) => ({ResourceArn: arn, Tags: [{Key: 'Name', Value: arn.split('/')[2]}]}))}))
    elbv2.on(DescribeLoadBalancerAttributesCommand).resolves(fixture('elbv2-describe-load-balancer-attributes'))
    const [httpsListener, httpListener] = fixture<{Listeners: Listener[]}>('elbv2-describe-listeners').Listeners
    const listenersOf = (arn: string) =>
      [httpsListener, httpListener].map((listener) => ({...listener, LoadBalancerArn: arn, ListenerArn: `${arn.replace(':loadbalancer/', ':listener/')}/${String(listener.Port)}`}))
    // lb-7's listeners come in two pages (the API pages at 400; Marker as the SDK sends it).
    const listenerCalls: Array<Record<string, unknown>> = []
    elbv2.on(DescribeListenersCommand).callsFake((input: {LoadBalancerArn: string; Marker?: string; PageSize?: number}) => {
      listenerCalls.push({...input})
      const [first, second] = listenersOf(input.LoadBalancerArn)
      if (!input.LoadBalancerArn.includes('/lb-7/')) return {Listeners: [first, second]}
      return input.Marker ? {Listeners: [second]} : {Listeners: [first], NextMarker: 'l2'}
    })
    const wanted = new Set(['lb-7', 'lb-400'])

    const snapshot = await read(['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener'], {
      interest: () => (candidate) => candidate.type === 'AWS::ElasticLoadBalancingV2::Listener' || wanted.has(String(candidate.properties.Name)),
    })

    expect(calls).toEqual([{PageSize: 400}, {PageSize: 400, Marker: 'm2'}])
    // 21 DescribeTags for the 401 load balancers (shared by both types), then one for the four listeners.
    expect(elbv2.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns?.length)).toEqual([...Array.from({length: 20}, () => 20), 1, 4])
    expect(listenerCalls.map((input) => `${String(input.LoadBalancerArn).split('/')[2]} PageSize=${String(input.PageSize)} Marker=${String(input.Marker)}`).sort()).toEqual([
      'lb-400 PageSize=400 Marker=undefined',
      'lb-7 PageSize=400 Marker=l2',
      'lb-7 PageSize=400 Marker=undefined',
    ])
    const listeners = snapshot.resources.filter((resource) => resource.type === 'AWS::ElasticLoadBalancingV2::Listener')
    expect(listeners.map((listener) => `${elbv2Listener.displayName(listener)} ${String(listener.properties.Protocol)}`).sort()).toEqual(['lb-400:443 HTTPS', 'lb-400:80 HTTP', 'lb-7:443 HTTPS', 'lb-7:80 HTTP'])
    expect(listeners[0].tags).toEqual({Name: expect.stringMatching(/^lb-/)})
  })

  it('GIVEN no load balancer wanted WHEN listeners are read THEN no DescribeListeners and no listener tags', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({LoadBalancers: balancers(3)})
    elbv2.on(DescribeTagsCommand).callsFake((input: {ResourceArns: string[]}) => ({TagDescriptions: input.ResourceArns.map((arn) => ({ResourceArn: arn, Tags: []}))}))
    const snapshot = await read(['AWS::ElasticLoadBalancingV2::Listener'], {interest: () => () => false})
    expect(snapshot.resources).toEqual([])
    expect(elbv2.commandCalls(DescribeListenersCommand)).toHaveLength(0)
    expect(elbv2.commandCalls(DescribeTagsCommand)).toHaveLength(1)
  })

  it('GIVEN no load balancer WHEN read THEN one DescribeLoadBalancers and nothing else', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({LoadBalancers: []})
    const snapshot = await read(['AWS::ElasticLoadBalancingV2::LoadBalancer'])
    expect(snapshot.resources).toEqual([])
    expect(elbv2.calls()).toHaveLength(1)
  })
})

describe('readAwsSnapshot: scope, order and progress', () => {
  it('GIVEN only VPCs asked for in two regions WHEN read THEN no other service is called and resources are sorted by type, region, id', async () => {
    ec2.on(DescribeVpcsCommand).callsFake(async () => ({Vpcs: [{VpcId: 'vpc-b'}, {VpcId: 'vpc-a'}]}))
    const events: SnapshotProgress[] = []

    const snapshot = await read(['AWS::EC2::VPC'], {regions: ['us-west-2', 'eu-west-1'], onProgress: (event) => events.push(event)})

    expect(ecs.calls().length + rds.calls().length + cloudwatch.calls().length + tagging.calls().length).toBe(0)
    expect(snapshot.resources.map((resource) => `${resource.region}/${resource.physicalId}`)).toEqual(['eu-west-1/vpc-a', 'eu-west-1/vpc-b', 'us-west-2/vpc-a', 'us-west-2/vpc-b'])
    expect(snapshot).toMatchObject({schemaVersion: 1, readAt: '2026-11-23T06:00:00.000Z', regions: ['eu-west-1', 'us-west-2'], accountId: ACCOUNT, types: ['AWS::EC2::VPC'], unread: []})
    expect(events.map((event) => `${event.service} ${event.type} ${event.region} ${event.resources}`).sort()).toEqual([
      'ec2 AWS::EC2::VPC eu-west-1 2',
      'ec2 AWS::EC2::VPC us-west-2 2',
    ])
  })

  it('GIVEN STS refuses GetCallerIdentity WHEN read THEN the snapshot is still written, without accountId', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('AccessDenied', 'not authorized', 403))
    ec2.on(DescribeVpcsCommand).resolves({Vpcs: []})
    const snapshot = await read(['AWS::EC2::VPC'])
    expect(snapshot).not.toHaveProperty('accountId')
  })
})

describe('readAwsSnapshot: failures', () => {
  function everyServiceAnswersEmpty() {
    ec2.on(DescribeVpcsCommand).resolves({Vpcs: [{VpcId: 'vpc-1'}]})
    ec2.on(DescribeSubnetsCommand).resolves({Subnets: []})
    ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []})
    ec2.on(DescribeInstancesCommand).resolves({Reservations: []})
    ecs.on(ListClustersCommand).resolves({clusterArns: []})
    ecs.on(ListTaskDefinitionFamiliesCommand).resolves({families: []})
    rds.on(DescribeDBClustersCommand).resolves({DBClusters: []})
    cloudwatch.on(DescribeAlarmsCommand).resolves({MetricAlarms: []})
    logs.on(DescribeLogGroupsCommand).resolves({logGroups: []})
    elbv2.on(DescribeLoadBalancersCommand).resolves({LoadBalancers: []})
    elbv2.on(DescribeTargetGroupsCommand).resolves({TargetGroups: []})
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: []})
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({AutoScalingGroups: []})
    s3.on(ListBucketsCommand).resolves({Buckets: []})
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({RoleDetailList: [], Policies: [], IsTruncated: false})
    iam.on(ListRolesCommand).resolves({Roles: [], IsTruncated: false})
    sqs.on(ListQueuesCommand).resolves({})
    sns.on(ListTopicsCommand).resolves({})
    dynamodb.on(ListTablesCommand).resolves({})
    lambda.on(ListFunctionsCommand).resolves({Functions: []})
    kms.on(ListKeysCommand).resolves({Keys: [], Truncated: false})
    kms.on(ListAliasesCommand).resolves({Aliases: [], Truncated: false})
  }

  const denied = () => awsError('AccessDenied', `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: rds:DescribeDBInstances`, 403)
  const allTypes = RESOURCE_TYPES.map((module) => module.type)

  it('GIVEN RDS denies DescribeDBInstances WHEN read without allowPartial THEN the run fails with exit 3 naming the type, region and IAM action', async () => {
    everyServiceAnswersEmpty()
    rds.on(DescribeDBInstancesCommand).rejects(denied())

    const error = (await read(allTypes).catch((error_: unknown) => error_)) as AwsError

    expect(error).toBeInstanceOf(AwsError)
    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.message).toBe('could not read AWS::RDS::DBInstance in us-east-1: AccessDenied (rds:DescribeDBInstances)')
    expect(error.hint).toContain('--allow-partial')
  })

  it('GIVEN RDS denies DescribeDBInstances WHEN read with allowPartial THEN the type is unread and everything else is returned', async () => {
    everyServiceAnswersEmpty()
    rds.on(DescribeDBInstancesCommand).rejects(denied())

    const snapshot = await read(allTypes, {allowPartial: true})

    expect(snapshot.unread).toEqual([{type: 'AWS::RDS::DBInstance', region: 'us-east-1', reason: 'AccessDenied (rds:DescribeDBInstances)'}])
    expect(snapshot.types).not.toContain('AWS::RDS::DBInstance')
    expect(snapshot.types).toHaveLength(allTypes.length - 1)
    expect(snapshot.resources.map((resource) => resource.physicalId)).toEqual(['vpc-1'])
  })

  it('GIVEN the tagging API is denied WHEN alarms are read THEN alarms are unread, not silently untagged', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({MetricAlarms: [{AlarmName: 'x'}]})
    tagging.on(GetResourcesCommand).rejects(awsError('AccessDeniedException', 'no', 400))
    ec2.on(DescribeVpcsCommand).resolves({Vpcs: []})

    const snapshot = await read(['AWS::CloudWatch::Alarm', 'AWS::EC2::VPC'], {allowPartial: true})

    expect(snapshot.unread).toEqual([{type: 'AWS::CloudWatch::Alarm', region: 'us-east-1', reason: 'AccessDenied (tag:GetResources)'}])
  })

  it('GIVEN an expired session WHEN read, even with allowPartial THEN one line says the credentials expired, exit 3', async () => {
    const expired = () => awsError('ExpiredToken', 'The security token included in the request is expired', 400)
    ec2.on(DescribeVpcsCommand).rejects(expired())
    ec2.on(DescribeSubnetsCommand).rejects(expired())
    ec2.on(DescribeAvailabilityZonesCommand).rejects(expired())

    const error = (await read(['AWS::EC2::VPC', 'AWS::EC2::Subnet'], {allowPartial: true}).catch((error_: unknown) => error_)) as AwsError

    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.line).toMatch(/^AWS refused the credentials for EC2 Describe(Vpcs|Subnets) in us-east-1: expired credentials \(renew the session/)
  })

  it('GIVEN a bug in our own code (not an AWS failure) WHEN read THEN it surfaces unchanged instead of being called unreadable', async () => {
    ec2.on(DescribeVpcsCommand).rejects(new TypeError('cannot read properties of undefined'))
    await expect(read(['AWS::EC2::VPC'], {allowPartial: true})).rejects.toThrow(TypeError)
  })
})
