import type {DriftAnalysis, DriftItem, DriftReport, Severity, SuppressedDifference} from '../core/model.js'
import {SEVERITIES} from '../core/model.js'
import {nextSteps} from './next-steps.js'
import {terminalText as shown} from '../core/shared/untrusted-text.js'
import {differenceLocation, DRIFT_TYPE_LABELS, formatTypedValue, KIND_MARKERS, paintKind, paintSeverity, plural, type Style} from './style.js'
import {countSentences, historySentence, itemName, targetRows, unsupportedListing} from './summary.js'
import {isFresh} from '../core/history/annotate.js'

export interface TextOptions {
  style: Style
  /** What the report only counts; listed when given. */
  details?: Pick<DriftAnalysis, 'ignored' | 'expected' | 'notChecked'>
  /** `--show-ignored`: list suppressed differences instead of only counting them. */
  showIgnored?: boolean
  /** The user's flags that the suggested next commands repeat (e.g. `--phases .`). */
  nextFlags?: string
}

const MAX_DIFFERENCES_PER_ITEM = 5
const MAX_LISTED = 10
const VALUE_WIDTH = 60

/** The human report of `ialctl drift check`: one line when in sync; else summary, items by severity, next steps. */
export function renderText(report: DriftReport, options: TextOptions): string {
  const {style} = options
  const {summary} = report
  if (report.items.length === 0) return `${[inSyncLine(report), ...targetLines(report, style), ...resolvedLines(report, style), ...unsupportedLines(report, style)].join('\n')}\n`

  const counts = SEVERITIES.toReversed()
    .filter((severity) => summary.bySeverity[severity] > 0)
    .map((severity) => paintSeverity(style, severity, `${summary.bySeverity[severity]} ${severity}`))
  const sentences = countSentences(report)
  const history = historySentence(report)
  const lines = [`${style.bold(`Drift detected: ${plural(report.items.length, 'item')}`)} (${counts.join(', ')}) ${style.dim(sourceLabel(report))}`, style.dim(`  ${sentences.items}`), ...(history ? [style.dim(`  ${history}`)] : []), style.dim(`  ${sentences.notCompared}`), '']
  const targets = targetLines(report, style)
  if (targets.length > 0) lines.push(...targets, '')

  if (report.items.some((item) => item.status !== undefined)) {
    // Against a history, what a person has not seen yet comes first (severity order inside each group).
    const fresh = report.items.filter(isFresh)
    const known = report.items.filter((item) => !isFresh(item))
    for (const [heading, items] of [['NEW OR RETURNED SINCE THE LAST RUN', fresh], ['KNOWN', known]] as const) {
      if (items.length === 0) continue
      lines.push(style.bold(`${heading} (${items.length})`))
      for (const item of items) lines.push(...itemLines(item, item.severity, style, true))
      lines.push('')
    }
  } else {
    for (const severity of SEVERITIES.toReversed()) {
      const items = report.items.filter((item) => item.severity === severity)
      if (items.length === 0) continue
      lines.push(paintSeverity(style, severity, style.bold(`${severity.toUpperCase()} (${items.length})`)))
      for (const item of items) lines.push(...itemLines(item, severity, style))
      lines.push('')
    }
  }

  lines.push(...resolvedLines(report, style))
  lines.push(...detailLines(report, options))
  const unsupported = unsupportedLines(report, style)
  if (unsupported.length > 0) lines.push(...unsupported, '')
  const steps = nextSteps(report, options.nextFlags)
  if (steps.length > 0) {
    lines.push(style.bold('Next:'))
    const width = Math.max(...steps.map((step) => shown(step.command).length))
    for (const step of steps) lines.push(`  ${shown(step.command).padEnd(width)}  ${style.dim(step.why)}`)
  }

  return `${lines.join('\n')}\n`
}

