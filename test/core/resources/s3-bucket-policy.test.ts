import {describe, expect, it} from 'vitest'

import {analyseDrift} from '../../../src/core/diff/analyse.js'
import {codifiedProperties} from '../../../src/core/plan/codify.js'
import {planHeal} from '../../../src/core/plan/heal-plan.js'
import {assessDrift} from '../../../src/core/risk/assess.js'
import {bucketFromAws} from '../../../src/core/resources/s3-bucket.js'
import {bucketPolicyFromAws, s3BucketPolicy} from '../../../src/core/resources/s3-bucket-policy.js'
import {desired, getAtt, model, options, ref, snapshot, sub} from '../diff/builders.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const BUCKET = 'acme-artefacts-prod'
const {Policy} = fixture<{Policy: string}>('s3-get-bucket-policy')
const bucketTags = [
  {Key: 'ManagedBy', Value: 'ialctl'},
  {Key: 'Owner', Value: 'platform-team'},
]
const asRead = (policy = Policy, bucket = BUCKET, tags = bucketTags) => bucketPolicyFromAws(bucket, region, policy, tags)
const widened = (edit: (statements: Array<Record<string, unknown>>) => void) => {
  const document = JSON.parse(Policy) as {Statement: Array<Record<string, unknown>>}
  edit(document.Statement)
  return JSON.stringify(document)
}

describe('AWS::S3::BucketPolicy mapping', () => {
  it('GIVEN GetBucketPolicy of the artefacts bucket WHEN mapped THEN the JSON text is a policy document under PolicyDocument, on the bucket it is attached to, with the bucket\'s tags for scope', () => {
    const actual = asRead()
    expectNoAbsentValues(actual)
    expect(actual.physicalId).toBe(BUCKET)
    expect(actual.properties).toEqual({
      Bucket: BUCKET,
      PolicyDocument: {
        Version: '2012-10-17',
        Id: 'artefacts',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
            Condition: {Bool: {'aws:SecureTransport': 'false'}},
          },
          {Sid: 'ApiTaskReadsArtefacts', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::123456789012:role/ial-prod-api-task'}, Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*`},
        ],
      },
    })
    expect(actual.tags).toEqual({ManagedBy: 'ialctl', Owner: 'platform-team'})
  })

  it('GIVEN a bucket as listed, before its policy is read WHEN mapped THEN only the bucket is known (what the read interest decides on)', () => {
    expect(bucketPolicyFromAws(BUCKET, region, undefined, undefined)).toMatchObject({physicalId: BUCKET, properties: {Bucket: BUCKET}, tags: {}})
  })

  it('GIVEN a policy WHEN identified THEN by its bucket (one policy per bucket), and a declared one by the bucket it names', () => {
    expect(s3BucketPolicy.actualKeys(asRead())).toEqual([`bucket:${BUCKET}`])
    expect(s3BucketPolicy.desiredKeys({logicalId: 'ArtefactsBucketPolicy', stackName: 's', properties: {Bucket: BUCKET}})).toEqual([`bucket:${BUCKET}`, 'cfn:s/ArtefactsBucketPolicy'])
    expect(s3BucketPolicy.desiredKeys({logicalId: 'ArtefactsBucketPolicy', stackName: 's', properties: {}})).toEqual(['cfn:s/ArtefactsBucketPolicy'])
  })
})

