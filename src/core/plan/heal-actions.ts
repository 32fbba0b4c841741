// How one drifted resource is healed (SPEC 6): the generic mechanics (which differences become which whole-value
// changes, tag changes, the refusal reasons); each type module builds the calls for its own properties. Pure: the
// plan shows these calls, the executors in src/adapters/aws send them. Anything no module heals is never healed.

import type {ActualResource, Difference, DriftItem, ItemHeal} from '../model.js'
import {type HealAction, type HealBuild, type HealChange, writesWholeTagSet} from '../resources/heal.js'
import {resourceType} from '../resources/index.js'
import {type AnyResourceTypeModule, safeHealPaths} from '../resources/types.js'
import {sameValue, tagKeyOf, valueAtPath} from './heal-values.js'

export type {HealAction, HealApiCall, HealBuild, HealChange} from '../resources/heal.js'

function unsafeReason(module: AnyResourceTypeModule | undefined, type: string, path: string): string {
  const known = Object.entries(module?.neverHealed ?? {}).find(([pointer]) => path === pointer || path.startsWith(`${pointer}/`))
  return known ? `${path}: ${known[1]}` : `${path} is not on the safe in-place list for ${type}`
}

/**
 * The item's differences as whole values to write. The diff reports a set-like list element by element
 * (`/AlarmActions/1` added, `/AlarmActions/2` removed); a heal writes the whole list, so element differences under
 * a safe list path become one change to the list AWS has, with the template's elements put in and AWS's extra ones
 * taken out. Everything else is kept as it is (and is refused later if it is not safe).
 */
export function healChanges(item: DriftItem, actual: ActualResource): HealChange[] {
  const module = resourceType(item.type)
  const safe = new Set(module ? safeHealPaths(module) : [])
  const lists = new Map<string, Difference[]>()
  const changes: HealChange[] = []
  for (const difference of item.differences) {
    const parent = difference.path.slice(0, difference.path.lastIndexOf('/'))
    if (parent !== '' && safe.has(parent) && /^\d+$/.test(difference.path.slice(parent.length + 1)) && Array.isArray(valueAtPath(actual, parent) ?? [])) {
      if (!lists.has(parent)) changes.push({path: parent, from: undefined, to: undefined})
      lists.set(parent, [...(lists.get(parent) ?? []), difference])
    } else changes.push({path: difference.path, from: difference.actual, to: difference.expected})
  }

  return changes.map((change) => {
    const elements = lists.get(change.path)
    if (!elements) return change
    const from = [...((valueAtPath(actual, change.path) as unknown[] | undefined) ?? [])]
    let to = [...from]
    for (const difference of elements) {
      if (difference.kind === 'ADD') {
        const at = to.findIndex((value) => sameValue(value, difference.actual))
        if (at !== -1) to = to.toSpliced(at, 1)
      } else if (difference.kind === 'REMOVE') to.push(difference.expected)
      else {
        const at = to.findIndex((value) => sameValue(value, difference.actual))
        if (at === -1) to.push(difference.expected)
        else to[at] = difference.expected
      }
    }

    return {path: change.path, from, to}
  })
}

/**
 * How one drifted resource would be healed, before any config policy: its changes and the calls, or why it
 * cannot be. The heal plan and the report's `autoHealable` both come from here, so that they always agree.
 */
export function healOf(item: DriftItem, actual: ActualResource | undefined): ItemHeal {
  if (!actual) return {changes: item.differences.map((difference) => ({path: difference.path, from: difference.actual, to: difference.expected})), build: {ok: false, reason: 'the AWS resource was not read'}}
  const changes = healChanges(item, actual)
  if (changes.length === 0) return {changes, build: {ok: false, reason: 'no difference to heal'}}
  const unsafe = unsafePaths(item.type, changes)
  if (unsafe.length > 0) return {changes, build: {ok: false, reason: unsafe.join('; ')}}
  return {changes, build: buildHealActions(actual, changes)}
}

