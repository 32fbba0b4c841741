// `drift revert` for the bucket settings a heal never touches (SPEC 11, issue 18): default encryption, object
// ownership and the lifecycle configuration. Each is written whole from Git's resolved value (never pieced together
// from differences or taken from a saved plan) and rolled back to AWS's value as read. Pure.

import {z} from 'zod'

import {findUnresolved} from '../diff/resolve.js'
import type {ActualResource, Difference} from '../model.js'
import {asBoolean, asCount, combineReverts, type HealAction, type HealApiCall, type HealChange, nonEmptyString, type PropertyRevert, refuse, type RevertBuild} from './heal.js'

export const ENCRYPTION = '/BucketEncryption'
export const OWNERSHIP = '/OwnershipControls'
export const LIFECYCLE = '/LifecycleConfiguration'

// What S3 gives a bucket whose template leaves the setting out: SSE-S3 for every bucket since January 2023, ACLs
// disabled (BucketOwnerEnforced) for every new bucket since April 2023. The module's awsDefaults compare with these,
// and a revert of a setting Git leaves out writes them.
export const S3_DEFAULT_ENCRYPTION = {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: 'AES256'}, BucketKeyEnabled: false}]}
export const S3_DEFAULT_OWNERSHIP = {Rules: [{ObjectOwnership: 'BucketOwnerEnforced'}]}
/** A lifecycle configuration's minimum object size for transitions when it names none, since September 2024. */
export const S3_DEFAULT_MINIMUM_OBJECT_SIZE = 'all_storage_classes_128K'

const bucketName = nonEmptyString('Bucket')
/** A parameter whose every problem, however deep, is refused with one message a person can act on. */
const refusedAs = (schema: z.ZodTypeAny, message: string) =>
  z.unknown().superRefine((value, context) => {
    if (!schema.safeParse(value).success) context.addIssue({code: z.ZodIssueCode.custom, message})
  })
const plain = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)
const defined = <T extends Record<string, unknown>>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T
const unknownKeys = (value: Record<string, unknown>, known: readonly string[]) => Object.keys(value).filter((key) => !known.includes(key))
/** A value from AWS or Git inside a message: quoted and escaped, so control characters stay inert (SPEC 10). */
const quoted = (value: unknown) => JSON.stringify(value) ?? 'absent'

/**
 * The change that writes Git's whole value at `path`: the resolved declared value when known; otherwise, when the one
 * difference is at `path` itself, its declared value (absent: Git leaves the setting out). Never a value pieced
 * together from differences below `path`, nor one holding something ialctl could not resolve. `asRead` completes it
 * with what S3 fills in itself (its defaults), so that the value read back after the revert verifies against it.
 */
function declaredChange(actual: ActualResource, path: string, differences: readonly Difference[], declared: unknown, asRead: (to: unknown) => unknown): HealChange | string {
  const from = actual.properties[path.slice(1)] ?? undefined
  if (declared !== undefined) {
    const unresolved = findUnresolved(declared)
    if (unresolved) return `${path}: the declared value could not be resolved (${unresolved.reason}), and a revert never sends a value it could not resolve`
    return {path, from, to: asRead(JSON.parse(JSON.stringify(declared)) as unknown)}
  }

  const [only] = differences
  if (differences.length === 1 && only.path === path) return {path, from, to: asRead(only.expected ?? undefined)}
  return `${path}: the declared value is not known, so it cannot be written whole`
}

/** One setting's revert: a single whole-value call and its rollback, built from a parsed Git value and AWS's. */
function settingRevert({asRead, ...part}: Omit<PropertyRevert, 'restartPaths' | 'changeOf'> & {asRead: (to: unknown) => unknown}): PropertyRevert {
  return {...part, restartPaths: [], changeOf: (actual, path, differences, declared) => declaredChange(actual, path, differences, declared, asRead)}
}

// ---- default encryption ------------------------------------------------------------------------------------------

const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const
type SseAlgorithm = (typeof SSE_ALGORITHMS)[number]
/** How much key control each gives: SSE-S3 none, SSE-KMS a key policy, DSSE-KMS a key policy and a second layer. */
const KEY_CONTROL: Record<SseAlgorithm, number> = {AES256: 0, 'aws:kms': 1, 'aws:kms:dsse': 2}
const usesKms = (algorithm: SseAlgorithm) => algorithm !== 'AES256'

