import type {TargetGroup} from '@aws-sdk/client-elastic-load-balancing-v2'
import {describe, expect, it} from 'vitest'

import {compareProperties} from '../../../src/core/diff/compare.js'
import type {ActualResource, Difference} from '../../../src/core/model.js'
import {healOf} from '../../../src/core/plan/heal-actions.js'
import {codifiedProperties} from '../../../src/core/plan/codify.js'
import {assessItem} from '../../../src/core/risk/assess.js'
import {elbv2TargetGroup, targetGroupFromAws} from '../../../src/core/resources/elbv2-target-group.js'
import {healCallProblem} from '../../../src/core/resources/heal.js'
import {healCall, revertCalls} from '../../../src/core/resources/index.js'
import {item} from '../plan/heal-fixtures.js'
import {callsOf, refusal} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

type Attributes = Array<{Key: string; Value: string}>
const groups = fixture<{TargetGroups: TargetGroup[]}>('elbv2-describe-target-groups').TargetGroups
const attributes = fixture<{Attributes: Attributes}>('elbv2-describe-target-group-attributes').Attributes
const tags = {Environment: 'production', ManagedBy: 'ialctl'}
const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-api-prod/73e2d6bc24d8a067'

const group = (overrides: Partial<TargetGroup> = {}): ActualResource => targetGroupFromAws({...groups[0], ...overrides}, tags, attributes, region)

const rules = {setPaths: elbv2TargetGroup.setPaths, arnOrNamePaths: [], keyedListPaths: elbv2TargetGroup.keyedListPaths, notReturned: elbv2TargetGroup.notReturnedPaths}
const compare = (desired: Record<string, unknown>, actual: ActualResource) => compareProperties(desired, actual.properties, rules, () => 9)
const diff = (path: string, expected: unknown, actual: unknown): Difference => ({path, expected, actual, kind: 'NOT_EQUAL'})
const drifted = (actual: ActualResource, differences: Difference[]) => item('ApiTargetGroup', actual, differences)

describe('AWS::ElasticLoadBalancingV2::TargetGroup mapping', () => {
  it('GIVEN an ip target group of an ALB, its tags and attributes WHEN mapped THEN CloudFormation names, health check settings, success codes, every attribute', () => {
    const resource = group()
    expect(resource.physicalId).toBe(ARN)
    expect(resource.arn).toBe(ARN)
    expect(resource.properties).toMatchObject({
      Name: 'tg-api-prod',
      Port: 8080,
      Protocol: 'HTTP',
      ProtocolVersion: 'HTTP1',
      VpcId: 'vpc-0123456789abcdef0',
      TargetType: 'ip',
      HealthCheckEnabled: true,
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 2,
      Matcher: {HttpCode: '200-299'},
    })
    expect(resource.properties.TargetGroupAttributes).toContainEqual({Key: 'deregistration_delay.timeout_seconds', Value: '30'})
    expect(resource.properties.TargetGroupAttributes).toHaveLength(attributes.length)
    expect(resource.attributes).toMatchObject({TargetGroupName: 'tg-api-prod', TargetGroupFullName: 'targetgroup/tg-api-prod/73e2d6bc24d8a067', LoadBalancerArns: [expect.stringContaining(':loadbalancer/app/alb-web-prod/')]})
    expect(resource.tags).toEqual(tags)
    expectNoAbsentValues(resource)
  })

  it('GIVEN a TCP target group with no path nor success codes, attributes not read WHEN mapped THEN neither is there', () => {
    const resource = targetGroupFromAws(groups[1], {}, undefined, region)
    expect(resource.properties).not.toHaveProperty('HealthCheckPath')
    expect(resource.properties).not.toHaveProperty('Matcher')
    expect(resource.properties).not.toHaveProperty('TargetGroupAttributes')
    expectNoAbsentValues(resource)
  })

  it('GIVEN keys WHEN asked THEN a declared target group is found by name first, then by its CloudFormation tags', () => {
    expect(elbv2TargetGroup.desiredKeys({logicalId: 'ApiTargetGroup', stackName: '30-compute-05-alb', properties: {Name: 'tg-api-prod'}})).toEqual(['name:tg-api-prod', 'cfn:30-compute-05-alb/ApiTargetGroup'])
    const deployed = targetGroupFromAws(groups[0], {'aws:cloudformation:stack-name': '30-compute-05-alb', 'aws:cloudformation:logical-id': 'ApiTargetGroup'}, undefined, region)
    expect(elbv2TargetGroup.actualKeys(deployed)).toEqual(['name:tg-api-prod', 'cfn:30-compute-05-alb/ApiTargetGroup'])
  })
})

