// The revert planner for the load balancer, target group attributes, auto scaling group, subnet and VPC (SPEC 11,
// issue 18), as a table: what a revert sends (and its rollback, the values as read), whether it restarts anything,
// whether it weakens security (--approve-critical); and what is refused, with the reason a person reads, and no call.
import {describe, expect, it} from 'vitest'

import type {ActualResource, Difference, DriftItem} from '../../../src/core/model.js'
import type {HealPlanEntry} from '../../../src/core/plan/heal-plan.js'
import {revertRefusal} from '../../../src/core/plan/revert-plan.js'
import {ACCOUNT, checkedRevertEntry, diff, item, REGION} from './heal-fixtures.js'

const LB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/alb-web-prod/50dc6c495c0c9188`
const NLB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/nlb-prod/73e2d6bc24d8a067`
const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/tg-api-prod/73e2d6bc24d8a067`

const attributes = (values: Record<string, string>) => Object.entries(values).map(([Key, Value]) => ({Key, Value}))
const LB_ATTRIBUTES = {
  'deletion_protection.enabled': 'true',
  'idle_timeout.timeout_seconds': '120',
  'access_logs.s3.enabled': 'true',
  'access_logs.s3.bucket': 'acme-alb-logs',
  'routing.http.drop_invalid_header_fields.enabled': 'true',
  'routing.http.desync_mitigation_mode': 'defensive',
  'waf.fail_open.enabled': 'false',
}

function loadBalancer(overrides: Record<string, unknown> = {}, attributeValues: Record<string, string> = {}): ActualResource {
  return {
    type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    region: REGION,
    physicalId: LB_ARN,
    arn: LB_ARN,
    properties: {Name: 'alb-web-prod', Scheme: 'internal', Type: 'application', Subnets: ['subnet-0a', 'subnet-0b'], SecurityGroups: ['sg-0e1b'], LoadBalancerAttributes: attributes({...LB_ATTRIBUTES, ...attributeValues}), ...overrides},
    tags: {},
    attributes: {},
  }
}

function networkLoadBalancer(overrides: Record<string, unknown> = {}): ActualResource {
  return {...loadBalancer({Name: 'nlb-prod', Type: 'network', SecurityGroups: undefined, ...overrides}), physicalId: NLB_ARN, arn: NLB_ARN}
}

function targetGroup(attributeValues: Record<string, string> = {}): ActualResource {
  const values = {'deregistration_delay.timeout_seconds': '30', 'stickiness.enabled': 'false', 'slow_start.duration_seconds': '0', ...attributeValues}
  return {type: 'AWS::ElasticLoadBalancingV2::TargetGroup', region: REGION, physicalId: TG_ARN, arn: TG_ARN, properties: {Name: 'tg-api-prod', Port: 8080, Protocol: 'HTTP', TargetGroupAttributes: attributes(values)}, tags: {}, attributes: {}}
}

const GROUP = 'ial-prod-ecs-capacity'

function autoScalingGroup(overrides: Record<string, unknown> = {}): ActualResource {
  return {
    type: 'AWS::AutoScaling::AutoScalingGroup',
    region: REGION,
    physicalId: GROUP,
    arn: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:6d3c1d5e:autoScalingGroupName/${GROUP}`,
    properties: {
      AutoScalingGroupName: GROUP,
      MinSize: '1',
      MaxSize: '4',
      DesiredCapacity: '2',
      LaunchTemplate: {LaunchTemplateId: 'lt-0a1b2c3d4e5f67890', LaunchTemplateName: GROUP, Version: '3'},
      VPCZoneIdentifier: ['subnet-0a', 'subnet-0b'],
      ...overrides,
    },
    tags: {},
    attributes: {},
  }
}

function subnet(mapPublicIp: boolean | undefined): ActualResource {
  return {type: 'AWS::EC2::Subnet', region: REGION, physicalId: 'subnet-0a', properties: {VpcId: 'vpc-0abc', CidrBlock: '10.20.0.0/24', AvailabilityZone: 'us-east-1a', MapPublicIpOnLaunch: mapPublicIp}, tags: {}, attributes: {}}
}