export function inSyncLine(report: DriftReport): string {
  const {summary} = report
  const notes = [
    summary.expected > 0 ? `${summary.expected} expected` : '',
    summary.ignored > 0 ? `${summary.ignored} ignored` : '',
    summary.baselined ? `${summary.baselined} baselined` : '',
    summary.notChecked > 0 ? `${summary.notChecked} not checked` : '',
    summary.unsupported > 0 ? `${summary.unsupported} unsupported` : '',
  ].filter(Boolean)
  return `No drift: ${plural(summary.resources, 'declared resource')} in sync${notes.length > 0 ? ` (${notes.join(', ')})` : ''}.`
}

/** With config targets: each target's account and counts, or why it was not read. */
function targetLines(report: DriftReport, style: Style): string[] {
  const rows = targetRows(report.summary)
  if (rows.length === 0) return []
  const width = Math.max(...rows.map((row) => shown(row.target).length + (row.account ? row.account.length + 3 : 0)))
  return [
    style.bold(`Targets (${rows.length}):`),
    ...rows.map((row) => `  ${`${shown(row.target)}${row.account ? ` (${shown(row.account)})` : ''}`.padEnd(width)}  ${row.unread ? style.red(`${row.counts}: ${shown(row.unread)}`) : style.dim(row.counts)}`),
  ]
}

/** The resources ialctl did not compare because it does not read their type, named so nobody takes them as checked. */
function unsupportedLines(report: DriftReport, style: Style): string[] {
  const {shown, more} = unsupportedListing(report.summary)
  if (shown.length === 0) return []
  const idWidth = Math.max(...shown.map((resource) => resource.id.length))
  const typeWidth = Math.max(...shown.map((resource) => resource.type.length))
  return [
    style.bold(`Unsupported, not compared (${report.summary.unsupported}):`),
    ...shown.map((resource) => `  ${resource.id.padEnd(idWidth)}  ${resource.type.padEnd(typeWidth)}  ${style.dim(`${resource.location.file}:${resource.location.line}`)}`),
    ...(more > 0 ? [style.dim(`  … and ${more} more`)] : []),
  ]
}

function itemLines(item: DriftItem, severity: Severity, style: Style, namesSeverity = false): string[] {
  const impact = item.impact.length > 0 ? ` · ${item.impact.join(', ')}` : ''
  const heal = item.autoHealable ? ` · ${style.green('auto-healable')}` : ''
  const marker = paintSeverity(style, severity, namesSeverity ? `● ${severity}` : '●')
  const status = item.status ? `  ${style.dim(statusLabel(item))}` : ''
  const lines = [`  ${marker} ${style.bold(shown(itemName(item)))}  ${shown(item.type)} · ${DRIFT_TYPE_LABELS[item.driftType]}${impact}${heal}${status}`]
  if (item.changedBy) lines.push(style.dim(`      changed by ${shown(item.changedBy)} at ${shown(item.changedAt ?? '?')} (CloudTrail)`))
  if (item.driftType === 'missing_resource') lines.push(`      declared at ${item.location?.file}:${item.location?.line}, not found in AWS`)
  else if (item.driftType === 'extra_resource') lines.push(`      in AWS (${shown(item.region ?? '')}), inside the managed scope, not declared in any phase`)
  const width = Math.max(0, ...item.differences.slice(0, MAX_DIFFERENCES_PER_ITEM).map((difference) => shown(difference.path).length))
  for (const difference of item.differences.slice(0, MAX_DIFFERENCES_PER_ITEM)) {
    const value = (side: unknown) => formatTypedValue(item.type, difference.path, side, VALUE_WIDTH)
    const change =
      difference.kind === 'NOT_EQUAL'
        ? `${value(difference.expected)} → ${value(difference.actual)}`
        : difference.kind === 'ADD'
          ? `only in AWS: ${value(difference.actual)}`
          : `not in AWS: ${value(difference.expected)}`
    lines.push(`      ${paintKind(style, difference.kind, `${KIND_MARKERS[difference.kind]} ${shown(difference.path).padEnd(width)}`)}  ${change}  ${style.dim(differenceLocation(item, difference))}`)
  }

  const more = item.differences.length - MAX_DIFFERENCES_PER_ITEM
  if (more > 0) lines.push(style.dim(`      … ${plural(more, 'more difference')}: ialctl drift diff ${shown(itemName(item))}`))
  return lines
}

