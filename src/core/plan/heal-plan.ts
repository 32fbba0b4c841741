// Drift items + config -> the heal plan (SPEC 6): for every item, whether it is healed (and by which calls),
// left to reverse sync, ignored, expected or refused, and why. Pure: the same analysis gives the same plan.

import {createHash} from 'node:crypto'

import {nameGlob, pointerGlob} from '../shared/glob.js'
import type {DriftAnalysis, DriftItem, DriftType, Severity, SuppressedDifference} from '../model.js'
import {severityRank} from '../risk/classify.js'
import {type HealAction, type HealChange, healOf, onlyHardens} from './heal-actions.js'
import {canonicalJson} from '../shared/canonical-json.js'
import {hashActualState} from './heal-values.js'

export type {HealAction, HealApiCall, HealChange} from './heal-actions.js'
export {hashActualState} from './heal-values.js'

/** 2: entries carry `itemHash`, so that a saved plan can tell a stale item from a hand-edited one. */
export const HEAL_PLAN_VERSION = 2

/** `revert` and `cannot-revert` are a revert plan's (`drift plan --revert`), the others a heal plan's; refused, ignored, expected are both. */
export type HealDecision = 'heal' | 'reverse-sync' | 'ignored' | 'expected' | 'refused' | 'revert' | 'cannot-revert'

/** The decisions whose calls a run sends. */
export const APPLIED_DECISIONS: ReadonlySet<HealDecision> = new Set(['heal', 'revert'])
export const isApplied = (entry: Pick<HealPlanEntry, 'decision'>): boolean => APPLIED_DECISIONS.has(entry.decision)

export interface HealPlanEntry {
  itemId: string
  type: string
  physicalId: string | null
  region: string | null
  decision: HealDecision
  reason: string
  /** In order; empty unless decision is `heal`. */
  actions: HealAction[]
  /** `from` is the AWS value, `to` the declared one. */
  changes: HealChange[]
  /** Hash of the AWS resource the plan saw (`hashActualState`); null when there is none. */
  stateHash: string | null
  /** Hash of the drift item the plan saw (`hashDriftItem`: the declared and actual values it compared); null for ignored/expected entries. */
  itemHash: string | null
  /** Null for ignored/expected entries, which are not drift items. */
  severity: Severity | null
  driftType: DriftType | null
  location: {file: string; line: number} | null
  /** Revert: the calls stop or reboot the resource (needs --allow-restart). */
  restarts?: true
  /** Revert: AWS applies the change in the maintenance window; the run records it as scheduled, never verified. */
  scheduled?: true
  /** Revert: how putting the declared value back weakens security (needs --approve-critical, prompt or not). */
  weakens?: string
}

export interface HealPlan {
  version: typeof HEAL_PLAN_VERSION
  /** `revert` for `drift plan --revert` (absent: a heal plan): `drift heal` refuses it and `drift revert` wants it. */
  mode?: 'revert'
  /** Revert plans: made with --apply-immediately (the calls carry it, so a run must be given the same). */
  applyImmediately?: boolean
  createdAt: string
  /** `settings.configHash` when planned: a saved plan refuses to run under another config. */
  configHash: string
  phasesCommit: string | null
  /** With config targets: `target/region`, the one place the plan's calls go to (a saved plan runs nowhere else). */
  place?: string
  entries: HealPlanEntry[]
}

export interface HealPolicy {
  enabled: boolean
  maxResources: number
  severityLimit: Severity
  /** `Type`, `Type:/Path`, `id:LogicalId`; `*` is a glob (`**` across path segments). */
  forbid: string[]
}

export interface PlanHealOptions extends HealPolicy {
  configHash: string
  phasesCommit: string | null
  createdAt: string
}

export function planHeal(analysis: DriftAnalysis, options: PlanHealOptions): HealPlan {
  const entries: HealPlanEntry[] = []
  let healing = 0
  for (const item of analysis.items) {
    const entry = planItem(item, analysis, options)
    if (entry.decision === 'heal') {
      // Counted after every other rule, so that the limit picks the first N items that would really be healed.
      if (healing >= options.maxResources) {
        entries.push(refused(entry, `over autoHeal.maxResources (${options.maxResources} per run); heal it in a later run`))
        continue
      }

      healing += 1
    }

    entries.push(entry)
  }

  entries.push(...suppressedEntries(analysis, analysis.ignored, 'ignored'), ...suppressedEntries(analysis, analysis.expected, 'expected'))
  return {version: HEAL_PLAN_VERSION, createdAt: options.createdAt, configHash: options.configHash, phasesCommit: options.phasesCommit, entries}
}

function planItem(item: DriftItem, analysis: DriftAnalysis, policy: HealPolicy): HealPlanEntry {
  const entry = healEntryOf(item, analysis)
  if (entry.decision !== 'heal') return entry
  const blocked = policyViolation(entry, policy)
  return blocked ? refused(entry, blocked) : entry
}

/**
 * The entry for one drift item before any config policy: healed by the type's own builders, or left to reverse
 * sync with the reason. `drift plan` applies the policy on top; `drift heal --plan` rebuilds a saved entry with it.
 */
