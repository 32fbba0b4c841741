// `runHeal` as a revert of the load balancer, target group, auto scaling group, subnet and VPC: applied and verified
// by a re-read, rolled back to the values read when AWS refuses a call half-way, and a saved plan edited by hand
// refused whole with no call sent to AWS.
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {AutoScalingClient} from '@aws-sdk/client-auto-scaling'
import {EC2Client} from '@aws-sdk/client-ec2'
import {ElasticLoadBalancingV2Client, ModifyLoadBalancerAttributesCommand, SetSecurityGroupsCommand} from '@aws-sdk/client-elastic-load-balancing-v2'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {loadSettings, type Settings} from '../../src/config/settings.js'
import type {ActualResource} from '../../src/core/model.js'
import type {HealPlan} from '../../src/core/plan/heal-plan.js'
import {planRevert} from '../../src/core/plan/revert-plan.js'
import {ExitCode} from '../../src/errors.js'
import {type HealOptions, type RevertRequest, runHeal} from '../../src/workflows/heal.js'
import {createRuntime} from '../../src/workflows/runtime.js'
import {ACCOUNT, analysis, diff, item, REGION} from '../core/plan/heal-fixtures.js'
import {FakeAws} from './heal-fake-aws.js'

const elbv2 = mockClient(ElasticLoadBalancingV2Client)
const autoscaling = mockClient(AutoScalingClient)
const ec2 = mockClient(EC2Client)
const awsWrites = () => [elbv2, autoscaling, ec2].reduce((count, mock) => count + mock.calls().length, 0)

let settings: Settings

beforeEach(async () => {
  settings = await loadSettings({region: [REGION]}, {}, mkdtempSync(path.join(tmpdir(), 'ialctl-revert-network-')))
})

