// The S3 bucket's revert executors (drift revert, issue 18) against aws-sdk-client-mock with S3's documented
// response shapes: each planned call goes out as planned (a lifecycle date as a Date); a forged call (encryption
// off, ACLs on by a smuggled parameter, another account's bucket, a rule set S3 would read differently) is refused
// and nothing is sent.
import {
  DeleteBucketLifecycleCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {executeHealCall, type HealClients} from '../../../../src/adapters/aws/heal/index.js'
import {mockedHealClients} from '../../../helpers/mocked-heal-clients.js'

const REGION = 'us-east-1'
const BUCKET = 'ial-prod-artefacts-123456789012'
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'

const s3 = mockClient(S3Client)
let clients: HealClients

beforeEach(() => {
  s3.reset()
  clients = mockedHealClients(REGION)
})

const encryption = (ApplyServerSideEncryptionByDefault: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({Bucket: BUCKET, ServerSideEncryptionConfiguration: {Rules: [{ApplyServerSideEncryptionByDefault, BucketKeyEnabled: true}]}, ...extra})
const ownership = (ObjectOwnership: unknown, extra: Record<string, unknown> = {}) => ({Bucket: BUCKET, OwnershipControls: {Rules: [{ObjectOwnership}]}, ...extra})
const rule = (overrides: Record<string, unknown> = {}) => ({ID: 'expire-old-versions', Status: 'Enabled', Filter: {Prefix: ''}, NoncurrentVersionExpiration: {NoncurrentDays: 90}, ...overrides})
const lifecycle = (rules: unknown[], extra: Record<string, unknown> = {}) => ({Bucket: BUCKET, LifecycleConfiguration: {Rules: rules}, ...extra})

describe('S3 bucket revert executors', () => {
  it('GIVEN the encryption, ownership and lifecycle calls a revert plans WHEN executed THEN each goes to S3 exactly as planned', async () => {
    // These PUT and DELETE calls answer only HTTP 200/204 with no body (Amazon S3 API reference).
    s3.on(PutBucketEncryptionCommand).resolves({})
    s3.on(PutBucketOwnershipControlsCommand).resolves({})
    s3.on(PutBucketLifecycleConfigurationCommand).resolves({TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K'})
    s3.on(DeleteBucketLifecycleCommand).resolves({})
    const planned = {
      encryption: encryption({SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN}),
      ownership: ownership('BucketOwnerEnforced'),
      lifecycle: lifecycle([rule()], {TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K'}),
    }
    await executeHealCall(clients, {api: 'S3.PutBucketEncryption', params: planned.encryption}, REGION, 'revert')
    await executeHealCall(clients, {api: 'S3.PutBucketOwnershipControls', params: planned.ownership}, REGION, 'revert')
    await executeHealCall(clients, {api: 'S3.PutBucketLifecycleConfiguration', params: planned.lifecycle}, REGION, 'revert')
    await executeHealCall(clients, {api: 'S3.DeleteBucketLifecycle', params: {Bucket: BUCKET}}, REGION, 'revert')

    expect(s3.commandCalls(PutBucketEncryptionCommand).map((call) => call.args[0].input)).toEqual([planned.encryption])
    expect(s3.commandCalls(PutBucketOwnershipControlsCommand).map((call) => call.args[0].input)).toEqual([planned.ownership])
    expect(s3.commandCalls(PutBucketLifecycleConfigurationCommand).map((call) => call.args[0].input)).toEqual([planned.lifecycle])
    expect(s3.commandCalls(DeleteBucketLifecycleCommand).map((call) => call.args[0].input)).toEqual([{Bucket: BUCKET}])
  })

  it('GIVEN a dated expiration and transition as a saved plan carries them (ISO text) WHEN executed THEN S3 receives Dates at midnight UTC', async () => {
    s3.on(PutBucketLifecycleConfigurationCommand).resolves({})
    const dated = rule({Expiration: {Date: '2030-01-01T00:00:00.000Z'}, Transitions: [{Date: '2029-01-01T00:00:00.000Z', StorageClass: 'GLACIER'}, {Days: 30, StorageClass: 'STANDARD_IA'}]})
    await executeHealCall(clients, {api: 'S3.PutBucketLifecycleConfiguration', params: lifecycle([dated])}, REGION, 'revert')
    const [sentRule] = s3.commandCalls(PutBucketLifecycleConfigurationCommand)[0].args[0].input.LifecycleConfiguration!.Rules!
    expect(sentRule.Expiration).toEqual({Date: new Date('2030-01-01T00:00:00.000Z')})
    expect(sentRule.Transitions).toEqual([{Date: new Date('2029-01-01T00:00:00.000Z'), StorageClass: 'GLACIER'}, {Days: 30, StorageClass: 'STANDARD_IA'}])
  })

  it('GIVEN the revert calls WHEN executed as a heal THEN they are refused: a heal never writes these settings', async () => {
    await expect(executeHealCall(clients, {api: 'S3.PutBucketEncryption', params: encryption({SSEAlgorithm: 'aws:kms'})}, REGION)).rejects.toThrow('not a call a heal makes')
    await expect(executeHealCall(clients, {api: 'S3.PutBucketOwnershipControls', params: ownership('BucketOwnerEnforced')}, REGION)).rejects.toThrow('not a call a heal makes')
    await expect(executeHealCall(clients, {api: 'S3.DeleteBucketLifecycle', params: {Bucket: BUCKET}}, REGION)).rejects.toThrow('not a call a heal makes')
    expect(s3.calls()).toHaveLength(0)
  })

  it.each([
    ['DeleteBucketEncryption (encryption off)', 'S3.DeleteBucketEncryption', {Bucket: BUCKET}, 'not a call a revert makes'],
    ['DeleteBucketOwnershipControls (ACLs back on)', 'S3.DeleteBucketOwnershipControls', {Bucket: BUCKET}, 'not a call a revert makes'],
    ['an empty encryption configuration', 'S3.PutBucketEncryption', {Bucket: BUCKET, ServerSideEncryptionConfiguration: {Rules: []}}, 'must hold one rule that keeps encryption on'],
    ['a rule with no default algorithm', 'S3.PutBucketEncryption', {Bucket: BUCKET, ServerSideEncryptionConfiguration: {Rules: [{BucketKeyEnabled: true}]}}, 'must hold one rule that keeps encryption on'],
    ['an algorithm S3 does not have ("none")', 'S3.PutBucketEncryption', encryption({SSEAlgorithm: 'none'}), 'must hold one rule that keeps encryption on'],
    ['a KMS key that is an unresolved reference as text', 'S3.PutBucketEncryption', encryption({SSEAlgorithm: 'aws:kms', KMSMasterKeyID: '{"Ref":"DataKey"}'}), 'a KMS key only by id, ARN or alias'],
    ['a KMS key beside SSE-S3', 'S3.PutBucketEncryption', encryption({SSEAlgorithm: 'AES256', KMSMasterKeyID: KEY_ARN}), 'must hold one rule that keeps encryption on'],
    ['two encryption rules', 'S3.PutBucketEncryption', {Bucket: BUCKET, ServerSideEncryptionConfiguration: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'AES256'}}, {ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}}]}}, 'must hold one rule'],
    ['ExpectedBucketOwner games on encryption', 'S3.PutBucketEncryption', encryption({SSEAlgorithm: 'aws:kms'}, {ExpectedBucketOwner: '999999999999'}), 'ExpectedBucketOwner is not a parameter a revert sends'],
    ['a checksum algorithm smuggled in', 'S3.PutBucketEncryption', encryption({SSEAlgorithm: 'aws:kms'}, {ChecksumAlgorithm: 'CRC32'}), 'ChecksumAlgorithm is not a parameter a revert sends'],
    ['an ownership setting S3 does not have', 'S3.PutBucketOwnershipControls', ownership('Everyone'), 'ObjectOwnership one of'],
    ['ExpectedBucketOwner games on ownership', 'S3.PutBucketOwnershipControls', ownership('BucketOwnerEnforced', {ExpectedBucketOwner: '999999999999'}), 'ExpectedBucketOwner is not a parameter a revert sends'],
    ['no ownership rule', 'S3.PutBucketOwnershipControls', {Bucket: BUCKET, OwnershipControls: {Rules: []}}, 'must hold one rule'],
    ['an empty lifecycle rule set', 'S3.PutBucketLifecycleConfiguration', lifecycle([]), 'LifecycleConfiguration must hold 1 to 1,000 rules'],
    ['a rule without a filter (the legacy top-level Prefix)', 'S3.PutBucketLifecycleConfiguration', lifecycle([{ID: 'x', Status: 'Enabled', Prefix: '', Expiration: {Days: 1}}]), 'LifecycleConfiguration must hold'],
    ['an expiration of zero days', 'S3.PutBucketLifecycleConfiguration', lifecycle([rule({Expiration: {Days: 0}})]), 'LifecycleConfiguration must hold'],
    ['an expiration date not at midnight UTC', 'S3.PutBucketLifecycleConfiguration', lifecycle([rule({Expiration: {Date: '2030-01-01T12:00:00.000Z'}})]), 'LifecycleConfiguration must hold'],
    ['ExpectedBucketOwner games on lifecycle', 'S3.PutBucketLifecycleConfiguration', lifecycle([rule()], {ExpectedBucketOwner: '999999999999'}), 'ExpectedBucketOwner is not a parameter a revert sends'],
    ['ExpectedBucketOwner games on the lifecycle delete', 'S3.DeleteBucketLifecycle', {Bucket: BUCKET, ExpectedBucketOwner: '999999999999'}, 'ExpectedBucketOwner is not a parameter a revert sends'],
    ['no bucket', 'S3.DeleteBucketLifecycle', {Bucket: ''}, 'Bucket must be a non-empty string'],
  ])('GIVEN a forged revert call with %s WHEN executed THEN it is refused and no AWS call is sent', async (_name, api, params, message) => {
    await expect(executeHealCall(clients, {api, params}, REGION, 'revert')).rejects.toThrow(message)
    expect(s3.calls()).toHaveLength(0)
  })
})
