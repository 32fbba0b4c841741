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
  it('GIVEN the demo snapshot WHEN planning with --out and then healing that plan with --dry-run THEN the plan is saved, shown, and nothing is called', async () => {
    const workspace = estate()
    const cwd = workspace.dir

    const planned = await ialctl(['drift', 'plan', '--snapshot', demoSnapshot, '--out', 'heal-plan.json'], workspace)

    expect(planned.stderr).toBe('')
    expect(planned.code).toBe(0)
    expect(planned.stdout).toContain('# WorkerService (AWS::ECS::Service) will be healed in place by ECS.UpdateService')
    expect(planned.stdout).toContain('~ /DesiredCount: 3 → 1')
    expect(planned.stdout).toContain('~ tag Owner: "analytics-team" → "data-team"')
    expect(planned.stdout).toContain('→ DatabaseSecurityGroup (AWS::EC2::SecurityGroup): /SecurityGroupIngress/1: security group rules are never healed')
    expect(planned.stdout).toContain('Plan: 4 to heal, 4 to reverse-sync, 0 refused.')

    const saved = JSON.parse(readFileSync(path.join(cwd, 'heal-plan.json'), 'utf8'))
    expect(saved).toMatchObject({version: 1, configHash: expect.stringMatching(/^[0-9a-f]{64}$/)})
    const worker = saved.entries.find((entry: {itemId: string}) => entry.itemId === 'WorkerService')
    expect(worker).toMatchObject({
      decision: 'heal',
      stateHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      actions: [{api: 'ECS.UpdateService', params: {desiredCount: 1}, rollback: {api: 'ECS.UpdateService', params: {desiredCount: 3}}}],
    })

    const dryRun = await ialctl(['drift', 'heal', '--plan', 'heal-plan.json', '--dry-run'], workspace)

    expect(dryRun.stderr).toBe('')
    expect(dryRun.code).toBe(0)
    expect(dryRun.stdout).toContain('Plan: 4 to heal, 4 to reverse-sync, 0 refused.')
    expect(dryRun.stdout).toContain('Dry run: nothing was changed.')
    expect(existsSync(path.join(cwd, '.ialctl'))).toBe(false)
  })

  it('GIVEN a saved plan WHEN healing it with another config THEN the whole plan is refused with exit 1', async () => {
    const workspace = estate()
    const cwd = workspace.dir
    await ialctl(['drift', 'plan', '--snapshot', demoSnapshot, '--out', 'heal-plan.json', '--json'], workspace)
    writeFileSync(path.join(cwd, 'config/ialctl.yaml'), `${readFileSync(path.join(cwd, 'config/ialctl.yaml'), 'utf8')}\n# edited\n`)

    const result = await ialctl(['drift', 'heal', '--plan', 'heal-plan.json', '--dry-run'], workspace)

    expect(result.code).toBe(1)
    expect(result.stderr).toBe('Error: the plan in heal-plan.json was made with another config (the config hash differs) (make a new plan with ialctl drift plan --out FILE)\n')
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

    const forced = await ialctl(['drift', 'heal', '--plan', 'heal-plan.json', '--auto-approve', '--force-unlock', '--json'], workspace)

    // The lock is freed; the heal then finds AWS out of reach (a closed port): every item skipped, exit 3.
    const result = JSON.parse(forced.stdout)
    expect(result.freedLock).toMatchObject({pid: 4_194_305})
    expect(result.summary).toMatchObject({applied: 0, skipped: 4})
    expect(result.items[0].error).toContain('cannot reach AWS')
    expect(forced.code).toBe(3)
    expect(existsSync(lockFile)).toBe(false)
    const audit = readFileSync(path.join(cwd, '.ialctl/audit.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line))
    expect(audit.map((line) => [line.item, line.result, line.action])).toEqual(result.items.map((item: {itemId: string}) => [item.itemId, 'skipped', []]))
  })
})
