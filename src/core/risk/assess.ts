// Assess: the one step that decides, per drift item, how bad it is and whether and how it can be healed (SPEC 3,
// SPEC 6). Severity, impact, the auto-healable flag and the heal plan's calls all come from here, from the same
// type rules, computed once per item.

import type {ActualResource, DriftAnalysis, DriftItem, ItemHeal, Severity} from '../model.js'
import {healOf, onlyHardens} from '../plan/heal-actions.js'
import {recommend} from '../plan/recommend.js'
import {revertEntryOf} from '../plan/revert-plan.js'
import {classify, type SeverityBase, type SeverityOverride, severityRank} from './classify.js'
import {compareItems} from '../diff/order.js'

export interface AssessOptions {
  /** Config `severity.overrides`. */
  severityOverrides: readonly SeverityOverride[]
  /** Config `severity.base`. */
  severityBase?: SeverityBase
  /** Config `autoHeal.severityLimit`: configuration drift above it is never healed automatically. */
  severityLimit: Severity
}

export interface Assessed {
  /** Classified, sorted in report order (SPEC 5). */
  items: DriftItem[]
  /** Item id -> its heal, for the heal plan. */
  heals: Map<string, ItemHeal>
}

/**
 * SPEC 6 `autoHealable`: tag drift and configuration drift within the severity limit (or only hardening), when the type module can
 * build the calls (every difference a tag or a safe in-place property, with the value rules on some of them);
 * never a missing or an extra resource.
 */
export function assessItem(item: DriftItem, actual: ActualResource | undefined, options: AssessOptions, declared?: Readonly<Record<string, unknown>>): {item: DriftItem; heal: ItemHeal} {
  const risk = classify(item, {overrides: options.severityOverrides, base: options.severityBase})
  const heal = healOf(item, actual)
  const withinLimit =
    item.driftType === 'tag_drift' ||
    (item.driftType === 'configuration_drift' && (severityRank(risk.severity) <= severityRank(options.severityLimit) || onlyHardens(item.type, heal.changes)))
  const assessed = {...item, ...risk, autoHealable: withinLimit && heal.build.ok}
  // Revertible in place at all, whatever the flags of a run (a restart or a weakening is the person's call then).
  const revertible = assessed.driftType === 'configuration_drift' && revertEntryOf(assessed, actual, {applyImmediately: false}, declared).decision === 'revert'
  return {item: {...assessed, recommended: recommend(assessed, revertible)}, heal}
}

/** The analysis with its items assessed and sorted, and their heals recorded for the heal plan. */
export function assessDrift(analysis: DriftAnalysis, options: AssessOptions): DriftAnalysis {
  const {items, heals} = assessItems(analysis.items, analysis.actual, options, analysis.resolved)
  return {...analysis, items, heals}
}

/** Every item assessed once, then sorted once. */
export function assessItems(items: readonly DriftItem[], actual: ReadonlyMap<string, ActualResource>, options: AssessOptions, resolved?: ReadonlyMap<string, Record<string, unknown>>): Assessed {
  const heals = new Map<string, ItemHeal>()
  const assessed = items.map((item) => {
    const result = assessItem(item, actual.get(item.id), options, resolved?.get(item.id))
    heals.set(item.id, result.heal)
    return result.item
  })
  return {items: assessed.sort(compareItems), heals}
}
