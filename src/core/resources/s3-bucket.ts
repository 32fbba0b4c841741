import type {
  GetBucketEncryptionCommandOutput,
  GetBucketLifecycleConfigurationCommandOutput,
  GetBucketOwnershipControlsCommandOutput,
  GetBucketVersioningCommandOutput,
  GetPublicAccessBlockCommandOutput,
  LifecycleRule,
  Tag,
} from '@aws-sdk/client-s3'
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualResource, tagMap} from './aws-shape.js'
import {type HealApiCall, type HealChange, NEVER_HEALED, NEVER_REVERTED, nonEmptyString, type PropertyHeal, refuse, tagPairs, type WholeSetTagApi} from './heal.js'
import {bucketSettingsRevert, ENCRYPTION, LIFECYCLE, OWNERSHIP, S3_DEFAULT_ENCRYPTION, S3_DEFAULT_MINIMUM_OBJECT_SIZE, S3_DEFAULT_OWNERSHIP} from './s3-bucket-revert.js'
import {actualCloudFormationKeys, AWS_ASSIGNED, cloudFormationKey, critical, equalsJson, type ResourceTypeModule, str} from './types.js'

// Reading cost (SPEC 9; `npm run bench` checks it): per region one ListBuckets (BucketRegion filter, 10,000 a
// page) and one tagging-API GetResources walk (tags of every bucket, 100 a page); then, only for the buckets a
// run needs (declared, or extras inside the scope), five calls each: versioning, public access block,
// encryption, ownership controls, lifecycle. S3 has no batch form of these.
export const S3_BUCKET_CALLS_PER_BUCKET = 5

const PUBLIC_ACCESS_FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const
type PublicAccessFlag = (typeof PUBLIC_ACCESS_FLAGS)[number]

const PUBLIC_ACCESS = '/PublicAccessBlockConfiguration'
const VERSIONING = '/VersioningConfiguration'
const VERSIONING_STATUS = '/VersioningConfiguration/Status'
const publicAccessPaths = PUBLIC_ACCESS_FLAGS.map((flag) => `${PUBLIC_ACCESS}/${flag}`)

const S3_MAX_TAGS = 50

/**
 * S3 writes a bucket's tag set whole (PutBucketTagging replaces it; DeleteBucketTagging empties it). The set it
 * writes keeps the bucket's `aws:` tags as they are: S3 refuses a set that drops them ("System tags cannot be
 * removed by requester") as well as one that adds or changes one, so the keys are not filtered here; the generic
 * tag heal never changes an `aws:` tag.
 */
const bucketTags: WholeSetTagApi = {
  writeAll: (bucket, tags): HealApiCall =>
    Object.keys(tags).length === 0
      ? {api: 'S3.DeleteBucketTagging', params: {Bucket: bucket}}
      : {api: 'S3.PutBucketTagging', params: {Bucket: bucket, Tagging: {TagSet: tagPairs(tags)}}},
  target: (actual) => actual.physicalId,
  calls: [
    {
      api: 'S3.PutBucketTagging',
      params: z.strictObject({
        Bucket: nonEmptyString('Bucket'),
        Tagging: z.strictObject({
          TagSet: z
            .array(z.strictObject({Key: nonEmptyString('Key'), Value: z.string({errorMap: () => ({message: 'Value must be a string'})})}))
            .min(1, 'TagSet must list at least one tag (an empty set is DeleteBucketTagging)')
            .max(S3_MAX_TAGS, `TagSet holds at most ${S3_MAX_TAGS} tags`)
            .refine((set) => new Set(set.map((tag) => tag.Key)).size === set.length, 'TagSet must not repeat a key'),
        }),
      }),
    },
    {api: 'S3.DeleteBucketTagging', params: z.strictObject({Bucket: nonEmptyString('Bucket')})},
  ],
}

const onlyTrue = (flag: string) => z.literal(true, {errorMap: () => ({message: `${flag} may only be turned on (true)`})})

