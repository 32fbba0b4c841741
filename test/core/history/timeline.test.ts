import {describe, expect, it} from 'vitest'

import {freshFirst, withHistoryStatus} from '../../../src/core/history/annotate.js'
import {type HistoryItem, type HistoryRun, type HistoryScope, historyItem, itemKey, parseHistoryRun} from '../../../src/core/history/run-record.js'
import {compareWithHistory, itemTimelines} from '../../../src/core/history/timeline.js'
import type {DriftItem, DriftReport} from '../../../src/core/model.js'

const ALL: HistoryScope = {regions: ['us-east-1', 'eu-west-1'], phases: null, targets: null, unread: []}

function driftItem(id: string, overrides: Partial<DriftItem> = {}): DriftItem {
  return {
    id,
    type: 'AWS::ECS::Service',
    driftType: 'configuration_drift',
    severity: 'medium',
    impact: [],
    autoHealable: true,
    physicalId: `arn:${id}`,
    region: 'us-east-1',
    location: {file: 'phases/30-compute/01-ecs.yaml', line: 4},
    differences: [{path: '/DesiredCount', expected: 2, actual: 3, kind: 'NOT_EQUAL', line: 9}],
    ...overrides,
  }
}

const item = (id: string, overrides: Partial<DriftItem> = {}, phase: string | null = '30-compute'): HistoryItem => historyItem(driftItem(id, overrides), phase)
const run = (at: string, items: HistoryItem[], scope: HistoryScope = ALL): HistoryRun => ({version: 1, at, commit: null, scope, items})

describe('item identity', () => {
  it('GIVEN the same resource with another property drifting WHEN keyed THEN it is the same item; another drift type or region is not', () => {
    const one = item('Api')
    const morePaths = item('Api', {differences: [{path: '/DesiredCount', expected: 2, actual: 3, kind: 'NOT_EQUAL'}, {path: '/Tags/Owner', expected: 'a', actual: 'b', kind: 'NOT_EQUAL'}], severity: 'high'})
    expect(morePaths.key).toBe(one.key)
    expect(morePaths.paths).toEqual(['/DesiredCount', '/Tags/Owner'])
    expect(item('Api', {driftType: 'tag_drift'}).key).not.toBe(one.key)
    expect(item('Api', {region: 'eu-west-1'}).key).not.toBe(one.key)
  })

  it('GIVEN ids that would collide if joined with a separator WHEN keyed THEN the keys differ', () => {
    expect(itemKey({id: 'a|b', type: 'T', driftType: 'tag_drift', region: 'r'})).not.toBe(itemKey({id: 'a', type: 'b|T', driftType: 'tag_drift', region: 'r'}))
  })
})

describe('compareWithHistory: new, known, returned, resolved', () => {
  it('GIVEN no history WHEN a run sees two items THEN both are new, first seen now, and nothing is resolved', () => {
    const comparison = compareWithHistory(run('2026-11-01T00:00:00.000Z', [item('Api'), item('Web')]), [])
    expect([...comparison.standings.values()]).toEqual([
      {status: 'new', firstSeen: '2026-11-01T00:00:00.000Z'},
      {status: 'new', firstSeen: '2026-11-01T00:00:00.000Z'},
    ])
    expect(comparison.resolved).toEqual([])
  })

  it('GIVEN drift added, healed, re-added WHEN each run is compared with the ones before THEN new, resolved, returned with the first sighting kept', () => {
    const first = run('2026-11-01T00:00:00.000Z', [item('Api')])
    const second = run('2026-11-01T06:00:00.000Z', [item('Api')])
    const healed = run('2026-11-01T12:00:00.000Z', [])
    const back = run('2026-11-01T18:00:00.000Z', [item('Api')])

    expect(compareWithHistory(second, [first]).standings.get(item('Api').key)).toEqual({status: 'known', firstSeen: first.at})
    expect(compareWithHistory(healed, [first, second]).resolved).toEqual([
      {id: 'Api', type: 'AWS::ECS::Service', driftType: 'configuration_drift', region: 'us-east-1', firstSeen: first.at},
    ])
    const returned = compareWithHistory(back, [first, second, healed])
    expect(returned.standings.get(item('Api').key)).toEqual({status: 'returned', firstSeen: first.at})
    expect(returned.resolved).toEqual([])
  })

  it('GIVEN a run limited to one region, one phase or without a readable type WHEN the others are absent THEN they are not resolved, and stay known after', () => {
    const east = item('Api')
    const west = item('Queue', {region: 'eu-west-1'})
    const data = item('Db', {type: 'AWS::RDS::DBInstance'}, '40-data')
    const extra = item('sg-1', {driftType: 'extra_resource', type: 'AWS::EC2::SecurityGroup'}, null)
    const first = run('2026-11-01T00:00:00.000Z', [east, west, data, extra])
    const limited = run('2026-11-01T06:00:00.000Z', [], {regions: ['us-east-1'], phases: ['30-compute'], targets: null, unread: [{type: 'AWS::EC2::SecurityGroup', region: 'us-east-1'}]})

    // Api: its region, phase and type were looked at -> resolved. The others were not looked at.
    expect(compareWithHistory(limited, [first]).resolved.map((resolved) => resolved.id)).toEqual(['Api'])
    const later = run('2026-11-01T12:00:00.000Z', [west, data, extra])
    const standings = compareWithHistory(later, [first, limited]).standings
    expect([west, data, extra].map((one) => standings.get(one.key)?.status)).toEqual(['known', 'known', 'known'])
  })

  it('GIVEN a run limited to one target WHEN another target\'s item is absent THEN it is not resolved', () => {
    const ours = historyItem({...driftItem('Api'), target: 'prod'} as DriftItem, '30-compute')
    const theirs = historyItem({...driftItem('Api'), target: 'staging'} as DriftItem, '30-compute')
    expect(ours.key).not.toBe(theirs.key)
    const comparison = compareWithHistory(run('2026-11-02T00:00:00.000Z', [], {...ALL, targets: ['prod']}), [run('2026-11-01T00:00:00.000Z', [ours, theirs])])
    expect(comparison.resolved).toEqual([expect.objectContaining({id: 'Api', target: 'prod'})])
  })

  it('GIVEN runs out of order and a run later than the current one WHEN compared THEN the order is by time and the later run is not used', () => {
    const runs = [run('2026-11-03T00:00:00.000Z', []), run('2026-11-01T00:00:00.000Z', [item('Api')])]
    expect(compareWithHistory(run('2026-11-02T00:00:00.000Z', [item('Api')]), runs).standings.get(item('Api').key)?.status).toBe('known')
    const timeline = itemTimelines(runs).get(item('Api').key)!
    expect(timeline.episodes).toEqual([{start: '2026-11-01T00:00:00.000Z', lastSeen: '2026-11-01T00:00:00.000Z', resolvedAt: '2026-11-03T00:00:00.000Z'}])
    expect(timeline.runs).toBe(1)
  })
})