describe('AWS::ElasticLoadBalancingV2::TargetGroup comparison', () => {
  it('GIVEN the template’s settings as YAML writes them (numbers, one attribute) WHEN compared THEN AWS’s other attributes and unset settings are not drift', () => {
    const result = compare(
      {Port: 8080, Protocol: 'HTTP', TargetType: 'ip', HealthCheckPath: '/health', HealthCheckIntervalSeconds: '15', Matcher: {HttpCode: '200-299'}, TargetGroupAttributes: [{Key: 'deregistration_delay.timeout_seconds', Value: 30}]},
      group(),
    )
    expect(result).toEqual({differences: [], notChecked: []})
  })

  it('GIVEN a path, success codes and an attribute changed, and registered targets declared WHEN compared THEN three differences, and targets not checked', () => {
    const result = compare(
      {HealthCheckPath: '/ready', Matcher: {HttpCode: '200'}, TargetGroupAttributes: [{Key: 'stickiness.enabled', Value: 'true'}], Targets: [{Id: '10.0.1.10'}]},
      group(),
    )
    expect(result.differences.map(({path, expected, actual}) => [path, expected, actual])).toEqual([
      ['/HealthCheckPath', '/ready', '/health'],
      ['/Matcher/HttpCode', '200', '200-299'],
      ['/TargetGroupAttributes/0', {Key: 'stickiness.enabled', Value: 'true'}, {Key: 'stickiness.enabled', Value: 'false'}],
    ])
    expect(result.notChecked).toEqual([{path: '/Targets', reason: 'Targets is not returned by the describe call'}])
    expect(elbv2TargetGroup.describeValue?.('/TargetGroupAttributes/0', result.differences[2].actual)).toBe('stickiness.enabled=false')
  })

  it('GIVEN a health check path changed by hand WHEN assessed THEN medium, availability, healable', () => {
    const assessed = assessItem(drifted(group(), [diff('/HealthCheckPath', '/health', '/')]), group(), {severityOverrides: [], severityLimit: 'medium'})
    expect(assessed.item).toMatchObject({severity: 'medium', impact: ['availability'], autoHealable: true})
  })

  it('GIVEN the protocol changed (HTTPS in Git, HTTP in AWS) WHEN assessed THEN medium with security impact, and never healed: it replaces the target group', () => {
    const assessed = assessItem(drifted(group(), [diff('/Protocol', 'HTTPS', 'HTTP')]), group(), {severityOverrides: [], severityLimit: 'medium'})
    expect(assessed.item).toMatchObject({severity: 'medium', impact: ['security', 'availability'], autoHealable: false})
    expect(assessed.heal.build).toEqual({ok: false, reason: '/Protocol: changing it replaces the target group (CloudFormation creates a new one)'})
  })
})

