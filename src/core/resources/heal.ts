// The vocabulary a type module uses to declare its heals (SPEC 6): the calls it may make, each with a zod schema
// of its parameters that the executor validates as the last gate, and the builders of those calls. Pure.

import {z} from 'zod'

import type {ActualResource, Difference} from '../model.js'

export interface HealApiCall {
  /** `Service.Operation`, e.g. `ECS.UpdateService`. */
  api: string
  params: Record<string, unknown>
}

export interface HealAction extends HealApiCall {
  /** The call that puts back the values recorded before this action. */
  rollback: HealApiCall
}

/** One value a heal changes: `from` is what AWS has now, `to` what the template declares (undefined: remove). */
export interface HealChange {
  path: string
  from: unknown
  to: unknown
}

export type HealBuild = {ok: true; actions: HealAction[]} | {ok: false; reason: string}

/** A write call a heal may send: its name and the only parameters it may carry. */
export interface HealCall {
  api: string
  params: z.ZodType<Record<string, unknown>>
}

/** How a type heals its properties in place (tags are healed by its service's `TagApi`). */
export interface PropertyHeal {
  /** Properties that can be healed in place without replacement or restart (SPEC 6), tags excluded. */
  readonly paths: readonly string[]
  /** The calls that write `changes` (all on `paths`) and the calls that undo them, or why they cannot be made. */
  build(actual: ActualResource, changes: readonly HealChange[]): HealBuild
  /** The calls `build` makes, with their parameter schemas. */
  readonly calls: readonly HealCall[]
  /**
   * Paths whose heal only ever hardens (SPEC 6: public access block back on, versioning back to Enabled,
   * protection or rotation on; the call schemas enforce the direction). An item whose every non-tag change is on
   * these paths is exempt from `autoHeal.severityLimit`, never from `forbid` rules nor `maxResources`.
   */
  readonly hardeningPaths?: readonly string[]
}

/** What a revert build is told by the person who asked for it (SPEC 11). */
export interface RevertBuildOptions {
  /** `--apply-immediately`: a change AWS would defer to the maintenance window is made now. */
  applyImmediately: boolean
}

export type RevertBuild = {ok: true; actions: HealAction[]; scheduled?: true} | {ok: false; reason: string}

/**
 * How a type puts back, in place, properties a heal never touches (SPEC 11: security group rules by rule, an
 * instance type or a DB class). Properties on the type's heal list are reverted by its heal, so they are not
 * repeated here. Anything on neither list is never reverted; `neverReverted` says why for the ones a person asks
 * about most.
 */
export interface PropertyRevert {
  /** Top-level properties reverted in place (a difference below one, `/SecurityGroupIngress/2`, belongs to it). */
  readonly paths: readonly string[]
  /** Of `paths`, those whose revert stops or reboots the resource (needs `--allow-restart`; the plan says "restarts"). */
  readonly restartPaths: readonly string[]
  /**
   * The whole value to write at `path` (a list put back element by element), from AWS's value and the item's
   * differences at or below `path`; a string says why it cannot be worked out. Absent: the difference's own
   * declared value, when the difference is at `path` itself.
   */
  changeOf?(actual: ActualResource, path: string, differences: readonly Difference[]): HealChange | string
  /** The calls that write `changes` (all on `paths`) and the calls that undo them, or why they cannot be made. */
  build(actual: ActualResource, changes: readonly HealChange[], options: RevertBuildOptions): RevertBuild
  /** The calls `build` makes, with their parameter schemas (checked by the executor like a heal's). */
  readonly calls: readonly HealCall[]
  /**
   * Why writing `change` weakens security although Git says so (opens access to the world, ...): such a revert
   * needs `--approve-critical`, prompt or not. Undefined when it does not.
   */
  weakens?(change: HealChange): string | undefined
}

/** Why a property is never reverted (SPEC 11); the modules map their own properties to these. */
export const NEVER_REVERTED = {
  replacement: 'changing it replaces the resource, and a revert never replaces one',
  encryption: 'encryption cannot change in place, and a revert never turns it off',
} as const

