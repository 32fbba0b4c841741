import {describe, expect, it} from 'vitest'

import {analyseDrift} from '../../src/core/diff/analyse.js'
import {buildReport} from '../../src/core/report.js'
import {mergeReports, overlappingTargets} from '../../src/core/report-merge.js'
import {assessDrift} from '../../src/core/risk/assess.js'
import {regionSnapshot, unreadTargetReport} from '../../src/core/targets.js'
import {account, phases, QUEUE, ROLE, rules, unitReport} from './targets-fixture.js'

describe('one region of a target (SPEC 8, the StackSets model)', () => {
  it('GIVEN a snapshot of two regions WHEN one region is taken THEN it holds that region’s resources and the account-global ones', () => {
    const eu = regionSnapshot(account, 'eu-west-1')
    expect(eu.regions).toEqual(['eu-west-1'])
    expect(eu.resources.map((resource) => `${resource.type} ${resource.region}`)).toEqual([`${QUEUE} eu-west-1`, `${ROLE} us-east-1`])
  })

  it('GIVEN drift in the second region WHEN placed THEN items carry target, account, region and ref, and the role is counted in the first region only', () => {
    const first = unitReport('prod', 'us-east-1', true)
    const second = unitReport('prod', 'eu-west-1', false)
    expect(first.items).toEqual([])
    expect(first.summary).toMatchObject({resources: 2, inSync: 2})
    expect(second.summary).toMatchObject({resources: 1, inSync: 0, drifted: 1})
    expect(second.items.map(({id, target, account: owner, region, ref}) => ({id, target, account: owner, region, ref}))).toEqual([
      {id: 'JobsQueue', target: 'prod', account: '111111111111', region: 'eu-west-1', ref: 'prod/eu-west-1/JobsQueue'},
    ])
  })
})

describe('mergeReports', () => {
  const units = [unitReport('prod', 'us-east-1', true), unitReport('prod', 'eu-west-1', false), unitReport('staging', 'us-east-1', true), unitReport('staging', 'eu-west-1', false)]

  it('GIVEN the reports of every region of two targets WHEN merged THEN counts add up per target and in total, and the unsupported resource is named once', () => {
    const merged = mergeReports(units, '2026-12-01T01:00:00Z')
    expect(merged.generatedAt).toBe('2026-12-01T01:00:00Z')
    expect(merged.summary).toMatchObject({resources: 6, inSync: 4, drifted: 2, missing: 0, unsupported: 4, coverage: 0.6})
    expect(merged.summary.unsupportedResources).toHaveLength(1)
    expect(merged.summary.byTarget).toEqual({
      prod: {account: '111111111111', resources: 3, inSync: 2, drifted: 1, missing: 0, extra: 0, bySeverity: merged.summary.byTarget!.prod.bySeverity},
      staging: {account: '111111111111', resources: 3, inSync: 2, drifted: 1, missing: 0, extra: 0, bySeverity: merged.summary.byTarget!.staging.bySeverity},
    })
    expect(merged.items.map((item) => item.ref)).toEqual(['prod/eu-west-1/JobsQueue', 'staging/eu-west-1/JobsQueue'])
    expect(merged.source.regions).toEqual(['eu-west-1', 'us-east-1'])
  })

  it('GIVEN shards merged in any grouping WHEN compared with merging all at once THEN the report is the same', () => {
    const all = mergeReports(units, 'T')
    const shards = [mergeReports(units.slice(2), 'T'), mergeReports(units.slice(0, 2), 'T')]
    expect(mergeReports(shards, 'T')).toEqual(all)
    expect(overlappingTargets(shards)).toEqual([])
    expect(overlappingTargets([...shards, shards[0]])).toEqual(['staging'])
  })

  it('GIVEN reports of different commits, phases or schema versions WHEN merged THEN one usage error says which', () => {
    const [one] = units
    expect(() => mergeReports([one, {...one, source: {...one.source, commit: 'def'}}], 'T')).toThrow(/different phases commits \(abc and def\)/)
    expect(() => mergeReports([one, {...one, source: {...one.source, phases: 'other'}}], 'T')).toThrow(/different phases/)
    expect(() => mergeReports([one, {...one, schemaVersion: 1}], 'T')).toThrow(/schema versions 2 and 1/)
    expect(() => mergeReports([], 'T')).toThrow(/no report to merge/)
  })

  it('GIVEN a target that could not be read WHEN merged THEN its resources are unread, outside resources and coverage, and never in sync', () => {
    const unread = unreadTargetReport('audit', 'cannot assume arn:aws:iam::333333333333:role/r: AccessDenied', 5, {schemaVersion: 2, generatedAt: 'T', source: units[0].source})
    const merged = mergeReports([...units, unread], 'T')
    expect(merged.summary).toMatchObject({resources: 6, inSync: 4, unreadResources: 5, unread: [{target: 'audit', reason: expect.stringContaining('AccessDenied')}]})
    expect(merged.summary.coverage).toBe(0.4)
    expect(merged.summary.byTarget!.audit).toMatchObject({resources: 0, inSync: 0, unreadResources: 5})
  })

  it('GIVEN items of two targets at the same severity WHEN merged THEN they are ordered by target, then region, then file and line', () => {
    const merged = mergeReports([units[3], units[1]], 'T')
    expect(merged.items.map((item) => item.ref)).toEqual(['prod/eu-west-1/JobsQueue', 'staging/eu-west-1/JobsQueue'])
  })
})

describe('the implicit target', () => {
  it('GIVEN no config targets WHEN a report is built THEN items carry no target fields (the first release’s order and shape)', () => {
    const report = buildReport(assessDrift(analyseDrift(phases, account, rules), rules), {phases: 'phases', commit: null, regions: ['us-east-1', 'eu-west-1'], snapshot: null}, 'T')
    expect(report.items.every((item) => item.target === undefined && item.ref === undefined)).toBe(true)
    expect(report.summary.byTarget).toBeUndefined()
  })
})
