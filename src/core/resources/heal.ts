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

/**
 * `scheduled`: AWS defers the change (maintenance window) and it is recorded as scheduled, not verified.
 * `restarts`: paths whose revert restarts the resource with these values only (turning backups on from 0 causes an
 * outage, raising a retention does not), on top of the type's `restartPaths`.
 */
export type RevertBuild = {ok: true; actions: HealAction[]; scheduled?: true; restarts?: string[]} | {ok: false; reason: string}

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
   * declared value, when the difference is at `path` itself. `declared` is the template's whole value at `path`
   * (intrinsics resolved; undefined when not known), for a value written whole that the differences show only in
   * part (an IAM policy document).
   */
  changeOf?(actual: ActualResource, path: string, differences: readonly Difference[], declared: unknown): HealChange | string
  /** The calls that write `changes` (all on `paths`) and the calls that undo them, or why they cannot be made. */
  build(actual: ActualResource, changes: readonly HealChange[], options: RevertBuildOptions): RevertBuild
  /** The calls `build` makes, with their parameter schemas (checked by the executor like a heal's). */
  readonly calls: readonly HealCall[]
  /**
   * Why writing `change` weakens security although Git says so (opens access to the world, ...): such a revert
   * needs `--approve-critical`, prompt or not. Undefined when it does not.
   */
  weakens?(change: HealChange): string | undefined
  /**
   * Why `change` is never made at all, whatever the flags (SPEC 11: encryption, deletion protection, backups or
   * rotation turned off), for any of the type's properties, heal paths included. Undefined: not refused here.
   */
  never?(change: HealChange, actual: ActualResource): string | undefined
}

/** The change a revert writes at `path` when a difference is at `path` itself: its declared value, whole. */
export function wholeValueChange(path: string, differences: readonly Difference[]): HealChange | string {
  return differences.length === 1 && differences[0].path === path ? {path, from: differences[0].actual, to: differences[0].expected} : `${path}: only the whole value is reverted`
}

/**
 * One type's revert made of several properties' declarations (a DB class, Multi-AZ, backups...): each part keeps
 * its own paths, calls, builder and rules; a build hands each part its own changes and joins the actions in order.
 */
export function combineReverts(...parts: readonly PropertyRevert[]): PropertyRevert {
  const partOf = (path: string) => parts.find((part) => part.paths.includes(path))
  return {
    paths: parts.flatMap((part) => part.paths),
    restartPaths: parts.flatMap((part) => part.restartPaths),
    calls: parts.flatMap((part) => part.calls),
    changeOf(actual, path, differences, declared) {
      const part = partOf(path)
      return part?.changeOf ? part.changeOf(actual, path, differences, declared) : wholeValueChange(path, differences)
    },
    build(actual, changes, options) {
      const actions: HealAction[] = []
      const restarts: string[] = []
      let scheduled = false
      for (const part of parts) {
        const own = changes.filter((change) => part.paths.includes(change.path))
        if (own.length === 0) continue
        const built = part.build(actual, own, options)
        if (!built.ok) return built
        actions.push(...built.actions)
        restarts.push(...(built.restarts ?? []))
        scheduled ||= built.scheduled === true
      }

      return {ok: true, actions, ...(scheduled ? {scheduled: true as const} : {}), ...(restarts.length > 0 ? {restarts} : {})}
    },
    weakens: (change) => partOf(change.path)?.weakens?.(change),
    never: (change, actual) => parts.map((part) => part.never?.(change, actual)).find((reason) => reason !== undefined),
  }
}

/** A part of a type's revert that only refuses (the type's never rules, SPEC 11), with no property of its own. */
export const revertNever = (never: NonNullable<PropertyRevert['never']>): PropertyRevert => ({paths: [], restartPaths: [], calls: [], build: () => ({ok: true, actions: []}), never})

/**
 * AWS's current value at a top-level `path` with the template's values put back where `differences` (all at or
 * below `path`) say they differ: keys of objects, elements of lists by position, and elements of string sets
 * (`setPaths`: an element AWS has extra goes, one it lacks comes back). What the template does not set stays as AWS
 * has it. A string says why the value cannot be worked out (an element of a list added or removed by position, a
 * set of objects).
 */
