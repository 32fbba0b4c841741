import type {DriftItem, DriftReport, DriftSummary, UnsupportedResource} from '../core/model.js'
import {plural} from './style.js'

/** How many unsupported resources a human report names before folding the rest into "… and N more". */
export const MAX_UNSUPPORTED_LISTED = 10

/**
 * The report's counts in words that say what each number counts, so that they visibly add up: the items are drifted +
 * missing + extra; declared resources are in sync + drifted + missing; extra resources are not declared, so they are
 * items but not declared resources. Shared by the text and Markdown reports.
 */
export function countSentences({summary}: DriftReport): {items: string; notCompared: string} {
  return {
    items: `${summary.drifted} drifted + ${summary.missing} missing (of ${plural(summary.resources, 'declared resource')}, ${summary.inSync} in sync) + ${summary.extra} extra (in AWS, not declared)`,
    notCompared: notComparedSentence(summary),
  }
}

/** What was not compared or does not fail: `not compared: 2 resources of unsupported types (coverage 90.0%), …`. */
export function notComparedSentence(summary: DriftSummary): string {
  return [
    `not compared: ${plural(summary.unsupported, 'resource')} of unsupported types (coverage ${(summary.coverage * 100).toFixed(1)}%), ${plural(summary.notChecked, 'property', 'properties')}`,
    `not failing: ${plural(summary.expected, 'expected difference')}, ${summary.ignored} ignored${summary.baselined ? `, ${summary.baselined} baselined` : ''}`,
  ].join(' · ')
}

/**
 * The unsupported resources a human report names: the first few, and how many more. From the report's own list
 * (schema version 2); a report without one names none.
 */
export function unsupportedListing(summary: DriftSummary): {shown: UnsupportedResource[]; more: number} {
  const all = summary.unsupportedResources ?? []
  return {shown: all.slice(0, MAX_UNSUPPORTED_LISTED), more: Math.max(0, all.length - MAX_UNSUPPORTED_LISTED)}
}

/** `2 new, 1 returned, 5 known; 3 resolved since the last run`, or null for a report without history. */
export function historySentence(report: DriftReport): string | null {
  if (!report.items.some((item) => item.status !== undefined) && report.summary.resolved === undefined) return null
  const count = (status: string) => report.items.filter((item) => item.status === status).length
  return `${count('new')} new, ${count('returned')} returned, ${count('known')} known; ${report.summary.resolved?.length ?? 0} resolved since the last run`
}

/** How a report names an item: its ref (`target/region/LogicalId`) with config targets, where ids repeat; else its id. */
export const itemName = (item: Pick<DriftItem, 'id' | 'ref'>): string => item.ref ?? item.id

/**
 * One row per config target (none without targets): its account and counts, or why it was not read. AWS data
 * (the account id, the reason) is returned as is: each renderer escapes for its own sink.
 */
export function targetRows(summary: DriftSummary): Array<{target: string; account: string; counts: string; unread?: string}> {
  const unread = new Map((summary.unread ?? []).filter((entry) => entry.target !== undefined && entry.type === undefined).map((entry) => [entry.target!, entry.reason]))
  return Object.entries(summary.byTarget ?? {}).map(([target, counts]) => ({
    target,
    account: counts.account ?? '',
    counts: unread.has(target)
      ? `not read: ${plural(counts.unreadResources ?? 0, 'declared resource')} unread`
      : `${counts.drifted} drifted + ${counts.missing} missing (of ${counts.resources}, ${counts.inSync} in sync) + ${counts.extra} extra`,
    ...(unread.has(target) ? {unread: unread.get(target)} : {}),
  }))
}
