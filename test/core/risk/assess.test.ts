import {describe, expect, it} from 'vitest'

import type {ActualResource, Difference, DriftItem} from '../../../src/core/model.js'
import {tagKeyOf} from '../../../src/core/shared/json-pointer.js'
import {type AssessOptions, assessItem} from '../../../src/core/risk/assess.js'

const diff = (path: string, expected: unknown = 1, actual: unknown = 2): Difference => ({path, expected, actual, kind: 'NOT_EQUAL'})
const item = (type: string, differences: Difference[], driftType: DriftItem['driftType'] = 'configuration_drift'): DriftItem => ({
  id: 'Res',
  type,
  driftType,
  differences,
  severity: 'low',
  impact: [],
  autoHealable: false,
  physicalId: 'res-1',
  region: 'us-east-1',
  location: null,
})
const risk = {severityOverrides: [], severityLimit: 'medium' as const}

/** The AWS resource behind an item: the differences' AWS values, and what its heal calls address it by. */
function actualOf(drift: DriftItem): ActualResource | undefined {
  if (drift.driftType === 'missing_resource') return undefined
  const properties: Record<string, unknown> = {Cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'}
  const tags: Record<string, string> = {}
  for (const difference of drift.differences) {
    const key = tagKeyOf(difference.path)
    if (key === undefined) properties[difference.path.slice(1)] = difference.actual
    else tags[key] = String(difference.actual)
  }

  return {type: drift.type, region: 'us-east-1', physicalId: 'res-1', arn: 'arn:aws:test:us-east-1:123456789012:res-1', properties, tags, attributes: {}}
}

const healable = (drift: DriftItem, options: AssessOptions) => assessItem(drift, actualOf(drift), options).item.autoHealable

describe('assess: autoHealable (SPEC 6)', () => {
  it('GIVEN a DesiredCount change WHEN the limit is medium THEN it is healable; with a limit of low it is not', () => {
    expect(healable(item('AWS::ECS::Service', [diff('/DesiredCount')]), risk)).toBe(true)
    expect(healable(item('AWS::ECS::Service', [diff('/DesiredCount')]), {severityOverrides: [], severityLimit: 'low'})).toBe(false)
  })

  it('GIVEN tag drift WHEN assessing THEN it is healable', () => {
    expect(healable(item('AWS::ECS::Service', [diff('/Tags/Owner')], 'tag_drift'), risk)).toBe(true)
  })

  it('GIVEN a safe property and an unsafe one WHEN assessing THEN the item is not healable', () => {
    expect(healable(item('AWS::ECS::Service', [diff('/DesiredCount'), diff('/LaunchType')]), risk)).toBe(false)
  })

  it('GIVEN a safe property with tag differences WHEN assessing THEN it is healable', () => {
    expect(healable(item('AWS::CloudWatch::Alarm', [diff('/Threshold', 80, 95), diff('/Tags/Owner', 'a', 'b')]), risk)).toBe(true)
  })

  it('GIVEN backup retention to or from zero and deletion protection switched off WHEN assessing THEN they are not healable', () => {
    expect(healable(item('AWS::RDS::DBInstance', [diff('/BackupRetentionPeriod', 7, 14)]), risk)).toBe(true)
    expect(healable(item('AWS::RDS::DBInstance', [diff('/BackupRetentionPeriod', 7, 0)]), risk)).toBe(false)
    expect(healable(item('AWS::RDS::DBInstance', [diff('/DeletionProtection', true, false)]), {severityOverrides: [], severityLimit: 'high'})).toBe(true)
    expect(healable(item('AWS::RDS::DBInstance', [diff('/DeletionProtection', false, true)]), {severityOverrides: [], severityLimit: 'high'})).toBe(false)
  })

  it('GIVEN missing and extra resources WHEN assessing THEN they are never healable', () => {
    expect(healable(item('AWS::ECS::Service', [], 'missing_resource'), {severityOverrides: [], severityLimit: 'critical'})).toBe(false)
    expect(healable(item('AWS::ECS::Service', [], 'extra_resource'), {severityOverrides: [], severityLimit: 'critical'})).toBe(false)
  })
  it('GIVEN a critical public access block turned off on a bucket and severityLimit medium WHEN assessing THEN it is auto-healable, as the heal plan heals it (one-way hardening, SPEC 6); turning it off is not', () => {
    const bucket = (blockPublicPolicy: boolean): ActualResource => ({
      type: 'AWS::S3::Bucket',
      region: 'us-east-1',
      physicalId: 'artefacts',
      arn: 'arn:aws:s3:::artefacts',
      properties: {BucketName: 'artefacts', PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: blockPublicPolicy, IgnorePublicAcls: true, RestrictPublicBuckets: true}},
      tags: {},
      attributes: {},
    })
    const turnedOff = {...item('AWS::S3::Bucket', [diff('/PublicAccessBlockConfiguration/BlockPublicPolicy', true, false)]), severity: 'critical' as const}
    const assessed = assessItem(turnedOff, bucket(false), risk).item
    expect(assessed).toMatchObject({severity: 'critical', autoHealable: true})
    const turnedOn = item('AWS::S3::Bucket', [diff('/PublicAccessBlockConfiguration/BlockPublicPolicy', false, true)])
    expect(assessItem(turnedOn, bucket(true), {severityOverrides: [], severityLimit: 'critical'}).item.autoHealable).toBe(false)
  })
})
