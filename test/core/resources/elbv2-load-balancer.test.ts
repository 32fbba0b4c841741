import type {LoadBalancer} from '@aws-sdk/client-elastic-load-balancing-v2'
import {describe, expect, it} from 'vitest'

import {compareProperties} from '../../../src/core/diff/compare.js'
import type {ActualResource} from '../../../src/core/model.js'
import {planHeal} from '../../../src/core/plan/heal-plan.js'
import {healOf} from '../../../src/core/plan/heal-actions.js'
import {codifiedProperties} from '../../../src/core/plan/codify.js'
import {assessItem} from '../../../src/core/risk/assess.js'
import {elbv2LoadBalancer, loadBalancerFromAws} from '../../../src/core/resources/elbv2-load-balancer.js'
import {analysis, item, PLAN_OPTIONS} from '../plan/heal-fixtures.js'
import {callsOf, refusal} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

type Attributes = Array<{Key: string; Value: string}>
const balancers = fixture<{LoadBalancers: LoadBalancer[]}>('elbv2-describe-load-balancers').LoadBalancers
const attributes = fixture<{Attributes: Attributes}>('elbv2-describe-load-balancer-attributes').Attributes
const tags = {Environment: 'production', Owner: 'platform-team'}
const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-web-prod/50dc6c495c0c9188'

const alb = (overrides: Attributes = []): ActualResource =>
  loadBalancerFromAws(balancers[0], tags, [...attributes.filter((attribute) => !overrides.some((override) => override.Key === attribute.Key)), ...overrides], region)

const rules = {setPaths: elbv2LoadBalancer.setPaths, arnOrNamePaths: [], keyedListPaths: elbv2LoadBalancer.keyedListPaths, notReturned: elbv2LoadBalancer.notReturnedPaths}
const compare = (desired: Record<string, unknown>, actual: ActualResource) => compareProperties(desired, actual.properties, rules, () => 7)

describe('AWS::ElasticLoadBalancingV2::LoadBalancer mapping', () => {
  it('GIVEN an application load balancer, its tags and attributes WHEN mapped THEN CloudFormation names, subnets from the zones, every attribute as {Key, Value}', () => {
    const resource = alb()
    expect(resource.physicalId).toBe(ARN)
    expect(resource.arn).toBe(ARN)
    expect(resource.properties).toMatchObject({
      Name: 'alb-web-prod',
      Scheme: 'internal',
      Type: 'application',
      IpAddressType: 'ipv4',
      Subnets: ['subnet-0aaa1111bbbb2222c', 'subnet-0bbb2222cccc3333d'],
      SecurityGroups: ['sg-0aaaaaaaaaaaaaaaa'],
    })
    expect(resource.properties.LoadBalancerAttributes).toContainEqual({Key: 'deletion_protection.enabled', Value: 'false'})
    expect(resource.properties.LoadBalancerAttributes).toHaveLength(attributes.length)
    expect(resource.attributes).toMatchObject({DNSName: 'internal-alb-web-prod-424835706.us-east-1.elb.amazonaws.com', LoadBalancerFullName: 'app/alb-web-prod/50dc6c495c0c9188', CanonicalHostedZoneID: 'Z35SXDOTRQ7X7K'})
    expect(resource.tags).toEqual(tags)
    expectNoAbsentValues(resource)
  })

  it('GIVEN a network load balancer with an Elastic IP and no security groups, attributes not read WHEN mapped THEN the mapping carries the allocation, and neither SecurityGroups nor attributes', () => {
    const resource = loadBalancerFromAws(balancers[1], {}, undefined, region)
    expect(resource.properties.SubnetMappings).toEqual([{SubnetId: 'subnet-0ccc3333dddd4444e', AllocationId: 'eipalloc-0a1b2c3d4e5f60718'}])
    expect(resource.properties).not.toHaveProperty('SecurityGroups')
    expect(resource.properties).not.toHaveProperty('LoadBalancerAttributes')
  })

  it('GIVEN keys and matching by name and CloudFormation tags WHEN asked THEN both sides agree', () => {
    const keys = elbv2LoadBalancer.desiredKeys({logicalId: 'WebLoadBalancer', stackName: 'stack', properties: {Name: 'alb-web-prod'}})
    expect(keys).toEqual(['name:alb-web-prod', 'cfn:stack/WebLoadBalancer'])
    expect(elbv2LoadBalancer.actualKeys(alb())).toContain('name:alb-web-prod')
  })
})

