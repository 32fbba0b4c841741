import {describe, expect, it} from 'vitest'

import {attributionCandidates, latestWrite, lookupName} from '../../../src/core/history/attribution.js'
import type {DriftItem} from '../../../src/core/model.js'

const item = (id: string, overrides: Partial<DriftItem> = {}): DriftItem => ({id, type: 'AWS::EC2::Instance', driftType: 'configuration_drift', severity: 'medium', impact: [], autoHealable: false, physicalId: `i-${id}`, region: 'us-east-1', location: null, differences: [], ...overrides})

describe('attributionCandidates', () => {
  it('GIVEN items of every kind WHEN choosing lookups THEN no missing resource, most severe first, new before known, newest first, capped', () => {
    const items = [
      item('KnownHigh', {severity: 'high', status: 'known', firstSeen: '2026-11-01T00:00:00.000Z'}),
      item('NewHigh', {severity: 'high', status: 'new', firstSeen: '2026-12-01T00:00:00.000Z'}),
      item('Missing', {severity: 'critical', driftType: 'missing_resource', physicalId: null}),
      item('Critical', {severity: 'critical'}),
      item('Low', {severity: 'low'}),
    ]
    expect(attributionCandidates(items, 3).map((one) => one.id)).toEqual(['Critical', 'NewHigh', 'KnownHigh'])
  })
})

describe('lookupName', () => {
  it('GIVEN ids and ARNs WHEN looked up THEN the name CloudTrail indexes', () => {
    expect(lookupName('sg-123')).toBe('sg-123')
    expect(lookupName('arn:aws:ecs:us-east-1:123456789012:service/prod/worker')).toBe('worker')
    expect(lookupName('arn:aws:sns:us-east-1:123456789012:topic')).toBe('topic')
  })
})

describe('latestWrite', () => {
  it('GIVEN reads, writes and broken records WHEN reduced THEN the newest write with its principal ARN and source IP', () => {
    const record = (arn: string, eventTime: string, readOnly: boolean) => JSON.stringify({userIdentity: {arn}, eventTime, readOnly, sourceIPAddress: '203.0.113.9', eventName: 'X'})
    expect(
      latestWrite([
        {EventName: 'ModifyInstanceAttribute', ReadOnly: 'false', EventTime: new Date('2026-11-29T10:00:00Z'), CloudTrailEvent: record('arn:old', '2026-11-29T10:00:00Z', false)},
        {EventName: 'StopInstances', ReadOnly: 'false', EventTime: new Date('2026-11-30T10:00:00Z'), CloudTrailEvent: record('arn:new', '2026-11-30T10:00:00Z', false)},
        {EventName: 'DescribeInstances', ReadOnly: 'true', EventTime: new Date('2026-12-01T10:00:00Z'), CloudTrailEvent: record('arn:reader', '2026-12-01T10:00:00Z', true)},
        {EventName: 'Broken', ReadOnly: 'false', EventTime: new Date('2026-12-01T11:00:00Z'), CloudTrailEvent: '{not json'},
      ]),
    ).toEqual({changedBy: 'arn:new', changedAt: '2026-11-30T10:00:00.000Z', eventName: 'StopInstances', sourceIPAddress: '203.0.113.9'})
    expect(latestWrite([])).toBeNull()
  })
})