/** The value at a pointer below Properties (`/PublicAccessBlockConfiguration/BlockPublicAcls`). */
function nested(actual: ActualResource, path: string): unknown {
  let value: unknown = actual.properties
  for (const token of path.slice(1).split('/')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[token] : undefined
  return value
}

/**
 * One-way hardening heals (SPEC 6). PutPublicAccessBlock writes all four settings (one left out becomes false), so
 * the call always carries all four, each `true`: a heal that would leave any of them off is a partial block, a
 * decision for a person. PutBucketVersioning only ever sets `Enabled` (suspending is a person's decision; MFA
 * delete needs an MFA device and is never sent). A rollback never weakens either: it asks for what the heal set,
 * as the RDS deletion-protection heal does, so a failed verification shows as not restored instead of undoing
 * the hardening.
 */
const bucketHardening: PropertyHeal = {
  paths: [PUBLIC_ACCESS, ...publicAccessPaths, VERSIONING, VERSIONING_STATUS],
  hardeningPaths: [PUBLIC_ACCESS, ...publicAccessPaths, VERSIONING, VERSIONING_STATUS],
  calls: [
    {
      api: 'S3.PutPublicAccessBlock',
      params: z.strictObject({
        Bucket: nonEmptyString('Bucket'),
        PublicAccessBlockConfiguration: z.strictObject(
          Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((flag) => [flag, onlyTrue(flag)])) as Record<PublicAccessFlag, ReturnType<typeof onlyTrue>>,
          {errorMap: () => ({message: 'PublicAccessBlockConfiguration must set all four settings to true'})},
        ),
      }),
    },
    {
      api: 'S3.PutBucketVersioning',
      params: z.strictObject({
        Bucket: nonEmptyString('Bucket'),
        VersioningConfiguration: z.strictObject({Status: z.literal('Enabled', {errorMap: () => ({message: 'versioning may only be turned to Enabled'})})}),
      }),
    },
  ],
  build(actual, changes) {
    const bucket = actual.physicalId
    const publicAccess = changes.filter((change) => change.path === PUBLIC_ACCESS || change.path.startsWith(`${PUBLIC_ACCESS}/`))
    const versioning = changes.filter((change) => change.path === VERSIONING || change.path === VERSIONING_STATUS)
    const actions = []
    if (publicAccess.length > 0) {
      const problem = publicAccessProblem(actual, publicAccess)
      if (problem) return refuse(problem)
      const call: HealApiCall = {
        api: 'S3.PutPublicAccessBlock',
        params: {Bucket: bucket, PublicAccessBlockConfiguration: Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((flag) => [flag, true]))},
      }
      actions.push({...call, rollback: call})
    }

    if (versioning.length > 0) {
      for (const change of versioning) {
        const to = change.path === VERSIONING ? (change.to as {Status?: unknown} | undefined)?.Status : change.to
        if (to !== 'Enabled') return refuse(`${change.path} ${describe(change.from)} → ${describe(change.to)}: versioning is only healed back to Enabled`)
      }

      const call: HealApiCall = {api: 'S3.PutBucketVersioning', params: {Bucket: bucket, VersioningConfiguration: {Status: 'Enabled'}}}
      actions.push({...call, rollback: call})
    }

    return {ok: true, actions}
  },
}

const describe = (value: unknown) => (value === undefined || value === null ? 'absent' : JSON.stringify(value))

/** Why the public access block cannot be healed to all four on, or undefined. */
function publicAccessProblem(actual: ActualResource, changes: readonly HealChange[]): string | undefined {
  const after: Record<string, unknown> = {...(nested(actual, PUBLIC_ACCESS) as Record<string, unknown> | undefined)}
  for (const change of changes) {
    if (change.path === PUBLIC_ACCESS) Object.assign(after, change.to as Record<string, unknown> | undefined)
    else after[change.path.slice(PUBLIC_ACCESS.length + 1)] = change.to
  }

  for (const change of changes) {
    const to = change.path === PUBLIC_ACCESS ? change.to : {[change.path]: change.to}
    const off = Object.entries((to ?? {}) as Record<string, unknown>).find(([, value]) => value !== true && value !== 'true')
    if (off) return `${change.path} ${describe(change.from)} → ${describe(change.to)}: public access settings are only healed back to true`
  }

  const weak = PUBLIC_ACCESS_FLAGS.filter((flag) => after[flag] !== true && after[flag] !== 'true')
  if (weak.length > 0) return `${PUBLIC_ACCESS}: the template leaves ${weak.join(', ')} off (a partial block): ${NEVER_HEALED.publicAccess}`
  return undefined
}

