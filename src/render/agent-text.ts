// The prose `ialctl mcp` tools give an agent next to their structured results. An agent reads this text as its own
// instructions, and a tag value or a name in AWS can be written to look like one (prompt injection): so these lines
// are made of counts, severities and ialctl's own words only. Every AWS string stays in the structured result.

import type {HealResult} from '../core/heal-result.js'
import type {DriftHistory} from '../core/history/view.js'
import {type DriftItem, type DriftReport, SEVERITIES, type Severity} from '../core/model.js'
import {countHealPlan, type HealPlan} from '../core/plan/heal-plan.js'
import {healSummaryLine} from './heal-result.js'
import {plural} from './style.js'

/** `check_drift`: what was found, and whether a `drift check --fail-on` at that threshold would fail. */
export function checkDriftText(report: DriftReport, failOn: Severity | 'never', fails: boolean): string {
  const {summary} = report
  if (report.items.length === 0) return sentences(`In sync: ${plural(summary.resources, 'declared resource')}, no drift.`, notCompared(report))
  const threshold = failOn === 'never' ? 'fail-on never: the CLI would exit 0' : `${fails ? 'at or above' : 'nothing at or above'} fail-on ${failOn}: the CLI would exit ${fails ? 2 : 0}`
  return sentences(
    `Drift: ${plural(report.items.length, 'item')} (${bySeverity(report.items)}): ${summary.drifted} drifted, ${summary.missing} missing, ${summary.extra} extra; ${summary.inSync} of ${summary.resources} declared resources in sync; ${threshold}.`,
    notCompared(report),
    'The items are in the structured result; explain_drift shows every difference with its template line.',
  )
}

/** `explain_drift`: how much there is to read in the structured result. */
export function explainDriftText(items: readonly DriftItem[]): string {
  if (items.length === 0) return 'No drift: the selected resources are in sync.'
  const differences = items.reduce((sum, item) => sum + item.differences.length, 0)
  return `${plural(items.length, 'item')} (${bySeverity(items)}) with ${plural(differences, 'difference')} in the structured result: each with its template file and line, the expected (template) and actual (AWS) value.`
}

/** `plan_heal`: what the plan would do, and how to apply it. */
export function healPlanText(plan: HealPlan): string {
  const counts = countHealPlan(plan)
  const critical = plan.entries.filter((entry) => entry.decision === 'heal' && entry.severity === 'critical').length
  const counted = `Heal plan: ${counts.heal} to heal, ${counts.reverseSync} left to reverse sync, ${counts.refused} refused, ${counts.ignored} ignored, ${counts.expected} expected.`
  if (counts.heal === 0) return `${counted} Nothing to heal.`
  const approval = critical > 0 ? ` ${plural(critical, 'critical item')} also need${critical === 1 ? 's' : ''} approval: the server's --approve-critical, or the person's answer when the server asks.` : ''
  return `${counted} To apply exactly this plan, call heal with its planToken and confirm: true (only when ialctl mcp runs with --allow-writes).${approval}`
}

/** `plan_revert`: what the revert plan would do, and how to apply it. */
export function revertPlanText(plan: HealPlan): string {
  const count = (decision: HealPlan['entries'][number]['decision']) => plan.entries.filter((entry) => entry.decision === decision).length
  const reverting = count('revert')
  const critical = plan.entries.filter((entry) => entry.decision === 'revert' && entry.severity === 'critical').length
  const counted = `Revert plan: ${reverting} to revert, ${count('cannot-revert')} cannot be reverted in place, ${count('refused')} refused.`
  if (reverting === 0) return `${counted} Nothing to revert.`
  const approval = critical > 0 ? ` ${plural(critical, 'critical item')} also need${critical === 1 ? 's' : ''} approval: the server's --approve-critical, or the person's answer when the server asks.` : ''
  return `${counted} To apply exactly this plan, call revert with its planToken and confirm: true (only when ialctl mcp runs with --allow-writes).${approval}`
}

/** `drift_history`: how much history there is. */
export function driftHistoryText(history: DriftHistory): string {
  if (history.runs === 0) return 'No history yet: each check_drift (and drift check) against AWS adds a run.'
  const open = history.items.filter((item) => item.state === 'open').length
  return `History of ${plural(history.runs, 'run')} (${history.firstRun} to ${history.lastRun}): ${open} open and ${history.items.length - open} resolved items, and the daily trend, in the structured result.`
}

/** `heal`: the CLI's summary line and its exit code class. */
export function healResultText(result: HealResult): string {
  return `${healSummaryLine(result)} ${EXIT_CLASS[result.exitCode] ?? `exit ${result.exitCode}`}.`
}

/** `reverse_sync_preview`. */
export function reverseSyncPreviewText(files: number, nothingToDo: boolean): string {
  if (nothingToDo) return 'Nothing to reverse-sync: no drift outside what a heal fixes. Nothing was pushed.'
  return `Reverse sync would change ${plural(files, 'template file')}; the unified diff and the pull request body are in the structured result. Nothing was pushed. To open the pull request, call reverse_sync_apply with its planToken and confirm: true (only when ialctl mcp runs with --allow-writes).`
}

/** `reverse_sync_apply`. */
export function reverseSyncApplyText(status: string, files: number): string {
  switch (status) {
    case 'opened': {
      return `Opened the reverse-sync pull request (${plural(files, 'file')}); its URL is prUrl in the structured result.`
    }

    case 'updated': {
      return `Updated the open reverse-sync pull request (${plural(files, 'file')}); its URL is prUrl in the structured result.`
    }

    case 'unchanged': {
      return 'The open reverse-sync pull request already carries this drift; nothing changed.'
    }

    default: {
      return 'Nothing to reverse-sync; nothing was pushed.'
    }
  }
}

/** An exit code in words, as the tools report it (SPEC 4). */
export const EXIT_CLASS: Record<number, string> = {
  0: 'exit 0: success',
  1: 'exit 1: usage or configuration error',
  2: 'exit 2: drift, or planned items not applied',
  3: 'exit 3: AWS or GitHub unreachable or denied',
  4: 'exit 4: a resource in an unknown state after a failed rollback',
}

function bySeverity(items: readonly DriftItem[]): string {
  return [...SEVERITIES]
    .reverse()
    .map((severity) => [severity, items.filter((item) => item.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ')
}

function notCompared({summary}: DriftReport): string {
  return summary.unsupported + summary.notChecked === 0 ? '' : `Not compared: ${plural(summary.unsupported, 'resource')} of unsupported types, ${plural(summary.notChecked, 'property', 'properties')}.`
}

const sentences = (...parts: string[]) => parts.filter((part) => part !== '').join(' ')
