import {AutoScalingClient, DescribeAutoScalingGroupsCommand} from '@aws-sdk/client-auto-scaling'
import {CloudWatchClient, DescribeAlarmsCommand, ListTagsForResourceCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeInstancesCommand, DescribeVpcAttributeCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {DescribeServicesCommand, ECSClient} from '@aws-sdk/client-ecs'
import {
  type GetAccountAuthorizationDetailsCommandOutput,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type ListRolesCommandOutput,
} from '@aws-sdk/client-iam'
import {DescribeListenersCommand, DescribeLoadBalancerAttributesCommand, DescribeLoadBalancersCommand, DescribeTagsCommand, DescribeTargetGroupAttributesCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client, type Listener} from '@aws-sdk/client-elastic-load-balancing-v2'
import {DescribeDBInstancesCommand, RDSClient} from '@aws-sdk/client-rds'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {readActualResource} from '../../../src/adapters/aws/read-one.js'
import {managedPolicyFromAws} from '../../../src/core/resources/iam-managed-policy.js'
import {roleFromAws} from '../../../src/core/resources/iam-role.js'
import {AwsError, UsageError} from '../../../src/errors.js'
import {fixture} from './fixtures.js'
import {testNetwork} from '../../helpers/network.js'

const ec2 = mockClient(EC2Client)
const ecs = mockClient(ECSClient)
const rds = mockClient(RDSClient)
const cloudwatch = mockClient(CloudWatchClient)
const autoscaling = mockClient(AutoScalingClient)
const iam = mockClient(IAMClient)
const elbv2 = mockClient(ElasticLoadBalancingV2Client)
const clients = awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), endpoint: 'http://127.0.0.1:9', network: testNetwork()}).clientsFor({region: 'us-east-1'})
const awsError = (name: string, httpStatusCode = 400) => Object.assign(new Error(name), {name, $fault: 'client', $metadata: {httpStatusCode}})

beforeEach(() => {
  for (const mock of [ec2, ecs, rds, cloudwatch, autoscaling, iam, elbv2]) mock.reset()
})

