import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {UpdateServiceCommand} from '@aws-sdk/client-ecs'
import {beforeEach, describe, expect, it} from 'vitest'

import {AwsCallError} from '../../src/adapters/aws/errors.js'
import {loadSettings, type Settings} from '../../src/config/settings.js'
import type {ActualResource} from '../../src/core/model.js'
import {planHeal} from '../../src/core/plan/heal-plan.js'
import {ExitCode} from '../../src/errors.js'
import {type HealOptions, runHeal} from '../../src/workflows/heal.js'
import {createRuntime} from '../../src/workflows/runtime.js'
import {analysis, diff, ecsService, item, securityGroup, vpc} from '../core/plan/heal-fixtures.js'
import {ecsMock, FakeAws, writeCalls} from './heal-fake-aws.js'

let settings: Settings

beforeEach(async () => {
  settings = await loadSettings({region: ['us-east-1']}, {}, mkdtempSync(path.join(tmpdir(), 'ialctl-heal-')))
})

/** Errors as the SDK raises them: with `$metadata`, which is how the adapters tell AWS's failures from bugs. */
const awsError = (name: string, message: string) => Object.assign(new Error(message), {name, $fault: 'client', $metadata: {httpStatusCode: 400}})

const serviceArn = (name: string) => `arn:aws:ecs:us-east-1:123456789012:service/prod/${name}`
const service = (name: string, desiredCount: number, tags: Record<string, string> = {Owner: 'platform'}): ActualResource => {
  const base = ecsService({DesiredCount: desiredCount, ServiceName: name}, tags)
  return {...base, physicalId: serviceArn(name), arn: serviceArn(name)}
}

/** The plan `drift plan --out` would save for this drift; the fake AWS's fresh check finds the same drift. */
function planFor(aws: FakeAws, entries: Parameters<typeof analysis>[0], overrides: Partial<Parameters<typeof planHeal>[1]> = {}) {
  aws.drift = entries
  return planHeal(analysis(entries), {
    enabled: true,
    maxResources: 10,
    severityLimit: 'medium',
    forbid: [],
    configHash: settings.configHash,
    phasesCommit: 'abc123',
    createdAt: '2026-11-25T09:00:00.000Z',
    ...overrides,
  })
}

const options = (plan: ReturnType<typeof planHeal>, extra: Partial<HealOptions> = {}): HealOptions => ({
  plan: {plan, file: 'heal-plan.json'},
  dryRun: false,
  approve: 'auto',
  forceUnlock: false,
  ...extra,
})

