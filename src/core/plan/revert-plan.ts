// Drift items -> the revert plan (SPEC 11): for every item, the calls that put AWS back to what Git declares, in
// place, or why that is never done. The same plan shape, safety checks, executor, verification, rollback and audit
// as a heal (heal-plan.ts); what differs is which properties may change: a heal's safe list plus what each type
// module declares revertible (security group rules by rule, an instance type, a DB class), with the restarts and the
// security weakenings that a person has to allow. Pure.

import type {ActualResource, DriftAnalysis, DriftItem} from '../model.js'
import {type HealAction, type HealChange, holdsIntrinsic, wholeValueChange} from '../resources/heal.js'
import {resourceType} from '../resources/index.js'
import {type AnyResourceTypeModule, safeHealPaths} from '../resources/types.js'
import {tagKeyOf, topLevelProperty} from '../shared/json-pointer.js'
import {buildHealActions, healChanges} from './heal-actions.js'
import {hashDriftItem, type HealPlan, HEAL_PLAN_VERSION, type HealPlanEntry, type HealPolicy, policyViolation, refused, suppressedEntries} from './heal-plan.js'
import {hashActualState} from './heal-values.js'

/** What the person asked for on the command line; never read from a saved plan. */
export interface RevertFlags {
  /** `--allow-restart`: items whose calls stop or reboot a resource may run. */
  allowRestart: boolean
  /** `--approve-critical`: critical items may run without a prompt, and weakening ones at all. */
  approveCritical: boolean
  /** A person approves on a terminal by typing the resource ids: critical items need no --approve-critical then. */
  interactive: boolean
}

export interface PlanRevertOptions extends HealPolicy, RevertFlags {
  /** `--apply-immediately`: changes AWS would defer (a DB class) are made now and verified. */
  applyImmediately: boolean
  configHash: string
  phasesCommit: string | null
  createdAt: string
}

/** Config policy as a revert reads it: forbid rules and maxResources hold; autoHeal.enabled and the severity limit are about automatic heals, and a revert is asked for by a person. */
export const revertPolicy = (policy: HealPolicy): HealPolicy => ({...policy, enabled: true, severityLimit: 'critical'})

export function planRevert(analysis: DriftAnalysis, options: PlanRevertOptions): HealPlan {
  const policy = revertPolicy(options)
  const entries: HealPlanEntry[] = []
  let reverting = 0
  for (const item of analysis.items) {
    const entry = revertEntryOf(item, analysis.actual.get(item.id), options, analysis.resolved?.get(item.id))
    const refusal = entry.decision === 'revert' ? revertRefusal(entry, options, policy) : undefined
    if (refusal) entries.push(refused(entry, refusal))
    else if (entry.decision === 'revert' && reverting >= policy.maxResources) entries.push(refused(entry, `over autoHeal.maxResources (${policy.maxResources} per run); revert it in a later run`))
    else {
      if (entry.decision === 'revert') reverting += 1
      entries.push(entry)
    }
  }

  entries.push(...suppressedEntries(analysis, analysis.ignored, 'ignored'), ...suppressedEntries(analysis, analysis.expected, 'expected'))
  return {version: HEAL_PLAN_VERSION, mode: 'revert', applyImmediately: options.applyImmediately, createdAt: options.createdAt, configHash: options.configHash, phasesCommit: options.phasesCommit, entries}
}

/**
 * Why a revertible entry is not reverted in this run, or undefined: a restart not allowed, a weakening or (without a
 * terminal) a critical item not approved, a config policy. The plan and a saved plan's re-derivation both ask this.
 */
export function revertRefusal(entry: HealPlanEntry, flags: RevertFlags, policy: HealPolicy): string | undefined {
  if (entry.restarts && !flags.allowRestart) return `it restarts ${entry.physicalId ?? 'the resource'}: pass --allow-restart to revert it`
  if (entry.weakens && !flags.approveCritical) return `it weakens security although Git says so (${entry.weakens}): pass --approve-critical to revert it even so`
  if (entry.severity === 'critical' && !flags.approveCritical && !flags.interactive) return 'critical: without a terminal to confirm on, pass --approve-critical with --auto-approve'
  const violation = policyViolation(entry, policy)
  return violation
}

/**
 * The entry for one drift item before the flags and config policy: the calls that revert it, or why it cannot be.
 * `declared` is the item's declared properties as compared (DriftAnalysis `resolved`), for values written whole.
 */