describe('AWS::ElasticLoadBalancingV2::LoadBalancer comparison', () => {
  it('GIVEN a template that sets two attributes AWS agrees with (as YAML booleans and numbers) WHEN compared THEN AWS’s 17 other attributes are not drift', () => {
    const result = compare({LoadBalancerAttributes: [{Key: 'idle_timeout.timeout_seconds', Value: 120}, {Key: 'routing.http2.enabled', Value: true}]}, alb())
    expect(result).toEqual({differences: [], notChecked: []})
  })

  it('GIVEN deletion protection on in the template and off in AWS WHEN compared THEN one difference: the whole element at the template’s position', () => {
    const result = compare({LoadBalancerAttributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}, {Key: 'deletion_protection.enabled', Value: 'true'}]}, alb())
    expect(result.differences).toEqual([
      {path: '/LoadBalancerAttributes/1', expected: {Key: 'deletion_protection.enabled', Value: 'true'}, actual: {Key: 'deletion_protection.enabled', Value: 'false'}, kind: 'NOT_EQUAL', line: 7},
    ])
    expect(elbv2LoadBalancer.describeValue?.('/LoadBalancerAttributes/1', result.differences[0].actual)).toBe('deletion_protection.enabled=false')
  })

  it('GIVEN a key AWS does not report, security groups in another order, and attributes not read WHEN compared THEN REMOVE, no drift, not checked', () => {
    expect(compare({LoadBalancerAttributes: [{Key: 'no_such.attribute', Value: 'x'}]}, alb()).differences).toMatchObject([{path: '/LoadBalancerAttributes/0', kind: 'REMOVE'}])
    const twoGroups = {...alb(), properties: {...alb().properties, SecurityGroups: ['sg-2', 'sg-1']}}
    expect(compare({SecurityGroups: ['sg-1', 'sg-2']}, twoGroups).differences).toEqual([])
    const unread = loadBalancerFromAws(balancers[0], tags, undefined, region)
    expect(compare({LoadBalancerAttributes: [{Key: 'deletion_protection.enabled', Value: 'true'}]}, unread)).toEqual({
      differences: [],
      notChecked: [{path: '/LoadBalancerAttributes', reason: 'LoadBalancerAttributes is not returned by the describe call'}],
    })
  })

  it('GIVEN a scheme or security group drift WHEN assessed THEN critical, security, and never healed', () => {
    const drifted = item('WebLoadBalancer', alb(), [{path: '/Scheme', expected: 'internal', actual: 'internet-facing', kind: 'NOT_EQUAL'}])
    const assessed = assessItem(drifted, alb(), {severityOverrides: [], severityLimit: 'medium'})
    expect(assessed.item).toMatchObject({severity: 'critical', impact: ['security'], autoHealable: false})
    expect(assessed.heal.build).toEqual({ok: false, reason: '/Scheme: a scheme change replaces the load balancer'})
  })
})

describe('AWS::ElasticLoadBalancingV2::LoadBalancer heal: deletion protection on, one way', () => {
  const protectionDrift = (from: string, to: string, actual = alb([{Key: 'deletion_protection.enabled', Value: from}])) =>
    item('WebLoadBalancer', actual, [
      {path: '/LoadBalancerAttributes/1', expected: {Key: 'deletion_protection.enabled', Value: to}, actual: {Key: 'deletion_protection.enabled', Value: from}, kind: 'NOT_EQUAL'},
    ])

  it('GIVEN protection off where the template turns it on WHEN healed THEN one ModifyLoadBalancerAttributes with that key only, and the rollback leaves it on', () => {
    const heal = healOf(protectionDrift('false', 'true'), alb())
    const call = {api: 'ELBv2.ModifyLoadBalancerAttributes', params: {LoadBalancerArn: ARN, Attributes: [{Key: 'deletion_protection.enabled', Value: 'true'}]}}
    expect(callsOf(heal.build)).toEqual([call, call])
  })

  it('GIVEN protection on where the template turns it off WHEN healed THEN refused (removing protection is a decision for a person)', () => {
    const on = alb([{Key: 'deletion_protection.enabled', Value: 'true'}])
    expect(refusal(healOf(protectionDrift('true', 'false', on), on).build)).toBe('/LoadBalancerAttributes (deletion_protection.enabled): only deletion_protection.enabled false → true is healed')
  })

  it('GIVEN another attribute drifted (idle timeout), alone or with protection WHEN healed THEN refused, naming the keys', () => {
    const timeout = {path: '/LoadBalancerAttributes/0', expected: {Key: 'idle_timeout.timeout_seconds', Value: '60'}, actual: {Key: 'idle_timeout.timeout_seconds', Value: '120'}, kind: 'NOT_EQUAL' as const}
    expect(refusal(healOf(item('WebLoadBalancer', alb(), [timeout]), alb()).build)).toMatch(/\(idle_timeout\.timeout_seconds\): only deletion_protection/)
    const both = protectionDrift('false', 'true')
    expect(refusal(healOf({...both, differences: [timeout, ...both.differences]}, alb()).build)).toMatch(/\(idle_timeout\.timeout_seconds, deletion_protection\.enabled\)/)
  })

  it('GIVEN the drift rated high, above the medium severity limit WHEN planned THEN healed (one-way hardening), but a forbid rule or maxResources 0 still refuse it', () => {
    const drift = {...protectionDrift('false', 'true'), severity: 'high' as const}
    const entry = (options: Partial<typeof PLAN_OPTIONS>) => planHeal(analysis([[drift, alb()]]), {...PLAN_OPTIONS, ...options}).entries[0]
    expect(entry({})).toMatchObject({decision: 'heal'})
    expect(entry({forbid: ['AWS::ElasticLoadBalancingV2::LoadBalancer:/LoadBalancerAttributes']})).toMatchObject({decision: 'refused', reason: expect.stringMatching(/forbidden by autoHeal.forbid/) as string})
    expect(entry({maxResources: 0})).toMatchObject({decision: 'refused', reason: expect.stringMatching(/maxResources/) as string})
    expect(assessItem(drift, alb(), {severityOverrides: [], severityLimit: 'medium'}).item).toMatchObject({severity: 'high', autoHealable: true})
  })
})

describe('AWS::ElasticLoadBalancingV2::LoadBalancer codify', () => {
  it('GIVEN an extra load balancer WHEN codified THEN only what was chosen is written: no default scheme, type or attribute', () => {
    const properties = codifiedProperties(alb())
    expect(properties).toEqual({
      Name: 'alb-web-prod',
      Scheme: 'internal',
      Subnets: ['subnet-0aaa1111bbbb2222c', 'subnet-0bbb2222cccc3333d'],
      SecurityGroups: ['sg-0aaaaaaaaaaaaaaaa'],
      LoadBalancerAttributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}],
      Tags: [
        {Key: 'Environment', Value: 'production'},
        {Key: 'Owner', Value: 'platform-team'},
      ],
    })
  })
})