const update = (params: Record<string, unknown>) => call('AutoScaling.UpdateAutoScalingGroup', {AutoScalingGroupName: GROUP, ...params})

/** A keyed-list difference as the diff reports it: the whole element at the template's position. */
const call = (api: string, params: Record<string, unknown>) => `${api} ${JSON.stringify(params)}`

const attribute = (list: string, index: number, key: string, declared: string, read: string | null): Difference =>
  diff(`/${list}/${index}`, {Key: key, Value: declared}, read === null ? null : {Key: key, Value: read}, read === null ? 'REMOVE' : 'NOT_EQUAL')

/** The entry, with every call it makes (apply and rollback) checked against the schemas its type declares. */
function entryFor(resource: ActualResource, differences: Difference[], overrides: Partial<DriftItem> = {}): HealPlanEntry {
  return checkedRevertEntry(item('Item', resource, differences, overrides), resource, {applyImmediately: false})
}

interface Revertible {
  case: string
  resource: ActualResource
  differences: Difference[]
  calls: string[]
  rollbacks: string[]
  restarts?: true
  weakens?: string
}

const REVERTIBLE: Revertible[] = [
  // ---- AWS::ElasticLoadBalancingV2::LoadBalancer: security groups, subnets, attributes; nothing restarts ----
  {
    case: 'load balancer: a security group swapped by hand -> SetSecurityGroups with the declared one; rollback the list read',
    resource: loadBalancer({SecurityGroups: ['sg-0deb']}),
    differences: [diff('/SecurityGroups/0', 'sg-0e1b', null, 'REMOVE'), diff('/SecurityGroups/1', null, 'sg-0deb', 'ADD')],
    calls: [call('ELBv2.SetSecurityGroups', {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0e1b']})],
    rollbacks: [call('ELBv2.SetSecurityGroups', {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0deb']})],
    weakens: 'adds security group sg-0e1b to the load balancer: whatever it allows reaches it',
  },
  {
    case: 'load balancer: a security group added by hand -> removed, the declared one kept (narrowing: a plain revert)',
    resource: loadBalancer({SecurityGroups: ['sg-0e1b', 'sg-0deb']}),
    differences: [diff('/SecurityGroups/1', null, 'sg-0deb', 'ADD')],
    calls: [call('ELBv2.SetSecurityGroups', {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0e1b']})],
    rollbacks: [call('ELBv2.SetSecurityGroups', {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0e1b', 'sg-0deb']})],
  },
  {
    case: 'load balancer: a subnet removed by hand -> SetSubnets with both declared subnets, no weakening (the scheme decides who reaches it)',
    resource: loadBalancer({Subnets: ['subnet-0a', 'subnet-0c']}),
    differences: [diff('/Subnets/1', 'subnet-0b', 'subnet-0c')],
    calls: [call('ELBv2.SetSubnets', {LoadBalancerArn: LB_ARN, Subnets: ['subnet-0a', 'subnet-0b']})],
    rollbacks: [call('ELBv2.SetSubnets', {LoadBalancerArn: LB_ARN, Subnets: ['subnet-0a', 'subnet-0c']})],
  },
  {
    case: 'load balancer: idle timeout changed by hand -> ModifyLoadBalancerAttributes with that one key only',
    resource: loadBalancer({}, {'idle_timeout.timeout_seconds': '300'}),
    differences: [attribute('LoadBalancerAttributes', 1, 'idle_timeout.timeout_seconds', '120', '300')],
    calls: [call('ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}]})],
    rollbacks: [call('ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '300'}]})],
  },
  {
    case: 'load balancer: deletion protection turned off and access logs turned off by hand -> both on again in one call; the rollback leaves protection on',
    resource: loadBalancer({}, {'deletion_protection.enabled': 'false', 'access_logs.s3.enabled': 'false'}),
    differences: [attribute('LoadBalancerAttributes', 0, 'deletion_protection.enabled', 'true', 'false'), attribute('LoadBalancerAttributes', 2, 'access_logs.s3.enabled', 'true', 'false')],
    calls: [call('ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'deletion_protection.enabled', Value: 'true'}, {Key: 'access_logs.s3.enabled', Value: 'true'}]})],
    rollbacks: [call('ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'deletion_protection.enabled', Value: 'true'}, {Key: 'access_logs.s3.enabled', Value: 'false'}]})],
  },
  {
    case: 'load balancer: Git turns access logs off, AWS logs -> reverted only as a weakening',
    resource: loadBalancer(),
    differences: [attribute('LoadBalancerAttributes', 0, 'access_logs.s3.enabled', 'false', 'true')],
    calls: [call('ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'access_logs.s3.enabled', Value: 'false'}]})],
    rollbacks: [call('ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'access_logs.s3.enabled', Value: 'true'}]})],
    weakens: 'turns access logs off (the record of every request)',
  },
  {
    case: 'load balancer: Git keeps invalid headers, a laxer desync mode and WAF fail-open -> one call, only as a weakening',
    resource: loadBalancer(),
    differences: [
      attribute('LoadBalancerAttributes', 0, 'routing.http.drop_invalid_header_fields.enabled', 'false', 'true'),
      attribute('LoadBalancerAttributes', 1, 'routing.http.desync_mitigation_mode', 'monitor', 'defensive'),
      attribute('LoadBalancerAttributes', 2, 'waf.fail_open.enabled', 'true', 'false'),
    ],
    calls: [
      call('ELBv2.ModifyLoadBalancerAttributes', {
        LoadBalancerArn: LB_ARN,
        Attributes: [
          {Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'false'},
          {Key: 'routing.http.desync_mitigation_mode', Value: 'monitor'},
          {Key: 'waf.fail_open.enabled', Value: 'true'},
        ],
      }),
    ],
    rollbacks: [
      call('ELBv2.ModifyLoadBalancerAttributes', {
        LoadBalancerArn: LB_ARN,
        Attributes: [
          {Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true'},
          {Key: 'routing.http.desync_mitigation_mode', Value: 'defensive'},
          {Key: 'waf.fail_open.enabled', Value: 'false'},
        ],
      }),
    ],
    weakens:
      'passes invalid HTTP header fields on to the targets; lets through requests that risk HTTP desync (desync mitigation defensive → monitor); lets requests through unchecked when AWS WAF cannot be reached (WAF fail open)',
  },
  {
    case: 'load balancer: a subnet, a security group and an attribute at once -> one call each, in that order',
    resource: loadBalancer({Subnets: ['subnet-0a'], SecurityGroups: ['sg-0e1b', 'sg-0deb']}, {'idle_timeout.timeout_seconds': '60'}),
    differences: [diff('/Subnets/1', 'subnet-0b', null, 'REMOVE'), diff('/SecurityGroups/1', null, 'sg-0deb', 'ADD'), attribute('LoadBalancerAttributes', 1, 'idle_timeout.timeout_seconds', '120', '60')],
    calls: [
      call('ELBv2.SetSubnets', {LoadBalancerArn: LB_ARN, Subnets: ['subnet-0a', 'subnet-0b']}),
      call('ELBv2.SetSecurityGroups', {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0e1b']}),
      call('ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}]}),
    ],
    rollbacks: [
      call('ELBv2.SetSubnets', {LoadBalancerArn: LB_ARN, Subnets: ['subnet-0a']}),
      call('ELBv2.SetSecurityGroups', {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0e1b', 'sg-0deb']}),
      call('ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '60'}]}),
    ],
  },
  {
    case: 'network load balancer: a subnet removed by hand -> added back (adding is what AWS allows)',
    resource: networkLoadBalancer({Subnets: ['subnet-0a']}),
    differences: [diff('/Subnets/1', 'subnet-0b', null, 'REMOVE')],
    calls: [call('ELBv2.SetSubnets', {LoadBalancerArn: NLB_ARN, Subnets: ['subnet-0a', 'subnet-0b']})],
    rollbacks: [call('ELBv2.SetSubnets', {LoadBalancerArn: NLB_ARN, Subnets: ['subnet-0a']})],
  },
  // ---- AWS::ElasticLoadBalancingV2::TargetGroup: attributes, one ModifyTargetGroupAttributes, no restart ----
  {
    case: 'target group: deregistration delay and stickiness changed by hand -> one ModifyTargetGroupAttributes with those keys only',
    resource: targetGroup({'deregistration_delay.timeout_seconds': '300', 'stickiness.enabled': 'true'}),
    differences: [attribute('TargetGroupAttributes', 0, 'deregistration_delay.timeout_seconds', '30', '300'), attribute('TargetGroupAttributes', 1, 'stickiness.enabled', 'false', 'true')],
    calls: [call('ELBv2.ModifyTargetGroupAttributes', {TargetGroupArn: TG_ARN, Attributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '30'}, {Key: 'stickiness.enabled', Value: 'false'}]})],
    rollbacks: [call('ELBv2.ModifyTargetGroupAttributes', {TargetGroupArn: TG_ARN, Attributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '300'}, {Key: 'stickiness.enabled', Value: 'true'}]})],
  },
  {
    case: 'target group: a declared number value (YAML 30, not "30") -> written as the string AWS takes',
    resource: targetGroup({'deregistration_delay.timeout_seconds': '300'}),
    differences: [diff('/TargetGroupAttributes/0', {Key: 'deregistration_delay.timeout_seconds', Value: 30}, {Key: 'deregistration_delay.timeout_seconds', Value: '300'})],
    calls: [call('ELBv2.ModifyTargetGroupAttributes', {TargetGroupArn: TG_ARN, Attributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '30'}]})],
    rollbacks: [call('ELBv2.ModifyTargetGroupAttributes', {TargetGroupArn: TG_ARN, Attributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '300'}]})],
  },
  // ---- AWS::AutoScaling::AutoScalingGroup: sizes, launch template version, subnets; one UpdateAutoScalingGroup ----
  {
    case: 'auto scaling group: MaxSize raised and MinSize lowered by hand -> one UpdateAutoScalingGroup with both (numbers, as the API takes them)',
    resource: autoScalingGroup({MinSize: '0', MaxSize: '10'}),
    differences: [diff('/MinSize', '1', '0'), diff('/MaxSize', '4', '10')],
    calls: [update({MinSize: 1, MaxSize: 4})],
    rollbacks: [update({MinSize: 0, MaxSize: 10})],
  },
  {
    case: 'auto scaling group: MaxSize raised by hand and the group scaled past the declared one -> a restart (AWS terminates instances to fit)',
    resource: autoScalingGroup({MaxSize: '10', DesiredCapacity: '6'}),
    differences: [diff('/MaxSize', '4', '10')],
    calls: [update({MaxSize: 4})],
    rollbacks: [update({MaxSize: 10})],
    restarts: true,
  },
  {
    case: 'auto scaling group: the launch template version changed by hand -> the declared version of the same template; nothing restarts (only new instances take it)',
    resource: autoScalingGroup({LaunchTemplate: {LaunchTemplateId: 'lt-0a1b2c3d4e5f67890', LaunchTemplateName: GROUP, Version: '$Latest'}}),
    differences: [diff('/LaunchTemplate/Version', '3', '$Latest')],
    calls: [update({LaunchTemplate: {LaunchTemplateId: 'lt-0a1b2c3d4e5f67890', Version: '3'}})],
    rollbacks: [update({LaunchTemplate: {LaunchTemplateId: 'lt-0a1b2c3d4e5f67890', Version: '$Latest'}})],
  },
  {
    case: 'auto scaling group: a subnet swapped by hand -> the declared subnets, comma-separated; a restart (AWS rebalances the instances across zones)',
    resource: autoScalingGroup({VPCZoneIdentifier: ['subnet-0a', 'subnet-0c']}),
    differences: [diff('/VPCZoneIdentifier/1', 'subnet-0b', 'subnet-0c')],
    calls: [update({VPCZoneIdentifier: 'subnet-0a,subnet-0b'})],
    rollbacks: [update({VPCZoneIdentifier: 'subnet-0a,subnet-0c'})],
    restarts: true,
  },
  // ---- AWS::EC2::Subnet: public IP on launch, ModifySubnetAttribute, no restart ----
  {
    case: 'subnet: public IP on launch turned on by hand -> off again (narrowing: a plain revert)',
    resource: subnet(true),
    differences: [diff('/MapPublicIpOnLaunch', false, true)],
    calls: [call('EC2.ModifySubnetAttribute', {SubnetId: 'subnet-0a', MapPublicIpOnLaunch: {Value: false}})],
    rollbacks: [call('EC2.ModifySubnetAttribute', {SubnetId: 'subnet-0a', MapPublicIpOnLaunch: {Value: true}})],
  },
  {
    case: 'subnet: Git gives instances a public IP, someone turned it off -> on again only as a weakening',
    resource: subnet(false),
    differences: [diff('/MapPublicIpOnLaunch', true, false)],
    calls: [call('EC2.ModifySubnetAttribute', {SubnetId: 'subnet-0a', MapPublicIpOnLaunch: {Value: true}})],
    rollbacks: [call('EC2.ModifySubnetAttribute', {SubnetId: 'subnet-0a', MapPublicIpOnLaunch: {Value: false}})],
    weakens: 'gives every instance launched in the subnet a public IP address',
  },
]

describe('revert planner, load balancer to VPC: what is reverted, how, restart or not', () => {
  it.each(REVERTIBLE)('GIVEN $case', ({resource, differences, calls, rollbacks, restarts, weakens}) => {
    const entry = entryFor(resource, differences)
    expect(entry.decision, entry.reason).toBe('revert')
    expect(entry.actions.map((action) => call(action.api, action.params))).toEqual(calls)
    expect(entry.actions.map((action) => call(action.rollback.api, action.rollback.params))).toEqual(rollbacks)
    expect({restarts: entry.restarts, weakens: entry.weakens}).toEqual({restarts, weakens})
    if (restarts) expect(entry.reason).toContain('restarts the resource')
  })
})

const REFUSED: Array<{case: string; resource: ActualResource; differences: Difference[]; reason: string}> = [
  {
    case: 'load balancer: Git turns deletion protection off (never, whatever the flags)',
    resource: loadBalancer(),
    differences: [attribute('LoadBalancerAttributes', 0, 'deletion_protection.enabled', 'false', 'true')],
    reason: '/LoadBalancerAttributes: a revert never turns deletion protection off, even when Git says so',
  },
  {case: 'load balancer: its scheme (replacement)', resource: loadBalancer({Scheme: 'internet-facing'}), differences: [diff('/Scheme', 'internal', 'internet-facing')], reason: '/Scheme: changing it replaces the resource'},
  {case: 'load balancer: its type (replacement)', resource: loadBalancer(), differences: [diff('/Type', 'network', 'application')], reason: '/Type: changing it replaces the resource'},
  {
    case: 'load balancer: a security group Git names by a reference ialctl could not resolve',
    resource: loadBalancer({SecurityGroups: ['sg-0deb']}),
    differences: [diff('/SecurityGroups/0', {Ref: 'WebSecurityGroup'}, 'sg-0deb')],
    reason: '/SecurityGroups: the declared value could not be resolved',
  },
  {
    case: 'load balancer: an attribute AWS did not answer (nothing to roll back to)',
    resource: loadBalancer(),
    differences: [attribute('LoadBalancerAttributes', 3, 'client_keep_alive.seconds', '600', null)],
    reason: 'AWS did not answer client_keep_alive.seconds for this load balancer',
  },
  {
    case: 'network load balancer: security groups put on one created without them',
    resource: networkLoadBalancer(),
    differences: [diff('/SecurityGroups', ['sg-0e1b'], null, 'REMOVE')],
    reason: '/SecurityGroups: the load balancer has no security groups as read (a network load balancer created without security groups never gets one)',
  },
  {
    case: 'network load balancer: a subnet added by hand (AWS never removes one)',
    resource: networkLoadBalancer({Subnets: ['subnet-0a', 'subnet-0b', 'subnet-0c']}),
    differences: [diff('/Subnets/2', null, 'subnet-0c', 'ADD')],
    reason: "/Subnets: a network load balancer's subnets can be added, never removed (subnet-0c)",
  },
  {
    case: 'target group: an attribute Git gives as a map instead of a Key/Value element',
    resource: targetGroup(),
    differences: [diff('/TargetGroupAttributes/0', {Key: 'stickiness.enabled', Value: {Ref: 'Sticky'}}, {Key: 'stickiness.enabled', Value: 'false'})],
    reason: '/TargetGroupAttributes: the declared value could not be resolved',
  },
  {
    case: 'auto scaling group: DesiredCapacity outside the range (scaling owns it)',
    resource: autoScalingGroup({DesiredCapacity: '9'}),
    differences: [diff('/DesiredCapacity', '2', '9')],
    reason: '/DesiredCapacity: scaling policies own the desired capacity',
  },
  {
    case: 'auto scaling group: another launch template swapped in by hand',
    resource: autoScalingGroup({LaunchTemplate: {LaunchTemplateId: 'lt-0ffffffffffffffff', LaunchTemplateName: 'debug', Version: '1'}}),
    differences: [diff('/LaunchTemplate/LaunchTemplateName', GROUP, 'debug')],
    reason: "/LaunchTemplate/LaunchTemplateName: only the version of the group's launch template is reverted",
  },
  {
    case: 'auto scaling group: a launch template version Git leaves to !GetAtt ialctl could not resolve',
    resource: autoScalingGroup(),
    differences: [diff('/LaunchTemplate/Version', {'Fn::GetAtt': ['EcsCapacityLaunchTemplate', 'LatestVersionNumber']}, '3')],
    reason: '/LaunchTemplate: the declared value could not be resolved',
  },
  {
    case: 'auto scaling group: MinSize put back above the MaxSize AWS has',
    resource: autoScalingGroup({MinSize: '1', MaxSize: '2'}),
    differences: [diff('/MinSize', '3', '1')],
    reason: '/MinSize 3 would be above /MaxSize 2',
  },
  {
    case: 'auto scaling group: a group on a mixed instances policy (no launch template to set a version on)',
    resource: autoScalingGroup({LaunchTemplate: undefined, MixedInstancesPolicy: {LaunchTemplate: {}}}),
    differences: [diff('/LaunchTemplate/Version', '3', null, 'REMOVE')],
    reason: '/LaunchTemplate',
  },
  {case: 'subnet: its CIDR block (replacement)', resource: subnet(false), differences: [diff('/CidrBlock', '10.20.1.0/24', '10.20.0.0/24')], reason: '/CidrBlock: changing it replaces the resource'},
  {case: 'subnet: a public IP setting Git leaves to a parameter it could not resolve', resource: subnet(true), differences: [diff('/MapPublicIpOnLaunch', {Ref: 'PublicIps'}, true)], reason: '/MapPublicIpOnLaunch: the declared value could not be resolved'},
]

describe('revert planner, load balancer to VPC: what is refused, with its reason, and no call', () => {
  it.each(REFUSED)('GIVEN $case', ({resource, differences, reason}) => {
    const entry = entryFor(resource, differences)
    expect(entry.decision).toBe('cannot-revert')
    expect(entry.actions).toEqual([])
    expect(entry.reason).toContain(reason)
  })
})

describe('approval of the weakening ones', () => {
  const flags = {allowRestart: false, approveCritical: false, interactive: true}
  const policy = {enabled: true, severityLimit: 'critical' as const, maxResources: 10, forbid: []}

  it('GIVEN a security group put back on a load balancer WHEN planned without --approve-critical THEN refused naming the flag; WITH it THEN not refused', () => {
    const entry = entryFor(loadBalancer({SecurityGroups: ['sg-0deb']}), [diff('/SecurityGroups/0', 'sg-0e1b', 'sg-0deb')], {severity: 'critical'})
    expect(revertRefusal(entry, flags, policy)).toBe('it weakens security although Git says so (adds security group sg-0e1b to the load balancer: whatever it allows reaches it): pass --approve-critical to revert it even so')
    expect(revertRefusal(entry, {...flags, approveCritical: true}, policy)).toBeUndefined()
  })
})
