import {describe, expect, it} from 'vitest'

import {analyseDrift as matchCompareSuppress} from '../../../src/core/diff/analyse.js'
import type {StackResource} from '../../../src/core/model.js'
import {assessDrift} from '../../../src/core/risk/assess.js'
import {actual, desired, model, options, SG, snapshot} from './builders.js'

// Identity from the phase stacks (config phases.identityFromStacks): what ListStackResources records for a logical
// id is tried before the type's own identity rules.

const QUEUE = 'AWS::SQS::Queue'
const ROLE = 'AWS::IAM::Role'
const STACK = '30-compute-01-app'
const everyExtra = options({extraScope: {types: {}}})

const analyse = (resources: Parameters<typeof model>[0], found: Parameters<typeof snapshot>[0], records: StackResource[] | undefined, regions = ['us-east-1']) => {
  const opts = everyExtra
  return assessDrift(matchCompareSuppress(model(resources), snapshot(found, {regions, types: [SG, QUEUE, ROLE], ...(records ? {stackResources: records} : {})}), opts), opts)
}

const record = (logicalId: string, type: string, physicalId: string, extra: Partial<StackResource> = {}): StackResource => ({region: 'us-east-1', stackName: STACK, logicalId, type, physicalId, ...extra})

// A security group CloudFormation named itself and AWS reports without tags (no GroupName, no Tags in the template).
const declaredGroup = desired('WebSg', SG, {GroupDescription: 'web tier', VpcId: 'vpc-1'})
const awsGroup = actual(SG, 'sg-0web', {GroupName: '30-compute-01-app-WebSg-1ABC', GroupDescription: 'web tier', VpcId: 'vpc-1'})

describe('matching by the phase stacks’ records', () => {
  it('GIVEN a resource with no name and no tags WHEN its stack records its physical id THEN it is matched and compared, not missing and extra', () => {
    const analysis = analyse([declaredGroup], [awsGroup], [record('WebSg', SG, 'sg-0web')])
    expect(analysis.items).toEqual([])
    expect(analysis.inSync).toEqual(['WebSg'])
  })

  it('GIVEN the same resource without the stacks’ records WHEN analysing THEN it is missing and the AWS one extra (what the records fix)', () => {
    const analysis = analyse([declaredGroup], [awsGroup], undefined)
    expect(analysis.items.map((item) => [item.id, item.driftType])).toEqual([
      ['WebSg', 'missing_resource'],
      ['sg-0web', 'extra_resource'],
    ])
  })

  it('GIVEN a matched resource that drifted WHEN analysing THEN the drift is reported on it, with its physical id from the read', () => {
    const drifted = {...awsGroup, properties: {...awsGroup.properties, GroupDescription: 'changed by hand'}}
    const analysis = analyse([declaredGroup], [drifted], [record('WebSg', SG, 'sg-0web')])
    expect(analysis.items).toEqual([expect.objectContaining({id: 'WebSg', driftType: 'configuration_drift', physicalId: 'sg-0web', differences: [expect.objectContaining({path: '/GroupDescription', expected: 'web tier', actual: 'changed by hand'})]})])
  })

  it('GIVEN the stack records one group and the template’s name points at another WHEN matching THEN the stack’s record wins', () => {
    const named = desired('WebSg', SG, {GroupName: 'web', GroupDescription: 'web tier', VpcId: 'vpc-1'})
    const byName = actual(SG, 'sg-0byname', {GroupName: 'web', GroupDescription: 'web tier', VpcId: 'vpc-1'})
    const recorded = actual(SG, 'sg-0stack', {GroupName: 'web', GroupDescription: 'web tier', VpcId: 'vpc-2'})
    const analysis = analyse([named], [byName, recorded], [record('WebSg', SG, 'sg-0stack')])
    expect(analysis.items.find((item) => item.id === 'WebSg')).toEqual(expect.objectContaining({physicalId: 'sg-0stack', driftType: 'configuration_drift'}))
  })

  it('GIVEN a record of another stack, another type or another region WHEN matching THEN it is not this resource', () => {
    for (const wrong of [record('WebSg', SG, 'sg-0web', {stackName: 'other-stack'}), record('WebSg', QUEUE, 'sg-0web'), record('WebSg', SG, 'sg-0web', {region: 'eu-west-1'})]) {
      const analysis = analyse([declaredGroup], [awsGroup], [wrong], ['us-east-1', 'eu-west-1'])
      expect(analysis.items.map((item) => item.driftType)).toEqual(['missing_resource', 'extra_resource'])
    }
  })

  it('GIVEN a queue recorded by its URL on another endpoint WHEN matching THEN the queue of that name in the stack’s region is it (the SQS module’s rule)', () => {
    const queue = desired('Jobs', QUEUE, {VisibilityTimeout: 45})
    const inRegion = actual(QUEUE, 'https://sqs.us-east-1.amazonaws.com/123456789012/30-compute-01-app-Jobs-X1', {QueueName: '30-compute-01-app-Jobs-X1', VisibilityTimeout: 45})
    const elsewhere = {...inRegion, region: 'eu-west-1', physicalId: 'https://sqs.eu-west-1.amazonaws.com/123456789012/30-compute-01-app-Jobs-X1'}
    const analysis = analyse([queue], [elsewhere, inRegion], [record('Jobs', QUEUE, 'https://queue.amazonaws.com/123456789012/30-compute-01-app-Jobs-X1')], ['us-east-1', 'eu-west-1'])
    expect(analysis.matches.get('Jobs')).toBe(inRegion)
  })

  it('GIVEN an account-wide role recorded by a stack in another region WHEN matching THEN the role read once for the account is it', () => {
    const role = desired('TaskRole', ROLE, {AssumeRolePolicyDocument: {Statement: []}})
    const awsRole = actual(ROLE, 'app-TaskRole-9Z', {RoleName: 'app-TaskRole-9Z', AssumeRolePolicyDocument: {Statement: []}})
    const analysis = analyse([role], [awsRole], [record('TaskRole', ROLE, 'app-TaskRole-9Z', {region: 'eu-west-1'})], ['us-east-1', 'eu-west-1'])
    expect(analysis.matches.get('TaskRole')).toBe(awsRole)
  })

  it('GIVEN a recorded physical id that holds terminal escapes and matches nothing WHEN analysing THEN it appears nowhere in the result', () => {
    const hostile = '\u001B]0;owned\u0007\nsg-0web'
    const analysis = analyse([declaredGroup], [], [record('WebSg', SG, hostile)])
    expect(analysis.items).toEqual([expect.objectContaining({id: 'WebSg', driftType: 'missing_resource', physicalId: null})])
    expect(JSON.stringify(analysis.items)).not.toContain('owned')
  })
})