export const s3Bucket: ResourceTypeModule<WholeSetTagApi> = {
  type: 'AWS::S3::Bucket',
  service: 's3',
  readBudget: {fixedCalls: 2, callsPerResource: 5.02, basis: 'ListBuckets and tags from the tagging API per region, then five settings calls (versioning, public access block, encryption, ownership, lifecycle) per declared or in-scope bucket: S3 has no batch form'},
  // Identity: the bucket name (unique across AWS), then CloudFormation's own tags (a generated name).
  actualKeys: (actual) => [`name:${actual.physicalId}`, ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...(str(properties.BucketName) ? [`name:${str(properties.BucketName)}`] : []), cloudFormationKey(stackName, logicalId)],
  refProperty: 'BucketName',
  setPaths: [],
  arnOrNamePaths: ['/BucketEncryption/ServerSideEncryptionConfiguration/ServerSideEncryptionByDefault/KMSMasterKeyID'],
  notReturnedPaths: [],
  ratings: [
    critical(PUBLIC_ACCESS),
    critical(ENCRYPTION),
    critical(OWNERSHIP),
    {path: VERSIONING, severity: 'high', impact: ['availability']},
    {path: LIFECYCLE, severity: 'medium', impact: ['cost', 'availability']},
  ],
  // A heal never touches these; `drift revert` writes them (s3-bucket-revert.ts), a weakening only with --approve-critical.
  neverHealed: {
    [ENCRYPTION]: 'default encryption decides which key guards new objects: a decision for a person',
    [OWNERSHIP]: 'object ownership decides who controls ACL access: a decision for a person',
    [LIFECYCLE]: 'a lifecycle rule deletes or moves objects: a decision for a person',
  },
  tags: bucketTags,
  heal: bucketHardening,
  revert: bucketSettingsRevert,
  neverReverted: {'/BucketName': NEVER_REVERTED.replacement},
  awsDefaults: {
    // S3 encrypts every new bucket with SSE-S3 (since January 2023) and owns objects by the bucket owner (April 2023);
    // a bucket made before April 2023 may have no ownership controls at all, which reads as absent (ACLs on).
    [ENCRYPTION]: equalsJson(S3_DEFAULT_ENCRYPTION),
    [OWNERSHIP]: equalsJson(S3_DEFAULT_OWNERSHIP),
    [`${LIFECYCLE}/TransitionDefaultMinimumObjectSize`]: S3_DEFAULT_MINIMUM_OBJECT_SIZE,
    '/Arn': AWS_ASSIGNED,
  },
  displayName: (actual) => actual.physicalId,
}

/** The per-bucket answers a snapshot holds; an absent one is a setting the bucket does not have. */
export interface BucketSettings {
  versioning?: Pick<GetBucketVersioningCommandOutput, 'Status' | 'MFADelete'>
  publicAccessBlock?: GetPublicAccessBlockCommandOutput['PublicAccessBlockConfiguration']
  encryption?: GetBucketEncryptionCommandOutput['ServerSideEncryptionConfiguration']
  ownershipControls?: GetBucketOwnershipControlsCommandOutput['OwnershipControls']
  lifecycle?: Pick<GetBucketLifecycleConfigurationCommandOutput, 'Rules' | 'TransitionDefaultMinimumObjectSize'>
}

