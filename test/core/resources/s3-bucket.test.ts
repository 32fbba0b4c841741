import type {LifecycleRule} from '@aws-sdk/client-s3'
import {describe, expect, it} from 'vitest'

import {buildHealActions} from '../../../src/core/plan/heal-actions.js'
import {healCallProblem} from '../../../src/core/resources/heal.js'
import {healCall} from '../../../src/core/resources/index.js'
import {bucketFromAws, type BucketSettings, s3Bucket} from '../../../src/core/resources/s3-bucket.js'
import {callsOf, change, refusal} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

type Tags = Array<{Key: string; Value: string}>
const answers = fixture<Record<string, Record<string, unknown>>>('s3-bucket-settings')
const settings: BucketSettings = {
  versioning: answers.GetBucketVersioning,
  publicAccessBlock: answers.GetPublicAccessBlock.PublicAccessBlockConfiguration as BucketSettings['publicAccessBlock'],
  encryption: answers.GetBucketEncryption.ServerSideEncryptionConfiguration as BucketSettings['encryption'],
  ownershipControls: answers.GetBucketOwnershipControls.OwnershipControls as BucketSettings['ownershipControls'],
  lifecycle: answers.GetBucketLifecycleConfiguration as {Rules: LifecycleRule[]},
}
const tags = (answers.GetBucketTagging as {TagSet: Tags}).TagSet

describe('AWS::S3::Bucket mapping', () => {
  it('GIVEN the settings calls of a hardened bucket WHEN mapped THEN each answer is under its CloudFormation name', () => {
    const actual = bucketFromAws('acme-artefacts-prod', region, tags, settings)
    expectNoAbsentValues(actual)
    expect(actual.physicalId).toBe('acme-artefacts-prod')
    expect(actual.arn).toBe('arn:aws:s3:::acme-artefacts-prod')
    expect(actual.properties).toEqual({
      BucketName: 'acme-artefacts-prod',
      VersioningConfiguration: {Status: 'Enabled'},
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true},
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {ServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'}, BucketKeyEnabled: true},
        ],
      },
      OwnershipControls: {Rules: [{ObjectOwnership: 'BucketOwnerEnforced'}]},
      LifecycleConfiguration: {
        Rules: [
          {Id: 'TestOnly', Status: 'Enabled', Prefix: 'documents/', ExpirationInDays: 3650, Transitions: [{StorageClass: 'GLACIER', TransitionInDays: 365}], NoncurrentVersionExpiration: {NoncurrentDays: 90}},
          {
            Id: 'tmp-by-tag',
            Status: 'Disabled',
            Prefix: 'tmp/',
            TagFilters: [{Key: 'retention', Value: 'short'}],
            ObjectSizeGreaterThan: '1024',
            ExpiredObjectDeleteMarker: true,
            AbortIncompleteMultipartUpload: {DaysAfterInitiation: 7},
            NoncurrentVersionTransitions: [{StorageClass: 'STANDARD_IA', TransitionInDays: 30, NewerNoncurrentVersions: 2}],
          },
          // An empty prefix is "every object": a template leaves Prefix out.
          {Id: 'everything', Status: 'Enabled', ExpirationInDays: 30},
        ],
        TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
      },
    })
    expect(actual.tags).toEqual({team: 'platform', 'aws:cloudformation:stack-name': 'ial-prod', 'aws:cloudformation:logical-id': 'ArtefactsBucket'})
    expect(actual.attributes).toEqual({
      Arn: 'arn:aws:s3:::acme-artefacts-prod',
      DomainName: 'acme-artefacts-prod.s3.amazonaws.com',
      RegionalDomainName: 'acme-artefacts-prod.s3.us-east-1.amazonaws.com',
    })
  })

  it('GIVEN a bucket with nothing configured (the not-configured errors) and never versioned WHEN mapped THEN those properties are absent', () => {
    const actual = bucketFromAws('bare', region, undefined, {versioning: {}})
    expect(actual.properties).toEqual({BucketName: 'bare'})
    expect(actual.tags).toEqual({})
  })

  it('GIVEN a bucket in China WHEN mapped THEN its ARN is in the aws-cn partition', () => {
    expect(bucketFromAws('b', 'cn-north-1', undefined, {}).arn).toBe('arn:aws-cn:s3:::b')
  })
})

