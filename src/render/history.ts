// `drift history` for people: text (terminal) and Markdown (issues, step summaries). The HTML page is history-html.ts.
import type {DriftHistory, HistoryEntry, TrendDay} from '../core/history/view.js'
import {SEVERITIES} from '../core/model.js'
import {markdownCode as code, markdownTableRow, markdownText, terminalText as shown} from '../core/shared/untrusted-text.js'
import {DRIFT_TYPE_LABELS, paintSeverity, plural, type Style} from './style.js'

/** The text report lists the trend of the last this many days; JSON, Markdown and HTML have all of it. */
const TEXT_TREND_DAYS = 14

export const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '')

/** `3 items (1 open, 2 resolved) over 14 runs, 2026-11-01 → 2026-11-30`. */
export function historyHeadline(history: DriftHistory): string {
  const open = history.items.filter((entry) => entry.state === 'open').length
  const span = history.firstRun ? `, ${day(history.firstRun)} → ${day(history.lastRun)}` : ''
  return `${plural(history.items.length, 'item')} (${open} open, ${history.items.length - open} resolved) over ${plural(history.runs, 'run')}${span}`
}

/** How an entry was resolved, in words: `2026-11-02 by heal (arn:…)`, `2026-11-02 (went away)`. */
export function resolutionText(entry: HistoryEntry): string {
  if (entry.resolvedAt === null) return ''
  if (entry.resolvedBy === 'gone') return `${day(entry.resolvedAt)} (went away)`
  return `${day(entry.resolvedAt)} by ${entry.resolvedBy}${entry.resolvedByWho ? ` (${entry.resolvedByWho})` : ''}`
}

export function renderHistoryText(history: DriftHistory, style: Style): string {
  if (history.runs === 0) return 'No drift history yet: `ialctl drift check` records one run each time it reads AWS.\n'
  const lines = [style.bold(`Drift history: ${historyHeadline(history)}`), '']
  for (const state of ['open', 'resolved'] as const) {
    const entries = history.items.filter((entry) => entry.state === state)
    if (entries.length === 0) continue
    lines.push(style.bold(`${state.toUpperCase()} (${entries.length})`))
    for (const entry of entries) {
      const marker = state === 'open' ? paintSeverity(style, entry.severity, `● ${entry.severity}`) : style.green(`✓ ${entry.severity}`)
      const where = entry.location ? `  ${style.dim(`${shown(entry.location.file)}:${entry.location.line}`)}` : entry.region ? `  ${style.dim(shown(entry.region))}` : ''
      lines.push(`  ${marker} ${style.bold(shown(entry.id))}  ${shown(entry.type)} · ${DRIFT_TYPE_LABELS[entry.driftType]}${where}`)
      const facts = [
        `first seen ${day(entry.firstSeen)}`,
        `last seen ${day(entry.lastSeen)}`,
        plural(entry.runs, 'run'),
        ...(entry.returns > 0 ? [`returned ${entry.returns}×`] : []),
        ...(entry.resolvedAt ? [`resolved ${shown(resolutionText(entry))}`] : []),
        `age ${entry.ageDays} d`,
      ]
      lines.push(style.dim(`      ${facts.join(' · ')}`))
      if (entry.paths.length > 0) lines.push(style.dim(`      paths: ${entry.paths.slice(0, 5).map(shown).join(', ')}${entry.paths.length > 5 ? ` … +${entry.paths.length - 5}` : ''}`))
    }

    lines.push('')
  }

  if (history.items.length === 0) lines.push('No item matches.', '')
  const trend = history.trend.slice(-TEXT_TREND_DAYS)
  if (trend.length > 0) {
    lines.push(style.bold(`Trend (items open at the end of each day${history.trend.length > trend.length ? `, last ${trend.length} days` : ''}):`))
    lines.push(`  ${'day'.padEnd(10)}  ${SEVERITIES.toReversed().map((severity) => severity.padStart(8)).join('')}`)
    for (const point of trend) lines.push(`  ${point.day}  ${SEVERITIES.toReversed().map((severity) => String(point.bySeverity[severity]).padStart(8)).join('')}`)
  }

  return `${lines.join('\n')}\n`
}

export function renderHistoryMarkdown(history: DriftHistory): string {
  if (history.runs === 0) return '## ialctl drift history\n\nNo drift history yet.\n'
  const lines = [
    '## ialctl drift history',
    '',
    `${markdownText(historyHeadline(history))}.`,
    '',
    '| State | Severity | Resource | Type | Drift | First seen | Last seen | Runs | Resolved | Age (days) | Location |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...history.items.map((entry) =>
      markdownTableRow([
        entry.state,
        entry.severity,
        code(entry.id),
        code(entry.type),
        DRIFT_TYPE_LABELS[entry.driftType],
        day(entry.firstSeen),
        day(entry.lastSeen),
        String(entry.runs),
        markdownText(resolutionText(entry)),
        String(entry.ageDays),
        entry.location ? code(`${entry.location.file}:${entry.location.line}`) : code(entry.region ?? ''),
      ]),
    ),
    '',
  ]
  if (history.trend.length > 0) lines.push('### Trend (items open at the end of each day)', '', trendTable(history.trend), '')
  return `${lines.join('\n')}\n`
}

function trendTable(trend: readonly TrendDay[]): string {
  const severities = SEVERITIES.toReversed()
  return [`| Day | ${severities.join(' | ')} |`, `| --- | ${severities.map(() => '---:').join(' | ')} |`, ...trend.map((point) => `| ${point.day} | ${severities.map((severity) => point.bySeverity[severity]).join(' | ')} |`)].join('\n')
}
