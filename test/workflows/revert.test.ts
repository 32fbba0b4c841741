import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {AuthorizeSecurityGroupIngressCommand, RevokeSecurityGroupIngressCommand} from '@aws-sdk/client-ec2'
import {ModifyDBInstanceCommand} from '@aws-sdk/client-rds'
import {beforeEach, describe, expect, it} from 'vitest'

import {loadSettings, type Settings} from '../../src/config/settings.js'
import type {ActualResource} from '../../src/core/model.js'
import {planRevert} from '../../src/core/plan/revert-plan.js'
import {ExitCode} from '../../src/errors.js'
import {type HealOptions, type RevertRequest, runHeal} from '../../src/workflows/heal.js'
import {createRuntime} from '../../src/workflows/runtime.js'
import {analysis, dbInstance, diff, item, REGION} from '../core/plan/heal-fixtures.js'
import {ec2Mock, FakeAws, rdsMock, writeCalls} from './heal-fake-aws.js'

let settings: Settings

beforeEach(async () => {
  settings = await loadSettings({region: [REGION]}, {}, mkdtempSync(path.join(tmpdir(), 'ialctl-revert-')))
})

const OPEN = {IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '0.0.0.0/0'}
const APP = {IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: 'sg-0app'}

function dbGroup(): ActualResource {
  return {type: 'AWS::EC2::SecurityGroup', region: REGION, physicalId: 'sg-0db', properties: {GroupName: 'db', SecurityGroupIngress: [APP, OPEN]}, tags: {}, attributes: {}}
}

const REQUEST: RevertRequest = {allowRestart: false, applyImmediately: true, approveCritical: true, interactive: false}

/** AWS as the revert calls change it: revoke takes the rule out, authorize puts it in. */
function withRuleCalls(aws: FakeAws): FakeAws {
  const rule = (input: {IpPermissions?: Array<{IpProtocol?: string; FromPort?: number; ToPort?: number; IpRanges?: Array<{CidrIp?: string}>}>}) => {
    const [permission] = input.IpPermissions ?? []
    return {IpProtocol: permission.IpProtocol, FromPort: permission.FromPort, ToPort: permission.ToPort, CidrIp: permission.IpRanges?.[0]?.CidrIp}
  }

  ec2Mock.on(RevokeSecurityGroupIngressCommand).callsFake((input) => {
    const group = aws.get(input.GroupId)
    const gone = JSON.stringify(rule(input))
    group.properties.SecurityGroupIngress = (group.properties.SecurityGroupIngress as object[]).filter((one) => JSON.stringify(one) !== gone)
    return {Return: true}
  })
  ec2Mock.on(AuthorizeSecurityGroupIngressCommand).callsFake((input) => {
    const group = aws.get(input.GroupId)
    group.properties.SecurityGroupIngress = [...(group.properties.SecurityGroupIngress as object[]), rule(input)]
    return {Return: true}
  })
  return aws
}

const run = (aws: FakeAws, extra: Partial<HealOptions> = {}) => runHeal(createRuntime(settings), {dryRun: false, approve: 'auto', forceUnlock: false, revert: REQUEST, ...extra}, aws.deps())