interface TagApiBase {
  /** What the tagging calls address the resource by; undefined when it is unknown. */
  target(actual: ActualResource): string | undefined
  /** The calls, with their parameter schemas. */
  readonly calls: readonly HealCall[]
}

/** How a service tags a resource, by key (EC2, ECS, RDS, CloudWatch): the calls that set and remove tags. */
export interface TagApi extends TagApiBase {
  /** Sets (adds or overwrites) the given tags; `actual` for what a tag carries beyond its value (Auto Scaling's PropagateAtLaunch). */
  set(target: string, tags: Record<string, string>, actual?: ActualResource): HealApiCall
  /** Removes the given tags; `values` are the values seen, which EC2 uses to delete only an unchanged tag. */
  remove(target: string, values: Record<string, string>): HealApiCall
}

/**
 * The tag API of a service that tags one resource, named by `targetParam`, with `Tags: [{Key, Value}]` and untags it
 * with `TagKeys` (CloudWatch TagResource/UntagResource, RDS AddTagsToResource/RemoveTagsFromResource, IAM
 * TagRole/UntagRole): the builders and the parameter schemas of both calls.
 */
export function keyValueTagApi(calls: {tag: string; untag: string; targetParam: string; target: (actual: ActualResource) => string | undefined}): TagApi {
  const {tag, untag, targetParam, target} = calls
  return {
    set: (id, tags) => ({api: tag, params: {[targetParam]: id, Tags: tagPairs(tags)}}),
    remove: (id, values) => ({api: untag, params: {[targetParam]: id, TagKeys: Object.keys(values)}}),
    target,
    calls: [
      {api: tag, params: z.strictObject({[targetParam]: nonEmptyString(targetParam), Tags: tagList('Tags', {key: 'Key', value: 'Value'}, true)})},
      {api: untag, params: z.strictObject({[targetParam]: nonEmptyString(targetParam), TagKeys: tagKeyList('TagKeys')})},
    ],
  }
}

/**
 * A service that only writes a resource's whole tag set at once (S3 PutBucketTagging): a heal writes the full set
 * it read with its changes applied, so tags it does not manage stay, and its rollback writes the full set it read.
 */
export interface WholeSetTagApi extends TagApiBase {
  /** Writes exactly `tags` as the resource's tag set (an empty set removes every tag). */
  writeAll(target: string, tags: Record<string, string>): HealApiCall
}

/** Either way of tagging; generic code takes this, a module declares the one its service has. */
export type AnyTagApi = TagApi | WholeSetTagApi

export const writesWholeTagSet = (api: AnyTagApi): api is WholeSetTagApi => 'writeAll' in api

/**
 * Why a property is never healed although it differs, shown in the plan so that a user knows why the item goes
 * to reverse sync instead. The modules map their own properties to these reasons.
 */
export const NEVER_HEALED = {
  securityGroupRules: 'security group rules are never healed (a wrong rule cuts traffic or opens access)',
  encryption: 'encryption cannot change in place (it needs a new resource)',
  publicAccess: 'public access is a security decision for a person',
  resourceClass: 'a class change restarts the resource',
  engineVersion: 'an engine version change restarts the database and cannot be undone',
} as const

export const refuse = (reason: string): HealBuild => ({ok: false, reason})

/**
 * An intrinsic left in a declared value as a difference carries it (`{Ref: X}`, `{"Fn::GetAtt": ...}`): ialctl
 * could not resolve it, so it is never written to AWS.
 */
export function holdsIntrinsic(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsIntrinsic)
  if (value === null || typeof value !== 'object') return false
  return Object.keys(value).some((key) => key === 'Ref' || key.startsWith('Fn::')) || Object.values(value).some(holdsIntrinsic)
}

/** A whole number of things (tasks, days, periods): `3` and `"3"` alike. */
export const asCount = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined
}

export const asNumber = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined
}