export function revertEntryOf(item: DriftItem, actual: ActualResource | undefined, options: {applyImmediately: boolean}, declared?: Readonly<Record<string, unknown>>): HealPlanEntry {
  const entry: HealPlanEntry = {
    itemId: item.id,
    type: item.type,
    physicalId: item.physicalId ?? actual?.physicalId ?? null,
    region: item.region ?? actual?.region ?? null,
    decision: 'cannot-revert',
    reason: '',
    actions: [],
    changes: item.differences.map((difference) => ({path: difference.path, from: difference.actual, to: difference.expected})),
    stateHash: actual ? hashActualState(actual) : null,
    itemHash: hashDriftItem(item),
    severity: item.severity,
    driftType: item.driftType,
    location: item.location,
  }
  const cannot = (reason: string, changes = entry.changes): HealPlanEntry => ({...entry, changes, reason})
  if (item.driftType === 'missing_resource') return cannot('a revert never creates a resource (it may have been removed on purpose): create it through your pipeline, or remove it from Git')
  if (item.driftType === 'extra_resource') return cannot('a revert never deletes a resource: delete it by hand, or adopt it with reverse-sync')
  const module = resourceType(item.type)
  if (!actual || !module) return cannot(actual ? `${item.type} is not a supported type` : 'the AWS resource was not read')

  const revertPaths = new Set(module.revert?.paths ?? [])
  const byRevertPath = new Map<string, DriftItem['differences']>()
  const healSide: DriftItem['differences'] = []
  for (const difference of item.differences) {
    const top = `/${topLevelProperty(difference.path)}`
    if (tagKeyOf(difference.path) === undefined && revertPaths.has(top)) byRevertPath.set(top, [...(byRevertPath.get(top) ?? []), difference])
    else healSide.push(difference)
  }

  const changes: HealChange[] = []
  const reasons: string[] = []
  for (const [path, differences] of byRevertPath) {
    const change = module.revert?.changeOf ? module.revert.changeOf(actual, path, differences, declared?.[path.slice(1)]) : wholeValueChange(path, differences)
    if (typeof change === 'string') reasons.push(change)
    else if (holdsIntrinsic(change.to)) reasons.push(`${path}: the declared value could not be resolved`)
    else changes.push(change)
  }

  const healChangeList = healSide.length > 0 ? healChanges({...item, differences: healSide}, actual) : []
  // What the type never does whatever the flags (deletion protection, backups off...), heal paths included.
  for (const change of [...changes, ...healChangeList]) {
    const never = module.revert?.never?.(change, actual)
    if (never) reasons.push(`${change.path}: ${never}`)
  }

  reasons.push(...notRevertible(module, item.type, healChangeList))
  const allChanges = [...changes, ...healChangeList]
  if (reasons.length > 0) return cannot(reasons.join('; '), allChanges)
  if (allChanges.length === 0) return cannot('no difference to revert', allChanges)

  const actions: HealAction[] = []
  let scheduled = false
  const restartPaths = new Set(module.revert?.restartPaths ?? [])
  if (changes.length > 0) {
    const built = module.revert!.build(actual, changes, options)
    if (!built.ok) return cannot(built.reason, allChanges)
    actions.push(...built.actions)
    scheduled = built.scheduled === true
    for (const path of built.restarts ?? []) restartPaths.add(path)
  }

  if (healChangeList.length > 0) {
    const built = buildHealActions(actual, healChangeList)
    if (!built.ok) return cannot(built.reason, allChanges)
    actions.push(...built.actions)
  }

  const restarts = changes.filter((change) => restartPaths.has(change.path))
  const weakens = changes.flatMap((change) => module.revert?.weakens?.(change) ?? [])
  const apis = [...new Set(actions.map((action) => action.api))].join(', ')
  const notes = [restarts.length > 0 ? `restarts the resource (${restarts.map((change) => change.path).join(', ')})` : '', scheduled ? 'scheduled for the maintenance window' : ''].filter(Boolean)
  return {
    ...entry,
    changes: allChanges,
    decision: 'revert',
    actions,
    reason: `in place by ${apis}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
    ...(restarts.length > 0 ? {restarts: true as const} : {}),
    ...(scheduled ? {scheduled: true as const} : {}),
    ...(weakens.length > 0 ? {weakens: weakens.join('; ')} : {}),
  }
}

/** The heal-side changes a revert cannot make (not on the type's heal list), each with why. */
function notRevertible(module: AnyResourceTypeModule, type: string, changes: readonly HealChange[]): string[] {
  const safe = new Set(safeHealPaths(module))
  return changes
    .filter((change) => tagKeyOf(change.path) === undefined && !safe.has(change.path))
    .map((change) => {
      const known = Object.entries({...module.neverReverted}).find(([pointer]) => change.path === pointer || change.path.startsWith(`${pointer}/`))
      if (known) return `${change.path}: ${known[1]}`
      if (holdsIntrinsic(change.to)) return `${change.path}: the declared value could not be resolved`
      return `${change.path}: ${type} has no in-place revert for it`
    })
}