/** ListBuckets + the tagging API (or GetBucketTagging) + the settings calls -> CloudFormation `AWS::S3::Bucket`; `!Ref` is the name. */
export function bucketFromAws(name: string, region: string, tags: readonly Tag[] | undefined, settings: BucketSettings): ActualResource {
  const arn = `arn:${partitionOf(region)}:s3:::${name}`
  const {versioning, publicAccessBlock, encryption, ownershipControls, lifecycle} = settings
  return actualResource({
    type: s3Bucket.type,
    region,
    physicalId: name,
    arn,
    properties: {
      BucketName: name,
      // A bucket never versioned answers no Status: the property is absent, as in a template that leaves it out.
      VersioningConfiguration: versioning?.Status ? {Status: versioning.Status} : undefined,
      PublicAccessBlockConfiguration: publicAccessBlock && {
        BlockPublicAcls: publicAccessBlock.BlockPublicAcls ?? false,
        BlockPublicPolicy: publicAccessBlock.BlockPublicPolicy ?? false,
        IgnorePublicAcls: publicAccessBlock.IgnorePublicAcls ?? false,
        RestrictPublicBuckets: publicAccessBlock.RestrictPublicBuckets ?? false,
      },
      BucketEncryption: encryption?.Rules && {
        ServerSideEncryptionConfiguration: encryption.Rules.map((rule) => ({
          ServerSideEncryptionByDefault: rule.ApplyServerSideEncryptionByDefault && {
            SSEAlgorithm: rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm,
            KMSMasterKeyID: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID,
          },
          BucketKeyEnabled: rule.BucketKeyEnabled,
        })),
      },
      OwnershipControls: ownershipControls?.Rules && {Rules: ownershipControls.Rules.map((rule) => ({ObjectOwnership: rule.ObjectOwnership}))},
      LifecycleConfiguration: lifecycle?.Rules && {
        Rules: lifecycle.Rules.map((rule) => lifecycleRule(rule)),
        TransitionDefaultMinimumObjectSize: lifecycle.TransitionDefaultMinimumObjectSize,
      },
    },
    tags: tagMap(tags),
    attributes: {Arn: arn, DomainName: `${name}.s3.amazonaws.com`, RegionalDomainName: `${name}.s3.${region}.amazonaws.com`},
  })
}

const partitionOf = (region: string) => (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws')

const isoDate = (value: Date | undefined) => (value instanceof Date ? value.toISOString() : value)

/** The API's rule (Filter, Expiration, ...) under CloudFormation's flatter names (Prefix, TagFilters, ExpirationInDays, ...). */
function lifecycleRule(rule: LifecycleRule): Record<string, unknown> {
  const filter = rule.Filter
  const and = filter?.And
  const prefix = filter?.Prefix ?? and?.Prefix ?? rule.Prefix
  const tags = filter?.Tag ? [filter.Tag] : and?.Tags
  const greater = filter?.ObjectSizeGreaterThan ?? and?.ObjectSizeGreaterThan
  const less = filter?.ObjectSizeLessThan ?? and?.ObjectSizeLessThan
  return {
    Id: rule.ID,
    Status: rule.Status,
    // An empty prefix is "every object", which a template says by leaving Prefix out.
    Prefix: prefix === '' ? undefined : prefix,
    TagFilters: tags?.map((tag) => ({Key: tag.Key, Value: tag.Value})),
    // CloudFormation types the size bounds as strings of digits.
    ObjectSizeGreaterThan: greater === undefined ? undefined : String(greater),
    ObjectSizeLessThan: less === undefined ? undefined : String(less),
    ExpirationInDays: rule.Expiration?.Days,
    ExpirationDate: isoDate(rule.Expiration?.Date),
    ExpiredObjectDeleteMarker: rule.Expiration?.ExpiredObjectDeleteMarker,
    Transitions: rule.Transitions?.map((transition) => ({StorageClass: transition.StorageClass, TransitionInDays: transition.Days, TransitionDate: isoDate(transition.Date)})),
    NoncurrentVersionExpiration: rule.NoncurrentVersionExpiration && {
      NoncurrentDays: rule.NoncurrentVersionExpiration.NoncurrentDays,
      NewerNoncurrentVersions: rule.NoncurrentVersionExpiration.NewerNoncurrentVersions,
    },
    NoncurrentVersionTransitions: rule.NoncurrentVersionTransitions?.map((transition) => ({
      StorageClass: transition.StorageClass,
      TransitionInDays: transition.NoncurrentDays,
      NewerNoncurrentVersions: transition.NewerNoncurrentVersions,
    })),
    AbortIncompleteMultipartUpload: rule.AbortIncompleteMultipartUpload && {DaysAfterInitiation: rule.AbortIncompleteMultipartUpload.DaysAfterInitiation},
  }
}
