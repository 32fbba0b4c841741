import {describe, expect, it} from 'vitest'

import type {ActualResource, DriftItem} from '../../../src/core/model.js'
import {type HealPlanEntry, planHeal} from '../../../src/core/plan/heal-plan.js'
import {healRederiveRules, judgeSavedEntry, type RederiveRules, rederiveSavedPlan} from '../../../src/core/plan/heal-plan-rederive.js'
import {planRevert, revertEntryOf, revertPolicy, revertRefusal} from '../../../src/core/plan/revert-plan.js'
import {analysis, dbInstance, diff, ecsService, item, PLAN_OPTIONS, POLICY, vpc} from './heal-fixtures.js'

// The drift a plan was made from: a service scaled by hand, a DB instance whose backup window moved, a VPC tag.
const service = ecsService({DesiredCount: 5})
const database = dbInstance({PreferredBackupWindow: '07:00-08:00'})
const network = vpc({Name: 'main', Owner: 'bob'})
const drift: Array<[DriftItem, ActualResource]> = [
  [item('Web', service, [diff('/DesiredCount', 2, 5)]), service],
  [item('OrdersDb', database, [diff('/PreferredBackupWindow', '03:00-04:00', '07:00-08:00')], {type: 'AWS::RDS::DBInstance'}), database],
  [item('Vpc', network, [diff('/Tags/Owner', 'platform', 'bob')]), network],
]
const saved = planHeal(analysis(drift), PLAN_OPTIONS)
const now = {configHash: PLAN_OPTIONS.configHash, phasesCommit: PLAN_OPTIONS.phasesCommit, analysis: analysis(drift)}
const entry = (id: string) => structuredClone(saved.entries.find((one) => one.itemId === id)!)

/** A saved entry edited by hand. */
const edited = (id: string, edit: (entry: HealPlanEntry) => void) => {
  const copy = entry(id)
  edit(copy)
  return copy
}

