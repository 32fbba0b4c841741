import {describe, expect, it} from 'vitest'

import {analyseDrift as matchCompareSuppress, type DiffOptions} from '../../../src/core/diff/analyse.js'
import type {DesiredModel, Snapshot} from '../../../src/core/model.js'
import {Intrinsic} from '../../../src/core/model.js'
import {assessDrift} from '../../../src/core/risk/assess.js'
import {actual, ALARM, CLUSTER, DB, desired, getAtt, INSTANCE, model, options, ref, SERVICE, SG, snapshot, sub, VPC} from './builders.js'

/** What `drift check` does with them: match, compare and suppress, then assess. */
const analyseDrift = (model: DesiredModel, snapshot: Snapshot, options: DiffOptions) => assessDrift(matchCompareSuppress(model, snapshot, options), options)

const service = (properties: Record<string, unknown> = {}) =>
  desired('AppService', SERVICE, {Cluster: 'prod', ServiceName: 'app', DesiredCount: 2, LaunchType: 'FARGATE', ...properties})
const awsService = (properties: Record<string, unknown> = {}, tags: Record<string, string> = {}) =>
  actual(SERVICE, 'arn:aws:ecs:us-east-1:123456789012:service/prod/app', {Cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', ServiceName: 'app', DesiredCount: 2, LaunchType: 'FARGATE', ...properties}, tags)

const rule = (port: number, cidr: string) => ({IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: cidr})
const securityGroup = (ingress: unknown[]) => desired('WebSg', SG, {GroupName: 'web', GroupDescription: 'web tier', VpcId: 'vpc-1', SecurityGroupIngress: ingress})
const awsSecurityGroup = (ingress: unknown[]) => actual(SG, 'sg-1', {GroupName: 'web', GroupDescription: 'web tier', VpcId: 'vpc-1', SecurityGroupIngress: ingress})

describe('analyseDrift: drift types', () => {
  it('GIVEN a declared service that AWS does not have WHEN analysing one region THEN it is a high missing_resource at its template line, expected in that region', () => {
    const analysis = analyseDrift(model([service()]), snapshot([], {regions: ['us-east-1']}), options())
    expect(analysis.items).toEqual([
      {
        id: 'AppService', type: SERVICE, driftType: 'missing_resource', severity: 'high', impact: ['availability'], autoHealable: false,
        physicalId: null, region: 'us-east-1', location: {file: 'phases/30-compute/01-app.yaml', line: 10}, differences: [], recommended: 'manual',
      },
    ])
  })

  it('GIVEN a declared service found in none of several regions WHEN analysing THEN region stays null and regionsSearched lists them', () => {
    const analysis = analyseDrift(model([service()]), snapshot([], {regions: ['us-west-2', 'eu-west-1']}), options())
    expect(analysis.items).toEqual([expect.objectContaining({id: 'AppService', driftType: 'missing_resource', region: null, regionsSearched: ['eu-west-1', 'us-west-2']})])
  })

  it('GIVEN an undeclared instance tagged ManagedBy=ialctl WHEN analysing with that scope THEN it is a medium extra_resource; an untagged one is not', () => {
    const ours = actual(INSTANCE, 'i-0abc', {InstanceType: 't3.micro'}, {ManagedBy: 'ialctl', Name: 'debug-box'})
    const theirs = actual(INSTANCE, 'i-0def', {InstanceType: 't3.micro'}, {Name: 'someone-else'})
    const analysis = analyseDrift(model([]), snapshot([ours, theirs]), options({extraScope: {tagKey: 'ManagedBy', tagValue: 'ialctl', types: {}}}))
    expect(analysis.items.map((item) => [item.id, item.driftType, item.severity, item.location, item.autoHealable])).toEqual([['i-0abc', 'extra_resource', 'medium', null, false]])
  })

  it('GIVEN instances launched by a declared auto scaling group WHEN analysing with every instance in scope THEN they are AWS’s, not extra; an instance of an undeclared group still is', () => {
    const ASG = 'AWS::AutoScaling::AutoScalingGroup'
    const group = desired('Capacity', ASG, {AutoScalingGroupName: 'ecs-capacity', MinSize: '1', MaxSize: '4'})
    const awsGroup = actual(ASG, 'ecs-capacity', {AutoScalingGroupName: 'ecs-capacity', MinSize: '1', MaxSize: '4'})
    const launched = actual(INSTANCE, 'i-0asg', {InstanceType: 't3.small'}, {'aws:autoscaling:groupName': 'ecs-capacity'})
    const stray = actual(INSTANCE, 'i-0other', {InstanceType: 't3.small'}, {'aws:autoscaling:groupName': 'someone-elses-group'})
    const analysis = analyseDrift(model([group]), snapshot([awsGroup, launched, stray], {types: [ASG, INSTANCE]}), options({extraScope: {types: {}}}))
    expect(analysis.items.map((item) => [item.id, item.driftType])).toEqual([['i-0other', 'extra_resource']])
  })

  it('GIVEN listeners added by hand without tags WHEN analysing with a tag scope THEN one on a declared load balancer is extra, matched by its load balancer’s ARN and port; one on another team’s is not', () => {
    const [ALB, LISTENER] = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener']
    const [ours, theirs] = ['arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/1', 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/other/2']
    const declaredAlb = desired('WebLoadBalancer', ALB, {Name: 'web'})
    const https = desired('HttpsListener', LISTENER, {LoadBalancerArn: ref('WebLoadBalancer'), Port: 443, Protocol: 'HTTPS'})
    const listener = (balancer: string, port: number) => actual(LISTENER, `${balancer.replace(':loadbalancer/', ':listener/')}/${port}`, {LoadBalancerArn: balancer, Port: port, Protocol: 'HTTPS'})
    const analysis = analyseDrift(
      model([declaredAlb, https]),
      snapshot([actual(ALB, ours, {Name: 'web'}), actual(ALB, theirs, {Name: 'other'}), listener(ours, 443), listener(ours, 8443), listener(theirs, 8443)], {types: [ALB, LISTENER]}),
      options({extraScope: {tagKey: 'ManagedBy', tagValue: 'ialctl', types: {}}}),
    )
    expect(analysis.items.map((item) => [item.id, item.driftType])).toEqual([[`${ours.replace(':loadbalancer/', ':listener/')}/8443`, 'extra_resource']])
  })

  it('GIVEN no extra-resource scope WHEN analysing THEN undeclared resources are not reported', () => {
    const analysis = analyseDrift(model([]), snapshot([actual(INSTANCE, 'i-0abc', {}, {ManagedBy: 'ialctl'})]), options())
    expect(analysis.items).toEqual([])
  })

  it('GIVEN a changed DesiredCount and a changed tag WHEN analysing THEN one configuration_drift item lists both differences with their lines', () => {
    const declared = service({Tags: [{Key: 'Owner', Value: 'payments'}]})
    const analysis = analyseDrift(model([declared]), snapshot([awsService({DesiredCount: 5}, {Owner: 'someone'})]), options())
    expect(analysis.items).toHaveLength(1)
    expect(analysis.items[0].driftType).toBe('configuration_drift')
    expect(analysis.items[0].severity).toBe('medium')
    expect(analysis.items[0].differences).toEqual([
      {path: '/DesiredCount', expected: 2, actual: 5, kind: 'NOT_EQUAL', line: declared.lines['/DesiredCount']},
      {path: '/Tags/Owner', expected: 'payments', actual: 'someone', kind: 'NOT_EQUAL', line: declared.lines['/Tags/0/Value']},
    ])
  })

  it('GIVEN only a tag differs WHEN analysing THEN the item is a low, auto-healable tag_drift', () => {
    const analysis = analyseDrift(model([service({Tags: [{Key: 'CostCenter', Value: 'cc-1'}]})]), snapshot([awsService({}, {})]), options())
    expect(analysis.items.map((item) => [item.driftType, item.severity, item.autoHealable, item.differences[0]])).toEqual([
      ['tag_drift', 'low', true, expect.objectContaining({path: '/Tags/CostCenter', expected: 'cc-1', actual: null, kind: 'REMOVE'})],
    ])
  })

  it('GIVEN a resource equal to AWS WHEN analysing THEN it is in sync and there are no items', () => {
    const analysis = analyseDrift(model([service()]), snapshot([awsService()]), options())
    expect(analysis.items).toEqual([])
    expect(analysis.inSync).toEqual(['AppService'])
    expect(analysis.matches.get('AppService')?.physicalId).toBe('arn:aws:ecs:us-east-1:123456789012:service/prod/app')
  })

  it('GIVEN AWS properties the template does not set WHEN analysing THEN they are not drift', () => {
    const analysis = analyseDrift(model([service()]), snapshot([awsService({PlatformVersion: 'LATEST', EnableExecuteCommand: false})]), options())
    expect(analysis.items).toEqual([])
  })

  it('GIVEN a property the template sets and AWS lacks WHEN analysing THEN it is a REMOVE difference', () => {
    const analysis = analyseDrift(model([service({HealthCheckGracePeriodSeconds: 60})]), snapshot([awsService()]), options())
    expect(analysis.items[0].differences).toEqual([expect.objectContaining({path: '/HealthCheckGracePeriodSeconds', expected: 60, actual: null, kind: 'REMOVE'})])
  })

  it('GIVEN a declared resource of an unsupported type WHEN analysing THEN it is counted as unsupported and never drift', () => {
    const bucket = desired('Logs', 'AWS::SSM::Parameter', {Name: 'logs', Type: 'String', Value: 'x'})
    const analysis = analyseDrift(model([bucket]), snapshot([]), options())
    expect(analysis.unsupported.map((resource) => resource.logicalId)).toEqual(['Logs'])
    expect(analysis.items).toEqual([])
  })

  it('GIVEN a type that could not be read WHEN analysing THEN its declared resources are not checked, not missing', () => {
    const types = snapshot([]).types.filter((type) => type !== SERVICE)
    const analysis = analyseDrift(model([service()]), snapshot([], {types, unread: [{type: SERVICE, region: 'us-east-1', reason: 'AccessDenied'}]}), options())
    expect(analysis.items).toEqual([])
    expect(analysis.notChecked).toEqual([
      {id: 'AppService', path: '', reason: 'AWS::ECS::Service was not read (us-east-1: AccessDenied)', location: {file: 'phases/30-compute/01-app.yaml', line: 10}},
    ])
  })
})

describe('analyseDrift: normalisation', () => {
  it('GIVEN a number in the template and a numeric string in AWS WHEN analysing THEN they are equal', () => {
    expect(analyseDrift(model([service({DesiredCount: 2})]), snapshot([awsService({DesiredCount: '2'})]), options()).items).toEqual([])
  })

  it('GIVEN a boolean in one and "true" in the other WHEN analysing THEN they are equal', () => {
    expect(analyseDrift(model([service({EnableECSManagedTags: 'true'})]), snapshot([awsService({EnableECSManagedTags: true})]), options()).items).toEqual([])
  })

  it('GIVEN objects with keys in another order WHEN analysing THEN they are equal', () => {
    const config = {MaximumPercent: 200, MinimumHealthyPercent: 100}
    const analysis = analyseDrift(model([service({DeploymentConfiguration: config})]), snapshot([awsService({DeploymentConfiguration: {MinimumHealthyPercent: 100, MaximumPercent: 200}})]), options())
    expect(analysis.items).toEqual([])
  })

  it('GIVEN a short cluster name in the template and the cluster ARN in AWS WHEN analysing THEN they are equal', () => {
    // The service fixture already declares Cluster: prod against the full ARN in AWS.
    expect(analyseDrift(model([service()]), snapshot([awsService()]), options()).items).toEqual([])
  })

  it('GIVEN two different task definition ARNs WHEN analysing THEN the revision change is drift', () => {
    const arn = (revision: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/app:${revision}`
    const analysis = analyseDrift(model([service({TaskDefinition: arn(7)})]), snapshot([awsService({TaskDefinition: arn(8)})]), options())
    expect(analysis.items[0].differences).toEqual([expect.objectContaining({path: '/TaskDefinition', expected: arn(7), actual: arn(8)})])
  })

  it('GIVEN a set-like subnet list in another order WHEN analysing THEN it is not drift', () => {
    const network = (subnets: string[]) => ({AwsvpcConfiguration: {Subnets: subnets, AssignPublicIp: 'DISABLED'}})
    const analysis = analyseDrift(model([service({NetworkConfiguration: network(['subnet-a', 'subnet-b'])})]), snapshot([awsService({NetworkConfiguration: network(['subnet-b', 'subnet-a'])})]), options())
    expect(analysis.items).toEqual([])
  })

  it('GIVEN an ordinary list in another order WHEN analysing THEN the order change is drift', () => {
    const analysis = analyseDrift(
      model([service({PlacementStrategies: [{Type: 'spread', Field: 'az'}, {Type: 'binpack', Field: 'cpu'}]})]),
      snapshot([awsService({PlacementStrategies: [{Type: 'binpack', Field: 'cpu'}, {Type: 'spread', Field: 'az'}]})]),
      options(),
    )
    expect(analysis.items[0].differences.map((difference) => difference.path)).toEqual(['/PlacementStrategies/0/Type', '/PlacementStrategies/0/Field', '/PlacementStrategies/1/Type', '/PlacementStrategies/1/Field'])
  })
})

describe('analyseDrift: security group rules', () => {
  it('GIVEN the same rules in another order WHEN analysing THEN it is not drift', () => {
    const analysis = analyseDrift(model([securityGroup([rule(443, '0.0.0.0/0'), rule(80, '10.0.0.0/16')])]), snapshot([awsSecurityGroup([rule(80, '10.0.0.0/16'), rule(443, '0.0.0.0/0')])]), options())
    expect(analysis.items).toEqual([])
  })

  it('GIVEN a rule whose CidrIp changed WHEN analysing THEN it is a critical difference at that rule and field', () => {
    const declared = securityGroup([rule(443, '0.0.0.0/0'), rule(5432, '10.0.0.0/16')])
    const analysis = analyseDrift(model([declared]), snapshot([awsSecurityGroup([rule(5432, '0.0.0.0/0'), rule(443, '0.0.0.0/0')])]), options())
    expect(analysis.items[0]).toMatchObject({driftType: 'configuration_drift', severity: 'critical', impact: ['security'], autoHealable: false})
    expect(analysis.items[0].differences).toEqual([
      {path: '/SecurityGroupIngress/1/CidrIp', expected: '10.0.0.0/16', actual: '0.0.0.0/0', kind: 'NOT_EQUAL', line: declared.lines['/SecurityGroupIngress/1/CidrIp']},
    ])
  })

  it('GIVEN an extra ingress rule in AWS WHEN analysing THEN it is an ADD after the template rules, at the list line', () => {
    const declared = securityGroup([rule(443, '0.0.0.0/0')])
    const analysis = analyseDrift(model([declared]), snapshot([awsSecurityGroup([rule(443, '0.0.0.0/0'), rule(22, '0.0.0.0/0')])]), options())
    expect(analysis.items[0].differences).toEqual([
      {path: '/SecurityGroupIngress/1', expected: null, actual: rule(22, '0.0.0.0/0'), kind: 'ADD', line: declared.lines['/SecurityGroupIngress']},
    ])
  })

  it('GIVEN a template rule naming the group\'s own account as its source owner WHEN AWS shows the rule without an owner THEN it is not drift; another account still is', () => {
    const fromGroup = (owner?: unknown) => ({IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: 'sg-app', ...(owner === undefined ? {} : {SourceSecurityGroupOwnerId: owner})})
    const inAws = snapshot([actual(SG, 'sg-1', {GroupName: 'web', GroupDescription: 'web tier', VpcId: 'vpc-1', SecurityGroupIngress: [fromGroup()]}, {}, {arn: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1'})])
    // YAML reads an unquoted account id as a number; !Ref AWS::AccountId resolves to the string.
    for (const own of ['123456789012', 123_456_789_012]) expect(analyseDrift(model([securityGroup([fromGroup(own)])]), inAws, options()).items).toEqual([])
    const [item] = analyseDrift(model([securityGroup([fromGroup('999999999999')])]), inAws, options()).items
    expect(item.differences.map((difference) => [difference.path, difference.kind])).toEqual([['/SecurityGroupIngress/0/SourceSecurityGroupOwnerId', 'REMOVE']])
  })

  it('GIVEN a template rule with no counterpart in AWS WHEN analysing THEN it is a REMOVE', () => {
    const analysis = analyseDrift(model([securityGroup([rule(443, '0.0.0.0/0'), {IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIp: '10.0.0.0/8'}])]), snapshot([awsSecurityGroup([rule(443, '0.0.0.0/0')])]), options())
    expect(analysis.items[0].differences).toEqual([expect.objectContaining({path: '/SecurityGroupIngress/1', kind: 'REMOVE', actual: null})])
  })
})

describe('analyseDrift: tags', () => {
  it('GIVEN aws:* tags and other extra tags only in AWS WHEN not strict THEN nothing drifts', () => {
    const analysis = analyseDrift(model([service({Tags: [{Key: 'Owner', Value: 'payments'}]})]), snapshot([awsService({}, {Owner: 'payments', 'aws:cloudformation:stack-name': 'x', Team: 'ops'})]), options())
    expect(analysis.items).toEqual([])
  })

  it('GIVEN an extra tag in AWS WHEN tags are strict THEN it is an ADD tag difference; aws:* still ignored', () => {
    const analysis = analyseDrift(model([service({Tags: [{Key: 'Owner', Value: 'payments'}]})]), snapshot([awsService({}, {Owner: 'payments', 'aws:ecs:clusterName': 'prod', Team: 'ops'})]), options({strictTags: true}))
    expect(analysis.items[0].driftType).toBe('tag_drift')
    expect(analysis.items[0].differences).toEqual([expect.objectContaining({path: '/Tags/Team', expected: null, actual: 'ops', kind: 'ADD'})])
  })

  it('GIVEN tags in another order WHEN analysing THEN it is not drift', () => {
    const tags = [{Key: 'A', Value: '1'}, {Key: 'B', Value: '2'}]
    expect(analyseDrift(model([service({Tags: tags})]), snapshot([awsService({}, {B: '2', A: '1'})]), options()).items).toEqual([])
  })
})

describe('analyseDrift: ignore rules', () => {
  const drifted = () => [model([service({DesiredCount: 2, Tags: [{Key: 'Owner', Value: 'a'}]})]), snapshot([awsService({DesiredCount: 4}, {Owner: 'b'})])] as const

  it.each([
    ['AppService', 2],
    ['id:App*', 2],
    ['AWS::ECS::Service', 2],
    ['AWS::ECS::Service:/DesiredCount', 1],
    ['id:AppService:/DesiredCount', 1],
    ['/Tags/*', 1],
    ['tag:Own*', 1],
  ])('GIVEN ignore rule %s WHEN analysing THEN %i difference(s) are counted as ignored and not shown', (text, ignored) => {
    const [desiredModel, actualSnapshot] = drifted()
    const analysis = analyseDrift(desiredModel, actualSnapshot, options({ignore: [text]}))
    expect(analysis.ignored).toHaveLength(ignored)
    expect(analysis.ignored.every((entry) => entry.rule === text)).toBe(true)
    expect(analysis.items.flatMap((item) => item.differences)).toHaveLength(2 - ignored)
  })

  it('GIVEN every difference ignored WHEN analysing THEN the resource is in sync', () => {
    const [desiredModel, actualSnapshot] = drifted()
    const analysis = analyseDrift(desiredModel, actualSnapshot, options({ignore: ['/DesiredCount', 'tag:Owner']}))
    expect(analysis.items).toEqual([])
    expect(analysis.inSync).toEqual(['AppService'])
  })

  it('GIVEN a missing resource ignored by id WHEN analysing THEN it is counted as ignored, not reported', () => {
    const analysis = analyseDrift(model([service()]), snapshot([]), options({ignore: ['id:AppService']}))
    expect(analysis.items).toEqual([])
    expect(analysis.ignored).toEqual([{id: 'AppService', type: SERVICE, rule: 'id:AppService', difference: {path: '', expected: SERVICE, actual: null, kind: 'REMOVE', line: 10}}])
  })

  it('GIVEN a malformed rule WHEN analysing THEN it is a usage error that names the rule', () => {
    expect(() => analyseDrift(model([]), snapshot([]), options({ignore: ['AWS::RDS::DBInstance:EngineVersion']}))).toThrow("ignore rule 'AWS::RDS::DBInstance:EngineVersion' has a property path that does not start with /")
  })
})

describe('analyseDrift: expected drift', () => {
  const database = (properties: Record<string, unknown>) => desired('Db', DB, {DBInstanceIdentifier: 'orders', EngineVersion: '14.7', ...properties})
  const awsDatabase = (properties: Record<string, unknown>) => actual(DB, 'orders', {DBInstanceIdentifier: 'orders', EngineVersion: '14.9', ...properties})
  const minorVersion = [{type: DB, rule: 'minor-version' as const}]

  it('GIVEN a minor version bump with AutoMinorVersionUpgrade on WHEN analysing THEN it is expected, not drift', () => {
    const analysis = analyseDrift(model([database({AutoMinorVersionUpgrade: true})]), snapshot([awsDatabase({AutoMinorVersionUpgrade: true})]), options({expected: minorVersion}))
    expect(analysis.items).toEqual([])
    expect(analysis.expected).toEqual([{id: 'Db', type: DB, rule: 'minor-version', difference: expect.objectContaining({path: '/EngineVersion', expected: '14.7', actual: '14.9'})}])
  })

  it('GIVEN a minor version bump with AutoMinorVersionUpgrade off WHEN analysing THEN it is drift', () => {
    const analysis = analyseDrift(model([database({AutoMinorVersionUpgrade: false})]), snapshot([awsDatabase({AutoMinorVersionUpgrade: false})]), options({expected: minorVersion}))
    expect(analysis.items[0].differences.map((difference) => difference.path)).toEqual(['/EngineVersion'])
  })

  it('GIVEN a major version change WHEN analysing THEN it is high drift even with the rule', () => {
    const analysis = analyseDrift(model([database({AutoMinorVersionUpgrade: true})]), snapshot([awsDatabase({AutoMinorVersionUpgrade: true, EngineVersion: '15.4'})]), options({expected: minorVersion}))
    expect(analysis.items[0].severity).toBe('high')
  })

  it('GIVEN DesiredCount inside the autoscaling range WHEN analysing THEN it is expected; outside it is drift', () => {
    const range = [{type: SERVICE, rule: 'autoscaling-range' as const, min: 2, max: 6}]
    expect(analyseDrift(model([service()]), snapshot([awsService({DesiredCount: 6})]), options({expected: range})).expected).toHaveLength(1)
    expect(analyseDrift(model([service()]), snapshot([awsService({DesiredCount: 7})]), options({expected: range})).items).toHaveLength(1)
  })
})

describe('analyseDrift: intrinsics', () => {
  const vpc = desired('Vpc', VPC, {CidrBlock: '10.0.0.0/16', Tags: [{Key: 'Name', Value: 'prod'}]})
  const awsVpc = actual(VPC, 'vpc-123', {CidrBlock: '10.0.0.0/16'}, {Name: 'prod'}, {attributes: {CidrBlock: '10.0.0.0/16'}})

  it('GIVEN a security group whose VpcId is !Ref Vpc WHEN analysing THEN the reference resolves to the matched VPC id, whatever the declaration order', () => {
    const group = desired('WebSg', SG, {GroupName: 'web', GroupDescription: 'web', VpcId: ref('Vpc')})
    const analysis = analyseDrift(model([group, vpc]), snapshot([awsVpc, actual(SG, 'sg-1', {GroupName: 'web', GroupDescription: 'web', VpcId: 'vpc-123'})]), options())
    expect(analysis.items).toEqual([])
    expect(analysis.matches.get('WebSg')?.physicalId).toBe('sg-1')
  })

  it('GIVEN --phase left out the phase of the VPC WHEN analysing THEN the reference still resolves, the VPC is not reported and its AWS VPC is not extra', () => {
    const group = desired('WebSg', SG, {GroupName: 'web', GroupDescription: 'web', VpcId: ref('Vpc')})
    const selected = {...model([group]), unselected: [{...vpc, phase: '00-foundation'}]}
    const inScope = {...awsVpc, tags: {...awsVpc.tags, ManagedBy: 'ialctl'}}
    const analysis = analyseDrift(selected, snapshot([inScope, actual(SG, 'sg-1', {GroupName: 'web', GroupDescription: 'web', VpcId: 'vpc-123'})]), options({extraScope: {tagKey: 'ManagedBy', tagValue: 'ialctl', types: {}}}))
    expect(analysis.items).toEqual([])
    expect(analysis.inSync).toEqual(['WebSg'])
    expect(analysis.notChecked).toEqual([])
  })

  it('GIVEN !Ref to a parameter and !Sub with a pseudo parameter WHEN analysing THEN both resolve before comparing', () => {
    const alarm = desired('HighCpu', ALARM, {AlarmName: sub('${Environment}-high-cpu'), Threshold: ref('CpuLimit'), AlarmActions: [sub('arn:aws:sns:${AWS::Region}:${AWS::AccountId}:ops')]})
    const awsAlarm = actual(ALARM, 'production-high-cpu', {AlarmName: 'production-high-cpu', Threshold: 90, AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops']})
    const analysis = analyseDrift(model([alarm], {Environment: 'production', CpuLimit: '80'}), snapshot([awsAlarm]), options())
    expect(analysis.items[0].differences).toEqual([expect.objectContaining({path: '/Threshold', expected: '80', actual: 90})])
  })

  it('GIVEN !GetAtt of a matched resource WHEN analysing THEN it resolves to its attribute', () => {
    const group = desired('WebSg', SG, {GroupName: 'web', GroupDescription: 'web', VpcId: ref('Vpc'), SecurityGroupIngress: [{IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: getAtt('Vpc', 'CidrBlock')}]})
    const analysis = analyseDrift(model([vpc, group]), snapshot([awsVpc, actual(SG, 'sg-1', {GroupName: 'web', GroupDescription: 'web', VpcId: 'vpc-123', SecurityGroupIngress: [rule(443, '10.0.0.0/16')]})]), options())
    expect(analysis.items).toEqual([])
  })

  it('GIVEN a value that cannot be resolved WHEN analysing THEN it is not_checked with the reason, never drift', () => {
    const cluster = desired('Cluster', CLUSTER, {ClusterName: 'prod', Configuration: {ExecuteCommandConfiguration: {KmsKeyId: new Intrinsic('Fn::ImportValue', 'shared-kms')}}})
    const analysis = analyseDrift(model([cluster]), snapshot([actual(CLUSTER, 'prod', {ClusterName: 'prod', Configuration: {ExecuteCommandConfiguration: {KmsKeyId: 'key-1'}}})]), options())
    expect(analysis.items).toEqual([])
    expect(analysis.notChecked).toEqual([
      {id: 'Cluster', path: '/Configuration/ExecuteCommandConfiguration/KmsKeyId', reason: '!ImportValue: stack exports are not read', location: {file: cluster.file, line: cluster.lines['/Configuration/ExecuteCommandConfiguration/KmsKeyId']}},
    ])
  })

  it('GIVEN subnets at !Select [n, !GetAZs ""] in a two-region snapshot WHEN analysing THEN the zones of each subnet’s own region are compared', () => {
    const zone = (index: number) => new Intrinsic('Fn::Select', [index, new Intrinsic('Fn::GetAZs', '')])
    const east = desired('EastSubnet', 'AWS::EC2::Subnet', {CidrBlock: '10.0.1.0/24', VpcId: 'vpc-east', AvailabilityZone: zone(1)})
    const west = desired('WestSubnet', 'AWS::EC2::Subnet', {CidrBlock: '10.1.1.0/24', VpcId: 'vpc-west', AvailabilityZone: zone(0)})
    const analysis = analyseDrift(
      model([east, west]),
      snapshot(
        [
          actual('AWS::EC2::Subnet', 'subnet-east', {CidrBlock: '10.0.1.0/24', VpcId: 'vpc-east', AvailabilityZone: 'us-east-1b'}),
          actual('AWS::EC2::Subnet', 'subnet-west', {CidrBlock: '10.1.1.0/24', VpcId: 'vpc-west', AvailabilityZone: 'eu-west-1c'}, {}, {region: 'eu-west-1'}),
        ],
        {regions: ['eu-west-1', 'us-east-1'], availabilityZones: {'us-east-1': ['us-east-1a', 'us-east-1b'], 'eu-west-1': ['eu-west-1a', 'eu-west-1c']}},
      ),
      options(),
    )
    expect(analysis.notChecked).toEqual([])
    expect(analysis.items.map((item) => [item.id, item.differences.map((difference) => `${difference.path} ${String(difference.expected)} -> ${String(difference.actual)}`)])).toEqual([
      ['WestSubnet', ['/AvailabilityZone eu-west-1a -> eu-west-1c']],
    ])
  })

  it('GIVEN !Ref to a resource that is missing WHEN analysing THEN the referring value is not checked with that reason', () => {
    const instance = desired('Web', INSTANCE, {InstanceType: 't3.small', SubnetId: ref('Subnet'), Tags: [{Key: 'Name', Value: 'web'}]})
    const subnet = desired('Subnet', 'AWS::EC2::Subnet', {CidrBlock: '10.0.1.0/24', VpcId: 'vpc-123'})
    const analysis = analyseDrift(model([subnet, instance]), snapshot([actual(INSTANCE, 'i-1', {InstanceType: 't3.small', SubnetId: 'subnet-9'}, {Name: 'web'})]), options())
    expect(analysis.items.map((item) => [item.id, item.driftType])).toEqual([['Subnet', 'missing_resource']])
    expect(analysis.notChecked).toEqual([expect.objectContaining({id: 'Web', path: '/SubnetId', reason: '!Ref Subnet: Subnet is not in AWS'})])
  })
})

describe('analyseDrift: autoHealable agrees with the heal plan', () => {
  it('GIVEN a backup window drift on an Aurora member instance WHEN analysing THEN it is not auto-healable (the cluster owns it, drift heal would refuse)', () => {
    const instance = desired('Db1', DB, {DBInstanceIdentifier: 'db-1', DBClusterIdentifier: 'aurora', PreferredBackupWindow: '03:00-04:00'})
    const awsInstance = actual(DB, 'db-1', {DBInstanceIdentifier: 'db-1', DBClusterIdentifier: 'aurora', PreferredBackupWindow: '07:00-08:00'}, {}, {arn: 'arn:aws:rds:us-east-1:123456789012:db:db-1'})
    const [item] = analyseDrift(model([instance]), snapshot([awsInstance]), options()).items
    expect(item).toMatchObject({driftType: 'configuration_drift', severity: 'medium', autoHealable: false})
  })

  it('GIVEN the same drift on a standalone instance WHEN analysing THEN it is auto-healable', () => {
    const instance = desired('Db1', DB, {DBInstanceIdentifier: 'db-1', PreferredBackupWindow: '03:00-04:00'})
    const awsInstance = actual(DB, 'db-1', {DBInstanceIdentifier: 'db-1', PreferredBackupWindow: '07:00-08:00'}, {}, {arn: 'arn:aws:rds:us-east-1:123456789012:db:db-1'})
    const [item] = analyseDrift(model([instance]), snapshot([awsInstance]), options()).items
    expect(item).toMatchObject({driftType: 'configuration_drift', severity: 'medium', autoHealable: true})
  })
})