// A key id, a key or alias ARN, or an alias name: what PutBucketEncryption takes. Anything else (an unresolved
// reference printed as text, a value with spaces) is never sent.
const KMS_KEY = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)|alias\/[A-Za-z0-9/_-]+|(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))$/

interface EncryptionRule {
  ApplyServerSideEncryptionByDefault: {SSEAlgorithm: SseAlgorithm; KMSMasterKeyID?: string}
  BucketKeyEnabled?: boolean
}

/** CloudFormation's `BucketEncryption` -> the API's one rule, or why it cannot be written. */
function encryptionRule(value: unknown): EncryptionRule | string {
  const rules = plain(value) ? value.ServerSideEncryptionConfiguration : undefined
  if (!Array.isArray(rules) || rules.length === 0) return 'declares no encryption rule, and a revert never turns default encryption off'
  if (rules.length > 1) return 'declares more than one encryption rule (S3 takes one)'
  const [rule] = rules as unknown[]
  if (!plain(rule) || unknownKeys(rule, ['ServerSideEncryptionByDefault', 'BucketKeyEnabled']).length > 0) return 'holds a setting ialctl does not write'
  const byDefault = rule.ServerSideEncryptionByDefault
  if (!plain(byDefault) || unknownKeys(byDefault, ['SSEAlgorithm', 'KMSMasterKeyID']).length > 0) return 'names no default algorithm, and a revert never turns default encryption off'
  const algorithm = SSE_ALGORITHMS.find((candidate) => candidate === byDefault.SSEAlgorithm)
  if (!algorithm) return `SSEAlgorithm ${quoted(byDefault.SSEAlgorithm)} is not one of ${SSE_ALGORITHMS.join(', ')}`
  const key = byDefault.KMSMasterKeyID ?? undefined
  if (key !== undefined && (!usesKms(algorithm) || typeof key !== 'string' || !KMS_KEY.test(key))) {
    return usesKms(algorithm) ? `KMSMasterKeyID ${quoted(key)} is not a KMS key id, key ARN or alias` : 'KMSMasterKeyID is only for aws:kms and aws:kms:dsse'
  }

  const bucketKey = rule.BucketKeyEnabled === undefined || rule.BucketKeyEnabled === null ? undefined : asBoolean(rule.BucketKeyEnabled)
  if (rule.BucketKeyEnabled !== undefined && rule.BucketKeyEnabled !== null && bucketKey === undefined) return `BucketKeyEnabled ${quoted(rule.BucketKeyEnabled)} is not true or false`
  return defined({ApplyServerSideEncryptionByDefault: defined({SSEAlgorithm: algorithm, KMSMasterKeyID: key as string | undefined}), BucketKeyEnabled: bucketKey})
}

const putEncryption = (bucket: string, rule: EncryptionRule): HealApiCall => ({api: 'S3.PutBucketEncryption', params: {Bucket: bucket, ServerSideEncryptionConfiguration: {Rules: [rule]}}})

/**
 * PutBucketEncryption with Git's whole configuration (Git leaving it out means S3's default, SSE-S3); it only ever
 * keeps encryption on: S3 no longer turns default encryption off, and DeleteBucketEncryption is a call ialctl never
 * makes. Weakening key control needs --approve-critical: SSE-KMS or DSSE-KMS to SSE-S3 (no key policy guards new
 * objects), DSSE-KMS to SSE-KMS (one layer fewer), and S3 Bucket Keys turned on under KMS (KMS then sees and logs one
 * bucket-level key, not each object, and key policies conditioned on the object's encryption context stop applying);
 * turning Bucket Keys off only costs KMS requests. Rollback: AWS's configuration as read.
 */
