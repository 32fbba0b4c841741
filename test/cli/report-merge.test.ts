// `report merge` through the built CLI: shard reports (one per target, as a CI matrix writes them) -> the one-run
// report, drift check's exit code rules, and every hostile shard refused with one line naming the file (SPEC 10).
import {mkdirSync, readFileSync, truncateSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {MAX_REPORT_BYTES} from '../../src/adapters/report-file.js'
import type {DriftReport} from '../../src/core/model.js'
import {mergeReports} from '../../src/core/report-merge.js'
import {renderJson} from '../../src/render/json.js'
import {unitReport} from '../core/targets-fixture.js'
import {type CliResult, createWorkspace, runCli, type Workspace} from '../helpers/cli.js'

/** A target's shard: its two regions merged, as `drift check --target NAME --json --report F` writes it. */
const shard = (target: string, generatedAt = '2026-12-01T00:00:00Z') => mergeReports([unitReport(target, 'us-east-1', true, generatedAt), unitReport(target, 'eu-west-1', false, generatedAt)], generatedAt)

function workspaceWith(files: Record<string, DriftReport | string>): Workspace {
  const workspace = createWorkspace()
  mkdirSync(path.join(workspace.dir, 'reports'))
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(workspace.dir, 'reports', name), typeof content === 'string' ? content : renderJson(content))
  return workspace
}

const merge = (workspace: Workspace, ...args: string[]) => runCli(workspace, ['report', 'merge', ...args])

function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code).toBe(1)
  const lines = result.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
  expect(result.stdout).toBe('')
}

