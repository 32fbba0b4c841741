import {describe, expect, it} from 'vitest'

import {readInterest} from '../../../src/core/diff/read-interest.js'
import {actual, desired, getAtt, model, ref, sub} from './builders.js'

const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer'
const balancer = (name: string, tags: Record<string, string> = {}) => actual(LB, `arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/${name}/1`, {Name: name}, tags)
const scope = {tagKey: 'ManagedBy', tagValue: 'ialctl', types: {}}
const where = {region: 'us-east-1', accountId: '123456789012'}

describe('readInterest: which resources get their per-resource calls (SPEC 9)', () => {
  it('GIVEN one declared ALB (name from a parameter) and an extra scope WHEN asked THEN the declared one and in-scope extras are wanted, another team’s is not', () => {
    const wants = readInterest(model([desired('Web', LB, {Name: sub('alb-web-${Env}')})], {Env: 'prod'}), scope, where)
    expect(wants(balancer('alb-web-prod'))).toBe(true)
    expect(wants(balancer('alb-hotfix', {ManagedBy: 'ialctl'}))).toBe(true)
    expect(wants(balancer('alb-other-team', {ManagedBy: 'someone-else'}))).toBe(false)
  })

  it('GIVEN no extra scope WHEN asked THEN only what may match a declared resource, by name or by CloudFormation tags', () => {
    const wants = readInterest(model([desired('Web', LB, {Name: 'alb-web-prod'}), desired('Api', LB, {})]), null, where)
    expect(wants(balancer('alb-web-prod'))).toBe(true)
    expect(wants(balancer('generated-name', {'aws:cloudformation:stack-name': '30-compute-01-app', 'aws:cloudformation:logical-id': 'Api'}))).toBe(true)
    expect(wants(balancer('generated-name', {'aws:cloudformation:stack-name': 'other-stack', 'aws:cloudformation:logical-id': 'Api'}))).toBe(false)
  })

  it('GIVEN a declared ALB whose name needs a value from AWS (!GetAtt) WHEN asked THEN every load balancer is wanted, since any may be it', () => {
    const wants = readInterest(model([desired('Web', LB, {Name: getAtt('Naming', 'Value')}), desired('Vpc', 'AWS::EC2::VPC', {CidrBlock: ref('Cidr')})]), null, where)
    expect(wants(balancer('anything'))).toBe(true)
    // Other types keep their own rule: a VPC without a name key is wanted only through its CloudFormation tags.
    expect(wants(actual('AWS::EC2::VPC', 'vpc-1', {}))).toBe(false)
  })
})
