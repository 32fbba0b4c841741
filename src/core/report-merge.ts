// One report from several: the regions and targets of one run, or the shard reports of a CI matrix
// (`report merge`). Counts add up, items keep SPEC 5's order, so merging shards gives the one-run report. Pure.

import {UsageError} from '../errors.js'
import {compareItems, compareText} from './diff/order.js'
import {type DriftReport, type DriftSummary, SEVERITIES, type Severity, type TargetSummary, type UnreadEntry, type UnsupportedResource} from './model.js'

const COUNTS = ['resources', 'inSync', 'drifted', 'missing', 'extra', 'unsupported', 'notChecked', 'ignored', 'expected'] as const

/**
 * Reports of the same phases commit and schema version -> one report. The caller checks what must not overlap
 * (`overlappingTargets`); here a target in several reports (its regions) is summed.
 */
export function mergeReports(reports: readonly DriftReport[], generatedAt: string): DriftReport {
  if (reports.length === 0) throw new UsageError('no report to merge', 'give the shard reports, e.g. reports/*.json')
  const [first] = reports
  for (const report of reports) {
    if (report.schemaVersion !== first.schemaVersion) throw new UsageError(`reports of schema versions ${first.schemaVersion} and ${report.schemaVersion} cannot be merged`, 'write every shard with the same ialctl version and --schema-version')
    if (report.source.phases !== first.source.phases) throw new UsageError(`reports of different phases (${first.source.phases} and ${report.source.phases}) cannot be merged`, 'merge the shards of one run')
    if (report.source.commit !== first.source.commit) throw new UsageError(`reports of different phases commits (${first.source.commit ?? 'none'} and ${report.source.commit ?? 'none'}) cannot be merged`, 'run every shard on the same commit')
  }

  const snapshots = new Set(reports.map((report) => report.source.snapshot))
  return {
    schemaVersion: first.schemaVersion,
    generatedAt,
    source: {
      phases: first.source.phases,
      commit: first.source.commit,
      uncommittedChanges: reports.some((report) => report.source.uncommittedChanges === true),
      regions: [...new Set(reports.flatMap((report) => report.source.regions))].sort(compareText),
      snapshot: snapshots.size === 1 ? first.source.snapshot : null,
    },
    summary: mergeSummaries(reports.map((report) => report.summary)),
    items: reports.flatMap((report) => report.items).sort(compareItems),
  }
}

/** Targets that appear in more than one of `reports` (shards must split the targets, not repeat them). */
export function overlappingTargets(reports: readonly DriftReport[]): string[] {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const report of reports) {
    for (const target of Object.keys(report.summary.byTarget ?? {})) {
      if (seen.has(target)) repeated.add(target)
      seen.add(target)
    }
  }

  return [...repeated].sort(compareText)
}

function mergeSummaries(summaries: readonly DriftSummary[]): DriftSummary {
  const sum = (count: (typeof COUNTS)[number]) => summaries.reduce((total, summary) => total + summary[count], 0)
  const counts = Object.fromEntries(COUNTS.map((count) => [count, sum(count)])) as Record<(typeof COUNTS)[number], number>
  const unreadResources = summaries.reduce((total, summary) => total + (summary.unreadResources ?? 0), 0)
  const covered = counts.resources + counts.unsupported + unreadResources
  const unread = summaries.flatMap((summary) => summary.unread ?? []).sort(compareUnread)
  const resolved = summaries.flatMap((summary) => summary.resolved ?? [])
  const baselined = summaries.some((summary) => summary.baselined !== undefined) ? summaries.reduce((total, summary) => total + (summary.baselined ?? 0), 0) : undefined
  const byTarget = mergeByTarget(summaries)
  return {
    ...counts,
    coverage: covered === 0 ? 1 : Math.round((counts.resources / covered) * 1000) / 1000,
    bySeverity: addSeverities(summaries.map((summary) => summary.bySeverity)),
    unsupportedResources: distinctUnsupported(summaries.flatMap((summary) => summary.unsupportedResources ?? [])),
    ...(resolved.length > 0 ? {resolved} : {}),
    ...(baselined === undefined ? {} : {baselined}),
    ...(unread.length > 0 ? {unread} : {}),
    ...(unreadResources > 0 ? {unreadResources} : {}),
    ...(byTarget ? {byTarget} : {}),
  }
}

function addSeverities(counts: ReadonlyArray<Record<Severity, number>>): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((severity) => [severity, counts.reduce((total, count) => total + count[severity], 0)])) as Record<Severity, number>
}

function mergeByTarget(summaries: readonly DriftSummary[]): Record<string, TargetSummary> | undefined {
  const merged = new Map<string, TargetSummary>()
  for (const [name, part] of summaries.flatMap((summary) => Object.entries(summary.byTarget ?? {}))) {
    const before = merged.get(name)
    if (!before) {
      merged.set(name, {...part, bySeverity: {...part.bySeverity}})
      continue
    }

    const unreadResources = (before.unreadResources ?? 0) + (part.unreadResources ?? 0)
    merged.set(name, {
      ...((before.account ?? part.account) ? {account: before.account ?? part.account} : {}),
      resources: before.resources + part.resources,
      inSync: before.inSync + part.inSync,
      drifted: before.drifted + part.drifted,
      missing: before.missing + part.missing,
      extra: before.extra + part.extra,
      bySeverity: addSeverities([before.bySeverity, part.bySeverity]),
      ...(unreadResources > 0 ? {unreadResources} : {}),
    })
  }

  return merged.size === 0 ? undefined : Object.fromEntries([...merged.entries()].sort(([left], [right]) => compareText(left, right)))
}

/** The phases are the same in every region and target: each unsupported resource is named once, in phase order. */
function distinctUnsupported(resources: readonly UnsupportedResource[]): UnsupportedResource[] {
  const seen = new Set<string>()
  return resources.filter((resource) => {
    const key = `${resource.type}\u0000${resource.id}\u0000${resource.location.file}:${resource.location.line}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

const compareUnread = (left: UnreadEntry, right: UnreadEntry): number =>
  compareText(left.target ?? '', right.target ?? '') || compareText(left.type ?? '', right.type ?? '') || compareText(left.region ?? '', right.region ?? '')
