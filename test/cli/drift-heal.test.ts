import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {createWorkspace, REPO_ROOT, runCli, type Workspace} from '../helpers/cli.js'

// The built CLI, as users run it (`npm test` builds dist first), on a copy of the example estate and the demo
// snapshot. Nothing here can reach AWS: the endpoint is a closed port, so a call that should not be made fails.
const demoSnapshot = path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json')
const CLOSED_PORT = 'http://127.0.0.1:9'

const ialctl = (args: string[], workspace: Workspace) => runCli(workspace, args, {endpoint: CLOSED_PORT})

/** The example phases and config, with one attempt per call: the closed port answers at once, and retrying it would only slow the test down. */
function estate(): Workspace {
  const config = readFileSync(path.join(REPO_ROOT, 'config/ialctl.yaml'), 'utf8')
  return createWorkspace({config: config.replace('aws:\n  regions: [us-east-1]\n', 'aws:\n  regions: [us-east-1]\n  maxAttempts: 1\n')})
}

describe('ialctl drift plan / drift heal', () => {
  it('GIVEN the demo snapshot WHEN planning with --out and then dry-running that plan against the same snapshot THEN the plan is saved, re-derived, shown, and nothing is called', async () => {
    const workspace = estate()
    const cwd = workspace.dir

    const planned = await ialctl(['drift', 'plan', '--snapshot', demoSnapshot, '--out', 'heal-plan.json'], workspace)

    expect(planned.stderr).toBe('')
    expect(planned.code).toBe(0)
    expect(planned.stdout).toContain('# WorkerService (AWS::ECS::Service) will be healed in place by ECS.UpdateService')
    expect(planned.stdout).toContain('~ /DesiredCount: 3 → 1')
    expect(planned.stdout).toContain('~ tag Owner: "analytics-team" → "data-team"')
    expect(planned.stdout).toContain('→ DatabaseSecurityGroup (AWS::EC2::SecurityGroup): /SecurityGroupIngress/1: security group rules are never healed')
    expect(planned.stdout).toContain('Plan: 10 to heal, 6 to reverse-sync, 0 refused.')

    const saved = JSON.parse(readFileSync(path.join(cwd, 'heal-plan.json'), 'utf8'))
    expect(saved).toMatchObject({version: 2, configHash: expect.stringMatching(/^[0-9a-f]{64}$/)})
    const worker = saved.entries.find((entry: {itemId: string}) => entry.itemId === 'WorkerService')
    expect(worker).toMatchObject({
      decision: 'heal',
      stateHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      itemHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      actions: [{api: 'ECS.UpdateService', params: {desiredCount: 1}, rollback: {api: 'ECS.UpdateService', params: {desiredCount: 3}}}],
    })

    const dryRun = await ialctl(['drift', 'heal', '--plan', 'heal-plan.json', '--snapshot', demoSnapshot, '--dry-run'], workspace)

    expect(dryRun.stderr).toBe('')
    expect(dryRun.code).toBe(0)
    // Only what the saved plan heals, rebuilt: the reverse-sync entries are not the heal's business.
    expect(dryRun.stdout).toContain('# WorkerService (AWS::ECS::Service) will be healed in place by ECS.UpdateService')
    expect(dryRun.stdout).toContain('Plan: 10 to heal, 0 to reverse-sync, 0 refused.')
    expect(dryRun.stdout).toContain('Dry run: nothing was changed.')
    expect(existsSync(path.join(cwd, '.ialctl'))).toBe(false)
  })

  it('GIVEN a saved plan WHEN dry-running it under another config THEN every item shows as refused, stale', async () => {
    const workspace = estate()
    const cwd = workspace.dir
    await ialctl(['drift', 'plan', '--snapshot', demoSnapshot, '--out', 'heal-plan.json', '--json'], workspace)
    writeFileSync(path.join(cwd, 'config/ialctl.yaml'), `${readFileSync(path.join(cwd, 'config/ialctl.yaml'), 'utf8')}\n# edited\n`)

    const result = await ialctl(['drift', 'heal', '--plan', 'heal-plan.json', '--snapshot', demoSnapshot, '--dry-run'], workspace)

    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('! WorkerService (AWS::ECS::Service): the config changed since the plan (stale): plan again')
    expect(result.stdout).toContain('Plan: 0 to heal, 0 to reverse-sync, 10 refused.')
  })

  it('GIVEN a saved plan with an extra call on another resource WHEN dry-running it against the snapshot THEN the plan is refused whole in one line with exit 1', async () => {
    const workspace = estate()
    const cwd = workspace.dir
    await ialctl(['drift', 'plan', '--snapshot', demoSnapshot, '--out', 'heal-plan.json', '--json'], workspace)
    const plan = JSON.parse(readFileSync(path.join(cwd, 'heal-plan.json'), 'utf8'))
    const worker = plan.entries.find((entry: {itemId: string}) => entry.itemId === 'WorkerService')
    worker.actions.push({...worker.actions[0], params: {...worker.actions[0].params, service: 'arn:aws:ecs:us-east-1:123456789012:service/prod/payments', desiredCount: 0}})
    writeFileSync(path.join(cwd, 'heal-plan.json'), JSON.stringify(plan))

    const result = await ialctl(['drift', 'heal', '--plan', 'heal-plan.json', '--snapshot', demoSnapshot, '--dry-run'], workspace)

    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'Error: the plan in heal-plan.json was edited: WorkerService: it differs from the entry rebuilt from the config, phases and AWS in its calls; nothing was sent (a saved plan is re-derived, never replayed: make a new plan with ialctl drift plan --out FILE)\n',
    )
    expect(result.stdout).toBe('')
  })

  it.each([
    ['not JSON', '{"version": 2, "entries": [', /^Error: heal-plan\.json is not a heal plan: /],
    ['an older version', JSON.stringify({version: 1, createdAt: '2026-11-25T10:00:00.000Z', configHash: 'x', phasesCommit: null, entries: []}), /^Error: heal-plan\.json is a version 1 heal plan; this ialctl reads version 2 /],
    [
      'a policy field the format does not have',
      JSON.stringify({version: 2, createdAt: '2026-11-25T10:00:00.000Z', configHash: 'x', phasesCommit: null, entries: [], autoHeal: {severityLimit: 'critical'}}),
      /^Error: heal-plan\.json is not a valid heal plan: \(root\): Unrecognized key\(s\) in object: 'autoHeal' /,
    ],
    [
      'an item id with a terminal escape',
      JSON.stringify({
        version: 2,
        createdAt: '2026-11-25T10:00:00.000Z',
        configHash: 'x',
        phasesCommit: null,
        entries: [{itemId: 'Web\u001b]0;pwned\u0007', type: 'AWS::ECS::Service', physicalId: null, region: null, decision: 'reverse-sync', reason: '', actions: [], changes: [], stateHash: null, itemHash: null, severity: null, driftType: null, location: null}],
      }),
      /^Error: heal-plan\.json is not a valid heal plan: entries\.0\.itemId: must not contain control characters /,
    ],
  ])('GIVEN a saved plan that is %s WHEN healing it THEN one line, exit 1, nothing read', async (_case, text, line) => {
    const workspace = estate()
    writeFileSync(path.join(workspace.dir, 'heal-plan.json'), text)

    const result = await ialctl(['drift', 'heal', '--plan', 'heal-plan.json', '--auto-approve'], workspace)

    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(line)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(existsSync(path.join(workspace.dir, '.ialctl'))).toBe(false)
  })

  it('GIVEN no terminal and no --auto-approve WHEN healing THEN it refuses in one line with exit 1', async () => {
    const result = await ialctl(['drift', 'heal'], estate())
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'Error: refusing to heal without confirmation: stdin is not a terminal (pass --auto-approve to heal without a prompt, or --dry-run to see the plan)\n',
    )
  })

  it('GIVEN --snapshot without --dry-run WHEN healing THEN it says a snapshot cannot be healed', async () => {
    const result = await ialctl(['drift', 'heal', '--snapshot', demoSnapshot, '--auto-approve'], estate())
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('--snapshot cannot heal: a snapshot is not AWS')
  })

  it('GIVEN a stale lock WHEN healing THEN it is reported with PID and start time; --force-unlock frees it', async () => {
    const workspace = estate()
    const cwd = workspace.dir
    await ialctl(['drift', 'plan', '--snapshot', demoSnapshot, '--out', 'heal-plan.json', '--json'], workspace)
    mkdirSync(path.join(cwd, '.ialctl'))
    // PID 2^22 + 1 is above Linux's pid_max: no process has it.
    const lockFile = path.join(cwd, '.ialctl/heal.lock')
    writeFileSync(lockFile, JSON.stringify({pid: 4_194_305, startedAt: '2026-11-25T09:00:00.000Z', host: (await import('node:os')).hostname()}))

    const locked = await ialctl(['drift', 'heal', '--plan', 'heal-plan.json', '--auto-approve'], workspace)

    expect(locked.code).toBe(1)
    expect(locked.stderr).toContain('is a stale heal lock (PID 4194305, started 2026-11-25T09:00:00.000Z): that process is no longer running')
    expect(locked.stderr).toContain('remove it with --force-unlock')

    const forced = await ialctl(['drift', 'heal', '--plan', 'heal-plan.json', '--auto-approve', '--force-unlock'], workspace)

    // The lock is freed; re-deriving the plan then finds AWS out of reach (a closed port): exit 3, nothing audited.
    expect(forced.stderr).toMatch(/^Error: cannot reach AWS/)
    expect(forced.code).toBe(3)
    expect(existsSync(lockFile)).toBe(false)
    expect(existsSync(path.join(cwd, '.ialctl/audit.jsonl'))).toBe(false)
  })
})
