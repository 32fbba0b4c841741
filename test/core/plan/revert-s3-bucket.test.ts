// The S3 bucket's revert planner as a table (SPEC 11, issue 18): default encryption, object ownership and the
// lifecycle configuration, each written whole from Git's resolved value and rolled back to AWS's as read; which of
// them weaken security or delete data (--approve-critical), and what is refused with the reason a person reads.
import {describe, expect, it} from 'vitest'

import {Unresolved} from '../../../src/core/diff/resolve.js'
import {type ActualResource, type Difference, Intrinsic} from '../../../src/core/model.js'
import type {HealPlanEntry} from '../../../src/core/plan/heal-plan.js'
import {revertEntryOf} from '../../../src/core/plan/revert-plan.js'
import {healCallProblem} from '../../../src/core/resources/heal.js'
import {revertCalls} from '../../../src/core/resources/index.js'
import {bucketFromAws, type BucketSettings} from '../../../src/core/resources/s3-bucket.js'
import {apiLifecycle} from '../../../src/core/resources/s3-bucket-revert.js'
import {fixture} from '../resources/mapping-helpers.js'
import {ACCOUNT, diff, item, REGION} from './heal-fixtures.js'

const BUCKET = 'ial-prod-artefacts-123456789012'
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const OTHER_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`

const sse = (SSEAlgorithm: string, BucketKeyEnabled?: boolean, KMSMasterKeyID?: string) => ({
  ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm, ...(KMSMasterKeyID ? {KMSMasterKeyID} : {})}, ...(BucketKeyEnabled === undefined ? {} : {BucketKeyEnabled})}],
})
const ownership = (ObjectOwnership: string) => ({Rules: [{ObjectOwnership}]})
const expireOldVersions = (NoncurrentDays: number) => ({Rules: [{Id: 'expire-old-versions', Status: 'Enabled', NoncurrentVersionExpiration: {NoncurrentDays}, AbortIncompleteMultipartUpload: {DaysAfterInitiation: 7}}]})
const apiExpireOldVersions = (NoncurrentDays: number) => ({Rules: [{ID: 'expire-old-versions', Status: 'Enabled', Filter: {Prefix: ''}, NoncurrentVersionExpiration: {NoncurrentDays}, AbortIncompleteMultipartUpload: {DaysAfterInitiation: 7}}]})

/** The artefacts bucket as the example estate declares it (SSE-KMS with a bucket key, ACLs off, old versions pruned). */
function bucket(overrides: Record<string, unknown> = {}): ActualResource {
  const properties = {
    BucketName: BUCKET,
    VersioningConfiguration: {Status: 'Enabled'},
    BucketEncryption: sse('aws:kms', true),
    OwnershipControls: ownership('BucketOwnerEnforced'),
    LifecycleConfiguration: {...expireOldVersions(90), TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K'},
    ...overrides,
  }
  return {type: 'AWS::S3::Bucket', region: REGION, physicalId: BUCKET, arn: `arn:aws:s3:::${BUCKET}`, properties, tags: {}, attributes: {}}
}

const call = (api: string, params: Record<string, unknown>) => `${api} ${JSON.stringify(params)}`

/** The entry, with every call it makes (apply and rollback) checked against the schemas the type declares. */
function entryFor(resource: ActualResource, differences: Difference[], declared?: Record<string, unknown>): HealPlanEntry {
  const entry = revertEntryOf(item('ArtefactsBucket', resource, differences, {severity: 'critical'}), resource, {applyImmediately: false}, declared)
  for (const sent of entry.actions.flatMap((action) => [action, action.rollback])) {
    const problems = revertCalls(sent.api).map((schema) => healCallProblem(schema, sent.params))
    expect(problems.includes(undefined), `${sent.api} ${JSON.stringify(sent.params)} passes a declared schema: ${JSON.stringify(problems)}`).toBe(true)
  }

  return entry
}

interface Revertible {
  case: string
  resource: ActualResource
  differences: Difference[]
  declared?: Record<string, unknown>
  calls: string[]
  rollbacks: string[]
  weakens?: string
}

const put = {
  encryption: (rule: Record<string, unknown>) => call('S3.PutBucketEncryption', {Bucket: BUCKET, ServerSideEncryptionConfiguration: {Rules: [rule]}}),
  ownership: (ObjectOwnership: string) => call('S3.PutBucketOwnershipControls', {Bucket: BUCKET, OwnershipControls: {Rules: [{ObjectOwnership}]}}),
  lifecycle: (configuration: {Rules: unknown[]}, size?: string) => call('S3.PutBucketLifecycleConfiguration', {Bucket: BUCKET, LifecycleConfiguration: configuration, ...(size ? {TransitionDefaultMinimumObjectSize: size} : {})}),
}
const KMS_WITH_BUCKET_KEY = {ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}, BucketKeyEnabled: true}
const SSE_S3 = {ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'AES256'}, BucketKeyEnabled: false}
const SSE_PATH = '/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm'

const REVERTIBLE: Revertible[] = [
  // ---- /BucketEncryption: PutBucketEncryption with Git's whole configuration; less key control is a weakening ----
  {
    case: 'encryption: moved to SSE-S3 by hand while Git says SSE-KMS with a bucket key -> Git\'s whole configuration; rollback SSE-S3',
    resource: bucket({BucketEncryption: sse('AES256', false)}),
    differences: [diff(SSE_PATH, 'aws:kms', 'AES256'), diff('/BucketEncryption/ServerSideEncryptionConfiguration/0/BucketKeyEnabled', true, false)],
    declared: {BucketEncryption: sse('aws:kms', true)},
    calls: [put.encryption(KMS_WITH_BUCKET_KEY)],
    rollbacks: [put.encryption(SSE_S3)],
  },
  {
    case: 'encryption: another KMS key set by hand -> the declared key (as resolved from !GetAtt DataKey.Arn), not a weakening',
    resource: bucket({BucketEncryption: sse('aws:kms', true, OTHER_KEY_ARN)}),
    differences: [diff('/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/KMSMasterKeyID', KEY_ARN, OTHER_KEY_ARN)],
    declared: {BucketEncryption: sse('aws:kms', true, KEY_ARN)},
    calls: [put.encryption({ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN}, BucketKeyEnabled: true})],
    rollbacks: [put.encryption({ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms', KMSMasterKeyID: OTHER_KEY_ARN}, BucketKeyEnabled: true})],
  },
  {
    case: 'encryption: SSE-KMS set by hand while Git says SSE-S3 -> put back only as a weakening of key control',
    resource: bucket({BucketEncryption: sse('aws:kms', false, KEY_ARN)}),
    differences: [diff(SSE_PATH, 'AES256', 'aws:kms')],
    declared: {BucketEncryption: sse('AES256')},
    calls: [put.encryption(SSE_S3)],
    rollbacks: [put.encryption({ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN}, BucketKeyEnabled: false})],
    weakens: 'moves default encryption from aws:kms to AES256: no KMS key policy guards who reads new objects any more',
  },
  {
    case: 'encryption: SSE-KMS set by hand while Git leaves encryption out -> S3\'s default (SSE-S3), a weakening',
    resource: bucket({BucketEncryption: sse('aws:kms', true)}),
    differences: [diff('/BucketEncryption', undefined, sse('aws:kms', true), 'ADD')],
    calls: [put.encryption(SSE_S3)],
    rollbacks: [put.encryption(KMS_WITH_BUCKET_KEY)],
    weakens: 'moves default encryption from aws:kms to AES256: no KMS key policy guards who reads new objects any more',
  },
  {
    case: 'encryption: DSSE-KMS set by hand while Git says SSE-KMS -> a weakening (one layer fewer)',
    resource: bucket({BucketEncryption: sse('aws:kms:dsse', false, KEY_ARN)}),
    differences: [diff(SSE_PATH, 'aws:kms', 'aws:kms:dsse'), diff('/BucketEncryption/ServerSideEncryptionConfiguration/0/BucketKeyEnabled', true, false)],
    declared: {BucketEncryption: sse('aws:kms', true, KEY_ARN)},
    calls: [put.encryption({ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN}, BucketKeyEnabled: true})],
    rollbacks: [put.encryption({ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms:dsse', KMSMasterKeyID: KEY_ARN}, BucketKeyEnabled: false})],
    weakens: 'moves default encryption from aws:kms:dsse to aws:kms: new objects lose the second layer of encryption',
  },
  {
    case: 'encryption: the bucket key turned off by hand under SSE-KMS -> turning it on again is a weakening (KMS logs the bucket, not each object)',
    resource: bucket({BucketEncryption: sse('aws:kms', false)}),
    differences: [diff('/BucketEncryption/ServerSideEncryptionConfiguration/0/BucketKeyEnabled', true, false)],
    declared: {BucketEncryption: sse('aws:kms', true)},
    calls: [put.encryption(KMS_WITH_BUCKET_KEY)],
    rollbacks: [put.encryption({ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}, BucketKeyEnabled: false})],
    weakens: 'turns S3 Bucket Keys on: KMS then sees and logs one bucket-level key instead of each object',
  },
  // ---- /OwnershipControls: PutBucketOwnershipControls with Git's rule; leaving BucketOwnerEnforced is a weakening ----
  {
    case: 'ownership: ACLs turned back on by hand (ObjectWriter) -> BucketOwnerEnforced; rollback ObjectWriter',
    resource: bucket({OwnershipControls: ownership('ObjectWriter')}),
    differences: [diff('/OwnershipControls/Rules/0/ObjectOwnership', 'BucketOwnerEnforced', 'ObjectWriter')],
    declared: {OwnershipControls: ownership('BucketOwnerEnforced')},
    calls: [put.ownership('BucketOwnerEnforced')],
    rollbacks: [put.ownership('ObjectWriter')],
  },
  {
    case: 'ownership: ACLs turned off by hand while Git says BucketOwnerPreferred -> put back only as a weakening',
    resource: bucket(),
    differences: [diff('/OwnershipControls/Rules/0/ObjectOwnership', 'BucketOwnerPreferred', 'BucketOwnerEnforced')],
    declared: {OwnershipControls: ownership('BucketOwnerPreferred')},
    calls: [put.ownership('BucketOwnerPreferred')],
    rollbacks: [put.ownership('BucketOwnerEnforced')],
    weakens: 'turns ACLs back on (BucketOwnerPreferred): object and bucket ACLs grant access again',
  },
  {
    case: 'ownership: a bucket with no ownership controls (made before April 2023) -> Git\'s rule; rollback asks for it again (S3 cannot put "none" back without a delete ialctl never sends)',
    resource: bucket({OwnershipControls: undefined}),
    differences: [diff('/OwnershipControls', ownership('BucketOwnerEnforced'), undefined, 'REMOVE')],
    declared: {OwnershipControls: ownership('BucketOwnerEnforced')},
    calls: [put.ownership('BucketOwnerEnforced')],
    rollbacks: [put.ownership('BucketOwnerEnforced')],
  },
  {
    case: 'ownership: ObjectWriter set by hand while Git leaves ownership out -> S3\'s default for new buckets, BucketOwnerEnforced',
    resource: bucket({OwnershipControls: ownership('ObjectWriter')}),
    differences: [diff('/OwnershipControls', undefined, ownership('ObjectWriter'), 'ADD')],
    calls: [put.ownership('BucketOwnerEnforced')],
    rollbacks: [put.ownership('ObjectWriter')],
  },
  // ---- /LifecycleConfiguration: Git's whole rule set in the API's shape; expiring sooner deletes data ----
  {
    case: 'lifecycle: old versions kept a year by hand while Git prunes them after 90 days -> Git\'s rules, only as deleting data',
    resource: bucket({LifecycleConfiguration: {...expireOldVersions(365), TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K'}}),
    differences: [diff('/LifecycleConfiguration/Rules/0/NoncurrentVersionExpiration/NoncurrentDays', 90, 365)],
    declared: {LifecycleConfiguration: expireOldVersions(90)},
    calls: [put.lifecycle(apiExpireOldVersions(90), 'all_storage_classes_128K')],
    rollbacks: [put.lifecycle(apiExpireOldVersions(365), 'all_storage_classes_128K')],
    weakens: 'deletes objects: rule "expire-old-versions" expires noncurrent versions after 90 days (AWS: after 365 days)',
  },
  {
    case: 'lifecycle: old versions pruned after 30 days by hand while Git keeps them 90 -> Git\'s rules, objects kept longer: not a weakening',
    resource: bucket({LifecycleConfiguration: expireOldVersions(30)}),
    differences: [diff('/LifecycleConfiguration/Rules/0/NoncurrentVersionExpiration/NoncurrentDays', 90, 30)],
    declared: {LifecycleConfiguration: {...expireOldVersions(90), TransitionDefaultMinimumObjectSize: 'varies_by_storage_class'}},
    calls: [put.lifecycle(apiExpireOldVersions(90), 'varies_by_storage_class')],
    rollbacks: [put.lifecycle(apiExpireOldVersions(30))],
  },
  {
    case: 'lifecycle: a rule set added by hand while Git declares none -> DeleteBucketLifecycle (objects only kept longer); rollback puts AWS\'s rules back',
    resource: bucket({LifecycleConfiguration: expireOldVersions(30)}),
    differences: [diff('/LifecycleConfiguration', undefined, expireOldVersions(30), 'ADD')],
    calls: [call('S3.DeleteBucketLifecycle', {Bucket: BUCKET})],
    rollbacks: [put.lifecycle(apiExpireOldVersions(30))],
  },
  {
    case: 'lifecycle: removed by hand while Git expires current objects under logs/ after 30 days -> Put, a new expiration: deletes data; rollback DeleteBucketLifecycle',
    resource: bucket({LifecycleConfiguration: undefined}),
    differences: [diff('/LifecycleConfiguration', {Rules: [{Id: 'logs', Status: 'Enabled', Prefix: 'logs/', ExpirationInDays: '30'}]}, undefined, 'REMOVE')],
    declared: {LifecycleConfiguration: {Rules: [{Id: 'logs', Status: 'Enabled', Prefix: 'logs/', ExpirationInDays: '30'}]}},
    // S3 applies its default minimum transition size when none is named: the call names it, so the value read back verifies.
    calls: [put.lifecycle({Rules: [{ID: 'logs', Status: 'Enabled', Filter: {Prefix: 'logs/'}, Expiration: {Days: 30}}]}, 'all_storage_classes_128K')],
    rollbacks: [call('S3.DeleteBucketLifecycle', {Bucket: BUCKET})],
    weakens: 'deletes objects: rule "logs" expires objects after 30 days (AWS: not by age)',
  },
  {
    case: 'lifecycle: a rule by prefix, tag and size with a dated transition (CloudFormation names, legacy singular Transition) -> Filter.And, Date at midnight UTC',
    resource: bucket({LifecycleConfiguration: {Rules: [{Id: 'archive', Status: 'Disabled', Prefix: 'reports/', TagFilters: [{Key: 'class', Value: 'cold'}], ObjectSizeGreaterThan: '1024', Transitions: [{StorageClass: 'GLACIER', TransitionInDays: 30}]}]}}),
    differences: [diff('/LifecycleConfiguration/Rules/0/Status', 'Enabled', 'Disabled')],
    declared: {LifecycleConfiguration: {Rules: [{Id: 'archive', Status: 'Enabled', Prefix: 'reports/', TagFilters: [{Key: 'class', Value: 'cold'}], ObjectSizeGreaterThan: '1024', Transition: {StorageClass: 'GLACIER', TransitionDate: '2027-01-01'}}]}},
    calls: [put.lifecycle({Rules: [{ID: 'archive', Status: 'Enabled', Filter: {And: {Prefix: 'reports/', Tags: [{Key: 'class', Value: 'cold'}], ObjectSizeGreaterThan: 1024}}, Transitions: [{Date: '2027-01-01T00:00:00.000Z', StorageClass: 'GLACIER'}]}]}, 'all_storage_classes_128K')],
    rollbacks: [put.lifecycle({Rules: [{ID: 'archive', Status: 'Disabled', Filter: {And: {Prefix: 'reports/', Tags: [{Key: 'class', Value: 'cold'}], ObjectSizeGreaterThan: 1024}}, Transitions: [{Days: 30, StorageClass: 'GLACIER'}]}]})],
  },
  {
    case: 'lifecycle: a rule Id carrying a terminal escape and Markdown -> sent as it is (S3 takes any text), quoted and escaped in the plan',
    resource: bucket({LifecycleConfiguration: undefined}),
    differences: [diff('/LifecycleConfiguration', {Rules: [{Id: '\u001b[31m**x**\n::warning::', Status: 'Enabled', ExpirationInDays: 1}]}, undefined, 'REMOVE')],
    declared: {LifecycleConfiguration: {Rules: [{Id: '\u001b[31m**x**\n::warning::', Status: 'Enabled', ExpirationInDays: 1}]}},
    calls: [put.lifecycle({Rules: [{ID: '\u001b[31m**x**\n::warning::', Status: 'Enabled', Filter: {Prefix: ''}, Expiration: {Days: 1}}]}, 'all_storage_classes_128K')],
    rollbacks: [call('S3.DeleteBucketLifecycle', {Bucket: BUCKET})],
    weakens: 'deletes objects: rule "\\u001b[31m**x**\\n::warning::" expires objects after 1 days (AWS: not by age)',
  },
  // ---- several at once, beside the hardening heal ----
  {
    case: 'all three changed by hand and versioning suspended -> the heal call, then one call per setting',
    resource: bucket({VersioningConfiguration: {Status: 'Suspended'}, BucketEncryption: sse('AES256', false), OwnershipControls: ownership('ObjectWriter'), LifecycleConfiguration: expireOldVersions(30)}),
    differences: [
      diff('/VersioningConfiguration/Status', 'Enabled', 'Suspended'),
      diff(SSE_PATH, 'aws:kms', 'AES256'),
      diff('/OwnershipControls/Rules/0/ObjectOwnership', 'BucketOwnerEnforced', 'ObjectWriter'),
      diff('/LifecycleConfiguration/Rules/0/NoncurrentVersionExpiration/NoncurrentDays', 90, 30),
    ],
    declared: {BucketEncryption: sse('aws:kms', true), OwnershipControls: ownership('BucketOwnerEnforced'), LifecycleConfiguration: expireOldVersions(90)},
    calls: [put.encryption(KMS_WITH_BUCKET_KEY), put.ownership('BucketOwnerEnforced'), put.lifecycle(apiExpireOldVersions(90), 'all_storage_classes_128K'), call('S3.PutBucketVersioning', {Bucket: BUCKET, VersioningConfiguration: {Status: 'Enabled'}})],
    rollbacks: [put.encryption(SSE_S3), put.ownership('ObjectWriter'), put.lifecycle(apiExpireOldVersions(30)), call('S3.PutBucketVersioning', {Bucket: BUCKET, VersioningConfiguration: {Status: 'Enabled'}})],
  },
]

describe('S3 bucket revert planner: what is reverted, by which call, weakening or not', () => {
  it.each(REVERTIBLE)('GIVEN $case', ({resource, differences, declared, calls, rollbacks, weakens}) => {
    const entry = entryFor(resource, differences, declared)
    expect(entry.decision, entry.reason).toBe('revert')
    expect(entry.actions.map((action) => call(action.api, action.params))).toEqual(calls)
    expect(entry.actions.map((action) => call(action.rollback.api, action.rollback.params))).toEqual(rollbacks)
    expect({restarts: entry.restarts, weakens: entry.weakens}).toEqual({restarts: undefined, weakens})
  })
})

const UNRESOLVED_KEY = new Unresolved('DataKey is not in AWS', new Intrinsic('Fn::GetAtt', ['DataKey', 'Arn']))

const REFUSED: Array<{case: string; resource: ActualResource; differences: Difference[]; declared?: Record<string, unknown>; reason: string}> = [
  {
    case: 'encryption: a KMS key ialctl could not resolve (never sent)',
    resource: bucket({BucketEncryption: sse('AES256', false)}),
    differences: [diff(SSE_PATH, 'aws:kms', 'AES256')],
    declared: {BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms', KMSMasterKeyID: UNRESOLVED_KEY}}]}},
    reason: '/BucketEncryption: the declared value could not be resolved (DataKey is not in AWS), and a revert never sends a value it could not resolve',
  },
  {
    case: 'encryption: a KMS key left as !Ref in the difference, the declared value unknown',
    resource: bucket({BucketEncryption: sse('AES256')}),
    differences: [diff('/BucketEncryption', sse('aws:kms', true, {Ref: 'DataKey'} as never), sse('AES256'))],
    reason: '/BucketEncryption: the declared value could not be resolved',
  },
  {
    case: 'encryption: a KMS key id that is not one (text a template pasted in)',
    resource: bucket({BucketEncryption: sse('AES256')}),
    differences: [diff(SSE_PATH, 'aws:kms', 'AES256')],
    declared: {BucketEncryption: sse('aws:kms', true, 'my key; $(reboot)')},
    reason: '/BucketEncryption: the template KMSMasterKeyID "my key; $(reboot)" is not a KMS key id, key ARN or alias',
  },
  {
    case: 'encryption: Git declares an empty configuration (encryption off: never)',
    resource: bucket(),
    differences: [diff('/BucketEncryption/ServerSideEncryptionConfiguration/0', null, sse('aws:kms', true).ServerSideEncryptionConfiguration[0], 'ADD')],
    declared: {BucketEncryption: {ServerSideEncryptionConfiguration: []}},
    reason: '/BucketEncryption: the template declares no encryption rule, and a revert never turns default encryption off',
  },
  {
    case: 'encryption: a difference below the configuration without Git\'s whole value (never pieced together)',
    resource: bucket({BucketEncryption: sse('AES256')}),
    differences: [diff(SSE_PATH, 'aws:kms', 'AES256')],
    reason: '/BucketEncryption: the declared value is not known, so it cannot be written whole',
  },
  {
    case: 'ownership: a setting S3 does not have',
    resource: bucket({OwnershipControls: ownership('ObjectWriter')}),
    differences: [diff('/OwnershipControls/Rules/0/ObjectOwnership', 'Nobody', 'ObjectWriter')],
    declared: {OwnershipControls: ownership('Nobody')},
    reason: '/OwnershipControls: the template\'s ObjectOwnership "Nobody" is not one of BucketOwnerEnforced, BucketOwnerPreferred, ObjectWriter',
  },
  {
    case: 'lifecycle: a rule with a key ialctl does not write',
    resource: bucket(),
    differences: [diff('/LifecycleConfiguration/Rules/0/NoncurrentVersionExpiration/NoncurrentDays', 30, 90)],
    declared: {LifecycleConfiguration: {Rules: [{...expireOldVersions(30).Rules[0], ObjectLock: true}]}},
    reason: '/LifecycleConfiguration: the template\'s configuration Rules/0 holds "ObjectLock", which ialctl does not write',
  },
  {
    case: 'lifecycle: an expiration date that is not midnight UTC',
    resource: bucket(),
    differences: [diff('/LifecycleConfiguration/Rules/0/ExpirationDate', '2027-01-01T12:00:00Z', null, 'REMOVE')],
    declared: {LifecycleConfiguration: {Rules: [{Id: 'x', Status: 'Enabled', ExpirationDate: '2027-01-01T12:00:00Z'}]}},
    reason: 'Rules/0/ExpirationDate "2027-01-01T12:00:00Z" is not a date at midnight UTC',
  },
  {
    case: 'lifecycle: an empty rule list (S3 takes at least one)',
    resource: bucket(),
    differences: [diff('/LifecycleConfiguration/Rules/0', null, expireOldVersions(90).Rules[0], 'ADD')],
    declared: {LifecycleConfiguration: {Rules: []}},
    reason: 'declares no rule (S3 takes at least one; leave LifecycleConfiguration out to remove it)',
  },
  {
    case: 'lifecycle: both an age and a date for one expiration',
    resource: bucket(),
    differences: [diff('/LifecycleConfiguration/Rules/0/ExpirationInDays', 30, null, 'REMOVE')],
    declared: {LifecycleConfiguration: {Rules: [{Id: 'x', Status: 'Enabled', ExpirationInDays: 30, ExpirationDate: '2027-01-01'}]}},
    reason: 'Rules/0 sets more than one of ExpirationInDays, ExpirationDate and ExpiredObjectDeleteMarker',
  },
  {case: 'the bucket name (a new bucket)', resource: bucket(), differences: [diff('/BucketName', 'other', BUCKET)], reason: '/BucketName: changing it replaces the resource'},
]

describe('S3 bucket revert planner: what is refused, with its reason, and no call', () => {
  it.each(REFUSED)('GIVEN $case', ({resource, differences, declared, reason}) => {
    const entry = entryFor(resource, differences, declared)
    expect(entry.decision).toBe('cannot-revert')
    expect(entry.actions).toEqual([])
    expect(entry.reason).toContain(reason)
  })
})

describe('S3 lifecycle, CloudFormation names back to the API', () => {
  it('GIVEN GetBucketLifecycleConfiguration\'s real answer read into CloudFormation names WHEN mapped back THEN it is the API\'s rule set again (the rollback S3 receives)', () => {
    const answer = fixture<Record<string, NonNullable<BucketSettings['lifecycle']>>>('s3-bucket-settings').GetBucketLifecycleConfiguration
    const read = bucketFromAws(BUCKET, REGION, [], {lifecycle: answer}).properties.LifecycleConfiguration
    expect(apiLifecycle(read)).toEqual(answer)
  })
})
