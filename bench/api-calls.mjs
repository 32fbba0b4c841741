// Part 2 of `npm run bench`: the real readers (dist/adapters/aws) against aws-sdk-client-mock answering with
// AWS's response shapes and page sizes after a fixed latency. Shows API calls per resource, and wall time
// against the sum of call latencies (services and regions read in parallel).

import {CloudWatchClient, DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeAvailabilityZonesCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, ListClustersCommand, ListServicesCommand, ListTaskDefinitionFamiliesCommand} from '@aws-sdk/client-ecs'
import {DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient} from '@aws-sdk/client-rds'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {mockClient} from 'aws-sdk-client-mock'
import {performance} from 'node:perf_hooks'

import {ApiCallCounter, awsClientFactory} from '../dist/adapters/aws/clients.js'
import {readAwsSnapshot} from '../dist/adapters/aws/snapshot.js'
import {RESOURCE_TYPES} from '../dist/core/resources/index.js'

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20)
const REGIONS = ['us-east-1', 'eu-west-1']
const ACCOUNT = '123456789012'
/** Per region; two regions make an estate of 5,000 resources. */
const PER_REGION = {vpcs: 50, subnets: 300, groups: 300, instances: 1000, clusters: 20, families: 30, services: 300, dbClusters: 50, dbInstances: 100, alarms: 350}

let calls = 0
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
  }
}

const estates = Object.fromEntries(REGIONS.map((region) => [region, estate(region)]))
const resourcesPerRegion = Object.values(PER_REGION).reduce((sum, count) => sum + count, 0)

/** Each mocked call waits LATENCY_MS and answers for the region of the client that sent it. */
function answer(mock, command, respond) {
  mock.on(command).callsFake(async (input, getClient) => {
    calls += 1
    await sleep(LATENCY_MS)
    const region = await getClient().config.region()
    return respond(input, estates[region], region)
  })
}

const ec2 = mockClient(EC2Client)
answer(ec2, DescribeVpcsCommand, (input, e) => ((p) => ({Vpcs: p.items, NextToken: p.next}))(page(e.vpcs, input.MaxResults, input.NextToken)))
answer(ec2, DescribeSubnetsCommand, (input, e) => ((p) => ({Subnets: p.items, NextToken: p.next}))(page(e.subnets, input.MaxResults, input.NextToken)))
answer(ec2, DescribeSecurityGroupsCommand, (input, e) => ((p) => ({SecurityGroups: p.items, NextToken: p.next}))(page(e.groups, input.MaxResults, input.NextToken)))
answer(ec2, DescribeInstancesCommand, (input, e) => ((p) => ({Reservations: [{Instances: p.items}], NextToken: p.next}))(page(e.instances, input.MaxResults, input.NextToken)))
answer(ec2, DescribeAvailabilityZonesCommand, (_input, _e, region) => ({AvailabilityZones: ['a', 'b', 'c'].map((letter) => ({ZoneName: `${region}${letter}`, ZoneType: 'availability-zone', State: 'available', RegionName: region}))}))
const ecs = mockClient(ECSClient)
answer(ecs, ListClustersCommand, (input, e) => ((p) => ({clusterArns: p.items, nextToken: p.next}))(page(e.clusterArns, input.maxResults, input.nextToken)))
answer(ecs, DescribeClustersCommand, (input) => ({clusters: input.clusters.map((arn) => ({clusterArn: arn, clusterName: arn.split('/').at(-1), status: 'ACTIVE', tags: [], settings: []})), failures: []}))
answer(ecs, ListServicesCommand, (input, e) => ((p) => ({serviceArns: p.items, nextToken: p.next}))(page(e.services[input.cluster], input.maxResults, input.nextToken)))
answer(ecs, DescribeServicesCommand, (input) => ({
  services: input.services.map((arn) => ({serviceArn: arn, serviceName: arn.split('/').at(-1), clusterArn: input.cluster, desiredCount: 2, status: 'ACTIVE', taskDefinition: `${arn.replace(/:service\/.*/, ':task-definition/family-0:1')}`, tags: []})),
  failures: [],
}))
answer(ecs, ListTaskDefinitionFamiliesCommand, (input, e) => ((p) => ({families: p.items, nextToken: p.next}))(page(e.families, input.maxResults, input.nextToken)))
answer(ecs, DescribeTaskDefinitionCommand, (input, _e, region) => ({taskDefinition: {taskDefinitionArn: `arn:aws:ecs:${region}:${ACCOUNT}:task-definition/${input.taskDefinition}:1`, family: input.taskDefinition, revision: 1, status: 'ACTIVE', containerDefinitions: [{name: 'app', image: 'nginx'}]}, tags: []}))
const rds = mockClient(RDSClient)
answer(rds, DescribeDBClustersCommand, (input, e) => ((p) => ({DBClusters: p.items, Marker: p.next}))(page(e.dbClusters, input.MaxRecords, input.Marker)))
answer(rds, DescribeDBInstancesCommand, (input, e) => ((p) => ({DBInstances: p.items, Marker: p.next}))(page(e.dbInstances, input.MaxRecords, input.Marker)))
const cloudwatch = mockClient(CloudWatchClient)
answer(cloudwatch, DescribeAlarmsCommand, (input, e) => ((p) => ({MetricAlarms: p.items, NextToken: p.next}))(page(e.alarms, input.MaxRecords, input.NextToken)))
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
answer(tagging, GetResourcesCommand, (input, e) =>
  ((p) => ({ResourceTagMappingList: p.items.map((alarm) => ({ResourceARN: alarm.AlarmArn, Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]})), PaginationToken: p.next ?? ''}))(page(e.alarms, input.ResourcesPerPage, input.PaginationToken)),
)
const sts = mockClient(STSClient)
answer(sts, GetCallerIdentityCommand, () => ({Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/bench`, UserId: 'bench'}))

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
console.log(`resources read          ${resources.toLocaleString('en-US')} (declared in the mock: ${(resourcesPerRegion * REGIONS.length).toLocaleString('en-US')})`)
console.log(`API calls               ${calls}`)
console.log(`API calls per resource  ${(calls / resources).toFixed(4)}`)
console.log(`sum of call latencies   ${((calls * LATENCY_MS) / 1000).toFixed(2)} s`)
console.log(`wall time               ${(wallMs / 1000).toFixed(2)} s (${((calls * LATENCY_MS) / wallMs).toFixed(1)}x parallel)`)
