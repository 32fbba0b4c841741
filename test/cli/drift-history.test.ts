// The drift history through the built CLI, offline: the demo estate's snapshot, edited between runs to stand for a
// heal and a re-drift, with `--history` (a --snapshot check leaves the history alone unless asked).
import {cpSync, existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {createWorkspace, REPO_ROOT, runCli, type Workspace} from '../helpers/cli.js'
import {writeHealedDemoSnapshot} from '../helpers/demo-heal.js'

const DEMO = path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json')

function demoWorkspace(): Workspace {
  const workspace = createWorkspace({config: readFileSync(path.join(REPO_ROOT, 'config/ialctl.yaml'), 'utf8')})
  cpSync(DEMO, path.join(workspace.dir, 'drifted.json'))
  return workspace
}

const healedSnapshot = (workspace: Workspace, report: DriftReport): string => writeHealedDemoSnapshot(workspace.dir, report)

const BADGES = {critical: '🔴 critical', high: '🟠 high', medium: '🟡 medium', low: '🔵 low'} as const
const rowBadge = (severity: keyof typeof BADGES) => BADGES[severity]

const statuses = (report: DriftReport) => Object.fromEntries(report.items.map((item) => [item.id, item.status]))

// Several CLI runs per test: on a loaded machine each takes seconds.
describe('drift check against the history', {timeout: 120_000}, () => {
  it('GIVEN drift added, healed and re-added between three checks WHEN each runs with --history THEN items are new, known, resolved, returned, and --fail-on-new reacts only to new and returned', {timeout: 120_000}, async () => {
    const workspace = demoWorkspace()
    const check = (snapshot: string, ...flags: string[]) => runCli(workspace, ['drift', 'check', '--snapshot', snapshot, '--history', ...flags])

    const first = await check('drifted.json', '--json', '--fail-on-new')
    expect(first.code, first.stderr).toBe(2)
    const firstReport = JSON.parse(first.stdout) as DriftReport
    const count = firstReport.items.length
    expect(count).toBeGreaterThan(3)
    expect(Object.values(statuses(firstReport))).toEqual(Array(count).fill('new'))
    expect(firstReport.items.every((item) => item.firstSeen === firstReport.generatedAt)).toBe(true)
    expect(firstReport.summary.resolved).toEqual([])

    const second = await check('drifted.json', '--json', '--fail-on-new')
    expect(second.code, second.stderr).toBe(0)
    const secondReport = JSON.parse(second.stdout) as DriftReport
    expect(Object.values(statuses(secondReport))).toEqual(Array(count).fill('known'))
    expect(secondReport.items.every((item) => item.firstSeen === firstReport.generatedAt)).toBe(true)
    // Without --fail-on-new the known drift still fails the check.
    expect((await check('drifted.json')).code).toBe(2)

    const healed = healedSnapshot(workspace, secondReport)
    const third = await check(healed, '--json', '--fail-on-new')
    expect(third.code, third.stderr).toBe(0)
    const thirdReport = JSON.parse(third.stdout) as DriftReport
    expect(statuses(thirdReport).WorkerInstance).toBeUndefined()
    expect(thirdReport.summary.resolved).toEqual([{id: 'WorkerInstance', type: 'AWS::EC2::Instance', driftType: 'tag_drift', region: 'us-east-1', firstSeen: firstReport.generatedAt}])

    const summaryFile = path.join(workspace.dir, 'summary.md')
    const fourth = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--history', '--fail-on-new'], {env: {GITHUB_STEP_SUMMARY: summaryFile}})
    expect(fourth.code, fourth.stderr).toBe(2)
    // Text: the returned item comes first, under its own heading, the known ones after.
    const lines = fourth.stdout.split('\n')
    const freshHeading = lines.indexOf('NEW OR RETURNED SINCE THE LAST RUN (1)')
    expect(freshHeading).toBeGreaterThan(0)
    expect(lines[freshHeading + 1]).toMatch(/● low WorkerInstance .*\[returned, first seen \d{4}-\d{2}-\d{2}\]/)
    expect(lines.indexOf(`KNOWN (${count - 1})`)).toBeGreaterThan(freshHeading)
    expect(fourth.stdout).toContain(`0 new, 1 returned, ${count - 1} known; 0 resolved since the last run`)

    // Markdown (the step summary of the same run): a Status column, the returned row first.
    const since = firstReport.generatedAt.slice(0, 10)
    const rows = readFileSync(summaryFile, 'utf8').split('\n').filter((line) => line.startsWith('| '))
    expect(rows[0]).toBe('| Status | Severity | Resource | Type | Drift | Location | Changes |')
    expect(rows.slice(2).map((row) => row.split(' | ').slice(0, 3).join(' | '))).toEqual([
      `| 🔁 returned (since ${since}) | 🔵 low | \`WorkerInstance\``,
      ...firstReport.items.filter((item) => item.id !== 'WorkerInstance').map((item) => `| known (since ${since}) | ${rowBadge(item.severity)} | \`${item.id}\``),
    ])
  })

  it('GIVEN a --snapshot check without --history WHEN it runs THEN no history is written and items carry no status', async () => {
    const workspace = demoWorkspace()
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--json'])
    expect(result.code).toBe(2)
    expect((JSON.parse(result.stdout) as DriftReport).items.every((item) => item.status === undefined)).toBe(true)
    expect(existsSync(path.join(workspace.dir, '.ialctl/history'))).toBe(false)
  })

  it('GIVEN a corrupt, an oversized-id and a hostile history file WHEN checking THEN one warning line each, the check goes on, and no escape sequence reaches the terminal', async () => {
    const workspace = demoWorkspace()
    const first = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--history', '--json'])
    expect(first.code).toBe(2)
    const dir = path.join(workspace.dir, '.ialctl/history')
    const [record] = readdirSync(dir)
    const valid = JSON.parse(readFileSync(path.join(dir, record!), 'utf8')) as {at: string; items: Array<Record<string, unknown>>}
    const justAfter = new Date(Date.parse(valid.at) + 1).toISOString()
    writeFileSync(path.join(dir, 'run-2026-01-01T00-00-00-000Z-000000000000.json'), '{not json')
    writeFileSync(path.join(dir, 'run-2026-01-02T00-00-00-000Z-000000000000.json'), JSON.stringify({...valid, items: [{...valid.items[0], severity: 'x\u001B[2J'}]}))
    // A valid record of a resource this run looks at and does not see: its id is shown as resolved, escaped.
    const hostileId = 'evil\u001B]0;pwned\u0007\n::error::injected'
    writeFileSync(path.join(dir, `run-${justAfter.replaceAll(/[:.]/g, '-')}-000000000000.json`), JSON.stringify({...valid, at: justAfter, items: [{...valid.items[0], id: hostileId}]}))

    const result = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--history'])
    expect(result.code).toBe(2)
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('Warning: history file'))
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('not JSON')
    expect(warnings[1]).toContain('items.0.severity')
    expect(result.stderr).not.toContain('\u001B')
    expect(result.stdout).not.toContain('\u001B')
    expect(result.stdout).not.toMatch(/^\s*::error/m)
    expect(result.stdout).toContain(String.raw`evil\x1b]0;pwned\x07\n`)
  })

  it('GIVEN history.maxRuns 2 WHEN checking three times THEN only the two newest records are kept', async () => {
    const workspace = demoWorkspace()
    writeFileSync(path.join(workspace.dir, 'config/ialctl.yaml'), `${readFileSync(path.join(workspace.dir, 'config/ialctl.yaml'), 'utf8')}\nhistory: {maxRuns: 2}\n`)
    for (let run = 0; run < 3; run++) expect((await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--history', '-q'])).code).toBe(2)
    expect(readdirSync(path.join(workspace.dir, '.ialctl/history'))).toHaveLength(2)
  })
})

// Several CLI runs per test: on a loaded machine each takes seconds.
describe('drift baseline through the CLI', {timeout: 120_000}, () => {
  it('GIVEN the demo drift WHEN `drift baseline` runs and then `drift check` THEN the check exits 0 and says how many items the baseline accepts', async () => {
    const workspace = demoWorkspace()
    const baseline = await runCli(workspace, ['drift', 'baseline', '--snapshot', 'drifted.json', '--expires', '30d'])
    expect(baseline.code, baseline.stderr).toBe(0)
    const [, accepted, added] = /^Baselined (\d+) items in \.ialctl-baseline\.yaml \((\d+) new until \d{4}-\d{2}-\d{2}, 0 kept, 0 dropped as gone\)\.\n$/.exec(baseline.stdout) ?? []
    expect(Number(accepted)).toBeGreaterThan(3)
    expect(added).toBe(accepted)
    const check = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json'])
    expect(check.code, check.stderr).toBe(0)
    expect(check.stdout).toMatch(new RegExp(`^No drift: \\d+ declared resources in sync \\(2 expected, ${accepted} baselined, `))
  })
})
