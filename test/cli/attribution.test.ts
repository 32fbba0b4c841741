// CloudTrail attribution through the built CLI: the demo snapshot checked with --attribution, and an HTTP stand-in
// for CloudTrail answering LookupEvents in its real JSON shape (moto does not implement LookupEvents).
import {cpSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {createWorkspace, REPO_ROOT, runCli, type Workspace} from '../helpers/cli.js'
import {type CloudTrailStandIn, eventsWithWrite, startCloudTrailStandIn} from '../helpers/cloudtrail-stand-in.js'

const SG = 'sg-0a1b2c3d4e5f60703'
const ALICE = 'arn:aws:sts::123456789012:assumed-role/Admin/alice'

/** CloudTrail recorded alice authorizing an ingress rule on the database security group, and nothing else. */
const eventsFor = (name: string) => (name === SG ? eventsWithWrite(SG, {arn: ALICE, eventTime: '2026-11-30T14:02:11Z', eventName: 'AuthorizeSecurityGroupIngress', eventSource: 'ec2.amazonaws.com'}) : {Events: []})

const servers: CloudTrailStandIn[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function cloudTrailStandIn(mode: 'answer' | 'denied'): Promise<CloudTrailStandIn> {
  const server = await startCloudTrailStandIn(mode, eventsFor)
  servers.push(server)
  return server
}

function demoWorkspace(extraConfig = ''): Workspace {
  const workspace = createWorkspace({config: `${readFileSync(path.join(REPO_ROOT, 'config/ialctl.yaml'), 'utf8')}\n${extraConfig}\n`})
  cpSync(path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json'), path.join(workspace.dir, 'drifted.json'))
  return workspace
}

describe('drift check --attribution', () => {
  it('GIVEN CloudTrail recorded a write and a later read on the opened security group WHEN checking THEN the item carries the writer and its time, in JSON and text, and the lookups are capped, most severe first, spaced', {timeout: 120_000}, async () => {
    const trail = await cloudTrailStandIn('answer')
    const workspace = demoWorkspace('attribution: {maxLookups: 3}')
    const json = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--attribution', '--json'], {endpoint: trail.url})
    expect(json.code, json.stderr).toBe(2)
    expect(json.stderr).toBe('')
    const report = JSON.parse(json.stdout) as DriftReport
    const group = report.items.find((item) => item.id === 'DatabaseSecurityGroup')!
    expect(group).toMatchObject({changedBy: ALICE, changedAt: '2026-11-30T14:02:11.000Z'})
    expect(report.items.filter((item) => item.changedBy !== undefined)).toHaveLength(1)

    expect(trail.lookups).toHaveLength(3)
    expect(trail.lookups.every((lookup) => lookup.target === 'CloudTrail_20131101.LookupEvents')).toBe(true)
    // The critical items first, in report order, capped at 3: the security group, the IAM role and the HTTPS listener, by their names.
    expect(trail.lookups.map((lookup) => lookup.name)).toEqual([SG, 'ial-prod-api-task', '0467ef3c8400ae65'])
    for (let index = 1; index < trail.lookups.length; index++) expect(trail.lookups[index]!.at - trail.lookups[index - 1]!.at).toBeGreaterThanOrEqual(450)

    const text = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--attribution'], {endpoint: trail.url})
    expect(text.stdout).toContain(`changed by ${ALICE} at 2026-11-30T14:02:11.000Z (CloudTrail)`)
  })

  it('GIVEN CloudTrail denies LookupEvents WHEN checking THEN one warning line, one call, and the report and exit code are those of the check', {timeout: 60_000}, async () => {
    const trail = await cloudTrailStandIn('denied')
    const workspace = demoWorkspace()
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--attribution', '--json'], {endpoint: trail.url})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('Warning: CloudTrail is not readable (AccessDenied on cloudtrail:LookupEvents); the report goes on without changedBy\n')
    expect(trail.lookups).toHaveLength(1)
    expect((JSON.parse(result.stdout) as DriftReport).items.every((item) => item.changedBy === undefined)).toBe(true)
  })

  it('GIVEN a snapshot check without --attribution WHEN checking THEN CloudTrail is not called', {timeout: 60_000}, async () => {
    const trail = await cloudTrailStandIn('answer')
    const workspace = demoWorkspace('attribution: {enabled: true}')
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '-q'], {endpoint: trail.url})
    expect(result.code).toBe(2)
    expect(trail.lookups).toEqual([])
  })
})

describe('reverse-sync --attribution', () => {
  it('GIVEN CloudTrail names who opened the database security group WHEN previewing the reverse sync THEN the PR body says who, under "Revert recommended" and, with --include-critical, above its template changes', {timeout: 120_000}, async () => {
    const trail = await cloudTrailStandIn('answer')
    const workspace = demoWorkspace()
    const preview = await runCli(workspace, ['reverse-sync', '--snapshot', 'drifted.json', '--attribution', '--dry-run', '--all'], {endpoint: trail.url})
    expect(preview.code, preview.stderr).toBe(0)
    expect(preview.stdout).toContain('| Location | Resource | Severity | Changed by | Revert |')
    expect(preview.stdout).toMatch(new RegExp(`\\| \`DatabaseSecurityGroup\` \\(AWS::EC2::SecurityGroup\\) \\| critical \\| \`${ALICE}\` at \`2026-11-30T14:02:11.000Z\` \\| \`ialctl drift revert DatabaseSecurityGroup\` \\|`))
    expect(trail.lookups.map((lookup) => lookup.name)).toContain(SG)

    const codified = await runCli(workspace, ['reverse-sync', '--snapshot', 'drifted.json', '--attribution', '--dry-run', '--all', '--include-critical'], {endpoint: trail.url})
    expect(codified.code, codified.stderr).toBe(0)
    expect(codified.stdout).toContain(`#### \`DatabaseSecurityGroup\` (AWS::EC2::SecurityGroup) · critical\n\nChanged in AWS by \`${ALICE}\` at \`2026-11-30T14:02:11.000Z\` (CloudTrail).\n\n| Location |`)
    // Resources CloudTrail had nothing on carry no line.
    expect(codified.stdout.match(/Changed in AWS by/g)).toHaveLength(1)
  })

  it('GIVEN no --attribution on a snapshot WHEN previewing THEN CloudTrail is not called and the body has no "Changed by" column', {timeout: 60_000}, async () => {
    const trail = await cloudTrailStandIn('answer')
    const workspace = demoWorkspace('attribution: {enabled: true}')
    const preview = await runCli(workspace, ['reverse-sync', '--snapshot', 'drifted.json', '--dry-run', '--all'], {endpoint: trail.url})
    expect(preview.code, preview.stderr).toBe(0)
    expect(trail.lookups).toEqual([])
    expect(preview.stdout).toContain('| Location | Resource | Severity | Revert |')
    expect(preview.stdout).not.toContain('Changed in AWS by')
  })

  it('GIVEN CloudTrail denies LookupEvents WHEN previewing THEN one warning line and the same body as without attribution', {timeout: 60_000}, async () => {
    const trail = await cloudTrailStandIn('denied')
    const workspace = demoWorkspace()
    const attributed = await runCli(workspace, ['reverse-sync', '--snapshot', 'drifted.json', '--attribution', '--dry-run', '--all'], {endpoint: trail.url})
    const plain = await runCli(workspace, ['reverse-sync', '--snapshot', 'drifted.json', '--dry-run', '--all'], {endpoint: trail.url})
    expect(attributed.code).toBe(0)
    expect(attributed.stderr).toBe('Warning: CloudTrail is not readable (AccessDenied on cloudtrail:LookupEvents); the report goes on without changedBy\n')
    expect(attributed.stdout).toBe(plain.stdout)
  })
})