describe('judgeSavedEntry', () => {
  it.each<[string, HealPlanEntry, Partial<typeof now>, string, RegExp]>([
    ['nothing changed', entry('Web'), {}, 'ok', /^$/],
    ['the config hash differs', entry('Web'), {configHash: 'cfg-2'}, 'stale', /^the config changed since the plan/],
    ['the phases commit differs', entry('Web'), {phasesCommit: 'fed987'}, 'stale', /^the phases changed since the plan \(commit abc123, now fed987\)/],
    ['the resource is gone', entry('Web'), {analysis: analysis([])}, 'stale', /^the resource no longer exists/],
    [
      'the resource changed (scaled again)',
      entry('Web'),
      {analysis: analysis([[item('Web', ecsService({DesiredCount: 7}), [diff('/DesiredCount', 2, 7)]), ecsService({DesiredCount: 7})]])},
      'stale',
      /^the resource changed since the plan/,
    ],
    ['the resource no longer drifts', entry('Web'), {analysis: {...analysis([]), actual: new Map([['Web', service]])}}, 'stale', /^it has no drift now/],
    [
      'the template changed (another declared count)',
      entry('Web'),
      {analysis: analysis([[item('Web', service, [diff('/DesiredCount', 3, 5)]), service]])},
      'stale',
      /^its drift changed since the plan/,
    ],
    [
      'an extra call on another resource was added',
      edited('Web', (one) => one.actions.push({...one.actions[0], params: {...one.actions[0].params, service: 'arn:aws:ecs:us-east-1:123456789012:service/prod/payments'}})),
      {},
      'tampered',
      /^it differs from the entry rebuilt from the config, phases and AWS in its calls/,
    ],
    ['the desired count was set to 0', edited('Web', (one) => void (one.actions[0].params.desiredCount = 0)), {}, 'tampered', /^it differs from the entry rebuilt from the config, phases and AWS in its calls/],
    ['only the rollback call was changed', edited('Web', (one) => void (one.actions[0].rollback.params.desiredCount = 0)), {}, 'tampered', /^it differs from the entry rebuilt from the config, phases and AWS in its calls/],
    [
      'DeletionProtection false was added to the call',
      edited('OrdersDb', (one) => void (one.actions[0].params.DeletionProtection = false)),
      {},
      'tampered',
      /^it differs from the entry rebuilt from the config, phases and AWS in its calls/,
    ],
    ['the call targets another physical id', edited('Vpc', (one) => void (one.actions[0].params.Resources = ['vpc-0other'])), {}, 'tampered', /^it differs from the entry rebuilt from the config, phases and AWS in its calls/],
    ['the severity was lowered', edited('OrdersDb', (one) => void (one.severity = 'low')), {}, 'tampered', /^it differs from the entry rebuilt from the config, phases and AWS in its severity/],
    ['the physical id and calls were moved', edited('Vpc', (one) => void (one.physicalId = 'vpc-0other')), {}, 'tampered', /^it differs from the entry rebuilt from the config, phases and AWS in its physical id/],
    ['the changes shown were edited', edited('Web', (one) => void (one.changes[0].to = 9)), {}, 'tampered', /^it differs from the entry rebuilt from the config, phases and AWS in its changes/],
    [
      'an unhealable item is declared healed',
      edited('Web', (one) => void (one.changes[0].path = '/LaunchType')),
      {analysis: analysis([[item('Web', service, [diff('/LaunchType', 'EC2', 'FARGATE')]), service]])},
      'stale',
      /^its drift changed/,
    ],
  ])('GIVEN %s WHEN the saved entry is judged THEN it is %s', (_case, savedEntry, current, kind, reason) => {
    const verdict = judgeSavedEntry(savedEntry, saved, {...now, ...current})
    expect(verdict.kind).toBe(kind)
    expect(verdict.kind === 'ok' ? '' : verdict.reason).toMatch(reason)
  })

  it('GIVEN an item that cannot be healed now but whose hashes match WHEN a heal entry claims it THEN it is tampered', () => {
    const group = {...vpc(), type: 'AWS::EC2::SecurityGroup', physicalId: 'sg-0abc'}
    const rule: Array<[DriftItem, ActualResource]> = [[item('WebSg', group, [diff('/SecurityGroupIngress/0/CidrIp', '10.0.0.0/8', '0.0.0.0/0')]), group]]
    const forged = {...planHeal(analysis(rule), PLAN_OPTIONS).entries[0], decision: 'heal' as const, actions: [{api: 'EC2.RevokeSecurityGroupIngress', params: {GroupId: 'sg-0abc'}, rollback: {api: 'EC2.RevokeSecurityGroupIngress', params: {}}}]}

    const verdict = judgeSavedEntry(forged, saved, {...now, analysis: analysis(rule)})

    expect(verdict).toEqual({kind: 'tampered', reason: expect.stringMatching(/^the plan heals it, but it cannot be healed: \/SecurityGroupIngress\/0\/CidrIp: security group rules are never healed/)})
  })

  it('GIVEN an ok entry WHEN judged THEN the rebuilt entry is returned, not the saved one', () => {
    const verdict = judgeSavedEntry(entry('Web'), saved, now)
    expect(verdict).toEqual({kind: 'ok', entry: expect.objectContaining({itemId: 'Web', decision: 'heal', actions: entry('Web').actions})})
  })
})

describe('rederiveSavedPlan', () => {
  it('GIVEN one tampered entry among good ones WHEN re-deriving THEN the whole plan is refused naming it', () => {
    const plan = structuredClone(saved)
    plan.entries[0].actions[0].params.desiredCount = 0
    expect(rederiveSavedPlan(plan, now, healRederiveRules(POLICY))).toEqual({ok: false, itemId: 'Web', reason: expect.stringMatching(/^it differs from the entry rebuilt from the config, phases and AWS in its calls/)})
  })

  it('GIVEN a heal entry listed twice WHEN re-deriving THEN it is refused as edited', () => {
    const plan = {...saved, entries: [...saved.entries, entry('Vpc')]}
    expect(rederiveSavedPlan(plan, now, healRederiveRules(POLICY))).toEqual({ok: false, itemId: 'Vpc', reason: 'it is listed twice'})
  })

  it('GIVEN a saved heal entry that the config forbids WHEN re-deriving THEN the config decides: refused by policy', () => {
    const policy = {...POLICY, forbid: ['AWS::ECS::Service']}
    const result = rederiveSavedPlan(saved, now, healRederiveRules(policy))
    expect(result.ok && result.skipped.get('Web')).toEqual({name: 'policy', passed: false, detail: "forbidden by autoHeal.forbid rule 'AWS::ECS::Service'"})
    expect(result.ok && result.plan.entries.map((one) => [one.itemId, one.decision])).toEqual([
      ['Web', 'refused'],
      ['OrdersDb', 'heal'],
      ['Vpc', 'heal'],
    ])
  })

  it('GIVEN more saved heal entries than autoHeal.maxResources WHEN re-deriving THEN the rest are refused by the limit from config', () => {
    const result = rederiveSavedPlan(saved, now, healRederiveRules({...POLICY, maxResources: 1}))
    expect(result.ok && [...result.skipped.entries()]).toEqual([
      ['OrdersDb', {name: 'limits', passed: false, detail: 'over autoHeal.maxResources (1 per run)'}],
      ['Vpc', {name: 'limits', passed: false, detail: 'over autoHeal.maxResources (1 per run)'}],
    ])
  })

  it('GIVEN a saved plan with reverse-sync and refused entries WHEN re-deriving THEN only its heal entries are kept', () => {
    const plan = {...saved, entries: [...saved.entries, {...entry('Web'), itemId: 'Other', decision: 'reverse-sync' as const}]}
    const result = rederiveSavedPlan(plan, now, healRederiveRules(POLICY))
    expect(result.ok && result.plan.entries.map((one) => one.itemId)).toEqual(['Web', 'OrdersDb', 'Vpc'])
  })
})