describe('AWS::S3::BucketPolicy drift', () => {
  const bucket = bucketFromAws(BUCKET, region, bucketTags, {versioning: {Status: 'Enabled'}})
  // As a team writes it: YAML, the bucket by !Ref and !GetAtt, a one-item list, keys in another order, no Id.
  const declaredPolicy = desired('ArtefactsBucketPolicy', s3BucketPolicy.type, {
    Bucket: ref('ArtefactsBucket'),
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {Sid: 'ApiTaskReadsArtefacts', Effect: 'Allow', Action: ['s3:GetObject'], Principal: {AWS: 'arn:aws:iam::123456789012:role/ial-prod-api-task'}, Resource: sub('${ArtefactsBucket.Arn}/*')},
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [getAtt('ArtefactsBucket', 'Arn'), sub('${ArtefactsBucket.Arn}/*')],
          Condition: {Bool: {'aws:SecureTransport': false}},
        },
      ],
    },
  })
  const declaredBucket = desired('ArtefactsBucket', 'AWS::S3::Bucket', {BucketName: BUCKET, VersioningConfiguration: {Status: 'Enabled'}, Tags: bucketTags})
  const scope = {tagKey: 'ManagedBy', tagValue: 'ialctl', types: {}}
  const analyse = (resources = [bucket, asRead()], declared = [declaredBucket, declaredPolicy], extra = {}) =>
    assessDrift(analyseDrift(model(declared), snapshot(resources), options({extraScope: scope, ...extra})), options({extraScope: scope, ...extra}))

  it('GIVEN the policy as declared, written differently WHEN analysed THEN it is in sync, even with strict tags (a policy has no tags of its own)', () => {
    expect(analyse().items).toEqual([])
    expect(analyse(undefined, undefined, {strictTags: true}).items).toEqual([])
  })

  it('GIVEN the Allow statement\'s Principal widened to "*" WHEN analysed THEN a critical security drift addressed to the statement, never healed', () => {
    const open = asRead(widened((statements) => (statements[1].Principal = '*')))
    const analysis = analyse([bucket, open])
    const [item] = analysis.items
    expect([item.id, item.driftType, item.severity, item.impact, item.autoHealable]).toEqual(['ArtefactsBucketPolicy', 'configuration_drift', 'critical', ['security'], false])
    expect(item.differences.map(({path, expected, actual}) => [path, expected, actual])).toEqual([['/PolicyDocument/Statement/0/Principal', {AWS: 'arn:aws:iam::123456789012:role/ial-prod-api-task'}, '*']])
    const plan = planHeal(analysis, {enabled: true, severityLimit: 'critical', maxResources: 10, forbid: [], configHash: 'x', phasesCommit: null, createdAt: '2026-11-23T06:00:00.000Z'})
    expect(plan.entries.find((entry) => entry.itemId === 'ArtefactsBucketPolicy')).toMatchObject({decision: 'reverse-sync', actions: []})
  })

  it('GIVEN the Deny statement removed and a public-read statement added WHEN analysed THEN both statements are differences of the one critical item', () => {
    const open = asRead(
      widened((statements) => {
        statements.splice(0, 1, {Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*`})
      }),
    )
    const [item] = analyse([bucket, open]).items
    expect(item.severity).toBe('critical')
    expect(item.differences.map(({path, kind}) => [path, kind])).toEqual([
      ['/PolicyDocument/Statement/1', 'REMOVE'],
      ['/PolicyDocument/Statement/2', 'ADD'],
    ])
  })

  it('GIVEN the policy deleted by hand WHEN analysed THEN it is missing', () => {
    expect(analyse([bucket]).items.map((item) => [item.id, item.driftType])).toEqual([['ArtefactsBucketPolicy', 'missing_resource']])
  })

  it('GIVEN a policy on an in-scope bucket the phases declare no policy for, and one on another team\'s bucket WHEN analysed THEN only the first is extra', () => {
    const scratch = asRead(Policy, 'acme-scratch')
    const theirs = asRead(Policy, 'someone-elses-logs', [{Key: 'Team', Value: 'bi'}])
    const items = analyse([bucket, asRead(), scratch, theirs], [declaredBucket, declaredPolicy]).items
    // Its id is its bucket's name + '#policy': the extra bucket of that name (if there is one) has the plain name.
    expect(items.map((item) => [item.id, item.physicalId, item.type, item.driftType, item.severity])).toEqual([['acme-scratch#policy', 'acme-scratch', s3BucketPolicy.type, 'extra_resource', 'medium']])
  })

  it('GIVEN an extra bucket and its extra policy WHEN analysed THEN they are two items with two ids, each found by its own id', () => {
    const extraBucket = {...bucket, physicalId: 'acme-scratch'}
    const analysis = analyse([bucket, asRead(), extraBucket, asRead(Policy, 'acme-scratch')], [declaredBucket, declaredPolicy])
    expect(analysis.items.map((item) => [item.id, item.type])).toEqual([
      ['acme-scratch', 'AWS::S3::Bucket'],
      ['acme-scratch#policy', s3BucketPolicy.type],
    ])
    expect(analysis.actual.get('acme-scratch')?.type).toBe('AWS::S3::Bucket')
    expect(analysis.actual.get('acme-scratch#policy')?.type).toBe(s3BucketPolicy.type)
  })

  it('GIVEN an extra policy WHEN codified THEN the template holds its bucket and document, and no Tags (they are its bucket\'s)', () => {
    expect(codifiedProperties(asRead(Policy, 'acme-scratch'))).toEqual({Bucket: 'acme-scratch', PolicyDocument: JSON.parse(Policy)})
  })
})
