// `drift baseline` then `drift check` on the demo estate (phases + demo snapshot) in a scratch workspace, with the
// runtime's clock moved by the test: accepted items are left out until their value changes or their expiry passes.
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {loadSettings} from '../../src/config/settings.js'
import type {Snapshot} from '../../src/core/model.js'
import {runDriftBaseline} from '../../src/workflows/baseline.js'
import {runDriftCheck} from '../../src/workflows/check.js'
import {createRuntime, systemClock} from '../../src/workflows/runtime.js'
import {createWorkspace, REPO_ROOT} from '../helpers/cli.js'

const DAY = 86_400_000
const NOW = new Date('2026-12-01T06:00:00.000Z')

async function demoWorkspace() {
  const workspace = createWorkspace({config: readFileSync(path.join(REPO_ROOT, 'config/ialctl.yaml'), 'utf8')})
  cpSync(path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json'), path.join(workspace.dir, 'snapshot.json'))
  const stderr: string[] = []
  const runtimeAt = async (now: Date) => {
    const settings = await loadSettings({}, {AWS_REGION: 'us-east-1'}, workspace.dir)
    return createRuntime(settings, {cwd: workspace.dir, clock: {...systemClock, now: () => now}, output: {stdout: () => {}, stderr: (text) => stderr.push(text), progress: () => {}}})
  }

  return {dir: workspace.dir, stderr, runtimeAt}
}

describe('drift baseline, then drift check', () => {
  it('GIVEN the demo drift baselined for 30 days WHEN checked the next day THEN no item is reported, all are counted as baselined, and the accounting still adds up', async () => {
    const {dir, runtimeAt} = await demoWorkspace()
    const before = (await runDriftCheck(await runtimeAt(NOW), {snapshotFile: 'snapshot.json'})).report
    const result = await runDriftBaseline(await runtimeAt(NOW), {snapshotFile: 'snapshot.json', expires: '30d'})
    expect(result).toEqual({file: '.ialctl-baseline.yaml', accepted: before.items.length, kept: 0, dropped: 0, expires: '2026-12-31T06:00:00.000Z'})

    const file = parse(readFileSync(path.join(dir, '.ialctl-baseline.yaml'), 'utf8')) as {version: number; items: Array<Record<string, unknown>>}
    expect(file.version).toBe(1)
    expect(file.items.find((entry) => entry.id === 'WebInstance')).toEqual({
      id: 'WebInstance',
      type: 'AWS::EC2::Instance',
      driftType: 'configuration_drift',
      region: 'us-east-1',
      paths: ['/InstanceType'],
      valueHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      acceptedAt: NOW.toISOString(),
      expires: '2026-12-31T06:00:00.000Z',
      reason: 'TODO: why this drift is accepted',
    })

    const {report} = await runDriftCheck(await runtimeAt(new Date(NOW.getTime() + DAY)), {snapshotFile: 'snapshot.json'})
    expect(report.items).toEqual([])
    const {resources} = before.summary
    expect(report.summary).toMatchObject({baselined: before.items.length, resources, inSync: resources, drifted: 0, missing: 0, extra: 0})
  })

  it('GIVEN a baseline WHEN the clock passes its expiry THEN the items come back, with one warning naming them', async () => {
    const {runtimeAt, stderr} = await demoWorkspace()
    await runDriftBaseline(await runtimeAt(NOW), {snapshotFile: 'snapshot.json', expires: '30d'})
    const {report} = await runDriftCheck(await runtimeAt(new Date(NOW.getTime() + 31 * DAY)), {snapshotFile: 'snapshot.json'})
    expect(report.items.length).toBeGreaterThan(5)
    expect(report.summary.baselined).toBe(0)
    expect(stderr.join('')).toMatch(new RegExp(`^Warning: ${report.items.length} baselined items are reported again: DatabaseSecurityGroup \\(baseline expired\\), .*and ${report.items.length - 5} more\n$`))
  })

  it('GIVEN a baselined item WHEN its AWS value changes THEN it comes back and the others stay accepted', async () => {
    const {dir, runtimeAt, stderr} = await demoWorkspace()
    await runDriftBaseline(await runtimeAt(NOW), {snapshotFile: 'snapshot.json', expires: 'never'})
    const snapshot = JSON.parse(readFileSync(path.join(dir, 'snapshot.json'), 'utf8')) as Snapshot
    const web = snapshot.resources.find((resource) => resource.physicalId === 'i-0a1b2c3d4e5f60718')!
    web.properties.InstanceType = 't3.2xlarge'
    writeFileSync(path.join(dir, 'snapshot.json'), JSON.stringify(snapshot))

    const {report} = await runDriftCheck(await runtimeAt(new Date(NOW.getTime() + 400 * DAY)), {snapshotFile: 'snapshot.json'})
    expect(report.items.map((item) => item.id)).toEqual(['WebInstance'])
    expect(report.items[0]!.differences[0]).toMatchObject({path: '/InstanceType', actual: 't3.2xlarge'})
    const accepted = (parse(readFileSync(path.join(dir, '.ialctl-baseline.yaml'), 'utf8')) as {items: unknown[]}).items.length
    expect(report.summary.baselined).toBe(accepted - 1)
    expect(stderr.join('')).toBe('Warning: 1 baselined item is reported again: WebInstance (value changed since baselined)\n')
  })

  it('GIVEN a baseline with a filled-in reason WHEN baseline runs again THEN matching entries keep their reason and date, new drift gets the placeholder', async () => {
    const {dir, runtimeAt} = await demoWorkspace()
    await runDriftBaseline(await runtimeAt(NOW), {snapshotFile: 'snapshot.json', expires: '30d'})
    const file = path.join(dir, '.ialctl-baseline.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('TODO: why this drift is accepted', 'accepted at onboarding, OPS-1'))
    const again = await runDriftBaseline(await runtimeAt(new Date(NOW.getTime() + DAY)), {snapshotFile: 'snapshot.json', expires: '30d'})
    expect(again.kept).toBe(again.accepted)
    expect(again.dropped).toBe(0)
    const entries = (parse(readFileSync(file, 'utf8')) as {items: Array<{reason: string; acceptedAt: string}>}).items
    expect(new Set(entries.map((entry) => `${entry.reason} ${entry.acceptedAt}`))).toEqual(new Set([`accepted at onboarding, OPS-1 ${NOW.toISOString()}`]))
  })

  it('GIVEN a baseline file that is not one WHEN checking THEN one error line naming the file and the field; an alias is refused', async () => {
    const {dir, runtimeAt} = await demoWorkspace()
    const file = path.join(dir, '.ialctl-baseline.yaml')
    writeFileSync(file, 'version: 1\nitems:\n  - {id: A, type: T, driftType: tag_drift, region: null, valueHash: nope, acceptedAt: 2026-01-01, expires: null, reason: x}\n')
    await expect(runDriftCheck(await runtimeAt(NOW), {snapshotFile: 'snapshot.json'})).rejects.toThrow(/the baseline .*\.ialctl-baseline\.yaml is not a baseline: items\.0\.valueHash: sha256/)
    writeFileSync(file, 'version: 1\nitems: &a []\nother: *a\n')
    await expect(runDriftCheck(await runtimeAt(NOW), {snapshotFile: 'snapshot.json'})).rejects.toThrow(/baseline/)
    writeFileSync(file, 'version: [\n')
    await expect(runDriftCheck(await runtimeAt(NOW), {snapshotFile: 'snapshot.json'})).rejects.toThrow(/\.ialctl-baseline\.yaml:\d+:\d+ is not valid YAML/)
  })

  it('GIVEN --expires in the past or nonsense WHEN baselining THEN a usage error and no file', async () => {
    const {runtimeAt} = await demoWorkspace()
    for (const expires of ['2020-01-01', 'soon']) await expect(runDriftBaseline(await runtimeAt(NOW), {snapshotFile: 'snapshot.json', expires})).rejects.toThrow(/--expires .* is not a duration, a future date or never/)
  })
})
