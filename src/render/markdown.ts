import type {DriftAnalysis, DriftItem, DriftReport} from '../core/model.js'
import {SEVERITIES} from '../core/model.js'
import {nextSteps} from './next-steps.js'
import {DRIFT_TYPE_LABELS, formatValue, KIND_MARKERS, plural} from './style.js'

const SEVERITY_BADGES = {critical: '🔴 critical', high: '🟠 high', medium: '🟡 medium', low: '🔵 low'} as const
const MAX_CHANGES_PER_ITEM = 5
const VALUE_WIDTH = 50

/** The report for pull-request comments and `$GITHUB_STEP_SUMMARY`: summary table, items table, next steps. */
export function renderMarkdown(report: DriftReport, details?: Pick<DriftAnalysis, 'expected'>): string {
  const {summary} = report
  if (report.items.length === 0) return `## ialctl drift check: no drift\n\n${plural(summary.resources, 'resource')} in sync (${summaryText(report)}).\n`
  const lines = [
    `## ialctl drift check: ${plural(report.items.length, 'item')} drifted`,
    '',
    `${SEVERITIES.toReversed()
      .filter((severity) => summary.bySeverity[severity] > 0)
      .map((severity) => `**${summary.bySeverity[severity]}** ${SEVERITY_BADGES[severity]}`)
      .join(' · ')} in ${plural(summary.resources, 'resource')} (${summaryText(report)}).`,
    '',
    '| Severity | Resource | Type | Drift | Location | Changes |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.items.map(itemRow),
    '',
  ]
  if (details && details.expected.length > 0) {
    lines.push(`<details><summary>${plural(details.expected.length, 'expected difference')} (not failing)</summary>`, '')
    for (const entry of details.expected) lines.push(`- \`${entry.id}\` \`${entry.difference.path}\`: ${code(formatValue(entry.difference.expected, VALUE_WIDTH))} → ${code(formatValue(entry.difference.actual, VALUE_WIDTH))} (${entry.rule})`)
    lines.push('', '</details>', '')
  }

  lines.push('**Next**', '', ...nextSteps(report).map((step) => `- \`${step.command}\`: ${step.why}`), '')
  return `${lines.join('\n')}\n`
}

function itemRow(item: DriftItem): string {
  const location = item.location ? code(`${item.location.file}:${item.location.line}`) : `${item.region ?? ''} ${code(item.physicalId ?? '')}`
  const changes =
    item.driftType === 'missing_resource'
      ? 'not found in AWS'
      : item.driftType === 'extra_resource'
        ? 'in AWS, not declared'
        : [
            ...item.differences
              .slice(0, MAX_CHANGES_PER_ITEM)
              .map((difference) => `${KIND_MARKERS[difference.kind]} ${code(difference.path)}${difference.line === undefined ? '' : ` (line ${difference.line})`}: ${code(formatValue(difference.expected, VALUE_WIDTH))} → ${code(formatValue(difference.actual, VALUE_WIDTH))}`),
            ...(item.differences.length > MAX_CHANGES_PER_ITEM ? [`… ${plural(item.differences.length - MAX_CHANGES_PER_ITEM, 'more')}`] : []),
          ].join('<br>')
  const heal = item.autoHealable ? ' (auto-healable)' : ''
  return `| ${SEVERITY_BADGES[item.severity]} | ${code(item.id)} | ${item.type} | ${DRIFT_TYPE_LABELS[item.driftType]}${heal} | ${location} | ${changes} |`
}

function summaryText(report: DriftReport): string {
  const {summary} = report
  return [
    `${summary.inSync} in sync`,
    `${summary.drifted} drifted`,
    `${summary.missing} missing`,
    `${summary.extra} extra`,
    `${summary.expected} expected`,
    `${summary.ignored} ignored`,
    `${summary.notChecked} not checked`,
    `${summary.unsupported} unsupported`,
    `coverage ${(summary.coverage * 100).toFixed(1)}%`,
  ].join(', ')
}

/** Inline code that survives a table cell: pipes escaped, backticks kept out of the span. */
const code = (text: string): string => (text === '' ? '' : `\`${text.replaceAll('`', "'").replaceAll('|', String.raw`\|`)}\``)