describe('AWS::S3::Bucket identity', () => {
  it('GIVEN a bucket WHEN keyed THEN its name comes first, then CloudFormation tags; a template without BucketName is found by the tags only', () => {
    const actual = bucketFromAws('acme-artefacts-prod', region, tags, {})
    expect(s3Bucket.actualKeys(actual)).toEqual(['name:acme-artefacts-prod', 'cfn:ial-prod/ArtefactsBucket'])
    expect(s3Bucket.desiredKeys({logicalId: 'ArtefactsBucket', stackName: 'ial-prod', properties: {BucketName: 'acme-artefacts-prod'}})).toEqual([
      'name:acme-artefacts-prod',
      'cfn:ial-prod/ArtefactsBucket',
    ])
    expect(s3Bucket.desiredKeys({logicalId: 'ArtefactsBucket', stackName: 'ial-prod', properties: {}})).toEqual(['cfn:ial-prod/ArtefactsBucket'])
  })
})

describe('AWS::S3::Bucket heal', () => {
  const open = {BlockPublicAcls: true, BlockPublicPolicy: false, IgnorePublicAcls: true, RestrictPublicBuckets: false}
  const bucket = (properties: Record<string, unknown> = {}, bucketTags: Record<string, string> = {}) => ({
    ...bucketFromAws('acme-artefacts-prod', region, Object.entries(bucketTags).map(([Key, Value]) => ({Key, Value})), {}),
    properties: {BucketName: 'acme-artefacts-prod', PublicAccessBlockConfiguration: open, VersioningConfiguration: {Status: 'Suspended'}, ...properties},
  })
  const allOn = {Bucket: 'acme-artefacts-prod', PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}}

  it('GIVEN public access settings turned off WHEN healed THEN PutPublicAccessBlock sets all four on, and the rollback leaves them on', () => {
    const calls = callsOf(s3Bucket.heal!.build(bucket(), [change('/PublicAccessBlockConfiguration/BlockPublicPolicy', false, true), change('/PublicAccessBlockConfiguration/RestrictPublicBuckets', false, true)]))
    expect(calls).toEqual([
      {api: 'S3.PutPublicAccessBlock', params: allOn},
      {api: 'S3.PutPublicAccessBlock', params: allOn},
    ])
  })

  it('GIVEN the whole public access block deleted WHEN the template declares all four on THEN it is put back', () => {
    const declared = {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
    expect(callsOf(s3Bucket.heal!.build(bucket({PublicAccessBlockConfiguration: undefined}), [change('/PublicAccessBlockConfiguration', null, declared)]))[0]).toEqual({api: 'S3.PutPublicAccessBlock', params: allOn})
  })

  it('GIVEN a change that turns a setting off, or a template that leaves one off WHEN built THEN it is refused', () => {
    expect(refusal(s3Bucket.heal!.build(bucket({PublicAccessBlockConfiguration: {...open, BlockPublicPolicy: true}}), [change('/PublicAccessBlockConfiguration/BlockPublicPolicy', true, false)]))).toBe(
      '/PublicAccessBlockConfiguration/BlockPublicPolicy true → false: public access settings are only healed back to true',
    )
    expect(refusal(s3Bucket.heal!.build(bucket(), [change('/PublicAccessBlockConfiguration/BlockPublicPolicy', false, true)]))).toBe(
      '/PublicAccessBlockConfiguration: the template leaves RestrictPublicBuckets off (a partial block): public access is a security decision for a person',
    )
  })

  it('GIVEN versioning suspended or never enabled WHEN healed THEN PutBucketVersioning sets Enabled (rollback too); Enabled → Suspended is refused', () => {
    const enabled = {api: 'S3.PutBucketVersioning', params: {Bucket: 'acme-artefacts-prod', VersioningConfiguration: {Status: 'Enabled'}}}
    expect(callsOf(s3Bucket.heal!.build(bucket(), [change('/VersioningConfiguration/Status', 'Suspended', 'Enabled')]))).toEqual([enabled, enabled])
    expect(callsOf(s3Bucket.heal!.build(bucket({VersioningConfiguration: undefined}), [change('/VersioningConfiguration', null, {Status: 'Enabled'})]))).toEqual([enabled, enabled])
    expect(refusal(s3Bucket.heal!.build(bucket({VersioningConfiguration: {Status: 'Enabled'}}), [change('/VersioningConfiguration/Status', 'Enabled', 'Suspended')]))).toBe(
      '/VersioningConfiguration/Status "Enabled" → "Suspended": versioning is only healed back to Enabled',
    )
  })

  it('GIVEN encryption, ownership or lifecycle drift WHEN planned THEN they are never healed, with the reason', () => {
    expect(s3Bucket.heal!.paths).not.toContain('/BucketEncryption')
    expect(s3Bucket.neverHealed['/BucketEncryption']).toMatch(/encryption/)
    expect(s3Bucket.neverHealed['/LifecycleConfiguration']).toMatch(/deletes or moves objects/)
  })

  it('GIVEN one tag changed on a bucket with tags the template does not manage WHEN healed THEN PutBucketTagging writes the full set, and the rollback the set as read', () => {
    const actual = bucket({}, {team: 'data', owner: 'x', 'aws:cloudformation:stack-name': 'ial-prod'})
    const build = buildHealActions(actual, [change('/Tags/team', 'data', 'platform'), change('/Tags/cost-centre', undefined, '42')])
    expect(callsOf(build)).toEqual([
      {
        api: 'S3.PutBucketTagging',
        params: {
          Bucket: 'acme-artefacts-prod',
          Tagging: {TagSet: [{Key: 'team', Value: 'platform'}, {Key: 'owner', Value: 'x'}, {Key: 'aws:cloudformation:stack-name', Value: 'ial-prod'}, {Key: 'cost-centre', Value: '42'}]},
        },
      },
      {
        api: 'S3.PutBucketTagging',
        params: {Bucket: 'acme-artefacts-prod', Tagging: {TagSet: [{Key: 'team', Value: 'data'}, {Key: 'owner', Value: 'x'}, {Key: 'aws:cloudformation:stack-name', Value: 'ial-prod'}]}},
      },
    ])
  })

  it('GIVEN the only tag removed WHEN healed THEN DeleteBucketTagging empties the set, and the rollback puts it back; a bucket without tags rolls back by deleting', () => {
    expect(callsOf(buildHealActions(bucket({}, {stray: 'x'}), [change('/Tags/stray', 'x', undefined)]))).toEqual([
      {api: 'S3.DeleteBucketTagging', params: {Bucket: 'acme-artefacts-prod'}},
      {api: 'S3.PutBucketTagging', params: {Bucket: 'acme-artefacts-prod', Tagging: {TagSet: [{Key: 'stray', Value: 'x'}]}}},
    ])
    expect(callsOf(buildHealActions(bucket(), [change('/Tags/team', undefined, 'platform')]))[1]).toEqual({api: 'S3.DeleteBucketTagging', params: {Bucket: 'acme-artefacts-prod'}})
  })

  it('GIVEN forged calls WHEN checked against the schemas THEN weakening or malformed ones are refused', () => {
    const problem = (api: string, params: Record<string, unknown>) => healCallProblem(healCall(api)!, params)?.message
    expect(problem('S3.PutPublicAccessBlock', {...allOn, PublicAccessBlockConfiguration: {...allOn.PublicAccessBlockConfiguration, BlockPublicPolicy: false}})).toBe('BlockPublicPolicy may only be turned on (true)')
    expect(problem('S3.PutPublicAccessBlock', {Bucket: 'b', PublicAccessBlockConfiguration: {BlockPublicAcls: true}})).toMatch(/may only be turned on/)
    expect(problem('S3.PutBucketVersioning', {Bucket: 'b', VersioningConfiguration: {Status: 'Suspended'}})).toBe('versioning may only be turned to Enabled')
    expect(problem('S3.PutBucketVersioning', {Bucket: 'b', VersioningConfiguration: {Status: 'Enabled', MFADelete: 'Disabled'}})).toMatch(/MFADelete/)
    expect(problem('S3.PutBucketTagging', {Bucket: 'b', Tagging: {TagSet: []}})).toMatch(/at least one tag/)
    expect(problem('S3.PutBucketTagging', {Bucket: 'b', Tagging: {TagSet: [{Key: 'a', Value: '1'}, {Key: 'a', Value: '2'}]}})).toBe('TagSet must not repeat a key')
    expect(problem('S3.DeleteBucketTagging', {Bucket: ''})).toBe('Bucket must be a non-empty string')
  })
})
