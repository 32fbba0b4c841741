import {describe, expect, it} from 'vitest'

import {type HistoryRun, historyItem} from '../../../src/core/history/run-record.js'
import {type AppliedChange, driftHistory, sinceTime} from '../../../src/core/history/view.js'
import type {DriftItem} from '../../../src/core/model.js'

const scope = {regions: ['us-east-1'], phases: null, targets: null, unread: []}

function item(id: string, severity: DriftItem['severity'] = 'medium', driftType: DriftItem['driftType'] = 'configuration_drift') {
  return historyItem(
    {id, type: 'AWS::ECS::Service', driftType, severity, impact: [], autoHealable: true, physicalId: id, region: 'us-east-1', location: {file: 'phases/30-compute/03-ecs-services.yaml', line: 12}, differences: [{path: '/DesiredCount', expected: 1, actual: 3, kind: 'NOT_EQUAL'}]},
    '30-compute',
  )
}

const run = (at: string, items: ReturnType<typeof item>[]): HistoryRun => ({version: 1, at, commit: null, scope, items})

// Api drifts on day 1, is healed (audit line) before day 2's run, comes back on day 3.
// Web drifts from day 1 on and simply goes away on day 3. Db is new on day 3.
const RUNS = [
  run('2026-11-01T06:00:00.000Z', [item('Api'), item('Web', 'high')]),
  run('2026-11-02T06:00:00.000Z', [item('Web', 'high')]),
  run('2026-11-03T06:00:00.000Z', [item('Api'), item('Db', 'critical', 'missing_resource')]),
]
const HEAL: AppliedChange = {time: '2026-11-01T09:00:00.000Z', item: 'Api', type: 'AWS::ECS::Service', region: 'us-east-1', by: 'heal', who: 'arn:aws:iam::123456789012:user/ops'}
const NOW = '2026-11-04T06:00:00.000Z'

describe('driftHistory', () => {
  it('GIVEN three runs and a heal in the audit log WHEN summarised THEN each item has first/last seen, runs, resolution, how, and age', () => {
    const history = driftHistory(RUNS, [HEAL], NOW)
    expect(history).toMatchObject({runs: 3, firstRun: RUNS[0]!.at, lastRun: RUNS[2]!.at, generatedAt: NOW})
    const byId = Object.fromEntries(history.items.map((entry) => [entry.id, entry]))
    expect(byId.Api).toMatchObject({state: 'open', firstSeen: RUNS[0]!.at, lastSeen: RUNS[2]!.at, runs: 2, returns: 1, resolvedAt: null, resolvedBy: null, ageDays: 3})
    expect(byId.Web).toMatchObject({state: 'resolved', firstSeen: RUNS[0]!.at, lastSeen: RUNS[1]!.at, runs: 2, returns: 0, resolvedAt: RUNS[2]!.at, resolvedBy: 'gone', resolvedByWho: null, ageDays: 2})
    expect(byId.Db).toMatchObject({state: 'open', runs: 1, ageDays: 1, driftType: 'missing_resource'})
    // Open first (most severe first), then resolved.
    expect(history.items.map((entry) => entry.id)).toEqual(['Db', 'Api', 'Web'])
  })

  it('GIVEN an item resolved right after an applied heal WHEN summarised THEN it says by heal and who; a heal outside the gap does not count', () => {
    const healed = driftHistory(RUNS.slice(0, 2), [HEAL], NOW).items.find((entry) => entry.id === 'Api')!
    expect(healed).toMatchObject({state: 'resolved', resolvedAt: RUNS[1]!.at, resolvedBy: 'heal', resolvedByWho: HEAL.who})
    const tooEarly = {...HEAL, time: '2026-10-30T00:00:00.000Z'}
    expect(driftHistory(RUNS.slice(0, 2), [tooEarly], NOW).items.find((entry) => entry.id === 'Api')!.resolvedBy).toBe('gone')
    const revert = {...HEAL, by: 'revert' as const}
    expect(driftHistory(RUNS.slice(0, 2), [revert], NOW).items.find((entry) => entry.id === 'Api')!.resolvedBy).toBe('revert')
  })

  it('GIVEN the runs WHEN the trend is computed THEN each day counts the items open at its end, per severity', () => {
    expect(driftHistory(RUNS, [], NOW).trend).toEqual([
      {day: '2026-11-01', bySeverity: {low: 0, medium: 1, high: 1, critical: 0}},
      {day: '2026-11-02', bySeverity: {low: 0, medium: 0, high: 1, critical: 0}},
      {day: '2026-11-03', bySeverity: {low: 0, medium: 1, high: 0, critical: 1}},
    ])
  })

  it('GIVEN --since, --id WHEN filtering THEN only matching items, and the trend from that day', () => {
    const since = driftHistory(RUNS, [], NOW, {since: '2026-11-03T00:00:00.000Z'})
    expect(since.items.map((entry) => entry.id).sort()).toEqual(['Api', 'Db', 'Web'])
    expect(since.trend.map((point) => point.day)).toEqual(['2026-11-03'])
    expect(driftHistory(RUNS, [], NOW, {since: '2026-11-03T07:00:00.000Z'}).items.map((entry) => entry.id).sort()).toEqual([])
    expect(driftHistory(RUNS, [], NOW, {ids: ['Web']}).items.map((entry) => entry.id)).toEqual(['Web'])
    expect(driftHistory(RUNS, [], NOW, {targets: ['prod']}).items).toEqual([])
  })

  it('GIVEN no runs WHEN summarised THEN nothing, no trend', () => {
    expect(driftHistory([], [], NOW)).toEqual({generatedAt: NOW, runs: 0, firstRun: null, lastRun: null, items: [], trend: []})
  })
})

describe('sinceTime', () => {
  it('GIVEN a duration, a date or a time WHEN parsed THEN the ISO time; anything else is null', () => {
    expect(sinceTime('7d', NOW)).toBe('2026-10-28T06:00:00.000Z')
    expect(sinceTime('2026-11-01', NOW)).toBe('2026-11-01T00:00:00.000Z')
    expect(sinceTime('2026-11-01T02:00:00+02:00', NOW)).toBe('2026-11-01T00:00:00.000Z')
    for (const text of ['last week', '7 days', '2026-13-45', '', '1w']) expect(sinceTime(text, NOW), text).toBeNull()
  })
})