describe('report merge', () => {
  it('GIVEN one shard per target WHEN merged as JSON THEN it is the one-run report of both targets apart from generatedAt, and exits 2 for their drift', async () => {
    const workspace = workspaceWith({'prod.json': shard('prod', '2026-12-01T06:00:00Z'), 'staging.json': shard('staging', '2026-12-01T06:01:00Z')})
    const result = await merge(workspace, 'reports/prod.json', 'reports/staging.json', '--json')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(2)
    const merged = JSON.parse(result.stdout) as DriftReport
    const oneRun = mergeReports(['prod', 'staging'].flatMap((target) => [unitReport(target, 'us-east-1', true), unitReport(target, 'eu-west-1', false)]), merged.generatedAt)
    expect(merged).toEqual(JSON.parse(renderJson(oneRun)))
    expect(Object.keys(merged.summary.byTarget ?? {})).toEqual(['prod', 'staging'])
    expect(merged.items.map((item) => item.ref)).toEqual(expect.arrayContaining(['prod/eu-west-1/JobsQueue', 'staging/eu-west-1/JobsQueue']))
    expect(merged.items.every((item) => item.account === '111111111111')).toBe(true)
  })

  it('GIVEN the shards WHEN --fail-on never, --output sarif and --report THEN exit 0, SARIF on stdout and the same SARIF in the file', async () => {
    const workspace = workspaceWith({'prod.json': shard('prod'), 'staging.json': shard('staging')})
    const result = await merge(workspace, 'reports/prod.json', 'reports/staging.json', '--output', 'sarif', '--fail-on', 'never', '--report', 'merged.sarif')
    expect(result.code).toBe(0)
    const sarif = JSON.parse(result.stdout) as {runs: Array<{results: unknown[]}>}
    expect(sarif.runs[0].results.length).toBeGreaterThan(0)
    expect(result.stdout).toBe(readFileSync(path.join(workspace.dir, 'merged.sarif'), 'utf8'))
  })

  it('GIVEN the shards WHEN merged as text from a subdirectory THEN the file names are the ones typed and both targets are shown', async () => {
    const workspace = workspaceWith({'prod.json': shard('prod'), 'staging.json': shard('staging')})
    const result = await runCli(workspace, ['report', 'merge', 'prod.json', 'staging.json', '--fail-on', 'critical'], {cwd: path.join(workspace.dir, 'reports')})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/prod/)
    expect(result.stdout).toMatch(/staging/)
  })

  it('GIVEN a shard of another phases commit WHEN merged THEN exit 1 naming both commits', async () => {
    const other = shard('staging')
    const workspace = workspaceWith({'prod.json': shard('prod'), 'staging.json': {...other, source: {...other.source, commit: 'def'}}})
    expectOneLineError(await merge(workspace, 'reports/prod.json', 'reports/staging.json'), /^Error: reports of different phases commits \(abc and def\) cannot be merged/)
  })

  it('GIVEN two shards of the same target WHEN merged THEN exit 1 naming the target and both files', async () => {
    const workspace = workspaceWith({'a.json': shard('prod'), 'b.json': shard('prod')})
    expectOneLineError(await merge(workspace, 'reports/a.json', 'reports/b.json'), /^Error: shards must not repeat a target: "prod" \(.*reports\/a\.json, .*reports\/b\.json\)/)
  })

  it.each([
    ['a wrong type', (report: DriftReport) => ({...report, items: report.items.map((item) => ({...item, severity: 'urgent'}))}), /items\.0\.severity: Invalid enum value/],
    ['a count that is a string', (report: DriftReport) => ({...report, summary: {...report.summary, drifted: '3'}}), /summary\.drifted: Expected number, received string/],
    ['an extra field', (report: DriftReport) => ({...report, injected: {command: 'rm -rf /'}}), /top level: Unrecognized key\(s\) in object: 'injected'/],
    ['a huge id', (report: DriftReport) => ({...report, items: report.items.map((item) => ({...item, id: 'A'.repeat(1_000_000)}))}), /items\.0\.id: String must contain at most 4096 character/],
    ['an item of a target it does not list', (report: DriftReport) => ({...report, items: report.items.map((item) => ({...item, target: 'stowaway'}))}), /contradicts itself: items\.0 is of target "stowaway"/],
    ['schema version 1', (report: DriftReport) => ({...report, schemaVersion: 1}), /has schemaVersion 1, report merge reads version 2/],
  ])('GIVEN a tampered shard with %s WHEN merged THEN exit 1 naming the file', async (_name, tamper, pattern) => {
    const workspace = workspaceWith({'prod.json': shard('prod'), 'staging.json': JSON.stringify(tamper(shard('staging')))})
    const result = await merge(workspace, 'reports/prod.json', 'reports/staging.json')
    expectOneLineError(result, /^Error: report .*reports\/staging\.json /)
    expect(result.stderr).toMatch(pattern)
    expect(result.stderr.length).toBeLessThan(2000)
  })

  describe('GIVEN files that are not shard reports', () => {
    const text = renderJson(shard('staging'))
    const files = () => {
      const workspace = workspaceWith({'prod.json': shard('prod'), 'cut.json': text.slice(0, text.length / 2), 'big.json': ''})
      truncateSync(path.join(workspace.dir, 'reports/big.json'), MAX_REPORT_BYTES + 1)
      return workspace
    }

    it.each([
      ['a truncated file', ['reports/prod.json', 'reports/cut.json'], /^Error: report .*reports\/cut\.json is not JSON: the JSON is truncated/],
      ['a directory', ['reports'], /^Error: report .*reports is a directory/],
      ['a missing file', ['reports/prod.json', 'reports/gone.json'], /^Error: cannot read report .*reports\/gone\.json: no such file/],
      ['a file over the size limit', ['reports/big.json'], /^Error: report .*reports\/big\.json is 67108865 bytes, more than the 67108864 a report can be/],
    ])('WHEN %s is merged THEN exit 1 naming it', async (_name, args, pattern) => {
      expectOneLineError(await merge(files(), ...args), pattern)
    })
  })

  it('GIVEN a shard whose item carries terminal escapes and a workflow command in its ids WHEN merged as text THEN they are shown escaped, never raw', async () => {
    // AWS strings are data: an extra resource's id is its physical id, and the text report shows it.
    const hostile = shard('staging')
    const payload = '\u001b]0;pwned\u0007\u001b[2J\n::error::forged'
    const tampered = {...hostile, items: hostile.items.map((item) => ({...item, id: payload, physicalId: payload, ref: `staging/eu-west-1/${payload}`}))}
    const workspace = workspaceWith({'prod.json': shard('prod'), 'staging.json': JSON.stringify(tampered)})
    const result = await merge(workspace, 'reports/prod.json', 'reports/staging.json', '--output', 'text')
    expect(result.code).toBe(2)
    expect(result.stdout).toContain('pwned')
    expect(result.stdout).not.toContain('\u001b')
    expect(result.stdout).not.toContain('\u0007')
    expect(result.stdout).not.toMatch(/^::error::/m)
  })
})
