// A saved plan is data to re-derive, never commands to replay (SPEC 10). `drift heal --plan` reads config, phases
// and AWS again, rebuilds every call with the type's own heal builders and compares: an entry whose inputs changed
// since the plan is stale (skipped); one whose inputs are the same but whose saved content differs from the rebuilt
// one was edited by hand, and the whole plan is refused. Only rebuilt calls are ever sent; policy comes from config.

import type {DriftAnalysis} from '../model.js'
import type {SafetyCheck} from './heal-checks.js'
import type {DriftItem} from '../model.js'
import {type HealPlan, type HealPlanEntry, type HealPolicy, hashDriftItem, healEntryOf, isApplied, policyViolation} from './heal-plan.js'
import {canonicalJson} from '../shared/canonical-json.js'
import {hashActualState} from './heal-values.js'

/** What is true now: the config hash and phases commit a new plan would record, and a fresh analysis. */
export interface CurrentInputs {
  configHash: string
  phasesCommit: string | null
  analysis: DriftAnalysis
}

export type SavedEntryVerdict =
  /** `entry` is the rebuilt entry (decision `heal`, rebuilt calls, severity as the config rates it now). */
  | {kind: 'ok'; entry: HealPlanEntry}
  /** `check` is the safety check it fails: `exists` when the resource is gone, `unchanged` otherwise. */
  | {kind: 'stale'; check: 'exists' | 'unchanged'; reason: string}
  | {kind: 'tampered'; reason: string}

/** The fields a heal acts on or is judged by; a saved heal entry must equal the rebuilt one in all of them. */
const COMPARED = ['type', 'physicalId', 'region', 'driftType', 'severity', 'changes', 'actions', 'restarts', 'scheduled', 'weakens'] as const satisfies ReadonlyArray<keyof HealPlanEntry>

const DESCRIBED: Record<(typeof COMPARED)[number], string> = {
  type: 'its type',
  physicalId: 'its physical id',
  region: 'its region',
  driftType: 'its drift type',
  severity: 'its severity',
  changes: 'its changes',
  actions: 'its calls',
  restarts: 'whether it restarts',
  scheduled: 'whether it is scheduled',
  weakens: 'how it weakens security',
}

/**
 * How entries are rebuilt and judged: a heal plan's by the heal rules and the heal policy, a revert plan's by the
 * revert rules, the flags of this run and the revert policy (revert-plan.ts).
 */
export interface RederiveRules {
  /** The entry the type modules build for the item now. */
  rebuild(item: DriftItem, analysis: DriftAnalysis): HealPlanEntry
  /** Why a rebuilt entry is not applied in this run (policy, flags), or undefined. */
  refusal(entry: HealPlanEntry): string | undefined
  maxResources: number
}

export const healRederiveRules = (policy: HealPolicy): RederiveRules => ({rebuild: healEntryOf, refusal: (entry) => policyViolation(entry, policy), maxResources: policy.maxResources})

/** Stale, tampered or ok, for one saved `heal` entry of a plan made under `planned`. Pure. */
export function judgeSavedEntry(saved: HealPlanEntry, planned: Pick<HealPlan, 'configHash' | 'phasesCommit'>, current: CurrentInputs, rebuild: RederiveRules['rebuild'] = healEntryOf): SavedEntryVerdict {
  if (planned.configHash !== current.configHash) return {kind: 'stale', check: 'unchanged', reason: 'the config changed since the plan (stale): plan again'}
  if (planned.phasesCommit !== current.phasesCommit) {
    return {kind: 'stale', check: 'unchanged', reason: `the phases changed since the plan (commit ${planned.phasesCommit ?? 'none'}, now ${current.phasesCommit ?? 'none'}) (stale): plan again`}
  }

  const item = current.analysis.items.find((one) => one.id === saved.itemId)
  const actual = current.analysis.actual.get(saved.itemId)
  if (!actual) return {kind: 'stale', check: 'exists', reason: 'the resource no longer exists (stale): plan again'}
  if (hashActualState(actual) !== saved.stateHash) return {kind: 'stale', check: 'unchanged', reason: 'the resource changed since the plan (stale): plan again'}
  if (!item) return {kind: 'stale', check: 'unchanged', reason: 'it has no drift now (stale): plan again'}
  if (hashDriftItem(item) !== saved.itemHash) return {kind: 'stale', check: 'unchanged', reason: 'its drift changed since the plan (the template or AWS changed) (stale): plan again'}

  // Same config, phases, AWS state and drift: the rebuilt entry is what the plan held when it was written.
  const rebuilt = rebuild(item, current.analysis)
  if (rebuilt.decision !== saved.decision) return {kind: 'tampered', reason: saved.decision === 'heal' ? `the plan heals it, but it cannot be healed: ${rebuilt.reason}` : `the plan reverts it, but it cannot be reverted: ${rebuilt.reason}`}
  const differing = COMPARED.filter((field) => canonicalJson(saved[field]) !== canonicalJson(rebuilt[field]))
  if (differing.length > 0) return {kind: 'tampered', reason: `it differs from the entry rebuilt from the config, phases and AWS in ${differing.map((field) => DESCRIBED[field]).join(', ')}`}
  return {kind: 'ok', entry: rebuilt}
}

export type RederivedPlan =
  /**
   * `plan` holds only the saved plan's `heal` entries: rebuilt and still `heal`, or `refused` with why (stale,
   * policy, limits). `skipped` is the failed check of each refused one: planned items that will not be applied.
   */
  | {ok: true; plan: HealPlan; skipped: Map<string, SafetyCheck>}
  | {ok: false; itemId: string; reason: string}

/**
 * The plan `drift heal --plan` runs: every saved `heal` entry judged against now, the policy of the current config
 * applied to the rebuilt ones (the saved decisions, reasons and other entries are not used). The first tampered
 * entry refuses the whole plan.
 */
export function rederiveSavedPlan(saved: HealPlan, current: CurrentInputs, rules: RederiveRules): RederivedPlan {
  const entries: HealPlanEntry[] = []
  const skipped = new Map<string, SafetyCheck>()
  const seen = new Set<string>()
  let healing = 0
  const refuse = (entry: HealPlanEntry, check: SafetyCheck) => {
    entries.push({...entry, decision: 'refused', reason: check.detail, actions: []})
    skipped.set(entry.itemId, check)
  }

  for (const entry of saved.entries) {
    if (!isApplied(entry)) continue
    if (seen.has(entry.itemId)) return {ok: false, itemId: entry.itemId, reason: 'it is listed twice'}
    seen.add(entry.itemId)
    const verdict = judgeSavedEntry(entry, saved, current, rules.rebuild)
    if (verdict.kind === 'tampered') return {ok: false, itemId: entry.itemId, reason: verdict.reason}
    if (verdict.kind === 'stale') {
      refuse(entry, {name: verdict.check, passed: false, detail: verdict.reason})
      continue
    }

    const violation = rules.refusal(verdict.entry)
    if (violation) refuse(verdict.entry, {name: 'policy', passed: false, detail: violation})
    else if (healing >= rules.maxResources) refuse(verdict.entry, {name: 'limits', passed: false, detail: `over autoHeal.maxResources (${rules.maxResources} per run)`})
    else {
      healing += 1
      entries.push(verdict.entry)
    }
  }

  return {ok: true, plan: {...saved, configHash: current.configHash, phasesCommit: current.phasesCommit, entries}, skipped}
}
