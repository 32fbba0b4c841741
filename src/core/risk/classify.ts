import type {Config} from '../../config/schema.js'
import type {Difference, DriftItem, Impact, Severity} from '../model.js'
import {IMPACTS, SEVERITIES} from '../model.js'
import {isTagPointer, nameGlob, pointerGlob, topLevelProperty, withoutIndices} from '../diff/pointer.js'
import {resourceType} from '../resources/index.js'
import {DRIFT_TYPE_RATINGS, type PropertyRating, PROPERTY_RATINGS, TAG_RATING, UNRATED} from './ratings.js'

export type SeverityOverride = Config['severity']['overrides'][number]

export interface RiskOptions {
  /** Config `severity.overrides`: with `path` they re-rate that property; without, they set the item's severity. */
  overrides: readonly SeverityOverride[]
  /** Config `autoHeal.severityLimit`: configuration drift above it is never healed automatically. */
  severityLimit: Severity
}

export type Risk = Pick<DriftItem, 'severity' | 'impact' | 'autoHealable'>

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity)

export const maxSeverity = (severities: Iterable<Severity>): Severity => {
  let worst: Severity = 'low'
  for (const severity of severities) if (severityRank(severity) > severityRank(worst)) worst = severity
  return worst
}

/** SPEC 3: 3–5 drifted properties +1 step, 6–10 +2, more than 10 critical. */
export function escalate(severity: Severity, driftedProperties: number): Severity {
  if (driftedProperties > 10) return 'critical'
  const steps = driftedProperties >= 6 ? 2 : driftedProperties >= 3 ? 1 : 0
  return SEVERITIES[Math.min(severityRank(severity) + steps, SEVERITIES.length - 1)]
}

/** The rating of one drifted property: a config override for its path, else the table, else UNRATED. */
export function rateDifference(item: {id: string; type: string}, difference: Difference, overrides: readonly SeverityOverride[]): Omit<PropertyRating, 'path'> {
  const tableRating = isTagPointer(difference.path) ? TAG_RATING : tableLookup(item.type, difference) ?? UNRATED
  const override = overrides.findLast(
    (rule) => rule.path !== undefined && pointerGlob(rule.path)(difference.path) && matchesResource(rule, item),
  )
  return override ? {...tableRating, severity: override.severity} : tableRating
}

/** Severity, impact and autoHealable of an item (SPEC 3 and SPEC 6). Pure. */
export function classify(item: Pick<DriftItem, 'id' | 'type' | 'driftType' | 'differences'>, options: RiskOptions): Risk {
  let severity: Severity
  const impact = new Set<Impact>()
  if (item.driftType === 'missing_resource' || item.driftType === 'extra_resource') {
    const rating = DRIFT_TYPE_RATINGS[item.driftType]
    severity = rating.severity
    for (const value of rating.impact) impact.add(value)
  } else {
    const ratings = item.differences.map((difference) => rateDifference(item, difference, options.overrides))
    for (const rating of ratings) for (const value of rating.impact) impact.add(value)
    severity = maxSeverity(ratings.map((rating) => rating.severity))
    if (item.driftType === 'configuration_drift') severity = escalate(severity, driftedProperties(item.differences))
  }

  // A resource-wide override is the user's final word: the most specific one (id before type), the last one on ties.
  const resourceOverrides = options.overrides.filter((rule) => rule.path === undefined && (rule.id || rule.type) && matchesResource(rule, item))
  const chosen = resourceOverrides.findLast((rule) => rule.id) ?? resourceOverrides.at(-1)
  if (chosen) severity = chosen.severity
  return {
    severity,
    impact: IMPACTS.filter((value) => impact.has(value)),
    autoHealable: isAutoHealable(item, severity, options.severityLimit),
  }
}

/** Distinct top-level properties that drifted; all tags together count as one property (`Tags`). */
export const driftedProperties = (differences: readonly Difference[]): number => new Set(differences.map((difference) => topLevelProperty(difference.path))).size

/**
 * SPEC 6: tag drift always; configuration drift when every difference is a tag or a safe in-place property of the
 * type (with the value conditions SPEC 6 puts on some of them) and the severity is within the limit; never a
 * missing or an extra resource.
 */
export function isAutoHealable(item: Pick<DriftItem, 'type' | 'driftType' | 'differences'>, severity: Severity, severityLimit: Severity): boolean {
  if (item.driftType === 'tag_drift') return true
  if (item.driftType !== 'configuration_drift') return false
  if (severityRank(severity) > severityRank(severityLimit)) return false
  const module = resourceType(item.type)
  if (!module) return false
  return item.differences.every((difference) => {
    if (isTagPointer(difference.path)) return true
    const path = withoutIndices(difference.path)
    return module.safeHealPaths.includes(path) && (HEAL_GUARDS[path]?.(difference) ?? true)
  })
}

/** Value conditions of SPEC 6 on safe properties: retention stays on (non-zero to non-zero), protection only goes on. */
const HEAL_GUARDS: Record<string, (difference: Difference) => boolean> = {
  '/BackupRetentionPeriod': (difference) => Number(difference.expected) > 0 && Number(difference.actual) > 0,
  '/DeletionProtection': (difference) => difference.expected === true || difference.expected === 'true',
}

function tableLookup(type: string, difference: Difference): Omit<PropertyRating, 'path'> | undefined {
  const path = withoutIndices(difference.path)
  return PROPERTY_RATINGS.find(
    (rating) => (rating.type === undefined || rating.type === type) && (path === rating.path || path.startsWith(`${rating.path}/`)) && (rating.when?.(difference) ?? true),
  )
}

function matchesResource(rule: SeverityOverride, item: {id: string; type: string}): boolean {
  return (rule.id === undefined || nameGlob(rule.id)(item.id)) && (rule.type === undefined || nameGlob(rule.type)(item.type))
}
