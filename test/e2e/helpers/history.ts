import type {DriftItem, DriftReport} from '../../../src/core/model.js'

/**
 * An item without what the history adds (status, first seen): for comparing the items of two checks of the same
 * estate, where the second necessarily sees them as known.
 */
export function withoutHistory(item: DriftItem): DriftItem {
  const {status: _status, firstSeen: _firstSeen, ...rest} = item
  return rest
}

/** A report without what the history adds to its items and summary. */
export function reportWithoutHistory(report: DriftReport): DriftReport {
  const {resolved: _resolved, ...summary} = report.summary
  return {...report, summary, items: report.items.map(withoutHistory)}
}