describe('runHeal as a revert (drift revert)', () => {
  it('GIVEN a 0.0.0.0/0 rule added by hand WHEN reverted THEN only that rule is revoked, verified by a re-read, and audited as a revert', async () => {
    const group = dbGroup()
    const aws = withRuleCalls(new FakeAws([group]))
    aws.drift = [[item('DbSg', group, [diff('/SecurityGroupIngress/1', null, OPEN, 'ADD')], {severity: 'critical'}), group]]

    const result = await run(aws)

    expect(result.items.map((one) => [one.itemId, one.state])).toEqual([['DbSg', 'applied']])
    expect(ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand).map((call) => call.args[0].input.IpPermissions)).toEqual([[{IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{CidrIp: '0.0.0.0/0'}]}]])
    expect(aws.get('sg-0db').properties.SecurityGroupIngress).toEqual([APP])
    expect(aws.audit).toEqual([expect.objectContaining({operation: 'revert', item: 'DbSg', action: ['EC2.RevokeSecurityGroupIngress'], result: 'applied'})])
    expect(result.exitCode).toBe(ExitCode.Ok)
  })

  it('GIVEN a critical item, no terminal and no --approve-critical WHEN reverted THEN nothing is sent and the item is not applied', async () => {
    const group = dbGroup()
    const aws = withRuleCalls(new FakeAws([group]))
    aws.drift = [[item('DbSg', group, [diff('/SecurityGroupIngress/1', null, OPEN, 'ADD')], {severity: 'critical'}), group]]

    const result = await run(aws, {revert: {...REQUEST, approveCritical: false}})

    expect(result.plan.entries[0]).toMatchObject({decision: 'refused', reason: expect.stringContaining('--approve-critical')})
    expect(result.items).toEqual([expect.objectContaining({itemId: 'DbSg', state: 'skipped'})])
    expect(aws.audit).toEqual([expect.objectContaining({operation: 'revert', item: 'DbSg', result: 'skipped', action: []})])
    expect(result.exitCode).toBe(ExitCode.Drift)
    expect(writeCalls()).toBe(0)
  })

  it('GIVEN a declined prompt WHEN reverting THEN no call is sent', async () => {
    const group = dbGroup()
    const aws = withRuleCalls(new FakeAws([group]))
    aws.drift = [[item('DbSg', group, [diff('/SecurityGroupIngress/1', null, OPEN, 'ADD')], {severity: 'critical'}), group]]

    const result = await run(aws, {approve: async () => false, revert: {...REQUEST, approveCritical: false, interactive: true}})

    expect(result.approved).toBe(false)
    expect(writeCalls()).toBe(0)
    expect(aws.audit).toEqual([])
  })

  it('GIVEN a DB class change without --apply-immediately WHEN reverted THEN ModifyDBInstance is sent with ApplyImmediately false and the item is scheduled, not verified', async () => {
    const db = dbInstance({DBInstanceClass: 'db.r6g.xlarge'})
    const aws = new FakeAws([db])
    rdsMock.on(ModifyDBInstanceCommand).resolves({DBInstance: {DBInstanceIdentifier: 'orders-db', PendingModifiedValues: {DBInstanceClass: 'db.r6g.large'}}})
    aws.drift = [[item('Db', db, [diff('/DBInstanceClass', 'db.r6g.large', 'db.r6g.xlarge')], {severity: 'high'}), db]]

    const result = await run(aws, {revert: {...REQUEST, allowRestart: true, applyImmediately: false}})

    expect(rdsMock.commandCalls(ModifyDBInstanceCommand)[0].args[0].input).toEqual({DBInstanceIdentifier: 'orders-db', DBInstanceClass: 'db.r6g.large', ApplyImmediately: false})
    expect(result.items[0]).toMatchObject({state: 'scheduled', error: expect.stringContaining('not verified')})
    expect(result.summary.scheduled).toBe(1)
    expect(aws.audit[0]).toMatchObject({operation: 'revert', result: 'scheduled'})
    expect(result.exitCode).toBe(ExitCode.Ok)
  })

  it.each([
    {case: 'a heal plan given to drift revert', plan: (aws: FakeAws) => ({...revertPlan(aws), mode: undefined}), revert: REQUEST, message: 'is a heal plan, not a revert plan'},
    {case: 'a revert plan given to drift heal', plan: revertPlan, revert: undefined, message: 'is a revert plan, not a heal plan'},
    {case: 'a revert plan made with --apply-immediately run without it', plan: revertPlan, revert: {...REQUEST, applyImmediately: false}, message: 'was planned with --apply-immediately'},
    {
      case: 'a revert plan whose revoke was edited into the declared rule',
      plan(aws: FakeAws) {
        const plan = revertPlan(aws)
        plan.entries[0].actions[0].params = {GroupId: 'sg-0db', IpPermissions: [{IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{GroupId: 'sg-0app'}]}]}
        return plan
      },
      revert: REQUEST,
      message: 'was edited: DbSg: it differs from the entry rebuilt from the config, phases and AWS in its calls',
    },
  ])('GIVEN $case WHEN run THEN it is refused with one line and nothing is sent', async ({plan, revert, message}) => {
    const group = dbGroup()
    const aws = withRuleCalls(new FakeAws([group]))
    aws.drift = [[item('DbSg', group, [diff('/SecurityGroupIngress/1', null, OPEN, 'ADD')], {severity: 'critical'}), group]]

    await expect(runHeal(createRuntime(settings), {plan: {plan: plan(aws), file: 'plan.json'}, dryRun: false, approve: 'auto', forceUnlock: false, revert}, aws.deps())).rejects.toThrow(message)
    expect(writeCalls()).toBe(0)
  })

  function revertPlan(aws: FakeAws) {
    return planRevert(analysis(aws.drift), {
      ...REQUEST,
      enabled: true,
      maxResources: 10,
      severityLimit: 'medium',
      forbid: [],
      configHash: settings.configHash,
      phasesCommit: 'abc123',
      createdAt: '2026-11-25T09:00:00.000Z',
    })
  }

  it('GIVEN ids that select one item and one unknown id WHEN reverted THEN the unknown id is a usage error before anything is sent', async () => {
    const group = dbGroup()
    const aws = withRuleCalls(new FakeAws([group]))
    aws.drift = [[item('DbSg', group, [diff('/SecurityGroupIngress/1', null, OPEN, 'ADD')], {severity: 'critical'}), group]]

    await expect(run(aws, {selection: {ids: ['DbSg', 'DbSgg'], types: []}})).rejects.toThrow("no resource 'DbSgg' in the phases or among the drift items")
    expect(writeCalls()).toBe(0)
    const selected = await run(aws, {selection: {ids: [], types: ['AWS::RDS::*']}})
    expect(selected.plan.entries).toEqual([])
    expect(writeCalls()).toBe(0)
  })
})
