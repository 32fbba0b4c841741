// Memory between runs against moto, through the built CLI: drift added, seen again, healed, re-added; each check
// marks its items new / known / returned and lists what was resolved, --fail-on-new reacts only to what is new,
// and `drift history` tells first and last seen and how each item was resolved. The steps share one estate.
import {CreateTagsCommand} from '@aws-sdk/client-ec2'
import {UpdateServiceCommand} from '@aws-sdk/client-ecs'
import {expect, it} from 'vitest'

import type {HistoryEntry} from '../../src/core/history/view.js'
import type {DriftReport} from '../../src/core/model.js'
import {DRIFT} from './fixtures/drift.js'
import {describeE2e} from './helpers/e2e.js'
import {type DriftCheck, exampleEstateSuite} from './helpers/example-estate-suite.js'

describeE2e('drift history against moto', () => {
  const suite = exampleEstateSuite({failOnStderr: /Warning|Error/})
  const {cli} = suite
  const reports: DriftReport[] = []

  async function check(...flags: string[]): Promise<DriftCheck> {
    const checked = await suite.check(...flags)
    reports.push(checked.report)
    return checked
  }

  const changeVpcTag = (value: string) => suite.aws.ec2.send(new CreateTagsCommand({Resources: [suite.estate.resources[DRIFT.changedTag.id]!.physicalId], Tags: [{Key: DRIFT.changedTag.key, Value: value}]}))
  const status = (report: DriftReport) => Object.fromEntries(report.items.map((item) => [item.id, item.status]))

  it('GIVEN the estate in sync WHEN checked THEN no items, nothing resolved, and the run is recorded', async () => {
    const {code, report} = await check()
    expect(code).toBe(0)
    expect(report.items).toEqual([])
    expect(report.summary.resolved).toEqual([])
  })

  it('GIVEN a tag and a task count changed by hand WHEN checked with --fail-on-new THEN both items are new and the check fails', async () => {
    await changeVpcTag('someone-in-the-console')
    const service = suite.estate.resources[DRIFT.desiredCount.id]!
    await suite.aws.ecs.send(new UpdateServiceCommand({cluster: service.attributes.Cluster, service: service.attributes.Name, desiredCount: DRIFT.desiredCount.value}))
    const {code, report} = await check('--fail-on-new')
    expect(code).toBe(2)
    expect(status(report)).toEqual({Vpc: 'new', WorkerService: 'new'})
    expect(report.items.every((item) => item.firstSeen === report.generatedAt)).toBe(true)
  })

  it('GIVEN the same drift WHEN checked again with --fail-on-new THEN both are known since the first sighting and the exit code is 0', async () => {
    const {code, report} = await check('--fail-on-new')
    expect(code).toBe(0)
    expect(status(report)).toEqual({Vpc: 'known', WorkerService: 'known'})
    expect(report.items.map((item) => item.firstSeen)).toEqual([reports[1]!.generatedAt, reports[1]!.generatedAt])
  })

  it('GIVEN `drift heal` put both back WHEN checked THEN no items and both listed as resolved since the last run', async () => {
    const heal = await cli('drift', 'heal', '--auto-approve')
    expect(heal.code, heal.stderr).toBe(0)
    const {code, report} = await check('--fail-on-new')
    expect(code).toBe(0)
    expect(report.items).toEqual([])
    expect(report.summary.resolved?.map((item) => [item.id, item.driftType, item.firstSeen]).sort()).toEqual([
      ['Vpc', 'tag_drift', reports[1]!.generatedAt],
      ['WorkerService', 'configuration_drift', reports[1]!.generatedAt],
    ])
  })

  it('GIVEN the tag changed again WHEN checked with --fail-on-new THEN the item is returned, first seen at the first sighting, and the check fails', async () => {
    await changeVpcTag('someone-else-again')
    const {code, report} = await check('--fail-on-new')
    expect(code).toBe(2)
    expect(status(report)).toEqual({Vpc: 'returned'})
    expect(report.items[0]!.firstSeen).toBe(reports[1]!.generatedAt)
    expect(report.items[0]!.differences.map((difference) => difference.actual)).toEqual(['someone-else-again'])

    const text = await cli('drift', 'check')
    expect(text.code).toBe(2)
    expect(text.stdout).toContain('0 new, 0 returned, 1 known; 0 resolved since the last run')
    expect(text.stdout).toMatch(/KNOWN \(1\)\n {2}● low Vpc .*\[known since \d{4}-\d{2}-\d{2}\]/)
  })

  it('GIVEN those runs WHEN `drift history --json` runs THEN each item has first and last seen, runs, and how it was resolved', async () => {
    const result = await cli('drift', 'history', '--json')
    expect(result.code, result.stderr).toBe(0)
    const history = JSON.parse(result.stdout) as {runs: number; items: HistoryEntry[]}
    expect(history.runs).toBe(reports.length + 1)
    const byId = Object.fromEntries(history.items.map((entry) => [entry.id, entry]))
    expect(byId.WorkerService).toMatchObject({
      state: 'resolved',
      firstSeen: reports[1]!.generatedAt,
      lastSeen: reports[2]!.generatedAt,
      runs: 2,
      resolvedAt: reports[3]!.generatedAt,
      resolvedBy: 'heal',
    })
    expect(byId.Vpc).toMatchObject({state: 'open', firstSeen: reports[1]!.generatedAt, returns: 1, resolvedAt: null, runs: 4})

    const html = await cli('drift', 'history', '--output', 'html')
    expect(html.stdout).toMatch(/^<!doctype html>/)
    expect(html.stdout).toContain('data-state="resolved"')
  })
})