// A revert writes a role's whole inline policy document, from Git: the plan carries it, and a saved plan is
// re-derived from Git again, so an edited document is refused however plausible it looks.
describe('a saved revert plan of a role\'s inline policy', () => {
  const queue = 'arn:aws:sqs:us-east-1:123456789012:ial-prod-orders'
  const publish = (Action: unknown) => ({PolicyName: 'publish-order-events', PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action, Resource: queue}]}})
  const role: ActualResource = {type: 'AWS::IAM::Role', region: 'us-east-1', physicalId: 'ial-prod-api-task', properties: {RoleName: 'ial-prod-api-task', Policies: [publish('sqs:*')]}, tags: {}, attributes: {}}
  const widened = item('ApiTaskRole', role, [diff('/Policies/0/PolicyDocument/Statement/0/Action', ['sqs:GetQueueUrl', 'sqs:SendMessage'], ['sqs:*'])], {type: 'AWS::IAM::Role', severity: 'critical'})
  const fromGit = (declared: Record<string, unknown>) => analysis([[widened, role]], {resolved: new Map([['ApiTaskRole', declared]])})
  const flags = {allowRestart: false, approveCritical: true, interactive: false, applyImmediately: false}
  const rules: RederiveRules = {
    rebuild: (drift, current) => revertEntryOf(drift, current.actual.get(drift.id), flags, current.resolved?.get(drift.id)),
    refusal: (one) => revertRefusal(one, flags, revertPolicy(POLICY)),
    maxResources: 10,
  }
  const plan = planRevert(fromGit({Policies: [publish(['sqs:GetQueueUrl', 'sqs:SendMessage'])]}), {...PLAN_OPTIONS, ...flags})
  const current = {configHash: PLAN_OPTIONS.configHash, phasesCommit: PLAN_OPTIONS.phasesCommit, analysis: fromGit({Policies: [publish(['sqs:GetQueueUrl', 'sqs:SendMessage'])]})}

  it('GIVEN the plan as written WHEN re-derived THEN it puts the whole declared document back', () => {
    const result = rederiveSavedPlan(plan, current, rules)
    expect(result.ok && result.plan.entries.map((one) => one.actions.map((action) => [action.api, JSON.parse(String(action.params.PolicyDocument)) as unknown]))).toEqual([
      [['IAM.PutRolePolicy', publish(['sqs:GetQueueUrl', 'sqs:SendMessage']).PolicyDocument]],
    ])
  })

  it.each<[string, (entry: HealPlanEntry) => void]>([
    ['the document in the call widened', (one) => void (one.actions[0].params.PolicyDocument = JSON.stringify(publish('sqs:*').PolicyDocument))],
    ['the document in the change widened', (one) => void (one.changes[0].to = [publish('*')])],
    ['a second policy put', (one) => void one.actions.push({...one.actions[0], params: {...one.actions[0].params, PolicyName: 'admin'}})],
  ])('GIVEN a saved plan with %s WHEN re-derived THEN the whole plan is refused as edited', (_, edit) => {
    const copy = structuredClone(plan)
    edit(copy.entries[0])
    expect(rederiveSavedPlan(copy, current, rules)).toEqual({ok: false, itemId: 'ApiTaskRole', reason: expect.stringMatching(/^it differs from the entry rebuilt from the config, phases and AWS in its (changes|calls)/)})
  })

  it('GIVEN Git declares another document now, with the same drift WHEN the saved plan is re-derived THEN the plan\'s document is refused', () => {
    const now = {...current, analysis: fromGit({Policies: [publish(['sqs:SendMessage'])]})}
    expect(rederiveSavedPlan(plan, now, rules)).toEqual({ok: false, itemId: 'ApiTaskRole', reason: expect.stringContaining('its changes, its calls')})
  })
})
