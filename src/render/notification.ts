// Notification messages: one subject and the drift reason per item with its file:line, in the shape each channel
// takes (Slack incoming webhook, a generic JSON webhook, SNS). AWS strings are escaped for the channel's reader.
import type {DriftChange} from '../core/history/notification.js'
import type {DriftItem, DriftReport} from '../core/model.js'
import {SEVERITIES} from '../core/model.js'
import {slackText, visibleControls} from '../core/shared/untrusted-text.js'
import {DRIFT_TYPE_LABELS, formatTypedValue} from './style.js'

/** Items spelled out in a message; the rest are counted (the webhook body carries them all). */
const MAX_ITEMS = 10
const VALUE_WIDTH = 80
/** SNS refuses a subject of 100 characters or more. */
const MAX_SUBJECT = 99

/** `ialctl drift: 2 new, 1 returned, 3 resolved (10 items: 2 critical, 1 high)`: counts only, no AWS string. */
export function notificationSubject(report: DriftReport, change: DriftChange): string {
  const severities = SEVERITIES.toReversed()
    .filter((severity) => report.summary.bySeverity[severity] > 0)
    .map((severity) => `${report.summary.bySeverity[severity]} ${severity}`)
  const subject = `ialctl drift: ${change.counts.new} new, ${change.counts.returned} returned, ${change.counts.resolved} resolved (${report.items.length} item${report.items.length === 1 ? '' : 's'}${severities.length > 0 ? `: ${severities.join(', ')}` : ''})`
  return subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject
}

/** One line per new or returned item: status, severity, id, type, drift, file:line, and why (the differences). */
export function itemReason(item: DriftItem): string {
  const where = item.location ? `${item.location.file}:${item.differences[0]?.line ?? item.location.line}` : `${item.region ?? ''} ${item.physicalId ?? ''}`.trim()
  const why =
    item.driftType === 'missing_resource'
      ? 'declared, not found in AWS'
      : item.driftType === 'extra_resource'
        ? 'in AWS inside the managed scope, not declared'
        : item.differences
            .slice(0, 3)
            .map((difference) => `${difference.path}: ${formatTypedValue(item.type, difference.path, difference.expected, VALUE_WIDTH)} → ${formatTypedValue(item.type, difference.path, difference.actual, VALUE_WIDTH)}`)
            .join('; ') + (item.differences.length > 3 ? `; +${item.differences.length - 3} more` : '')
  return visibleControls(`[${item.status ?? 'new'}] ${item.severity} ${item.id} (${item.type}, ${DRIFT_TYPE_LABELS[item.driftType]}) at ${where}: ${why}`)
}

function messageLines(report: DriftReport, change: DriftChange): string[] {
  const lines = change.fresh.slice(0, MAX_ITEMS).map(itemReason)
  if (change.fresh.length > MAX_ITEMS) lines.push(`… and ${change.fresh.length - MAX_ITEMS} more new or returned`)
  const resolved = report.summary.resolved ?? []
  if (resolved.length > 0) lines.push(`Resolved since the last run: ${resolved.slice(0, MAX_ITEMS).map((item) => visibleControls(`${item.id} (${item.type})`)).join(', ')}${resolved.length > MAX_ITEMS ? ` … and ${resolved.length - MAX_ITEMS} more` : ''}`)
  const source = report.source.snapshot ? `snapshot ${report.source.snapshot}` : report.source.regions.join(', ')
  lines.push(`Checked ${report.generatedAt} (${visibleControls(report.source.phases)}${report.source.commit ? ` @ ${report.source.commit.slice(0, 7)}` : ''} vs ${visibleControls(source)}).`)
  return lines
}

/** SNS: the subject with the counts, the message with the drift reason and file:line of each new item. */
export function snsNotification(report: DriftReport, change: DriftChange): {subject: string; message: string} {
  return {subject: notificationSubject(report, change), message: [notificationSubject(report, change), '', ...messageLines(report, change)].join('\n')}
}

/** Slack incoming webhook: `{text}` in Slack's mrkdwn, AWS strings escaped the way Slack asks. */
export function slackNotification(report: DriftReport, change: DriftChange): {text: string} {
  return {text: [`*${notificationSubject(report, change)}*`, ...messageLines(report, change).map((line) => `• ${slackText(line)}`)].join('\n')}
}

/** Generic webhook: the report's summary and the new and returned items as the JSON report has them. */
export function webhookNotification(report: DriftReport, change: DriftChange): Record<string, unknown> {
  return {
    event: 'ialctl.drift.changed',
    subject: notificationSubject(report, change),
    generatedAt: report.generatedAt,
    source: report.source,
    counts: change.counts,
    summary: report.summary,
    newItems: change.fresh,
  }
}