describe('withHistoryStatus and freshFirst', () => {
  it('GIVEN a report and its comparison WHEN annotated THEN items carry status and first sighting, the summary lists the resolved, and new items sort first', () => {
    const report = {schemaVersion: 2, generatedAt: '2026-11-02T00:00:00.000Z', source: {phases: 'phases', commit: null, regions: ['us-east-1'], snapshot: null}, summary: {bySeverity: {}}, items: [driftItem('Old', {severity: 'high'}), driftItem('Fresh')]} as unknown as DriftReport
    const previous = run('2026-11-01T00:00:00.000Z', [item('Old'), item('Gone')])
    const annotated = withHistoryStatus(report, compareWithHistory(run(report.generatedAt, report.items.map((one) => historyItem(one, '30-compute'))), [previous]))
    expect(annotated.items.map((one) => [one.id, one.status, one.firstSeen])).toEqual([
      ['Old', 'known', '2026-11-01T00:00:00.000Z'],
      ['Fresh', 'new', '2026-11-02T00:00:00.000Z'],
    ])
    expect(annotated.summary.resolved?.map((resolved) => resolved.id)).toEqual(['Gone'])
    expect(freshFirst(annotated.items).map((one) => one.id)).toEqual(['Fresh', 'Old'])
  })
})

describe('parseHistoryRun: a history file is untrusted data', () => {
  const valid = run('2026-11-01T00:00:00.000Z', [item('Api')])

  it('GIVEN a record written by ialctl WHEN parsed THEN it reads back the same', () => {
    expect(parseHistoryRun(JSON.parse(JSON.stringify(valid)))).toEqual({run: valid})
  })

  it('GIVEN hostile or broken records WHEN parsed THEN each is one problem naming the field, never an exception', () => {
    expect(parseHistoryRun(null)).toEqual({problem: expect.any(String)})
    expect(parseHistoryRun({...valid, version: 9})).toEqual({problem: expect.stringContaining('version')})
    expect(parseHistoryRun({...valid, at: 'yesterday'})).toEqual({problem: expect.stringContaining('at')})
    expect(parseHistoryRun({...valid, items: [{...valid.items[0], severity: 'apocalyptic'}]})).toEqual({problem: expect.stringContaining('items.0.severity')})
    expect(parseHistoryRun({...valid, items: [{...valid.items[0], id: 'x'.repeat(5000)}]})).toEqual({problem: expect.stringContaining('items.0.id')})
    expect(parseHistoryRun({...valid, extra: true})).toEqual({problem: expect.any(String)})
  })

  it('GIVEN a record whose key was edited to merge two items WHEN parsed THEN the key is derived again from the identity', () => {
    const parsed = parseHistoryRun({...valid, items: [{...valid.items[0], key: 'forged'}]})
    expect('run' in parsed && parsed.run.items[0]!.key).toBe(item('Api').key)
  })

  it('GIVEN a time with an offset WHEN parsed THEN it is normalised so that runs order correctly', () => {
    const parsed = parseHistoryRun({...valid, at: '2026-11-01T02:00:00+02:00'})
    expect('run' in parsed && parsed.run.at).toBe('2026-11-01T00:00:00.000Z')
  })
})