export const asBoolean = (value: unknown): boolean | undefined =>
  typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined

/** The value AWS has now at a top-level heal path (`/DesiredCount`): every safe path is a top-level property. */
export const currentValue = (actual: ActualResource, path: string): unknown => actual.properties[path.slice(1)]

/** `actual.arn`, or the physical id when that is an ARN (ECS services and task definitions). */
export const arnOf = (actual: ActualResource): string | undefined => actual.arn ?? (actual.physicalId.startsWith('arn:') ? actual.physicalId : undefined)

/** `{Owner: 'x'}` -> `[{Key: 'Owner', Value: 'x'}]` (or `[{key, value}]` for ECS). */
export const tagPairs = (tags: Record<string, string>, key = 'Key', value = 'Value') => Object.entries(tags).map(([k, v]) => ({[key]: k, [value]: v}))

// ---- parameter schemas ---------------------------------------------------------------------------------------
// Each helper carries the one message a refused call shows for that parameter, whatever is wrong with it.

const withMessage = (message: string) => ({errorMap: () => ({message})})

export const nonEmptyString = (name: string) => z.string(withMessage(`${name} must be a non-empty string`)).min(1, `${name} must be a non-empty string`)

export const nonEmptyStrings = (name: string) => {
  const message = `${name} must be a non-empty list of strings`
  return z.array(z.string(withMessage(message)).min(1, message), withMessage(message)).min(1, message)
}

/** An ARN-only parameter (ECS tags only full ARNs: a short name is rejected by AWS). */
export const arnString = (name: string) =>
  nonEmptyString(name).refine((value) => value.startsWith('arn:'), (value) => ({message: `${name} must be a full ARN, got ${value}`}))

const isAwsTagKey = (key: string) => key.startsWith('aws:')

/** A tag key a heal may touch: non-empty and not `aws:` (those belong to AWS and CloudFormation). */
const userTagKey = (message: string) =>
  z
    .string(withMessage(message))
    .min(1, message)
    .refine((key) => !isAwsTagKey(key), message)

/**
 * At least one `{Key, Value}` (or `{key, value}`) with a user tag key. An empty list is never valid: EC2 DeleteTags
 * without tags deletes every tag of the resource, and a call that changes nothing has no business being sent.
 */
export const tagList = (name: string, names: {key: string; value: string}, valueRequired: boolean) => {
  const message = `${name} must list at least one tag, each with a ${names.key} (aws: tags excluded)`
  const value = z.string(withMessage(message))
  const tag = z.strictObject({[names.key]: userTagKey(message), [names.value]: valueRequired ? value : value.optional()}, withMessage(message))
  return z.array(tag, withMessage(message)).min(1, message)
}

/** At least one user tag key (untag calls): an empty list is refused as well. */
export const tagKeyList = (name: string) => {
  const message = `${name} must list at least one tag key (aws: tags excluded)`
  return z.array(userTagKey(message), withMessage(message)).min(1, message)
}

/** A schema that also requires at least one of `fields` (a call that changes nothing is not sent). */
export const changingOneOf = <T extends z.ZodRawShape>(shape: T, fields: ReadonlyArray<keyof T & string>, message: string) =>
  z.strictObject(shape).refine((params) => fields.some((field) => (params as Record<string, unknown>)[field] !== undefined), message)

/**
 * Why a call is refused, in one line, or undefined when its parameters are valid. A parameter outside the schema
 * is named as such; any other problem shows the message its schema carries.
 */
export function healCallProblem(call: HealCall, params: unknown): {message: string; unknownParameter: boolean} | undefined {
  const parsed = call.params.safeParse(params)
  if (parsed.success) return undefined
  const {issues} = parsed.error
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys' && issue.path.length === 0)
  if (unknown?.code === 'unrecognized_keys') return {message: `${unknown.keys.join(', ')} is not a parameter a heal sends`, unknownParameter: true}
  return {message: issues[0].message, unknownParameter: false}
}