export function healEntryOf(item: DriftItem, analysis: DriftAnalysis): HealPlanEntry {
  const actual = analysis.actual.get(item.id)
  // Decided once by assess; an analysis put together without it (a test's) gets the same answer here.
  const {changes, build} = analysis.heals.get(item.id) ?? healOf(item, actual)
  const entry: HealPlanEntry = {
    itemId: item.id,
    type: item.type,
    physicalId: item.physicalId ?? actual?.physicalId ?? null,
    region: item.region ?? actual?.region ?? null,
    decision: 'reverse-sync',
    reason: '',
    actions: [],
    changes,
    stateHash: actual ? hashActualState(actual) : null,
    itemHash: hashDriftItem(item),
    severity: item.severity,
    driftType: item.driftType,
    location: item.location,
  }
  const toReverseSync = (reason: string) => ({...entry, reason})

  if (item.driftType === 'missing_resource') return toReverseSync('a missing resource is never created by a heal (it may have been removed on purpose)')
  if (item.driftType === 'extra_resource') return toReverseSync('an extra resource is never deleted by a heal')
  if (!build.ok) return toReverseSync(build.reason)

  return {...entry, decision: 'heal', actions: build.actions, reason: `${build.actions.length === 1 ? 'safe in-place change' : 'safe in-place changes'}`}
}

/**
 * A stable hash of what the diff found for an item: its identity, severity and every difference (path, declared
 * and actual value). Source lines are left out: moving a template line does not change what a heal writes.
 */
export function hashDriftItem(item: DriftItem): string {
  const {id, type, driftType, severity, physicalId, region} = item
  const differences = item.differences.map(({path, expected, actual, kind}) => ({path, expected, actual, kind}))
  return `sha256:${createHash('sha256').update(canonicalJson({id, type, driftType, severity, physicalId, region, differences})).digest('hex')}`
}

/** Why config forbids healing this entry now, or undefined. Used by the plan and again before each action. */
export function policyViolation(entry: Pick<HealPlanEntry, 'itemId' | 'type' | 'severity' | 'changes' | 'driftType'>, policy: HealPolicy): string | undefined {
  if (!policy.enabled) return 'auto-heal is disabled (autoHeal.enabled: false or IAL_AUTO_HEAL_ENABLED=false)'
  // SPEC 6: tag drift is always healable, whatever severity config gives it (SPEC 8 `sensitivity.tags`), and so is
  // a one-way hardening heal (the type module names those paths).
  if (entry.driftType !== 'tag_drift' && !onlyHardens(entry.type, entry.changes) && entry.severity && severityRank(entry.severity) > severityRank(policy.severityLimit)) {
    return `severity ${entry.severity} is above autoHeal.severityLimit (${policy.severityLimit})`
  }

  const rule = forbiddingRule(entry, policy.forbid)
  return rule === undefined ? undefined : `forbidden by autoHeal.forbid rule '${rule}'`
}

/** The first `autoHeal.forbid` rule that matches the entry. */
export function forbiddingRule(entry: Pick<HealPlanEntry, 'itemId' | 'type' | 'changes'>, rules: readonly string[]): string | undefined {
  return rules.find((rule) => {
    if (rule.startsWith('id:')) return nameGlob(rule.slice(3))(entry.itemId)
    const at = rule.indexOf(':/')
    if (at === -1) return nameGlob(rule)(entry.type)
    const path = pointerGlob(rule.slice(at + 1))
    return nameGlob(rule.slice(0, at))(entry.type) && entry.changes.some((change) => path(change.path))
  })
}


export const refused = (entry: HealPlanEntry, reason: string): HealPlanEntry => ({...entry, decision: 'refused', reason, actions: []})

export function suppressedEntries(analysis: DriftAnalysis, suppressed: readonly SuppressedDifference[], decision: 'ignored' | 'expected'): HealPlanEntry[] {
  const byId = new Map<string, SuppressedDifference[]>()
  for (const one of suppressed) byId.set(one.id, [...(byId.get(one.id) ?? []), one])
  return [...byId.entries()].map(([id, list]) => {
    const actual = analysis.actual.get(id)
    const desired = analysis.desired.get(id)
    return {
      itemId: id,
      type: list[0].type,
      physicalId: actual?.physicalId ?? null,
      region: actual?.region ?? null,
      decision,
      reason: [...new Set(list.map((one) => `rule ${one.rule}`))].join(', '),
      actions: [],
      changes: list.map((one) => ({path: one.difference.path, from: one.difference.actual, to: one.difference.expected})),
      stateHash: null,
      itemHash: null,
      severity: null,
      driftType: null,
      location: desired ? {file: desired.file, line: desired.location.line} : null,
    }
  })
}

export interface HealPlanCounts {
  heal: number
  revert: number
  cannotRevert: number
  reverseSync: number
  refused: number
  ignored: number
  expected: number
}

export function countHealPlan(plan: HealPlan): HealPlanCounts {
  const count = (decision: HealDecision) => plan.entries.filter((entry) => entry.decision === decision).length
  return {heal: count('heal'), revert: count('revert'), cannotRevert: count('cannot-revert'), reverseSync: count('reverse-sync'), refused: count('refused'), ignored: count('ignored'), expected: count('expected')}
}