/** `[new]`, `[returned, first seen 2026-11-28]`, `[known since 2026-11-28]`. */
function statusLabel(item: DriftItem): string {
  const since = item.firstSeen?.slice(0, 10) ?? ''
  if (item.status === 'new') return '[new]'
  if (item.status === 'returned') return `[returned, first seen ${since}]`
  return `[known since ${since}]`
}

/** The items of the previous runs that this run no longer sees. */
function resolvedLines(report: DriftReport, style: Style): string[] {
  const resolved = report.summary.resolved ?? []
  if (resolved.length === 0) return []
  return [
    style.bold(`Resolved since the last run (${resolved.length}):`),
    ...resolved.slice(0, MAX_LISTED).map((item) => `  ${style.green('✓')} ${shown(item.id)}  ${shown(item.type)} · ${DRIFT_TYPE_LABELS[item.driftType]}  ${style.dim(`first seen ${item.firstSeen.slice(0, 10)}`)}`),
    ...moreLine(resolved.length, style),
    '',
  ]
}

function detailLines(report: DriftReport, options: TextOptions): string[] {
  const {style, details} = options
  const lines: string[] = []
  if (!details) return lines
  if (details.expected.length > 0) {
    lines.push(style.bold(`Expected drift (${details.expected.length}, not failing):`))
    for (const entry of details.expected.slice(0, MAX_LISTED)) {
      lines.push(`  ${shown(entry.id)} ${shown(entry.difference.path)}: ${suppressedChange(entry)}  ${style.dim(shown(entry.rule))}`)
    }

    lines.push(...moreLine(details.expected.length, style), '')
  }

  if (details.ignored.length > 0 && options.showIgnored) {
    lines.push(style.bold(`Ignored (${details.ignored.length}):`))
    for (const entry of details.ignored) {
      const what = entry.difference.path === '' ? `${shown(entry.type)} (whole resource)` : `${shown(entry.difference.path)}: ${suppressedChange(entry)}`
      lines.push(`  ${shown(entry.id)} ${what}  ${style.dim(`rule ${shown(entry.rule)}`)}`)
    }

    lines.push('')
  } else if (details.ignored.length > 0) {
    lines.push(style.dim(`${plural(details.ignored.length, 'difference')} ignored by rules (--show-ignored lists them).`), '')
  }

  if (details.notChecked.length > 0) {
    lines.push(style.bold(`Not checked (${details.notChecked.length}):`))
    for (const entry of details.notChecked.slice(0, MAX_LISTED)) lines.push(`  ${shown(entry.id)} ${shown(entry.path) || '(resource)'}: ${shown(entry.reason)}`)
    lines.push(...moreLine(details.notChecked.length, style), '')
  }

  return lines
}

const suppressedChange = ({type, difference}: SuppressedDifference): string =>
  `${formatTypedValue(type, difference.path, difference.expected, VALUE_WIDTH)} → ${formatTypedValue(type, difference.path, difference.actual, VALUE_WIDTH)}`

const moreLine = (count: number, style: Style) => (count > MAX_LISTED ? [style.dim(`  … and ${count - MAX_LISTED} more`)] : [])

function sourceLabel(report: DriftReport): string {
  const from = report.source.snapshot ? `snapshot ${shown(report.source.snapshot)}` : shown(report.source.regions.join(', '))
  const commit = report.source.commit ? ` @ ${report.source.commit.slice(0, 7)}${report.source.uncommittedChanges ? ' (+ uncommitted changes)' : ''}` : ''
  return `(${report.source.phases}${commit} vs ${from})`
}