describe('runHeal', () => {
  it('GIVEN a tag drift on an ECS service WHEN healed THEN the tag is set, verified by a re-read, and audited', async () => {
    const web = service('web', 2, {Owner: 'bob'})
    const aws = new FakeAws([web])
    const plan = planFor(aws, [[item('Web', web, [diff('/Tags/Owner', 'platform', 'bob')]), web]])

    const result = await runHeal(createRuntime(settings), options(plan), aws.deps())

    expect(aws.get(web.physicalId).tags.Owner).toBe('platform')
    expect(result.items[0]).toMatchObject({state: 'applied', history: ['pending', 'validating', 'applying', 'applied']})
    expect(result.items[0].checks.map((check) => [check.name, check.passed])).toEqual([
      ['exists', true],
      ['unchanged', true],
      ['limits', true],
      ['policy', true],
    ])
    expect(result.summary).toEqual({applied: 1, skipped: 0, failed: 0, rolledBack: 0, rollbackFailed: 0, scheduled: 0})
    expect(result.exitCode).toBe(ExitCode.Ok)
    expect(aws.audit).toEqual([
      {
        time: '2026-11-25T10:00:00.000Z',
        who: 'arn:aws:iam::123456789012:user/ops',
        item: 'Web',
        type: 'AWS::ECS::Service',
        physicalId: web.physicalId,
        region: 'us-east-1',
        action: ['ECS.TagResource'],
        before: {'/Tags/Owner': 'bob'},
        after: {'/Tags/Owner': 'platform'},
        result: 'applied',
        checks: result.items[0].checks,
        via: 'cli',
      },
    ])
  })

  it('GIVEN a DesiredCount drift WHEN healed THEN UpdateService sets the declared count and the re-read shows it', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    const result = await runHeal(createRuntime(settings), options(planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]])), aws.deps())

    expect(aws.get(web.physicalId).properties.DesiredCount).toBe(2)
    expect(ecsMock.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input.desiredCount)).toEqual([2])
    expect(result.items[0]).toMatchObject({state: 'applied', before: {'/DesiredCount': 5}, after: {'/DesiredCount': 2}})
  })

  it('GIVEN a service with an old-format ARN (service/NAME) WHEN healed THEN every re-read is given the service as the check read it, so its cluster is known', async () => {
    const oldArn = 'arn:aws:ecs:us-east-1:123456789012:service/web'
    const web = {...service('web', 5), physicalId: oldArn, arn: oldArn}
    const aws = new FakeAws([web])
    const plan = planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]])
    const seen: unknown[] = []
    const fake = aws.deps().aws('us-east-1')

    const result = await runHeal(createRuntime(settings), options(plan), aws.deps({aws: () => ({clients: fake.clients, read: (type, id, known) => (seen.push(known?.properties.Cluster), fake.read(type, id))})}))

    expect(result.items[0].state).toBe('applied')
    expect(seen.length).toBeGreaterThanOrEqual(2)
    expect(new Set(seen)).toEqual(new Set([web.properties.Cluster]))
    expect(ecsMock.commandCalls(UpdateServiceCommand)[0].args[0].input).toMatchObject({cluster: web.properties.Cluster, service: oldArn, desiredCount: 2})
  })

  it('GIVEN one service changed again after the plan WHEN healing THEN it is refused as stale and the other is still healed', async () => {
    const web = service('web', 5)
    const api = service('api', 4)
    const aws = new FakeAws([web, api])
    const plan = planFor(aws, [
      [item('Web', web, [diff('/DesiredCount', 2, 5)]), web],
      [item('Api', api, [diff('/DesiredCount', 3, 4)]), api],
    ])
    aws.get(web.physicalId).properties.DesiredCount = 7

    const result = await runHeal(createRuntime(settings), options(plan), aws.deps())

    expect(result.items.map((one) => [one.itemId, one.state])).toEqual([
      ['Web', 'skipped'],
      ['Api', 'applied'],
    ])
    expect(result.items[0].checks.find((check) => check.name === 'unchanged')).toEqual({
      name: 'unchanged',
      passed: false,
      detail: 'the resource changed since the plan (stale): plan again',
    })
    expect(aws.get(web.physicalId).properties.DesiredCount).toBe(7)
    expect(aws.get(api.physicalId).properties.DesiredCount).toBe(3)
    // A planned item was not applied: a CI step must see it (SPEC 4).
    expect(result.exitCode).toBe(ExitCode.Drift)
    expect(aws.audit.map((line) => [line.item, line.result, line.action])).toEqual([
      ['Web', 'skipped', []],
      ['Api', 'applied', ['ECS.UpdateService']],
    ])
  })

  it('GIVEN a resource deleted after the plan WHEN healing THEN the exists check fails and nothing is sent', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    const plan = planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]])
    aws.resources.delete(web.physicalId)

    const result = await runHeal(createRuntime(settings), options(plan), aws.deps())

    expect(result.items[0]).toMatchObject({state: 'skipped', error: expect.stringContaining('the resource no longer exists')})
    expect(writeCalls()).toBe(0)
  })

  it('GIVEN AWS out of reach when re-reading WHEN healing THEN the item is skipped, nothing is written and the run exits 3', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    const unreachable = new AwsCallError('cannot reach AWS for ECS DescribeServices in us-east-1: endpoint not answering (ECONNREFUSED)', 'ECONNREFUSED')
    const deps = aws.deps({
      aws: () => ({
        clients: aws.clients,
        read: async () => {
          throw unreachable
        },
      }),
    })

    const result = await runHeal(createRuntime(settings), options(planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]])), deps)

    expect(result.items[0]).toMatchObject({state: 'skipped', unreachable: true, error: expect.stringContaining('endpoint not answering')})
    expect(result.exitCode).toBe(ExitCode.Remote)
    expect(writeCalls()).toBe(0)
  })

  it('GIVEN a write that AWS rejects WHEN healing THEN the item is rolled back and the run exits 2', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    ecsMock.on(UpdateServiceCommand).rejects(awsError('ServiceNotActiveException', 'Service was not ACTIVE'))

    const result = await runHeal(createRuntime(settings), options(planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]])), aws.deps())

    expect(result.items[0]).toMatchObject({
      state: 'rolled_back',
      history: ['pending', 'validating', 'applying', 'failed', 'rolling_back', 'rolled_back'],
      error: expect.stringContaining('ECS.UpdateService failed'),
    })
    expect(aws.get(web.physicalId).properties.DesiredCount).toBe(5)
    expect(result.summary).toMatchObject({failed: 1, rolledBack: 1, rollbackFailed: 0})
    expect(result.exitCode).toBe(ExitCode.Drift)
    expect(aws.audit[0]).toMatchObject({result: 'rolled_back', before: {'/DesiredCount': 5}, after: {'/DesiredCount': 5}})
  })

  it('GIVEN a write that succeeds but does not show on re-read WHEN healing THEN it is rolled back to the recorded value', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    // A scaling policy that immediately puts the count to 4: the heal did not hold.
    ecsMock.on(UpdateServiceCommand).callsFake((input) => {
      aws.get(input.service).properties.DesiredCount = input.desiredCount === 2 ? 4 : input.desiredCount
      return {}
    })

    const result = await runHeal(createRuntime(settings), options(planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]])), aws.deps())

    expect(result.items[0].state).toBe('rolled_back')
    expect(result.items[0].error).toContain('verification failed: /DesiredCount is 4, want 2')
    expect(ecsMock.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input.desiredCount)).toEqual([2, 5])
    expect(aws.get(web.physicalId).properties.DesiredCount).toBe(5)
    expect(result.exitCode).toBe(ExitCode.Drift)
  })

  it('GIVEN a heal that does not verify and a rollback that AWS rejects WHEN healing THEN the item is rollback_failed and the run exits 4', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    ecsMock.on(UpdateServiceCommand).callsFake((input) => {
      if (input.desiredCount === 5) throw awsError('AccessDeniedException', 'User is not authorized')
      aws.get(input.service).properties.DesiredCount = 3
      return {}
    })

    const result = await runHeal(createRuntime(settings), options(planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]])), aws.deps())

    expect(result.items[0]).toMatchObject({state: 'rollback_failed', history: ['pending', 'validating', 'applying', 'failed', 'rolling_back', 'rollback_failed']})
    expect(result.items[0].error).toContain('rollback did not restore the previous values: /DesiredCount is 3, want 5')
    expect(result.items[0].calls).toEqual([
      {api: 'ECS.UpdateService', phase: 'apply', ok: true},
      {api: 'ECS.UpdateService', phase: 'rollback', ok: false, error: expect.stringContaining('access denied')},
    ])
    expect(result.exitCode).toBe(ExitCode.UnknownState)
    expect(aws.audit[0]).toMatchObject({result: 'rollback_failed', action: ['ECS.UpdateService', 'rollback:ECS.UpdateService'], after: {'/DesiredCount': 3}})
  })

  it('GIVEN a saved plan with more heal items than autoHeal.maxResources now allows WHEN healing THEN the extra items fail the limits check', async () => {
    const services = ['a', 'b', 'c'].map((name) => service(name, 5))
    const aws = new FakeAws(services)
    const plan = planFor(aws, services.map((one) => [item(one.physicalId, one, [diff('/DesiredCount', 2, 5)]), one]))
    settings.config.autoHeal.maxResources = 2

    const result = await runHeal(createRuntime(settings), options(plan), aws.deps())

    expect(result.items.map((one) => one.state)).toEqual(['applied', 'applied', 'skipped'])
    expect(result.items[2].checks.find((check) => check.name === 'limits')).toMatchObject({passed: false, detail: 'over autoHeal.maxResources (2 per run)'})
  })

  it('GIVEN severityLimit low since the plan WHEN healing a medium item THEN the policy check fails', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    const plan = planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]])
    settings.config.autoHeal.severityLimit = 'low'

    const result = await runHeal(createRuntime(settings), options(plan), aws.deps())

    expect(result.items[0].checks.find((check) => check.name === 'policy')).toMatchObject({passed: false, detail: 'severity medium is above autoHeal.severityLimit (low)'})
    expect(writeCalls()).toBe(0)
  })

  it('GIVEN a security group rule drift and a missing resource WHEN healing THEN neither is touched', async () => {
    const group = securityGroup()
    const aws = new FakeAws([group])
    const plan = planFor(aws, [
      [item('WebSg', group, [diff('/SecurityGroupIngress/0/CidrIp', '10.0.0.0/8', '0.0.0.0/0')], {severity: 'low'}), group],
      [item('Gone', null, [], {driftType: 'missing_resource'}), null],
    ])

    const result = await runHeal(createRuntime(settings), options(plan), aws.deps())

    expect(result.items).toEqual([])
    expect(writeCalls()).toBe(0)
    expect(aws.reads).toBe(0)
  })

  it('GIVEN --dry-run WHEN healing THEN the plan is returned, nothing is written, read, locked or audited', async () => {
    const web = service('web', 5)
    const network = vpc({Name: 'main', Stray: 'x'})
    const aws = new FakeAws([web, network])
    const plan = planFor(aws, [
      [item('Web', web, [diff('/DesiredCount', 2, 5)]), web],
      [item('Vpc', network, [diff('/Tags/Stray', null, 'x', 'ADD')]), network],
    ])
    let locked = false

    const result = await runHeal(createRuntime(settings), options(plan, {dryRun: true}), aws.deps({lock: async () => ((locked = true), {freed: null, release: async () => {}})}))

    expect(result).toMatchObject({dryRun: true, items: [], exitCode: ExitCode.Ok})
    expect(result.plan.entries.filter((entry) => entry.decision === 'heal')).toHaveLength(2)
    expect(writeCalls()).toBe(0)
    expect(aws.reads).toBe(0)
    expect(locked).toBe(false)
    expect(aws.audit).toEqual([])
  })

  it('GIVEN no terminal and no --auto-approve WHEN healing THEN it refuses with exit 1 and writes nothing', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    const run = runHeal(createRuntime(settings), options(planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]]), {approve: null}), aws.deps())
    await expect(run).rejects.toMatchObject({exitCode: ExitCode.Usage, message: expect.stringContaining('refusing to heal without confirmation')})
    expect(writeCalls()).toBe(0)
  })

  it('GIVEN the prompt answered no WHEN healing THEN nothing is written', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    const result = await runHeal(createRuntime(settings), options(planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]]), {approve: async () => false}), aws.deps())
    expect(result).toMatchObject({approved: false, items: []})
    expect(writeCalls()).toBe(0)
  })

  it('GIVEN a saved plan made under another config WHEN healing THEN its items are skipped as stale, nothing is sent, and it exits 2', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    const plan = planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]], {configHash: 'other'})

    const result = await runHeal(createRuntime(settings), options(plan), aws.deps())

    expect(result.items).toEqual([expect.objectContaining({itemId: 'Web', state: 'skipped', error: 'the config changed since the plan (stale): plan again'})])
    expect(result.exitCode).toBe(ExitCode.Drift)
    expect(writeCalls()).toBe(0)
    expect(aws.audit.map((line) => [line.item, line.result])).toEqual([['Web', 'skipped']])
  })

  it('GIVEN a saved plan made from an older phases commit WHEN healing THEN its items are skipped as stale and nothing is written', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    const plan = planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]])
    aws.commit = 'fed987'

    const result = await runHeal(createRuntime(settings), options(plan), aws.deps())

    expect(result.items[0]).toMatchObject({state: 'skipped', error: 'the phases changed since the plan (commit abc123, now fed987) (stale): plan again'})
    expect(result.exitCode).toBe(ExitCode.Drift)
    expect(writeCalls()).toBe(0)
  })

  it('GIVEN a saved plan from an older phases commit WHEN only dry-running it THEN the plan shows the item refused as stale (nothing is applied)', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    const plan = planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]])
    aws.commit = 'fed987'

    const result = await runHeal(createRuntime(settings), options(plan, {dryRun: true}), aws.deps())

    expect(result).toMatchObject({dryRun: true, exitCode: 0})
    expect(result.plan.entries.map((entry) => [entry.itemId, entry.decision, entry.actions])).toEqual([['Web', 'refused', []]])
    expect(writeCalls()).toBe(0)
  })

  it('GIVEN a saved plan whose calls were edited by hand WHEN healing THEN the whole plan is refused naming the item, nothing is sent or audited, and the lock is released', async () => {
    const web = service('web', 5)
    const network = vpc({Name: 'main', Stray: 'x'})
    const aws = new FakeAws([web, network])
    const plan = planFor(aws, [
      [item('Vpc', network, [diff('/Tags/Stray', null, 'x', 'ADD')]), network],
      [item('Web', web, [diff('/DesiredCount', 2, 5)]), web],
    ])
    const edited = structuredClone(plan)
    edited.entries[1].actions[0].params.desiredCount = 0
    let released = false

    const run = runHeal(createRuntime(settings), options(edited), aws.deps({lock: async () => ({freed: null, release: async () => void (released = true)})}))

    await expect(run).rejects.toMatchObject({
      exitCode: ExitCode.Usage,
      message: 'the plan in heal-plan.json was edited: Web: it differs from the entry rebuilt from the config, phases and AWS in its calls; nothing was sent',
    })
    expect(writeCalls()).toBe(0)
    expect(aws.audit).toEqual([])
    expect(released).toBe(true)
  })

  it('GIVEN a saved plan whose heal entry is a refused one turned into heal WHEN the config forbids it THEN the config decides: skipped by policy, exit 2, nothing sent', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    settings.config.autoHeal.forbid = ['AWS::ECS::Service']
    const plan = planFor(aws, [[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]], {forbid: []})

    const result = await runHeal(createRuntime(settings), options(plan), aws.deps())

    expect(result.items[0]).toMatchObject({state: 'skipped', checks: [{name: 'policy', passed: false, detail: "forbidden by autoHeal.forbid rule 'AWS::ECS::Service'"}]})
    expect(result.exitCode).toBe(ExitCode.Drift)
    expect(writeCalls()).toBe(0)
  })

  it('GIVEN no saved plan WHEN healing THEN the plan comes from a fresh check and records the phases commit', async () => {
    const web = service('web', 5)
    const aws = new FakeAws([web])
    const check = async () => ({analysis: analysis([[item('Web', web, [diff('/DesiredCount', 2, 5)]), web]]), report: {source: {commit: 'def456'}}})

    const result = await runHeal(createRuntime(settings), {dryRun: false, approve: 'auto', forceUnlock: false}, aws.deps({check}))

    expect(result.plan).toMatchObject({phasesCommit: 'def456', configHash: settings.configHash, createdAt: '2026-11-25T10:00:00.000Z'})
    expect(result.items[0].state).toBe('applied')
  })

  it('GIVEN a lock held by another heal WHEN healing THEN the error propagates before anything is read', async () => {
    const aws = new FakeAws([])
    const lockError = Object.assign(new Error('another heal is running'), {exitCode: 1})
    let checked = false
    const run = runHeal(
      createRuntime(settings),
      {dryRun: false, approve: 'auto', forceUnlock: false},
      aws.deps({
        lock: async () => {
          throw lockError
        },
        check: async () => ((checked = true), {analysis: analysis([]), report: {source: {commit: null}}}),
      }),
    )
    await expect(run).rejects.toBe(lockError)
    expect(checked).toBe(false)
  })
})