const REQUEST: RevertRequest = {allowRestart: false, applyImmediately: false, approveCritical: true, interactive: false}
const LB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/alb-web-prod/50dc6c495c0c9188`

function loadBalancer(): ActualResource {
  return {
    type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    region: REGION,
    physicalId: LB_ARN,
    arn: LB_ARN,
    properties: {
      Name: 'alb-web-prod',
      Scheme: 'internal',
      Type: 'application',
      Subnets: ['subnet-0a', 'subnet-0b'],
      SecurityGroups: ['sg-0deb'],
      LoadBalancerAttributes: [
        {Key: 'deletion_protection.enabled', Value: 'true'},
        {Key: 'idle_timeout.timeout_seconds', Value: '300'},
        {Key: 'routing.http2.enabled', Value: 'true'},
      ],
    },
    tags: {},
    attributes: {},
  }
}

/** The security group swapped and the idle timeout raised by hand: what a check finds. */
const DRIFT = [
  diff('/SecurityGroups/0', 'sg-0e1b', 'sg-0deb'),
  diff('/LoadBalancerAttributes/1', {Key: 'idle_timeout.timeout_seconds', Value: '120'}, {Key: 'idle_timeout.timeout_seconds', Value: '300'}),
]

/** AWS as the ELBv2 calls change it; `failAttributes` makes ModifyLoadBalancerAttributes fail as AWS does when denied. */
function withLoadBalancerCalls(aws: FakeAws, failAttributes = false): FakeAws {
  elbv2.reset()
  elbv2.on(SetSecurityGroupsCommand).callsFake((input) => {
    aws.get(input.LoadBalancerArn).properties.SecurityGroups = input.SecurityGroups
    return {SecurityGroupIds: input.SecurityGroups}
  })
  elbv2.on(ModifyLoadBalancerAttributesCommand).callsFake((input) => {
    if (failAttributes) throw Object.assign(new Error('User is not authorized to perform: elasticloadbalancing:ModifyLoadBalancerAttributes'), {name: 'AccessDenied', $metadata: {httpStatusCode: 403}})
    const list = aws.get(input.LoadBalancerArn).properties.LoadBalancerAttributes as Array<{Key: string; Value: string}>
    for (const attribute of input.Attributes) list.find((one) => one.Key === attribute.Key)!.Value = attribute.Value
    return {Attributes: list}
  })
  return aws
}

function drifted(failAttributes = false): FakeAws {
  const balancer = loadBalancer()
  const aws = withLoadBalancerCalls(new FakeAws([balancer]), failAttributes)
  aws.drift = [[item('WebLoadBalancer', balancer, DRIFT, {severity: 'critical'}), balancer]]
  return aws
}

const run = (aws: FakeAws, extra: Partial<HealOptions> = {}) => runHeal(createRuntime(settings), {dryRun: false, approve: 'auto', forceUnlock: false, revert: REQUEST, ...extra}, aws.deps())

function savedPlan(aws: FakeAws): HealPlan {
  return planRevert(analysis(aws.drift), {...REQUEST, enabled: true, maxResources: 10, severityLimit: 'medium', forbid: [], configHash: settings.configHash, phasesCommit: 'abc123', createdAt: '2026-12-02T03:00:00.000Z'})
}

describe('runHeal as a revert of a load balancer', () => {
  it('GIVEN a security group swapped and the idle timeout raised by hand WHEN reverted with --approve-critical THEN both are put back, verified by a re-read (only the declared key compared), and audited', async () => {
    const aws = drifted()

    const result = await run(aws)

    expect(result.items.map((one) => [one.itemId, one.state, one.error])).toEqual([['WebLoadBalancer', 'applied', undefined]])
    expect(elbv2.commandCalls(SetSecurityGroupsCommand).map((call) => call.args[0].input)).toEqual([{LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0e1b']}])
    expect(elbv2.commandCalls(ModifyLoadBalancerAttributesCommand).map((call) => call.args[0].input)).toEqual([{LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}]}])
    expect(aws.get(LB_ARN).properties.SecurityGroups).toEqual(['sg-0e1b'])
    expect(aws.audit).toEqual([expect.objectContaining({operation: 'revert', item: 'WebLoadBalancer', action: ['ELBv2.SetSecurityGroups', 'ELBv2.ModifyLoadBalancerAttributes'], result: 'applied'})])
    expect(result.exitCode).toBe(ExitCode.Ok)
  })

  it('GIVEN the same drift without --approve-critical WHEN reverted THEN refused (it puts a security group back) and nothing is sent', async () => {
    const aws = drifted()

    const result = await run(aws, {revert: {...REQUEST, approveCritical: false}})

    expect(result.plan.entries[0]).toMatchObject({decision: 'refused', reason: expect.stringContaining('adds security group sg-0e1b to the load balancer')})
    expect(awsWrites()).toBe(0)
    expect(result.exitCode).toBe(ExitCode.Drift)
  })

  it('GIVEN ModifyLoadBalancerAttributes denied after SetSecurityGroups went through WHEN reverted THEN the groups go back to the list read, the item is rolled back and audited', async () => {
    const aws = drifted(true)

    const result = await run(aws)

    expect(result.items[0]).toMatchObject({itemId: 'WebLoadBalancer', state: 'rolled_back', error: expect.stringMatching(/^ELBv2.ModifyLoadBalancerAttributes failed: /)})
    expect(elbv2.commandCalls(SetSecurityGroupsCommand).map((call) => call.args[0].input.SecurityGroups)).toEqual([['sg-0e1b'], ['sg-0deb']])
    expect(aws.get(LB_ARN).properties.SecurityGroups).toEqual(['sg-0deb'])
    expect(aws.audit).toEqual([
      expect.objectContaining({operation: 'revert', result: 'rolled_back', action: ['ELBv2.SetSecurityGroups', 'ELBv2.ModifyLoadBalancerAttributes', 'rollback:ELBv2.SetSecurityGroups']}),
    ])
    expect(result.exitCode).toBe(ExitCode.Drift)
  })

  it.each([
    {
      case: 'the attribute call edited to turn deletion protection off',
      edit(plan: HealPlan) {
        plan.entries[0].actions[1].params = {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}, {Key: 'deletion_protection.enabled', Value: 'false'}]}
      },
    },
    {
      case: 'a second security group slipped into SetSecurityGroups',
      edit(plan: HealPlan) {
        plan.entries[0].actions[0].params = {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0e1b', 'sg-0bad']}
      },
    },
    {
      case: 'the rollback edited to open the load balancer to another group',
      edit(plan: HealPlan) {
        plan.entries[0].actions[0].rollback.params = {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0bad']}
      },
    },
  ])('GIVEN a saved revert plan with $case WHEN run THEN it is refused in one line and no call reaches AWS', async ({edit}) => {
    const aws = drifted()
    const plan = savedPlan(aws)
    expect(plan.entries[0].actions.map((action) => action.api)).toEqual(['ELBv2.SetSecurityGroups', 'ELBv2.ModifyLoadBalancerAttributes'])
    edit(plan)

    await expect(run(aws, {plan: {plan, file: 'plan.json'}})).rejects.toThrow('was edited: WebLoadBalancer: it differs from the entry rebuilt from the config, phases and AWS in its calls')
    expect(awsWrites()).toBe(0)
  })
})
