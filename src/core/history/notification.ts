// When a check is worth a notification (SPEC 11): only when something is new, returned or resolved, so that a
// check every six hours does not repeat the same alert.
import type {DriftItem, DriftReport} from '../model.js'

export type NotifyOn = 'new' | 'returned' | 'resolved'

export interface DriftChange {
  /** New and returned items, in report order (most severe first). */
  fresh: DriftItem[]
  counts: Record<NotifyOn, number>
}

/** What changed since the last run, from a report compared with the history; null for a report without history. */
export function driftChange(report: DriftReport): DriftChange | null {
  if (report.summary.resolved === undefined) return null
  const fresh = report.items.filter((item) => item.status === 'new' || item.status === 'returned')
  return {
    fresh,
    counts: {new: fresh.filter((item) => item.status === 'new').length, returned: fresh.filter((item) => item.status === 'returned').length, resolved: report.summary.resolved.length},
  }
}

/** Whether the change is one the config asks to be told about (`notify.on`). */
export const notificationDue = (change: DriftChange | null, on: readonly NotifyOn[]): change is DriftChange => change !== null && on.some((kind) => change.counts[kind] > 0)
