// SPEC 6: a one-way hardening heal (the type module names its paths) is exempt from autoHeal.severityLimit,
// never from forbid rules nor maxResources.
import {describe, expect, it} from 'vitest'

import type {ActualResource} from '../../../src/core/model.js'
import {planHeal, policyViolation} from '../../../src/core/plan/heal-plan.js'
import {s3Bucket} from '../../../src/core/resources/s3-bucket.js'
import {analysis, diff, item, PLAN_OPTIONS, REGION} from './heal-fixtures.js'

function bucket(name: string, properties: Record<string, unknown> = {}): ActualResource {
  return {
    type: 'AWS::S3::Bucket',
    region: REGION,
    physicalId: name,
    arn: `arn:aws:s3:::${name}`,
    properties: {BucketName: name, PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: false, IgnorePublicAcls: true, RestrictPublicBuckets: true}, ...properties},
    tags: {team: 'platform'},
    attributes: {},
  }
}

const publicPolicy = diff('/PublicAccessBlockConfiguration/BlockPublicPolicy', true, false)
const critical = {severity: 'critical' as const}

describe('one-way hardening heals and the severity limit', () => {
  it('GIVEN a critical public access block drift and severityLimit medium WHEN planning THEN it is healed anyway: turning the block back on only hardens', () => {
    const actual = bucket('artefacts')
    const plan = planHeal(analysis([[item('Artefacts', actual, [publicPolicy], critical), actual]]), PLAN_OPTIONS)
    expect(plan.entries[0]).toMatchObject({decision: 'heal', severity: 'critical'})
    expect(plan.entries[0].actions.map((action) => action.api)).toEqual(['S3.PutPublicAccessBlock'])
  })

  it('GIVEN the same item with a forbid rule on the type WHEN planning THEN it is refused: the exemption is from the severity limit only', () => {
    const actual = bucket('artefacts')
    const plan = planHeal(analysis([[item('Artefacts', actual, [publicPolicy], critical), actual]]), {...PLAN_OPTIONS, forbid: ['AWS::S3::Bucket:/PublicAccessBlockConfiguration/*']})
    expect(plan.entries[0]).toMatchObject({decision: 'refused', reason: "forbidden by autoHeal.forbid rule 'AWS::S3::Bucket:/PublicAccessBlockConfiguration/*'"})
  })

  it('GIVEN two hardening items and maxResources 1 WHEN planning THEN the second waits for a later run', () => {
    const [one, two] = [bucket('one'), bucket('two')]
    const plan = planHeal(analysis([[item('One', one, [publicPolicy], critical), one], [item('Two', two, [publicPolicy], critical), two]]), {...PLAN_OPTIONS, maxResources: 1})
    expect(plan.entries.map((entry) => entry.decision)).toEqual(['heal', 'refused'])
    expect(plan.entries[1].reason).toMatch(/over autoHeal.maxResources \(1 per run\)/)
  })

  it('GIVEN a critical item with a hardening change and a change off the hardening list WHEN checked THEN the severity limit applies', () => {
    const entry = {itemId: 'A', type: s3Bucket.type, severity: 'critical' as const, driftType: 'configuration_drift' as const}
    const mixed = [
      {path: '/PublicAccessBlockConfiguration/BlockPublicPolicy', from: false, to: true},
      {path: '/DesiredCount', from: 1, to: 2},
    ]
    expect(policyViolation({...entry, changes: mixed}, PLAN_OPTIONS)).toBe('severity critical is above autoHeal.severityLimit (medium)')
    expect(policyViolation({...entry, changes: [mixed[0], {path: '/Tags/team', from: 'x', to: 'platform'}]}, PLAN_OPTIONS)).toBeUndefined()
    // A type that declares no hardening path gets no exemption.
    expect(policyViolation({...entry, type: 'AWS::ECS::Service', changes: [{path: '/DesiredCount', from: 1, to: 2}]}, PLAN_OPTIONS)).toMatch(/above autoHeal.severityLimit/)
  })

  it('GIVEN the exemption WHEN the module is read THEN it is a property the module declares for its own paths', () => {
    expect(s3Bucket.heal?.hardeningPaths).toEqual(expect.arrayContaining(['/PublicAccessBlockConfiguration/BlockPublicPolicy', '/VersioningConfiguration/Status']))
    for (const path of s3Bucket.heal?.hardeningPaths ?? []) expect(s3Bucket.heal?.paths).toContain(path)
  })
})
