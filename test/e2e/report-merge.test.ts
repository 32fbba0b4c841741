// Sharding on CI against moto (issue 19, the second Done-when): each target checked by its own `drift check
// --target X --json --report reports/X.json` (as a matrix job would), then `report merge reports/*.json --json`;
// the merged report equals the one-run `drift check --json` report apart from generatedAt and source. Shards of
// different commits and shards that repeat a target are refused. Two moto accounts reached through AssumeRole (moto
// maps the assumed role's credentials into its account) x two regions, seeded as test/e2e/targets.test.ts does,
// in accounts of their own so the two files never see each other's queues.
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {beforeAll, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {queuesTemplate, seedQueues, targetsConfig} from './helpers/accounts.js'
import {createWorkspace, runCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'

const PROD = 'arn:aws:iam::444444444444:role/ialctl-readonly'
const STAGING = 'arn:aws:iam::555555555555:role/ialctl-readonly'

const TEMPLATE = queuesTemplate('shard-')

const CONFIG = targetsConfig(PROD, STAGING)

/** The report without what differs between one run and merged shards by design. */
const comparable = (report: DriftReport) => ({...report, generatedAt: undefined, source: undefined})

describeE2e('report merge: sharded drift checks against moto', () => {
  let phases: string

  /** A workspace that is a git repository with one commit: the reports carry its commit. */
  const repository = (): Workspace => {
    const workspace = createWorkspace({config: CONFIG, phasesFrom: phases})
    const git = (...args: string[]) => execFileSync('git', args, {cwd: workspace.dir, env: {...process.env, GIT_CONFIG_GLOBAL: workspace.gitConfig, HOME: workspace.home}, stdio: 'pipe'})
    git('init', '-q')
    git('add', '-A')
    git('commit', '-q', '-m', 'phases')
    return workspace
  }

  const cli = (workspace: Workspace, ...args: string[]) => runCli(workspace, args, {endpoint: motoEndpoint(), timeoutMs: 120_000})

  beforeAll(async () => {
    phases = mkdtempSync(path.join(tmpdir(), 'ialctl-merge-phases-'))
    mkdirSync(path.join(phases, '25-messaging'))
    writeFileSync(path.join(phases, '25-messaging/01-queues.yaml'), TEMPLATE)
    // prod: eu-west-1's jobs queue has its timeout changed by hand; staging: us-east-1 lacks the audit queue and
    // eu-west-1's jobs queue carries prod's tag.
    await seedQueues(PROD, 'us-east-1', [{name: 'shard-jobs', visibility: 30, environment: 'production'}, {name: 'shard-audit', visibility: 30}])
    await seedQueues(PROD, 'eu-west-1', [{name: 'shard-jobs', visibility: 90, environment: 'production'}, {name: 'shard-audit', visibility: 30}])
    await seedQueues(STAGING, 'us-east-1', [{name: 'shard-jobs', visibility: 30, environment: 'staging'}])
    await seedQueues(STAGING, 'eu-west-1', [{name: 'shard-jobs', visibility: 30, environment: 'production'}, {name: 'shard-audit', visibility: 30}])
  }, 120_000)

  it('GIVEN one drift check per target into its own report WHEN merged THEN the merged JSON is the one-run report apart from generatedAt and source, with the same exit code', async () => {
    const workspace = repository()
    const oneRun = await cli(workspace, 'drift', 'check', '--json', '--no-history')
    expect(oneRun.code, oneRun.stderr).toBe(2)

    const list = await cli(workspace, 'targets', 'list', '--json')
    const targets = (JSON.parse(list.stdout) as Array<{target: string}>).map((entry) => entry.target)
    expect(targets).toEqual(['prod', 'staging'])
    for (const name of targets) {
      const shard = await cli(workspace, 'drift', 'check', '--target', name, '--json', '--no-history', '--report', `reports/${name}.json`)
      expect(shard.code, shard.stderr).toBe(2)
    }

    const files = readdirSync(path.join(workspace.dir, 'reports')).map((file) => `reports/${file}`)
    const merged = await cli(workspace, 'report', 'merge', ...files, '--json')
    expect(merged.code, merged.stderr).toBe(2)
    const one = JSON.parse(oneRun.stdout) as DriftReport
    const combined = JSON.parse(merged.stdout) as DriftReport
    expect(comparable(combined)).toEqual(comparable(one))
    expect(combined.items.map((item) => item.ref)).toEqual(one.items.map((item) => item.ref))
    expect(combined.items).toHaveLength(3)
    expect(combined.source.commit).toBe(one.source.commit)
    expect(combined.source.regions).toEqual(one.source.regions)

    const lenient = await cli(workspace, 'report', 'merge', ...files, '--fail-on', 'never', '--output', 'sarif')
    expect(lenient.code, lenient.stderr).toBe(0)
    expect((JSON.parse(lenient.stdout) as {runs: Array<{results: unknown[]}>}).runs[0].results).toHaveLength(3)
  }, 300_000)

  it('GIVEN shards of two commits, or the same target twice WHEN merged THEN exit 1 naming what differs', async () => {
    const workspace = repository()
    const prod = await cli(workspace, 'drift', 'check', '--target', 'prod', '--json', '--no-history', '--report', 'reports/prod.json')
    expect(prod.code, prod.stderr).toBe(2)
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'later'], {cwd: workspace.dir, env: {...process.env, GIT_CONFIG_GLOBAL: workspace.gitConfig, HOME: workspace.home}})
    const staging = await cli(workspace, 'drift', 'check', '--target', 'staging', '--json', '--no-history', '--report', 'reports/staging.json')
    expect(staging.code, staging.stderr).toBe(2)

    const commits = await cli(workspace, 'report', 'merge', 'reports/prod.json', 'reports/staging.json')
    expect(commits.code).toBe(1)
    expect(commits.stderr.trim()).toMatch(/^Error: reports of different phases commits \([0-9a-f]{40} and [0-9a-f]{40}\) cannot be merged \(run every shard on the same commit\)$/)

    const twice = await cli(workspace, 'report', 'merge', 'reports/prod.json', 'reports/prod.json')
    expect(twice.code).toBe(1)
    expect(twice.stderr.trim()).toMatch(/^Error: shards must not repeat a target: "prod" /)
  }, 300_000)
})
