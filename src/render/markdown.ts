import type {DriftAnalysis, DriftItem, DriftReport} from '../core/model.js'
import {SEVERITIES} from '../core/model.js'
import {nextSteps} from './next-steps.js'
import {markdownCode as code, markdownTableRow, markdownText} from '../core/shared/untrusted-text.js'
import {DRIFT_TYPE_LABELS, formatTypedValue, KIND_MARKERS, plural} from './style.js'
import {countSentences, historySentence, itemName, notComparedSentence, targetRows, unsupportedListing} from './summary.js'
import {freshFirst} from '../core/history/annotate.js'

const SEVERITY_BADGES = {critical: '🔴 critical', high: '🟠 high', medium: '🟡 medium', low: '🔵 low'} as const
const MAX_CHANGES_PER_ITEM = 5
const VALUE_WIDTH = 50

/** The report for pull-request comments and `$GITHUB_STEP_SUMMARY`: summary table, items table, next steps. */
export function renderMarkdown(report: DriftReport, details?: Pick<DriftAnalysis, 'expected'>, nextFlags?: string): string {
  const {summary} = report
  if (report.items.length === 0) {
    return `${['## ialctl drift check: no drift', '', `${plural(summary.resources, 'declared resource')} in sync; ${notComparedSentence(summary)}.`, '', ...targetTable(report), ...resolvedLines(report), ...unsupportedLines(report)].join('\n')}\n`
  }

  const sentences = countSentences(report)
  const history = historySentence(report)
  // Against a history, a Status column, and what a person has not seen yet first.
  const withStatus = report.items.some((item) => item.status !== undefined)
  const lines = [
    `## ialctl drift check: drift in ${plural(report.items.length, 'item')}`,
    '',
    `${SEVERITIES.toReversed()
      .filter((severity) => summary.bySeverity[severity] > 0)
      .map((severity) => `**${summary.bySeverity[severity]}** ${SEVERITY_BADGES[severity]}`)
      .join(' · ')}: ${sentences.items}.`,
    '',
    ...(history ? [`${capitalise(history)}.`, ''] : []),
    `${capitalise(sentences.notCompared)}.`,
    '',
    ...targetTable(report),
    withStatus ? '| Status | Severity | Resource | Type | Drift | Location | Changes |' : '| Severity | Resource | Type | Drift | Location | Changes |',
    withStatus ? '| --- | --- | --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- | --- | --- |',
    ...(withStatus ? freshFirst(report.items) : report.items).map((item) => itemRow(item, withStatus)),
    '',
    ...resolvedLines(report),
  ]
  if (details && details.expected.length > 0) {
    lines.push(`<details><summary>${plural(details.expected.length, 'expected difference')} (not failing)</summary>`, '')
    for (const entry of details.expected) {
      const value = (side: unknown) => code(formatTypedValue(entry.type, entry.difference.path, side, VALUE_WIDTH))
      lines.push(`- ${code(entry.id)} ${code(entry.difference.path)}: ${value(entry.difference.expected)} → ${value(entry.difference.actual)} (${markdownText(entry.rule)})`)
    }

    lines.push('', '</details>', '')
  }

  lines.push(...unsupportedLines(report))

  lines.push('**Next**', '', ...nextSteps(report, nextFlags).map((step) => `- ${code(step.command)}: ${step.why}`), '')
  return `${lines.join('\n')}\n`
}

const STATUS_BADGES = {new: '🆕 new', returned: '🔁 returned', known: 'known'} as const

function itemRow(item: DriftItem, withStatus: boolean): string {
  const location = item.location ? code(`${item.location.file}:${item.location.line}`) : `${markdownText(item.region ?? '')} ${code(item.physicalId ?? '')}`
  const changes =
    item.driftType === 'missing_resource'
      ? 'not found in AWS'
      : item.driftType === 'extra_resource'
        ? 'in AWS, not declared'
        : [
            ...item.differences
              .slice(0, MAX_CHANGES_PER_ITEM)
              .map((difference) => {
                const value = (side: unknown) => code(formatTypedValue(item.type, difference.path, side, VALUE_WIDTH))
                return `${KIND_MARKERS[difference.kind]} ${code(difference.path)}${difference.line === undefined ? '' : ` (line ${difference.line})`}: ${value(difference.expected)} → ${value(difference.actual)}`
              }),
            ...(item.differences.length > MAX_CHANGES_PER_ITEM ? [`… ${plural(item.differences.length - MAX_CHANGES_PER_ITEM, 'more')}`] : []),
          ].join('<br>')
  const heal = item.autoHealable ? ' (auto-healable)' : ''
  const who = item.changedBy ? `<br>changed by ${code(item.changedBy)} at ${code(item.changedAt ?? '?')}` : ''
  const status = item.status ? `${STATUS_BADGES[item.status]}${item.status === 'new' ? '' : ` (since ${item.firstSeen?.slice(0, 10) ?? '?'})`}` : ''
  return markdownTableRow([...(withStatus ? [status] : []), SEVERITY_BADGES[item.severity], code(itemName(item)), item.type, `${DRIFT_TYPE_LABELS[item.driftType]}${heal}`, location, `${changes}${who}`])
}

/** The items of the previous runs that this run no longer sees. */
function resolvedLines(report: DriftReport): string[] {
  const resolved = report.summary.resolved ?? []
  if (resolved.length === 0) return []
  return [`**Resolved since the last run (${resolved.length}):** ${resolved.map((item) => `${code(item.id)} (${markdownText(item.type)}, ${DRIFT_TYPE_LABELS[item.driftType]})`).join(', ')}.`, '']
}

/** The unsupported resources, named (a short list, the rest counted), so that nobody takes them as checked. */
function unsupportedLines(report: DriftReport): string[] {
  const {shown, more} = unsupportedListing(report.summary)
  if (shown.length === 0) return []
  const names = shown.map((resource) => `${code(resource.id)} (${resource.type}, ${code(`${resource.location.file}:${resource.location.line}`)})`)
  return [`**Unsupported, not compared (${report.summary.unsupported}):** ${names.join(', ')}${more > 0 ? ` … and ${more} more` : ''}.`, '']
}

const capitalise = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`

/** With config targets: a table of each target's account and counts, or why it was not read. */
function targetTable(report: DriftReport): string[] {
  const rows = targetRows(report.summary)
  if (rows.length === 0) return []
  return ['| Target | Account | Result |', '| --- | --- | --- |', ...rows.map((row) => markdownTableRow([code(row.target), row.account ? code(row.account) : '', row.unread ? `${row.counts}: ${markdownText(row.unread)}` : row.counts])), '']
}
