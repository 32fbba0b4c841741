import type {DriftItem} from '../model.js'
import {SEVERITIES} from '../model.js'

/**
 * SPEC 5 item order: severity (worst first), then target and region (items of config targets only: the implicit
 * target keeps the first release's order), then template file and line; extra resources have no location and come
 * after the declared ones of their severity, by id. Ids break the remaining ties so the order is total.
 */
export function compareItems(left: DriftItem, right: DriftItem): number {
  const bySeverity = SEVERITIES.indexOf(right.severity) - SEVERITIES.indexOf(left.severity)
  if (bySeverity !== 0) return bySeverity
  if (left.target !== undefined || right.target !== undefined) {
    const byTarget = compareText(left.target ?? '', right.target ?? '') || compareText(left.region ?? '', right.region ?? '')
    if (byTarget !== 0) return byTarget
  }

  if (left.location && !right.location) return -1
  if (!left.location && right.location) return 1
  if (left.location && right.location) {
    const byFile = compareText(left.location.file, right.location.file)
    if (byFile !== 0) return byFile
    const byLine = left.location.line - right.location.line
    if (byLine !== 0) return byLine
  }

  return compareText(left.id, right.id)
}

/** Code-unit order, not locale order: the same bytes on every machine. */
export const compareText = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0)