const encryptionRevert = settingRevert({
  paths: [ENCRYPTION],
  // S3 reads a rule without BucketKeyEnabled back as false; Git leaving encryption out means S3's default.
  asRead(to) {
    if (to === undefined) return S3_DEFAULT_ENCRYPTION
    const rules = plain(to) ? to.ServerSideEncryptionConfiguration : undefined
    return Array.isArray(rules) ? {...to, ServerSideEncryptionConfiguration: rules.map((rule: unknown) => (plain(rule) ? {...rule, BucketKeyEnabled: rule.BucketKeyEnabled ?? false} : rule))} : to
  },
  calls: [
    {
      api: 'S3.PutBucketEncryption',
      params: z.strictObject({
        Bucket: bucketName,
        ServerSideEncryptionConfiguration: refusedAs(
          z.strictObject({
            Rules: z
              .array(
                z.strictObject({
                  ApplyServerSideEncryptionByDefault: z
                    .strictObject({SSEAlgorithm: z.enum(SSE_ALGORITHMS), KMSMasterKeyID: z.string().regex(KMS_KEY).optional()})
                    .refine((byDefault) => byDefault.KMSMasterKeyID === undefined || usesKms(byDefault.SSEAlgorithm)),
                  BucketKeyEnabled: z.boolean().optional(),
                }),
              )
              .length(1),
          }),
          'ServerSideEncryptionConfiguration must hold one rule that keeps encryption on (AES256, aws:kms or aws:kms:dsse; a KMS key only by id, ARN or alias)',
        ),
      }),
    },
  ],
  build(actual, [change]) {
    const to = encryptionRule(change.to ?? S3_DEFAULT_ENCRYPTION)
    if (typeof to === 'string') return refuse(`${ENCRYPTION}: the template ${to}`)
    const from = change.from === undefined ? undefined : encryptionRule(change.from)
    if (typeof from === 'string') return refuse(`${ENCRYPTION}: AWS's configuration ${from}, so it could not be put back if the revert failed`)
    // A bucket read without default encryption has nothing S3 can put back: the rollback asks for Git's again.
    return {ok: true, actions: [{...putEncryption(actual.physicalId, to), rollback: putEncryption(actual.physicalId, from ?? to)}]}
  },
  weakens(change) {
    const [to, from] = [encryptionRule(change.to ?? S3_DEFAULT_ENCRYPTION), change.from === undefined ? undefined : encryptionRule(change.from)]
    if (typeof to === 'string' || from === undefined || typeof from === 'string') return undefined
    const [toAlgorithm, fromAlgorithm] = [to.ApplyServerSideEncryptionByDefault.SSEAlgorithm, from.ApplyServerSideEncryptionByDefault.SSEAlgorithm]
    if (KEY_CONTROL[toAlgorithm] < KEY_CONTROL[fromAlgorithm]) {
      const lost = usesKms(toAlgorithm) ? 'new objects lose the second layer of encryption' : 'no KMS key policy guards who reads new objects any more'
      return `moves default encryption from ${fromAlgorithm} to ${toAlgorithm}: ${lost}`
    }

    if (usesKms(toAlgorithm) && usesKms(fromAlgorithm) && to.BucketKeyEnabled === true && from.BucketKeyEnabled !== true) {
      return 'turns S3 Bucket Keys on: KMS then sees and logs one bucket-level key instead of each object'
    }

    return undefined
  },
})

// ---- object ownership ---------------------------------------------------------------------------------------------

const OBJECT_OWNERSHIP = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'] as const
type ObjectOwnership = (typeof OBJECT_OWNERSHIP)[number]

/** CloudFormation's `OwnershipControls` -> its one rule's setting, or why it cannot be written. */
function ownershipOf(value: unknown): ObjectOwnership | {problem: string} {
  const rules = plain(value) && unknownKeys(value, ['Rules']).length === 0 ? value.Rules : undefined
  if (!Array.isArray(rules) || rules.length !== 1 || !plain(rules[0]) || unknownKeys(rules[0], ['ObjectOwnership']).length > 0) return {problem: 'must hold exactly one rule with ObjectOwnership'}
  const setting = OBJECT_OWNERSHIP.find((candidate) => candidate === (rules[0] as Record<string, unknown>).ObjectOwnership)
  return setting ?? {problem: `ObjectOwnership ${quoted((rules[0] as Record<string, unknown>).ObjectOwnership)} is not one of ${OBJECT_OWNERSHIP.join(', ')}`}
}