/** True when every non-tag change is on the type's safe list (exact path: a heal writes whole values). */
export function unsafePaths(type: string, changes: readonly HealChange[]): string[] {
  const module = resourceType(type)
  const safe = new Set(module ? safeHealPaths(module) : [])
  return changes.filter((change) => tagKeyOf(change.path) === undefined && !safe.has(change.path)).map((change) => unsafeReason(module, type, change.path))
}

/**
 * True when every non-tag change is on a path its type module heals only towards hardening (`hardeningPaths`;
 * SPEC 6: such a heal is exempt from the severity limit, not from forbid rules nor maxResources).
 */
export function onlyHardens(type: string, changes: readonly HealChange[]): boolean {
  const hardening = new Set(resourceType(type)?.heal?.hardeningPaths ?? [])
  const properties = changes.filter((change) => tagKeyOf(change.path) === undefined)
  return properties.length > 0 && properties.every((change) => hardening.has(change.path))
}

/**
 * The actions for one resource, or why it cannot be healed. `changes` must already be on safe paths
 * (see `unsafePaths`); the value rules that depend on the direction of a change are checked here.
 */
export function buildHealActions(actual: ActualResource, changes: readonly HealChange[]): HealBuild {
  const tagChanges = changes.filter((change) => tagKeyOf(change.path) !== undefined)
  const propertyChanges = changes.filter((change) => tagKeyOf(change.path) === undefined)
  const tags = tagActions(actual, tagChanges)
  if (!tags.ok) return tags
  const properties = propertyActions(actual, propertyChanges)
  if (!properties.ok) return properties
  return {ok: true, actions: [...properties.actions, ...tags.actions]}
}

// ---- tags --------------------------------------------------------------------------------------------------

function tagActions(actual: ActualResource, changes: readonly HealChange[]): HealBuild {
  if (changes.length === 0) return {ok: true, actions: []}
  const api = resourceType(actual.type)?.tags
  if (!api) return {ok: false, reason: `${actual.type} is not a supported type`}
  const target = api.target(actual)
  if (!target) return {ok: false, reason: 'the resource ARN is unknown, so its tags cannot be addressed'}

  const overwrite: Record<string, string> = {}
  const previous: Record<string, string> = {}
  const add: Record<string, string> = {}
  const remove: Record<string, string> = {}
  for (const change of changes) {
    const key = tagKeyOf(change.path) as string
    if (key.startsWith('aws:')) return {ok: false, reason: `tag ${key}: aws: tags belong to AWS and cannot be changed`}
    const before = actual.tags[key]
    const after = change.to === undefined || change.to === null ? undefined : String(change.to)
    if (after === undefined) {
      if (before !== undefined) remove[key] = before
    } else if (before === undefined) {
      add[key] = after
    } else if (before !== after) {
      overwrite[key] = after
      previous[key] = before
    }
  }

  if (writesWholeTagSet(api)) {
    // Read-modify-write of the full set as read: the safety checks refuse the heal if the tags changed since.
    const next = {...actual.tags, ...overwrite, ...add}
    for (const key of Object.keys(remove)) delete next[key]
    return {ok: true, actions: [{...api.writeAll(target, next), rollback: api.writeAll(target, actual.tags)}]}
  }

  const actions: HealAction[] = []
  if (Object.keys(overwrite).length > 0) actions.push({...api.set(target, overwrite, actual), rollback: api.set(target, previous, actual)})
  if (Object.keys(add).length > 0) actions.push({...api.set(target, add, actual), rollback: api.remove(target, add)})
  if (Object.keys(remove).length > 0) actions.push({...api.remove(target, remove), rollback: api.set(target, remove, actual)})
  return {ok: true, actions}
}

// ---- properties --------------------------------------------------------------------------------------------

function propertyActions(actual: ActualResource, changes: readonly HealChange[]): HealBuild {
  if (changes.length === 0) return {ok: true, actions: []}
  const heal = resourceType(actual.type)?.heal
  if (!heal) return {ok: false, reason: `${actual.type} has no in-place heal for ${changes.map((change) => change.path).join(', ')}`}
  return heal.build(actual, changes)
}