export function putBack(actual: ActualResource, path: string, differences: readonly Difference[], setPaths: readonly string[] = []): HealChange | string {
  const from = currentValue(actual, path)
  const exact = differences.find((difference) => difference.path === path)
  if (exact) return differences.length === 1 ? {path, from, to: exact.expected} : `${path}: only the whole value is reverted`
  // The value sits in a holder under its own name, so that a step below it and the value itself read alike.
  const top = path.slice(1)
  const holder: Record<string, unknown> = {[top]: from === undefined || from === null ? undefined : structuredClone(from)}
  const sets = new Map<string, {remove: unknown[]; add: unknown[]}>()
  for (const difference of differences) {
    const segments = difference.path.slice(1).split('/').map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    // An element of a set is paired by likeness, not position: only a whole element of plain values is put back.
    const setElement = segments.findIndex((segment, index) => index > 0 && /^\d+$/.test(segment) && setPaths.includes(`/${segments.slice(0, index).join('/')}`.replaceAll(/\/\d+(?=\/|$)/g, '')))
    if (setElement !== -1) {
      const parent = `/${segments.slice(0, setElement).join('/')}`
      const values = [difference.expected, difference.actual].filter((value) => value !== null && value !== undefined)
      if (setElement !== segments.length - 1 || values.some((value) => typeof value === 'object')) return `${parent}: only sets of plain values are reverted element by element`
      const set = sets.get(parent) ?? {remove: [], add: []}
      if (difference.kind !== 'REMOVE') set.remove.push(difference.actual)
      if (difference.kind !== 'ADD') set.add.push(difference.expected)
      sets.set(parent, set)
      continue
    }

    if (difference.kind !== 'NOT_EQUAL' && /^\d+$/.test(segments.at(-1) ?? '')) return `${difference.path}: a list element added or removed is not reverted by position`
    const container = walk(holder, segments.slice(0, -1))
    if (container === undefined) return `${difference.path}: AWS has no value around it to put the declared one into`
    ;(container as Record<string, unknown>)[segments.at(-1)!] = difference.expected
  }

  for (const [parent, {remove, add}] of sets) {
    const segments = parent.slice(1).split('/')
    const container = walk(holder, segments.slice(0, -1))
    const key = segments.at(-1)!
    const list = container === undefined ? undefined : (container as Record<string, unknown>)[key]
    if (container === undefined || (list !== undefined && !Array.isArray(list))) return `${parent}: AWS has no list there to put the declared elements into`
    const kept = ((list as unknown[] | undefined) ?? []).filter((element) => !remove.includes(element))
    ;(container as Record<string, unknown>)[key] = [...kept, ...add.filter((element) => !kept.includes(element))]
  }

  const to = holder[top]
  return {path, from, to}
}

/** The object or list at `segments` below `root`, or undefined when a step is missing or not a container. */
function walk(root: unknown, segments: readonly string[]): object | undefined {
  let node: unknown = root
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[segment]
  }

  return node !== null && typeof node === 'object' ? node : undefined
}

/** Why a property is never reverted (SPEC 11); the modules map their own properties to these. */
export const NEVER_REVERTED = {
  replacement: 'changing it replaces the resource, and a revert never replaces one',
  encryption: 'encryption cannot change in place, and a revert never turns it off',
  deletionProtection: 'a revert never turns deletion protection off, even when Git says so: turn it off by hand',
  backupsOff: 'a revert never turns backups off (retention 0 deletes the automated backups), even when Git says so',
  retentionDown: 'a revert never lowers a retention (what is past the new one is deleted), even when Git says so',
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

/** Which workflow sends a call: a heal sends only heal calls; a revert (`drift revert`) also the revert calls. */
export type CallPurpose = 'heal' | 'revert'

/**
 * Why a call is refused, in one line, or undefined when its parameters are valid. A parameter outside the schema
 * is named as such; any other problem shows the message its schema carries.
 */
export function healCallProblem(call: HealCall, params: unknown, purpose: CallPurpose = 'heal'): {message: string; unknownParameter: boolean} | undefined {
  const parsed = call.params.safeParse(params)
  if (parsed.success) return undefined
  const {issues} = parsed.error
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys' && issue.path.length === 0)
  if (unknown?.code === 'unrecognized_keys') return {message: `${unknown.keys.join(', ')} is not a parameter a ${purpose} sends`, unknownParameter: true}
  return {message: issues[0].message, unknownParameter: false}
}

/**
 * Why none of the calls declared under one API (a heal's and a revert's DynamoDB UpdateTable) accepts these
 * parameters, or undefined when one does. The problem shown is that of a schema that knows every parameter sent,
 * the one the call was meant for; else the last declared (a revert's own call comes after the heal's).
 */
export function declaredCallProblem(declared: readonly HealCall[], params: unknown, purpose: CallPurpose): {message: string; unknownParameter: boolean} | undefined {
  const problems = declared.map((call) => healCallProblem(call, params, purpose))
  if (problems.includes(undefined)) return undefined
  return problems.find((problem) => !problem?.unknownParameter) ?? problems.at(-1)
}