const putOwnership = (bucket: string, setting: ObjectOwnership): HealApiCall => ({api: 'S3.PutBucketOwnershipControls', params: {Bucket: bucket, OwnershipControls: {Rules: [{ObjectOwnership: setting}]}}})

/**
 * PutBucketOwnershipControls with Git's rule (Git leaving it out means S3's default for new buckets,
 * BucketOwnerEnforced). Leaving BucketOwnerEnforced turns ACLs back on, so that needs --approve-critical. Rollback:
 * AWS's rule as read; a bucket read without ownership controls (made before April 2023) could only be put back by
 * DeleteBucketOwnershipControls, which ialctl never sends, so its rollback asks for Git's rule again and a failed
 * verification shows as not restored.
 */
const ownershipRevert = settingRevert({
  paths: [OWNERSHIP],
  asRead: (to) => to ?? S3_DEFAULT_OWNERSHIP,
  calls: [
    {
      api: 'S3.PutBucketOwnershipControls',
      params: z.strictObject({
        Bucket: bucketName,
        OwnershipControls: refusedAs(
          z.strictObject({Rules: z.array(z.strictObject({ObjectOwnership: z.enum(OBJECT_OWNERSHIP)})).length(1)}),
          `OwnershipControls must hold one rule, ObjectOwnership one of ${OBJECT_OWNERSHIP.join(', ')}`,
        ),
      }),
    },
  ],
  build(actual, [change]) {
    const to = ownershipOf(change.to ?? S3_DEFAULT_OWNERSHIP)
    if (typeof to !== 'string') return refuse(`${OWNERSHIP}: the template's ${to.problem}`)
    const from = change.from === undefined ? to : ownershipOf(change.from)
    if (typeof from !== 'string') return refuse(`${OWNERSHIP}: AWS's ${from.problem}, so it could not be put back if the revert failed`)
    return {ok: true, actions: [{...putOwnership(actual.physicalId, to), rollback: putOwnership(actual.physicalId, from)}]}
  },
  weakens(change) {
    const [to, from] = [ownershipOf(change.to ?? S3_DEFAULT_OWNERSHIP), change.from === undefined ? undefined : ownershipOf(change.from)]
    return from === 'BucketOwnerEnforced' && typeof to === 'string' && to !== from ? `turns ACLs back on (${to}): object and bucket ACLs grant access again` : undefined
  },
})

// ---- lifecycle ----------------------------------------------------------------------------------------------------

