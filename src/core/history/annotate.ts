import type {DriftItem, DriftReport} from '../model.js'
import {historyItem} from './run-record.js'
import type {RunComparison} from './timeline.js'

/** The report with each item's status and first sighting, and the items resolved since the last run (SPEC 11). */
export function withHistoryStatus(report: DriftReport, comparison: RunComparison): DriftReport {
  const items = report.items.map((item) => {
    const standing = comparison.standings.get(historyItem(item, null).key)
    return standing ? {...item, status: standing.status, firstSeen: standing.firstSeen} : item
  })
  return {...report, summary: {...report.summary, resolved: comparison.resolved}, items}
}

/** New and returned items: the ones a person has not seen yet (`--fail-on-new` looks only at these). */
export const isFresh = (item: DriftItem): boolean => item.status === undefined || item.status !== 'known'

/** The items with new and returned first, the report's order kept otherwise: what text and Markdown show. */
export const freshFirst = (items: readonly DriftItem[]): DriftItem[] => [...items.filter(isFresh), ...items.filter((item) => !isFresh(item))]
