import {describe, expect, it} from 'vitest'

import {driftChange, notificationDue} from '../../src/core/history/notification.js'
import type {DriftItem, DriftReport} from '../../src/core/model.js'
import {itemReason, notificationSubject, snsNotification} from '../../src/render/notification.js'

const item = (id: string, overrides: Partial<DriftItem> = {}): DriftItem => ({
  id,
  type: 'AWS::CloudWatch::Alarm',
  driftType: 'configuration_drift',
  severity: 'medium',
  impact: [],
  autoHealable: true,
  physicalId: id,
  region: 'us-east-1',
  location: {file: 'phases/30-compute/01-instances.yaml', line: 61},
  differences: [{path: '/Threshold', expected: 80, actual: 90, kind: 'NOT_EQUAL', line: 74}],
  status: 'new',
  ...overrides,
})

function report(items: DriftItem[], resolved = 0): DriftReport {
  const bySeverity = {low: 0, medium: 0, high: 0, critical: 0}
  for (const one of items) bySeverity[one.severity]++
  return {
    schemaVersion: 2,
    generatedAt: '2026-12-01T06:00:00.000Z',
    source: {phases: 'phases', commit: 'abcdef1234', regions: ['us-east-1'], snapshot: null},
    summary: {resources: 5, inSync: 5 - items.length, drifted: items.length, missing: 0, extra: 0, unsupported: 0, notChecked: 0, ignored: 0, expected: 0, coverage: 1, bySeverity, resolved: Array.from({length: resolved}, (_, index) => ({id: `Gone${index}`, type: 'AWS::EC2::VPC', driftType: 'tag_drift' as const, region: 'us-east-1', firstSeen: '2026-11-01T00:00:00.000Z'}))},
    items,
  }
}

describe('notificationDue', () => {
  it('GIVEN new, returned, resolved or only known items WHEN deciding THEN only a change the config names is due; a report without history never is', () => {
    const known = report([item('A', {status: 'known'})])
    expect(notificationDue(driftChange(known), ['new', 'returned', 'resolved'])).toBe(false)
    expect(notificationDue(driftChange(report([item('A')])), ['new'])).toBe(true)
    expect(notificationDue(driftChange(report([item('A', {status: 'returned'})])), ['new'])).toBe(false)
    expect(notificationDue(driftChange(report([item('A', {status: 'known'})], 1)), ['resolved'])).toBe(true)
    expect(notificationDue(driftChange(report([item('A', {status: 'known'})], 1)), ['new', 'returned'])).toBe(false)
    const withoutHistory = report([item('A', {status: undefined})])
    delete withoutHistory.summary.resolved
    expect(driftChange(withoutHistory)).toBeNull()
    expect(notificationDue(null, ['new'])).toBe(false)
  })
})

describe('notification messages', () => {
  it('GIVEN items of each kind WHEN described THEN each line gives status, severity, id, type, drift, file:line of the first difference and the values', () => {
    expect(itemReason(item('WebCpuAlarm'))).toBe('[new] medium WebCpuAlarm (AWS::CloudWatch::Alarm, configuration drift) at phases/30-compute/01-instances.yaml:74: /Threshold: 80 → 90')
    expect(itemReason(item('ApiCpuAlarm', {driftType: 'missing_resource', differences: [], physicalId: null, severity: 'high', status: 'returned'}))).toBe('[returned] high ApiCpuAlarm (AWS::CloudWatch::Alarm, missing in AWS) at phases/30-compute/01-instances.yaml:61: declared, not found in AWS')
    expect(itemReason(item('i-0abc\n::error::x', {type: 'AWS::EC2::Instance', driftType: 'extra_resource', differences: [], location: null}))).toBe(String.raw`[new] medium i-0abc\n::error::x (AWS::EC2::Instance, extra in AWS) at us-east-1 i-0abc\n::error::x: in AWS inside the managed scope, not declared`)
  })

  it('GIVEN many items WHEN the SNS subject is made THEN it is one line under 100 characters with the counts', () => {
    const many = report(Array.from({length: 40}, (_, index) => item(`Alarm${index}`, {severity: (['low', 'medium', 'high', 'critical'] as const)[index % 4]})), 3)
    const subject = notificationSubject(many, driftChange(many)!)
    expect(subject).toBe('ialctl drift: 40 new, 0 returned, 3 resolved (40 items: 10 critical, 10 high, 10 medium, 10 low)')
    expect(subject.length).toBeLessThan(100)
    const {message} = snsNotification(many, driftChange(many)!)
    expect(message.split('\n').filter((line) => line.startsWith('[new]'))).toHaveLength(10)
    expect(message).toContain('… and 30 more new or returned')
    expect(message).toContain('Resolved since the last run: Gone0 (AWS::EC2::VPC), Gone1 (AWS::EC2::VPC), Gone2 (AWS::EC2::VPC)')
  })
})