const TRANSITION_CLASSES = ['GLACIER', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE', 'GLACIER_IR'] as const
const MINIMUM_OBJECT_SIZES = ['all_storage_classes_128K', 'varies_by_storage_class'] as const
const RULE_KEYS = [
  'Id',
  'Status',
  'Prefix',
  'TagFilters',
  'ObjectSizeGreaterThan',
  'ObjectSizeLessThan',
  'ExpirationInDays',
  'ExpirationDate',
  'ExpiredObjectDeleteMarker',
  'Transitions',
  'Transition',
  'NoncurrentVersionExpiration',
  'NoncurrentVersionExpirationInDays',
  'NoncurrentVersionTransitions',
  'NoncurrentVersionTransition',
  'AbortIncompleteMultipartUpload',
] as const

type ApiRule = Record<string, unknown> & {ID?: string; Status: 'Enabled' | 'Disabled'; Filter: Record<string, unknown>}
interface ApiLifecycle {
  Rules: ApiRule[]
  TransitionDefaultMinimumObjectSize?: (typeof MINIMUM_OBJECT_SIZES)[number]
}

class LifecycleProblem extends Error {}
const problem = (message: string): never => {
  throw new LifecycleProblem(message)
}

/** A lifecycle date: S3 takes midnight UTC only; the params carry it as ISO text (plans are JSON), the executor makes it a Date. */
function lifecycleDate(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined
  const text = value instanceof Date ? value.toISOString() : value
  const day = typeof text === 'string' ? /^(\d{4}-\d{2}-\d{2})(T00:00:00(\.000)?(Z|\+00:00))?$/.exec(text) : null
  return day ? `${day[1]}T00:00:00.000Z` : problem(`${where} ${quoted(value)} is not a date at midnight UTC`)
}

function count(value: unknown, where: string, minimum: number): number | undefined {
  if (value === undefined || value === null) return undefined
  const number = asCount(value)
  return number !== undefined && number >= minimum ? number : problem(`${where} ${quoted(value)} is not a whole number of ${minimum} or more`)
}

function storageClass(value: unknown, where: string): string {
  return TRANSITION_CLASSES.find((candidate) => candidate === value) ?? problem(`${where} ${quoted(value)} is not one of ${TRANSITION_CLASSES.join(', ')}`)
}

const list = (many: unknown, one: unknown): unknown[] => [...(Array.isArray(many) ? many : many === undefined || many === null ? [] : [many]), ...(one === undefined || one === null ? [] : [one])]

/** The rule's objects: one predicate as it is, several under `And`, none as the empty prefix (every object). */
function lifecycleFilter(rule: Record<string, unknown>, where: string): Record<string, unknown> {
  const prefix = rule.Prefix === undefined || rule.Prefix === null || rule.Prefix === '' ? undefined : typeof rule.Prefix === 'string' ? rule.Prefix : problem(`${where}/Prefix is not text`)
  const tags = list(rule.TagFilters, undefined).map((tag) =>
    plain(tag) && typeof tag.Key === 'string' && typeof tag.Value === 'string' && unknownKeys(tag, ['Key', 'Value']).length === 0 ? {Key: tag.Key, Value: tag.Value} : problem(`${where}/TagFilters holds a filter that is not {Key, Value}`),
  )
  const greater = count(rule.ObjectSizeGreaterThan, `${where}/ObjectSizeGreaterThan`, 0)
  const less = count(rule.ObjectSizeLessThan, `${where}/ObjectSizeLessThan`, 1)
  const predicates = (prefix === undefined ? 0 : 1) + tags.length + (greater === undefined ? 0 : 1) + (less === undefined ? 0 : 1)
  if (predicates === 0) return {Prefix: ''}
  if (predicates > 1) return {And: defined({Prefix: prefix, Tags: tags.length > 0 ? tags : undefined, ObjectSizeGreaterThan: greater, ObjectSizeLessThan: less})}
  return defined({Prefix: prefix, Tag: tags[0], ObjectSizeGreaterThan: greater, ObjectSizeLessThan: less})
}

/** One rule under CloudFormation's flat names (what `lifecycleRule()` in s3-bucket.ts reads into) -> the API's rule. */
function apiRule(rule: unknown, where: string): ApiRule {
  if (!plain(rule)) return problem(`${where} is not a rule`)
  const unknown = unknownKeys(rule, RULE_KEYS)
  if (unknown.length > 0) problem(`${where} holds ${unknown.map((key) => quoted(key)).join(', ')}, which ialctl does not write`)
  if (rule.Id !== undefined && rule.Id !== null && (typeof rule.Id !== 'string' || rule.Id.length > 255)) problem(`${where}/Id is not text of 255 characters at most`)
  if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') problem(`${where}/Status ${quoted(rule.Status)} is not Enabled or Disabled`)
  const days = count(rule.ExpirationInDays, `${where}/ExpirationInDays`, 1)
  const date = lifecycleDate(rule.ExpirationDate, `${where}/ExpirationDate`)
  const deleteMarkers = rule.ExpiredObjectDeleteMarker === undefined || rule.ExpiredObjectDeleteMarker === null ? undefined : asBoolean(rule.ExpiredObjectDeleteMarker) ?? problem(`${where}/ExpiredObjectDeleteMarker is not true or false`)
  if ([days, date, deleteMarkers].filter((value) => value !== undefined).length > 1) problem(`${where} sets more than one of ExpirationInDays, ExpirationDate and ExpiredObjectDeleteMarker`)
  const transitions = list(rule.Transitions, rule.Transition).map((transition, index) => {
    const at = `${where}/Transitions/${index}`
    if (!plain(transition)) return problem(`${at} is not a transition`)
    const [after, on] = [count(transition.TransitionInDays, `${at}/TransitionInDays`, 0), lifecycleDate(transition.TransitionDate, `${at}/TransitionDate`)]
    if ((after === undefined) === (on === undefined)) problem(`${at} must set one of TransitionInDays and TransitionDate`)
    return defined({Days: after, Date: on, StorageClass: storageClass(transition.StorageClass, `${at}/StorageClass`)})
  })
  const noncurrent = plain(rule.NoncurrentVersionExpiration) ? rule.NoncurrentVersionExpiration : rule.NoncurrentVersionExpirationInDays === undefined || rule.NoncurrentVersionExpirationInDays === null ? undefined : {NoncurrentDays: rule.NoncurrentVersionExpirationInDays}
  const noncurrentTransitions = list(rule.NoncurrentVersionTransitions, rule.NoncurrentVersionTransition).map((transition, index) => {
    const at = `${where}/NoncurrentVersionTransitions/${index}`
    if (!plain(transition)) return problem(`${at} is not a transition`)
    return defined({NoncurrentDays: count(transition.TransitionInDays, `${at}/TransitionInDays`, 1), StorageClass: storageClass(transition.StorageClass, `${at}/StorageClass`), NewerNoncurrentVersions: count(transition.NewerNoncurrentVersions, `${at}/NewerNoncurrentVersions`, 1)})
  })
  const abort = rule.AbortIncompleteMultipartUpload ?? undefined
  if (abort !== undefined && !plain(abort)) problem(`${where}/AbortIncompleteMultipartUpload is not {DaysAfterInitiation}`)
  return defined({
    ID: (rule.Id ?? undefined) as string | undefined,
    Status: rule.Status as ApiRule['Status'],
    Filter: lifecycleFilter(rule, where),
    Expiration: days === undefined && date === undefined && deleteMarkers === undefined ? undefined : defined({Days: days, Date: date, ExpiredObjectDeleteMarker: deleteMarkers}),
    Transitions: transitions.length > 0 ? transitions : undefined,
    NoncurrentVersionExpiration:
      noncurrent === undefined
        ? undefined
        : defined({NoncurrentDays: count(noncurrent.NoncurrentDays, `${where}/NoncurrentVersionExpiration/NoncurrentDays`, 1), NewerNoncurrentVersions: count(noncurrent.NewerNoncurrentVersions, `${where}/NoncurrentVersionExpiration/NewerNoncurrentVersions`, 1)}),
    NoncurrentVersionTransitions: noncurrentTransitions.length > 0 ? noncurrentTransitions : undefined,
    AbortIncompleteMultipartUpload: plain(abort) ? {DaysAfterInitiation: count(abort.DaysAfterInitiation, `${where}/AbortIncompleteMultipartUpload/DaysAfterInitiation`, 1)} : undefined,
  })
}

/** CloudFormation's `LifecycleConfiguration` -> the API's (undefined: none), or why it cannot be written. */
export function apiLifecycle(value: unknown): ApiLifecycle | undefined | string {
  if (value === undefined || value === null) return undefined
  try {
    if (!plain(value) || unknownKeys(value, ['Rules', 'TransitionDefaultMinimumObjectSize']).length > 0) return 'holds a setting ialctl does not write'
    if (!Array.isArray(value.Rules) || value.Rules.length === 0) return 'declares no rule (S3 takes at least one; leave LifecycleConfiguration out to remove it)'
    const size = value.TransitionDefaultMinimumObjectSize ?? undefined
    if (size !== undefined && !MINIMUM_OBJECT_SIZES.includes(size as never)) return `TransitionDefaultMinimumObjectSize ${quoted(size)} is not one of ${MINIMUM_OBJECT_SIZES.join(', ')}`
    return defined({Rules: value.Rules.map((rule, index) => apiRule(rule, `Rules/${index}`)), TransitionDefaultMinimumObjectSize: size as ApiLifecycle['TransitionDefaultMinimumObjectSize']})
  } catch (error) {
    if (error instanceof LifecycleProblem) return error.message
    throw error
  }
}

const putLifecycle = (bucket: string, lifecycle: ApiLifecycle): HealApiCall => ({
  api: 'S3.PutBucketLifecycleConfiguration',
  params: defined({Bucket: bucket, LifecycleConfiguration: {Rules: lifecycle.Rules}, TransitionDefaultMinimumObjectSize: lifecycle.TransitionDefaultMinimumObjectSize}),
})
const deleteLifecycle = (bucket: string): HealApiCall => ({api: 'S3.DeleteBucketLifecycle', params: {Bucket: bucket}})

type Expiry = Record<string, unknown> | undefined
const number = (value: unknown) => (typeof value === 'number' ? value : undefined)

/**
 * How each enabled rule of `to` deletes objects sooner than AWS's rule of the same Id and filter does now: an
 * expiration (current objects, or noncurrent versions) that AWS's matching rule does not have, or has later, or that
 * keeps fewer noncurrent versions. Conservative: a rule with another Id or filter counts as new. Delete markers and
 * incomplete multipart uploads are not objects a person reads, so they are left out.
 */
export function expiresSooner(to: ApiLifecycle | undefined, from: ApiLifecycle | undefined): string[] {
  const sooner: string[] = []
  for (const rule of to?.Rules ?? []) {
    if (rule.Status !== 'Enabled') continue
    const same = from?.Rules.find((candidate) => candidate.Status === 'Enabled' && candidate.ID === rule.ID && JSON.stringify(candidate.Filter) === JSON.stringify(rule.Filter))
    const name = `rule ${rule.ID === undefined ? '(no Id)' : quoted(rule.ID)}`
    const [expiration, was] = [rule.Expiration as Expiry, same?.Expiration as Expiry]
    const [days, wasDays] = [number(expiration?.Days), number(was?.Days)]
    if (days !== undefined && (wasDays === undefined || days < wasDays)) sooner.push(`${name} expires objects after ${days} days (AWS: ${wasDays === undefined ? 'not by age' : `${wasDays} days`})`)
    const [date, wasDate] = [expiration?.Date as string | undefined, was?.Date as string | undefined]
    if (date !== undefined && (wasDate === undefined || date < wasDate)) sooner.push(`${name} expires objects on ${date.slice(0, 10)} (AWS: ${wasDate === undefined ? 'not by date' : wasDate.slice(0, 10)})`)
    const [noncurrent, wasNoncurrent] = [rule.NoncurrentVersionExpiration as Expiry, same?.NoncurrentVersionExpiration as Expiry]
    if (noncurrent === undefined) continue
    const [noncurrentDays, wasNoncurrentDays] = [number(noncurrent.NoncurrentDays), number(wasNoncurrent?.NoncurrentDays)]
    const [kept, wasKept] = [number(noncurrent.NewerNoncurrentVersions) ?? 0, number(wasNoncurrent?.NewerNoncurrentVersions) ?? 0]
    if (wasNoncurrent === undefined || (noncurrentDays ?? 0) < (wasNoncurrentDays ?? 0) || kept < wasKept) {
      const keeps = kept > 0 ? `, keeping ${kept}` : ''
      const aws = wasNoncurrent === undefined ? 'never' : `after ${wasNoncurrentDays} days${wasKept > 0 ? `, keeping ${wasKept}` : ''}`
      sooner.push(`${name} expires noncurrent versions after ${noncurrentDays} days${keeps} (AWS: ${aws})`)
    }
  }

  return sooner
}

const days = (minimum: number) => z.number().int().min(minimum)
const isoMidnight = z.string().regex(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/)
const tag = z.strictObject({Key: z.string().min(1).max(128), Value: z.string().max(256)})
const sizePredicates = {ObjectSizeGreaterThan: z.number().int().min(0).optional(), ObjectSizeLessThan: z.number().int().min(1).optional()}
const ruleSchema = z.strictObject({
  ID: z.string().max(255).optional(),
  Status: z.enum(['Enabled', 'Disabled']),
  Filter: z.union([
    z.strictObject({Prefix: z.string().max(1024)}),
    z.strictObject({Tag: tag}),
    z.strictObject({ObjectSizeGreaterThan: days(0)}),
    z.strictObject({ObjectSizeLessThan: days(1)}),
    z.strictObject({And: z.strictObject({Prefix: z.string().max(1024).optional(), Tags: z.array(tag).min(1).optional(), ...sizePredicates})}),
  ]),
  Expiration: z
    .strictObject({Days: days(1).optional(), Date: isoMidnight.optional(), ExpiredObjectDeleteMarker: z.boolean().optional()})
    .refine((expiration) => Object.keys(expiration).length === 1)
    .optional(),
  Transitions: z
    .array(z.strictObject({Days: days(0).optional(), Date: isoMidnight.optional(), StorageClass: z.enum(TRANSITION_CLASSES)}).refine((transition) => (transition.Days === undefined) !== (transition.Date === undefined)))
    .min(1)
    .optional(),
  NoncurrentVersionExpiration: z.strictObject({NoncurrentDays: days(1), NewerNoncurrentVersions: days(1).max(100).optional()}).optional(),
  NoncurrentVersionTransitions: z.array(z.strictObject({NoncurrentDays: days(1), StorageClass: z.enum(TRANSITION_CLASSES), NewerNoncurrentVersions: days(1).max(100).optional()})).min(1).optional(),
  AbortIncompleteMultipartUpload: z.strictObject({DaysAfterInitiation: days(1)}).optional(),
})

/**
 * PutBucketLifecycleConfiguration with Git's whole rule set, mapped back from CloudFormation's flat names to the API's
 * shape (TransitionDefaultMinimumObjectSize as its own parameter); Git declaring none is DeleteBucketLifecycle, which
 * only keeps objects longer. Rules that expire objects sooner than AWS's do now delete data: --approve-critical, and
 * the plan says which rule. Rollback: AWS's rules as read, or DeleteBucketLifecycle when AWS had none.
 */
const lifecycleRevert = settingRevert({
  paths: [LIFECYCLE],
  // S3 applies its default minimum transition size to a configuration that does not name one (since September 2024).
  asRead: (to) => (plain(to) && (to.TransitionDefaultMinimumObjectSize ?? undefined) === undefined ? {...to, TransitionDefaultMinimumObjectSize: S3_DEFAULT_MINIMUM_OBJECT_SIZE} : to),
  calls: [
    {
      api: 'S3.PutBucketLifecycleConfiguration',
      params: z.strictObject({
        Bucket: bucketName,
        LifecycleConfiguration: refusedAs(z.strictObject({Rules: z.array(ruleSchema).min(1).max(1000)}), 'LifecycleConfiguration must hold 1 to 1,000 rules in the shape ialctl writes'),
        TransitionDefaultMinimumObjectSize: refusedAs(z.enum(MINIMUM_OBJECT_SIZES).optional(), `TransitionDefaultMinimumObjectSize must be one of ${MINIMUM_OBJECT_SIZES.join(', ')}`),
      }),
    },
    {api: 'S3.DeleteBucketLifecycle', params: z.strictObject({Bucket: bucketName})},
  ],
  build(actual, [change]): RevertBuild {
    const [to, from] = [apiLifecycle(change.to), apiLifecycle(change.from)]
    if (typeof to === 'string') return refuse(`${LIFECYCLE}: the template's configuration ${to}`)
    if (typeof from === 'string') return refuse(`${LIFECYCLE}: AWS's configuration ${from}, so it could not be put back if the revert failed`)
    const bucket = actual.physicalId
    const write = (lifecycle: ApiLifecycle | undefined) => (lifecycle ? putLifecycle(bucket, lifecycle) : deleteLifecycle(bucket))
    const action: HealAction = {...write(to), rollback: write(from)}
    return {ok: true, actions: [action]}
  },
  weakens(change) {
    const [to, from] = [apiLifecycle(change.to), apiLifecycle(change.from)]
    if (typeof to === 'string' || typeof from === 'string') return undefined
    const sooner = expiresSooner(to, from)
    return sooner.length > 0 ? `deletes objects: ${sooner.join('; ')}` : undefined
  },
})

/** The bucket's revert beyond its hardening heal: encryption, ownership, lifecycle, each written whole. */
export const bucketSettingsRevert: PropertyRevert = combineReverts(encryptionRevert, ownershipRevert, lifecycleRevert)