describe('AWS::ElasticLoadBalancingV2::TargetGroup heal: health check settings by ModifyTargetGroup', () => {
  it('GIVEN interval, thresholds and path changed by hand WHEN healed THEN one ModifyTargetGroup with those settings only, and a rollback to the values read', () => {
    const actual = group({HealthCheckIntervalSeconds: 60, HealthyThresholdCount: 10, UnhealthyThresholdCount: 5, HealthCheckPath: '/'})
    const heal = healOf(
      drifted(actual, [diff('/HealthCheckIntervalSeconds', 15, 60), diff('/HealthyThresholdCount', '3', 10), diff('/UnhealthyThresholdCount', 2, 5), diff('/HealthCheckPath', '/health', '/')]),
      actual,
    )
    expect(callsOf(heal.build)).toEqual([
      {api: 'ELBv2.ModifyTargetGroup', params: {TargetGroupArn: ARN, HealthCheckIntervalSeconds: 15, HealthyThresholdCount: 3, UnhealthyThresholdCount: 2, HealthCheckPath: '/health'}},
      {api: 'ELBv2.ModifyTargetGroup', params: {TargetGroupArn: ARN, HealthCheckIntervalSeconds: 60, HealthyThresholdCount: 10, UnhealthyThresholdCount: 5, HealthCheckPath: '/'}},
    ])
  })

  it('GIVEN values ModifyTargetGroup does not take, or a timeout not below the interval WHEN healed THEN refused with the reason', () => {
    const heal = (actual: ActualResource, ...differences: Difference[]) => refusal(healOf(drifted(actual, differences), actual).build)
    expect(heal(group(), diff('/HealthCheckIntervalSeconds', 1, 15))).toBe('/HealthCheckIntervalSeconds 1 is not 5 to 300')
    expect(heal(group(), diff('/HealthyThresholdCount', 11, 3))).toBe('/HealthyThresholdCount 11 is not 2 to 10')
    expect(heal(group(), diff('/HealthCheckPath', 'health', '/health'))).toBe('/HealthCheckPath health is not a path starting with /')
    expect(heal(group(), diff('/HealthCheckPath', '/health\nX-Injected: 1', '/health'))).toMatch(/is not a path starting with \//)
    // Interval 15 in AWS; the template's timeout of 20 would not be below it.
    expect(heal(group(), diff('/HealthCheckTimeoutSeconds', 20, 5))).toBe('/HealthCheckTimeoutSeconds 20 is not below /HealthCheckIntervalSeconds 15')
  })

  it('GIVEN the health check protocol, port or success codes changed WHEN healed THEN refused: a decision for a person (the revert puts them back)', () => {
    const heal = (difference: Difference) => refusal(healOf(drifted(group(), [difference]), group()).build)
    expect(heal(diff('/HealthCheckProtocol', 'HTTPS', 'HTTP'))).toMatch(/^\/HealthCheckProtocol: a health check protocol the targets do not answer/)
    expect(heal(diff('/Matcher/HttpCode', '200', '200-299'))).toMatch(/^\/Matcher\/HttpCode: success codes/)
  })

  it('GIVEN forged ModifyTargetGroup calls WHEN validated THEN anything beyond the healed settings is refused by the schema', () => {
    const schema = healCall('ELBv2.ModifyTargetGroup')!
    expect(healCallProblem(schema, {TargetGroupArn: ARN, HealthCheckPath: '/health'})).toBeUndefined()
    expect(healCallProblem(schema, {TargetGroupArn: ARN, HealthCheckProtocol: 'HTTP'})?.message).toBe('HealthCheckProtocol is not a parameter a heal sends')
    expect(healCallProblem(schema, {TargetGroupArn: ARN, Matcher: {HttpCode: '200-499'}})?.message).toBe('Matcher is not a parameter a heal sends')
    expect(healCallProblem(schema, {TargetGroupArn: ARN})?.message).toBe('ModifyTargetGroup must change a health check setting')
    expect(healCallProblem(schema, {TargetGroupArn: ARN, HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 10})?.message).toBe('HealthCheckTimeoutSeconds must be below HealthCheckIntervalSeconds')
    expect(healCallProblem(schema, {TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-web-prod/1', HealthCheckPath: '/'})?.message).toBe('TargetGroupArn must be a full target group ARN')
  })
})

describe('AWS::ElasticLoadBalancingV2::TargetGroup revert: the rest of the health check', () => {
  const revert = elbv2TargetGroup.revert!

  it('GIVEN success codes and health check protocol changed by hand WHEN reverted THEN one ModifyTargetGroup puts both back, the rollback restores them', () => {
    const actual = group({Matcher: {HttpCode: '200-499'}, HealthCheckProtocol: 'HTTPS'})
    const matcher = revert.changeOf!(actual, '/Matcher', [diff('/Matcher/HttpCode', '200-299', '200-499')], {HttpCode: '200-299'})
    expect(matcher).toEqual({path: '/Matcher', from: {HttpCode: '200-499'}, to: {HttpCode: '200-299'}})
    const built = revert.build(actual, [matcher as never, {path: '/HealthCheckProtocol', from: 'HTTPS', to: 'HTTP'}], {applyImmediately: false})
    expect(built).toMatchObject({ok: true})
    const actions = built.ok ? built.actions : []
    expect(actions.map(({api, params, rollback}) => [api, params, rollback.params])).toEqual([
      ['ELBv2.ModifyTargetGroup', {TargetGroupArn: ARN, Matcher: {HttpCode: '200-299'}, HealthCheckProtocol: 'HTTP'}, {TargetGroupArn: ARN, Matcher: {HttpCode: '200-499'}, HealthCheckProtocol: 'HTTPS'}],
    ])
    for (const call of [actions[0], actions[0].rollback]) expect(revertCalls(call.api).some((declared) => healCallProblem(declared, call.params) === undefined)).toBe(true)
  })

  it('GIVEN a protocol AWS does not have WHEN reverted THEN refused; GIVEN the protocol or VPC of the group WHEN asked THEN never reverted (replacement)', () => {
    expect(revert.build(group(), [{path: '/HealthCheckProtocol', from: 'HTTP', to: 'SMTP'}], {applyImmediately: false})).toEqual({ok: false, reason: '/HealthCheckProtocol SMTP is not one of HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE'})
    expect(elbv2TargetGroup.neverReverted).toMatchObject({'/Protocol': expect.stringMatching(/replaces the resource/) as string, '/VpcId': expect.stringMatching(/replaces the resource/) as string})
  })
})

describe('AWS::ElasticLoadBalancingV2::TargetGroup codify', () => {
  it('GIVEN an extra target group WHEN codified THEN only what was chosen is written: no default port check, protocol version nor attribute', () => {
    expect(codifiedProperties(group())).toEqual({
      Name: 'tg-api-prod',
      Port: 8080,
      Protocol: 'HTTP',
      VpcId: 'vpc-0123456789abcdef0',
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 15,
      HealthyThresholdCount: 3,
      Matcher: {HttpCode: '200-299'},
      TargetGroupAttributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '30'}],
      Tags: [
        {Key: 'Environment', Value: 'production'},
        {Key: 'ManagedBy', Value: 'ialctl'},
      ],
    })
  })
})
