import type {Difference, DriftItem, Impact, Severity} from '../model.js'
import {IMPACTS, SEVERITIES} from '../model.js'
import {isTagPointer, topLevelProperty, withoutIndices} from '../shared/json-pointer.js'
import {nameGlob, pointerGlob} from '../shared/glob.js'
import {resourceType} from '../resources/index.js'
import type {PropertyRating} from '../resources/types.js'

/** Config `severity.overrides`: a type, an id and/or a property path (globs), and the severity they get. */
export interface SeverityOverride {
  type?: string
  path?: string
  id?: string
  severity: Severity
}

/**
 * Config `severity.base` (the seed's `sensitivity` map, SPEC 8): the base severity of each family of drift.
 * `tags`: every tag difference (so tag drift); `configuration`: the floor of configuration drift under the
 * property ratings; `resources`: missing and extra resources. Unset: the defaults of SPEC 3.
 */
export interface SeverityBase {
  tags?: Severity
  configuration?: Severity
  resources?: Severity
}

export interface RiskOptions {
  /** Config `severity.overrides`: with `path` they re-rate that property; without, they set the item's severity. */
  overrides: readonly SeverityOverride[]
  base?: SeverityBase
}

export type Rating = Omit<PropertyRating, 'path' | 'when'>

export type Risk = Pick<DriftItem, 'severity' | 'impact'>

// The ratings that are not about one type's properties (SPEC 3); each type module rates its own properties.

/** A property its type does not rate: worth a look, not an alarm. */
export const UNRATED: Rating = {severity: 'medium', impact: []}

/** Tags: cost allocation and ownership, never an outage. */
export const TAG_RATING: Rating = {severity: 'low', impact: ['cost']}

/** Words for humans, whatever the type calls them `Description`. */
const DESCRIPTION: PropertyRating = {path: '/Description', severity: 'low', impact: []}

export const DRIFT_TYPE_RATINGS = {
  missing_resource: {severity: 'high', impact: ['availability']},
  extra_resource: {severity: 'medium', impact: ['cost', 'security']},
  tag_drift: TAG_RATING,
} as const satisfies Record<string, Rating>

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

/** The rating of one drifted property: a config override for its path, else its type's rating, else UNRATED. */
export function rateDifference(item: {id: string; type: string}, difference: Difference, overrides: readonly SeverityOverride[], base: SeverityBase = {}): Rating {
  const tagRating = base.tags ? {...TAG_RATING, severity: base.tags} : TAG_RATING
  const tableRating = isTagPointer(difference.path) ? tagRating : typeRating(item.type, difference) ?? UNRATED
  const override = overrides.findLast(
    (rule) => rule.path !== undefined && pointerGlob(rule.path)(difference.path) && matchesResource(rule, item),
  )
  return override ? {...tableRating, severity: override.severity} : tableRating
}

/** Severity and impact of an item (SPEC 3). Pure. */
export function classify(item: Pick<DriftItem, 'id' | 'type' | 'driftType' | 'differences'>, options: RiskOptions): Risk {
  let severity: Severity
  const impact = new Set<Impact>()
  if (item.driftType === 'missing_resource' || item.driftType === 'extra_resource') {
    const rating = DRIFT_TYPE_RATINGS[item.driftType]
    severity = options.base?.resources ?? rating.severity
    for (const value of rating.impact) impact.add(value)
  } else {
    const ratings = item.differences.map((difference) => rateDifference(item, difference, options.overrides, options.base))
    for (const rating of ratings) for (const value of rating.impact) impact.add(value)
    severity = maxSeverity(ratings.map((rating) => rating.severity))
    if (item.driftType === 'configuration_drift') {
      severity = escalate(maxSeverity([severity, options.base?.configuration ?? 'low']), driftedProperties(item.differences))
    }
  }

  // A resource-wide override is the user's final word: the most specific one (id before type), the last one on ties.
  const resourceOverrides = options.overrides.filter((rule) => rule.path === undefined && (rule.id || rule.type) && matchesResource(rule, item))
  const chosen = resourceOverrides.findLast((rule) => rule.id) ?? resourceOverrides.at(-1)
  if (chosen) severity = chosen.severity
  return {severity, impact: IMPACTS.filter((value) => impact.has(value))}
}

/** Distinct top-level properties that drifted; all tags together count as one property (`Tags`). */
export const driftedProperties = (differences: readonly Difference[]): number => new Set(differences.map((difference) => topLevelProperty(difference.path))).size

function typeRating(type: string, difference: Difference): Rating | undefined {
  const path = withoutIndices(difference.path)
  const ratings = [...(resourceType(type)?.ratings ?? []), DESCRIPTION]
  const found = ratings.find((rating) => (path === rating.path || path.startsWith(`${rating.path}/`)) && (rating.when?.(difference) ?? true))
  return found && {severity: found.severity, impact: found.impact}
}

function matchesResource(rule: SeverityOverride, item: {id: string; type: string}): boolean {
  return (rule.id === undefined || nameGlob(rule.id)(item.id)) && (rule.type === undefined || nameGlob(rule.type)(item.type))
}