describe('readActualResource', () => {
  it('GIVEN an existing VPC WHEN re-read THEN it is asked for by id and mapped like the snapshot', async () => {
    ec2.on(DescribeVpcsCommand, {VpcIds: ['vpc-0123456789abcdef0']}).resolves(fixture('ec2-describe-vpcs'))
    const dns = fixture<Record<string, object>>('ec2-describe-vpc-attribute')
    ec2.on(DescribeVpcAttributeCommand, {VpcId: 'vpc-0123456789abcdef0', Attribute: 'enableDnsSupport'}).resolves(dns.enableDnsSupport)
    ec2.on(DescribeVpcAttributeCommand, {VpcId: 'vpc-0123456789abcdef0', Attribute: 'enableDnsHostnames'}).resolves(dns.enableDnsHostnames)
    const vpc = await readActualResource(clients, 'AWS::EC2::VPC', 'vpc-0123456789abcdef0', 'us-east-1')
    expect(vpc?.properties).toEqual({CidrBlock: '10.0.0.0/16', InstanceTenancy: 'default', EnableDnsSupport: true, EnableDnsHostnames: true})
  })

  it('GIVEN an instance that is gone or terminated WHEN re-read THEN null', async () => {
    ec2.on(DescribeInstancesCommand, {InstanceIds: ['i-gone']}).rejects(awsError('InvalidInstanceID.NotFound'))
    ec2.on(DescribeInstancesCommand, {InstanceIds: ['i-dead']}).resolves({Reservations: [{Instances: [{InstanceId: 'i-dead', State: {Code: 48, Name: 'terminated'}}]}]})
    expect(await readActualResource(clients, 'AWS::EC2::Instance', 'i-gone', 'us-east-1')).toBeNull()
    expect(await readActualResource(clients, 'AWS::EC2::Instance', 'i-dead', 'us-east-1')).toBeNull()
  })

  it('GIVEN a deleted DB instance WHEN re-read THEN null; GIVEN access denied THEN exit 3 naming the action', async () => {
    rds.on(DescribeDBInstancesCommand, {DBInstanceIdentifier: 'gone'}).rejects(awsError('DBInstanceNotFound', 404))
    rds.on(DescribeDBInstancesCommand, {DBInstanceIdentifier: 'secret'}).rejects(awsError('AccessDenied', 403))
    expect(await readActualResource(clients, 'AWS::RDS::DBInstance', 'gone', 'us-east-1')).toBeNull()
    await expect(readActualResource(clients, 'AWS::RDS::DBInstance', 'secret', 'us-east-1')).rejects.toThrow(AwsError)
    await expect(readActualResource(clients, 'AWS::RDS::DBInstance', 'secret', 'us-east-1')).rejects.toThrow('the caller lacks rds:DescribeDBInstances')
  })

  it('GIVEN a service ARN WHEN re-read THEN DescribeServices is asked in the cluster the ARN names, with TAGS', async () => {
    const arn = 'arn:aws:ecs:us-east-1:123456789012:service/prod/web'
    ecs.on(DescribeServicesCommand).resolves(fixture('ecs-describe-services'))
    const service = await readActualResource(clients, 'AWS::ECS::Service', arn, 'us-east-1')
    expect(ecs.commandCalls(DescribeServicesCommand)[0].args[0].input).toEqual({cluster: 'prod', services: [arn], include: ['TAGS']})
    expect(service?.properties.DesiredCount).toBe(3)
  })

  it('GIVEN a service with an old-format ARN (service/NAME) WHEN re-read with the service as last read THEN DescribeServices is asked in its cluster, not in default', async () => {
    const oldArn = 'arn:aws:ecs:us-east-1:123456789012:service/web'
    const answer = fixture('ecs-describe-services') as {services: Array<Record<string, unknown>>}
    const service = {...answer.services[0], serviceArn: oldArn}
    const clusterArn = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'
    // Asked in `default`, ECS answers with a failure entry, not an error (as AWS does for a service it cannot find).
    ecs.on(DescribeServicesCommand, {services: [oldArn]}).resolves({services: [], failures: [{arn: oldArn, reason: 'MISSING'}]})
    ecs.on(DescribeServicesCommand, {cluster: clusterArn, services: [oldArn]}).resolves({services: [service], failures: []})
    const known = {type: 'AWS::ECS::Service', region: 'us-east-1', physicalId: oldArn, properties: {Cluster: clusterArn}, tags: {}, attributes: {}}

    const reread = await readActualResource(clients, 'AWS::ECS::Service', oldArn, 'us-east-1', known)

    expect(ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input.cluster)).toEqual([clusterArn])
    expect(reread).toMatchObject({physicalId: oldArn, properties: {DesiredCount: 3}})
    expect(await readActualResource(clients, 'AWS::ECS::Service', oldArn, 'us-east-1')).toBeNull()
  })

  it('GIVEN an alarm WHEN re-read THEN its tags come from one ListTagsForResource', async () => {
    cloudwatch.on(DescribeAlarmsCommand, {AlarmNames: ['web-cpu-high']}).resolves(fixture('cloudwatch-describe-alarms'))
    cloudwatch.on(ListTagsForResourceCommand).resolves({Tags: [{Key: 'team', Value: 'web'}]})
    const alarm = await readActualResource(clients, 'AWS::CloudWatch::Alarm', 'web-cpu-high', 'us-east-1')
    expect(alarm?.tags).toEqual({team: 'web'})
    expect(alarm?.properties.Threshold).toBe(80)
  })

  it('GIVEN an auto scaling group WHEN re-read THEN one DescribeAutoScalingGroups by name; an unknown name (an empty answer) or one being deleted is null; denied is exit 3', async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand, {AutoScalingGroupNames: ['ecs-capacity-prod']}).resolves(fixture('autoscaling-describe-auto-scaling-groups'))
    autoscaling.on(DescribeAutoScalingGroupsCommand, {AutoScalingGroupNames: ['gone']}).resolves({AutoScalingGroups: []})
    autoscaling.on(DescribeAutoScalingGroupsCommand, {AutoScalingGroupNames: ['leaving']}).resolves({AutoScalingGroups: [{AutoScalingGroupName: 'leaving', MinSize: 0, MaxSize: 0, DesiredCapacity: 0, DefaultCooldown: 300, AvailabilityZones: [], HealthCheckType: 'EC2', CreatedTime: new Date(), Status: 'Delete in progress'}]})
    autoscaling.on(DescribeAutoScalingGroupsCommand, {AutoScalingGroupNames: ['secret']}).rejects(awsError('AccessDenied', 403))
    const group = await readActualResource(clients, 'AWS::AutoScaling::AutoScalingGroup', 'ecs-capacity-prod', 'us-east-1')
    expect(group?.properties).toMatchObject({MinSize: '1', MaxSize: '4', DesiredCapacity: '2'})
    expect(await readActualResource(clients, 'AWS::AutoScaling::AutoScalingGroup', 'gone', 'us-east-1')).toBeNull()
    expect(await readActualResource(clients, 'AWS::AutoScaling::AutoScalingGroup', 'leaving', 'us-east-1')).toBeNull()
    await expect(readActualResource(clients, 'AWS::AutoScaling::AutoScalingGroup', 'secret', 'us-east-1')).rejects.toThrow('the caller lacks autoscaling:DescribeAutoScalingGroups')
  })

  it('GIVEN a role WHEN re-read THEN GetRole, its attached and inline policies give exactly what the snapshot mapping gives', async () => {
    const detail = fixture<GetAccountAuthorizationDetailsCommandOutput>('iam-get-account-authorization-details').RoleDetailList![0]
    const listed = fixture<ListRolesCommandOutput>('iam-list-roles').Roles![0]
    iam.on(GetRoleCommand, {RoleName: 'web-task-execution'}).resolves({Role: {...listed, Tags: detail.Tags}})
    iam.on(ListAttachedRolePoliciesCommand).resolves({AttachedPolicies: detail.AttachedManagedPolicies, IsTruncated: false})
    iam.on(ListRolePoliciesCommand).resolves({PolicyNames: ['write-logs'], IsTruncated: false})
    iam.on(GetRolePolicyCommand, {RoleName: 'web-task-execution', PolicyName: 'write-logs'}).resolves({RoleName: 'web-task-execution', ...detail.RolePolicyList![0]})

    const role = await readActualResource(clients, 'AWS::IAM::Role', 'web-task-execution', 'us-east-1')

    expect(role).toEqual(roleFromAws(detail, listed, 'us-east-1'))
  })

  it('GIVEN a deleted role WHEN re-read THEN null; GIVEN access denied THEN exit 3 naming iam:GetRole', async () => {
    iam.on(GetRoleCommand, {RoleName: 'gone'}).rejects(awsError('NoSuchEntityException', 404))
    iam.on(GetRoleCommand, {RoleName: 'secret'}).rejects(awsError('AccessDenied', 403))
    expect(await readActualResource(clients, 'AWS::IAM::Role', 'gone', 'us-east-1')).toBeNull()
    await expect(readActualResource(clients, 'AWS::IAM::Role', 'secret', 'us-east-1')).rejects.toThrow('the caller lacks iam:GetRole')
  })

  it('GIVEN a customer managed policy WHEN re-read THEN GetPolicy, its versions, the default document and its roles give exactly what the snapshot mapping gives; gone THEN null; denied THEN exit 3', async () => {
    const detail = fixture<GetAccountAuthorizationDetailsCommandOutput>('iam-get-account-authorization-details').Policies![0]
    const arn = detail.Arn!
    const {PolicyVersionList: versions = [], ...policy} = detail
    iam.on(GetPolicyCommand, {PolicyArn: arn}).resolves({Policy: policy})
    iam.on(ListPolicyVersionsCommand, {PolicyArn: arn}).resolves({Versions: versions.map(({Document: _document, ...version}) => version), IsTruncated: false})
    iam.on(GetPolicyVersionCommand, {PolicyArn: arn, VersionId: 'v2'}).resolves({PolicyVersion: versions[1]})
    iam.on(ListEntitiesForPolicyCommand, {PolicyArn: arn, EntityFilter: 'Role'}).resolves({PolicyRoles: [{RoleName: 'deployer', RoleId: 'AROADEPLOYER'}], IsTruncated: false})
    iam.on(GetPolicyCommand, {PolicyArn: 'arn:aws:iam::123456789012:policy/gone'}).rejects(awsError('NoSuchEntityException', 404))
    iam.on(GetPolicyCommand, {PolicyArn: 'arn:aws:iam::123456789012:policy/secret'}).rejects(awsError('AccessDenied', 403))

    expect(await readActualResource(clients, 'AWS::IAM::ManagedPolicy', arn, 'us-east-1')).toEqual(managedPolicyFromAws(detail, ['deployer'], 'us-east-1'))
    expect(await readActualResource(clients, 'AWS::IAM::ManagedPolicy', 'arn:aws:iam::123456789012:policy/gone', 'us-east-1')).toBeNull()
    await expect(readActualResource(clients, 'AWS::IAM::ManagedPolicy', 'arn:aws:iam::123456789012:policy/secret', 'us-east-1')).rejects.toThrow('the caller lacks iam:GetPolicy')
  })

  it('GIVEN a load balancer ARN WHEN re-read THEN it is described by ARN with its tags and attributes; GIVEN it is gone THEN null; GIVEN denied THEN exit 3', async () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-web-prod/50dc6c495c0c9188'
    const gone = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/gone/1'
    const secret = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/secret/2'
    const described = fixture<{LoadBalancers: object[]}>('elbv2-describe-load-balancers')
    elbv2.on(DescribeLoadBalancersCommand, {LoadBalancerArns: [arn]}).resolves({LoadBalancers: [described.LoadBalancers[0]]})
    elbv2.on(DescribeLoadBalancersCommand, {LoadBalancerArns: [gone]}).rejects(awsError('LoadBalancerNotFound'))
    elbv2.on(DescribeLoadBalancersCommand, {LoadBalancerArns: [secret]}).rejects(awsError('AccessDenied', 403))
    elbv2.on(DescribeTagsCommand, {ResourceArns: [arn]}).resolves(fixture('elbv2-describe-tags'))
    elbv2.on(DescribeLoadBalancerAttributesCommand, {LoadBalancerArn: arn}).resolves(fixture('elbv2-describe-load-balancer-attributes'))

    const balancer = await readActualResource(clients, 'AWS::ElasticLoadBalancingV2::LoadBalancer', arn, 'us-east-1')

    expect(balancer?.properties).toMatchObject({Name: 'alb-web-prod', Scheme: 'internal'})
    expect(balancer?.properties.LoadBalancerAttributes).toContainEqual({Key: 'deletion_protection.enabled', Value: 'false'})
    expect(balancer?.tags).toMatchObject({Owner: 'platform-team', 'aws:cloudformation:logical-id': 'WebLoadBalancer'})
    expect(await readActualResource(clients, 'AWS::ElasticLoadBalancingV2::LoadBalancer', gone, 'us-east-1')).toBeNull()
    await expect(readActualResource(clients, 'AWS::ElasticLoadBalancingV2::LoadBalancer', secret, 'us-east-1')).rejects.toThrow('the caller lacks elasticloadbalancing:DescribeLoadBalancers')
  })

  it('GIVEN a target group ARN WHEN re-read THEN it is described by ARN with its tags and attributes; GIVEN it is gone THEN null; GIVEN denied THEN exit 3', async () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-api-prod/73e2d6bc24d8a067'
    const gone = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/1'
    const secret = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/secret/2'
    elbv2.on(DescribeTargetGroupsCommand, {TargetGroupArns: [arn]}).resolves({TargetGroups: [fixture<{TargetGroups: object[]}>('elbv2-describe-target-groups').TargetGroups[0]]})
    elbv2.on(DescribeTargetGroupsCommand, {TargetGroupArns: [gone]}).rejects(awsError('TargetGroupNotFound'))
    elbv2.on(DescribeTargetGroupsCommand, {TargetGroupArns: [secret]}).rejects(awsError('AccessDenied', 403))
    elbv2.on(DescribeTagsCommand, {ResourceArns: [arn]}).resolves({TagDescriptions: [{ResourceArn: arn, Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]}]})
    elbv2.on(DescribeTargetGroupAttributesCommand, {TargetGroupArn: arn}).resolves(fixture('elbv2-describe-target-group-attributes'))

    const group = await readActualResource(clients, 'AWS::ElasticLoadBalancingV2::TargetGroup', arn, 'us-east-1')

    expect(group?.properties).toMatchObject({Name: 'tg-api-prod', HealthCheckPath: '/health', HealthCheckIntervalSeconds: 15})
    expect(group?.properties.TargetGroupAttributes).toContainEqual({Key: 'deregistration_delay.timeout_seconds', Value: '30'})
    expect(group?.tags).toEqual({ManagedBy: 'ialctl'})
    expect(await readActualResource(clients, 'AWS::ElasticLoadBalancingV2::TargetGroup', gone, 'us-east-1')).toBeNull()
    await expect(readActualResource(clients, 'AWS::ElasticLoadBalancingV2::TargetGroup', secret, 'us-east-1')).rejects.toThrow('the caller lacks elasticloadbalancing:DescribeTargetGroups')
  })

  it('GIVEN a listener ARN WHEN re-read THEN it is described by ARN with its tags; GIVEN it or its load balancer is gone THEN null; GIVEN denied THEN exit 3', async () => {
    const [listener] = fixture<{Listeners: Listener[]}>('elbv2-describe-listeners').Listeners
    const arn = listener.ListenerArn!
    const gone = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/gone/1/2'
    const orphan = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/deleted/3/4'
    const secret = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/secret/5/6'
    elbv2.on(DescribeListenersCommand, {ListenerArns: [arn]}).resolves({Listeners: [listener]})
    elbv2.on(DescribeListenersCommand, {ListenerArns: [gone]}).rejects(awsError('ListenerNotFound'))
    elbv2.on(DescribeListenersCommand, {ListenerArns: [orphan]}).rejects(awsError('LoadBalancerNotFound'))
    elbv2.on(DescribeListenersCommand, {ListenerArns: [secret]}).rejects(awsError('AccessDenied', 403))
    elbv2.on(DescribeTagsCommand, {ResourceArns: [arn]}).resolves({TagDescriptions: [{ResourceArn: arn, Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]}]})

    const read = await readActualResource(clients, 'AWS::ElasticLoadBalancingV2::Listener', arn, 'us-east-1')

    expect(read?.properties).toMatchObject({Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06'})
    expect(read?.tags).toEqual({ManagedBy: 'ialctl'})
    expect(await readActualResource(clients, 'AWS::ElasticLoadBalancingV2::Listener', gone, 'us-east-1')).toBeNull()
    expect(await readActualResource(clients, 'AWS::ElasticLoadBalancingV2::Listener', orphan, 'us-east-1')).toBeNull()
    await expect(readActualResource(clients, 'AWS::ElasticLoadBalancingV2::Listener', secret, 'us-east-1')).rejects.toThrow('the caller lacks elasticloadbalancing:DescribeListeners')
  })

  it('GIVEN an unsupported type WHEN re-read THEN a usage error', async () => {
    await expect(readActualResource(clients, 'AWS::SSM::Parameter', 'p', 'us-east-1')).rejects.toThrow(UsageError)
  })
})
