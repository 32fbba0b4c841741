import type {HealChange, HealPlan, HealPlanEntry} from '../core/plan/heal-plan.js'
import {countHealPlan} from '../core/plan/heal-plan.js'
import {confirmationId, type RevertConfirmation} from '../core/plan/revert-approval.js'
import {tagKeyOf} from '../core/plan/heal-values.js'
import {terminalText as shown} from '../core/shared/untrusted-text.js'
import {formatValue, plural, type Style} from './style.js'

/** The count line, as `terraform plan` ends: `Plan: 2 to heal, 1 to reverse-sync, 0 refused.` (`Plan: 2 to revert, 1 cannot revert, 0 refused.`) */
export function healPlanCountLine(plan: HealPlan): string {
  const counts = countHealPlan(plan)
  if (plan.mode === 'revert') {
    const restarts = plan.entries.filter((entry) => entry.decision === 'revert' && entry.restarts).length
    return `Plan: ${counts.revert} to revert${restarts > 0 ? ` (${restarts} ${restarts === 1 ? 'restarts' : 'restart'})` : ''}, ${counts.cannotRevert} cannot revert, ${counts.refused} refused.`
  }

  return `Plan: ${counts.heal} to heal, ${counts.reverseSync} to reverse-sync, ${counts.refused} refused.`
}

/**
 * The plan as `terraform plan` shows one: per resource what changes, from the AWS value to the declared one, and by
 * which call; then what is left to reverse sync or refused, and why; then the count line.
 */
export function renderHealPlan(plan: HealPlan, style: Style): string {
  if (plan.mode === 'revert') return renderRevertPlan(plan, style)
  const lines: string[] = []
  const of = (decision: HealPlanEntry['decision']) => plan.entries.filter((entry) => entry.decision === decision)
  const heal = of('heal')

  if (heal.length === 0) lines.push('No changes: nothing that drifted can be healed safely.', '')
  else {
    lines.push(`ialctl will heal ${plural(heal.length, 'resource')} in place (from the AWS value → to the declared value):`, '')
    for (const entry of heal) {
      lines.push(`  ${style.bold(`# ${shown(entry.itemId)}`)} (${shown(entry.type)}) will be healed in place by ${[...new Set(entry.actions.map((action) => action.api))].join(', ')}`)
      lines.push(style.dim(`  #   ${where(entry)}`))
      for (const change of entry.changes) lines.push(`      ${changeLine(change, style)}`)
      lines.push('')
    }
  }

  listEntries(plan, lines, style, [
    ['reverse-sync', 'Not healed, left to reverse sync (Git follows AWS, or a person decides):'],
    ['refused', 'Refused (safe to heal, but not in this run):'],
    ['expected', 'Expected drift (a rule says so):'],
    ['ignored', 'Ignored (an ignore rule):'],
  ])
  lines.push(style.bold(healPlanCountLine(plan)))
  return `${lines.join('\n')}\n`
}

/**
 * A revert plan: per resource, what goes back and every call that does it (a person approves calls, not intents),
 * with what the calls do to the resource (restarts, scheduled, weakens security); then what cannot be reverted and
 * why, and what this run refuses.
 */
function renderRevertPlan(plan: HealPlan, style: Style): string {
  const lines: string[] = []
  const revert = plan.entries.filter((entry) => entry.decision === 'revert')
  if (revert.length === 0) lines.push('No changes: nothing that drifted can be reverted in place.', '')
  else {
    lines.push(`ialctl will revert ${plural(revert.length, 'resource')} in place (from the AWS value → to the declared value):`, '')
    for (const entry of revert) {
      const notes = [entry.restarts ? style.yellow('restarts') : '', entry.scheduled ? 'scheduled for the maintenance window' : '', entry.severity ? `severity ${entry.severity}` : ''].filter(Boolean)
      lines.push(`  ${style.bold(`# ${shown(entry.itemId)}`)} (${shown(entry.type)}) will be reverted${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`)
      lines.push(style.dim(`  #   ${where(entry)}`))
      if (entry.weakens) lines.push(style.red(`  #   weakens security: ${shown(entry.weakens)}`))
      for (const change of entry.changes) if (!Array.isArray(change.from) && !Array.isArray(change.to)) lines.push(`      ${changeLine(change, style)}`)
      for (const action of entry.actions) lines.push(`      ${style.cyan('call')} ${callLine(action)}`)
      lines.push('')
    }
  }

  listEntries(plan, lines, style, [
    ['cannot-revert', 'Cannot revert (a revert never does this; adopt it with reverse-sync or fix it by hand):'],
    ['refused', 'Refused (revertible, but not in this run):'],
    ['expected', 'Expected drift (a rule says so):'],
    ['ignored', 'Ignored (an ignore rule):'],
  ])
  lines.push(style.bold(healPlanCountLine(plan)))
  return `${lines.join('\n')}\n`
}

/** One call as sent: `EC2.RevokeSecurityGroupIngress {GroupId="sg-1", IpPermissions=[…]}`. */
export function callLine(call: {api: string; params: Record<string, unknown>}): string {
  return `${shown(call.api)} ${formatValue(call.params)}`
}

function listEntries(plan: HealPlan, lines: string[], style: Style, listed: Array<[HealPlanEntry['decision'], string]>): void {
  for (const [decision, title] of listed) {
    const entries = plan.entries.filter((entry) => entry.decision === decision)
    if (entries.length === 0) continue
    lines.push(title)
    for (const entry of entries) lines.push(`  ${decisionMarker(decision, style)} ${style.bold(shown(entry.itemId))} (${shown(entry.type)}): ${shown(entry.reason)}`)
    lines.push('')
  }
}

function where(entry: HealPlanEntry): string {
  const parts = [shown(entry.physicalId ?? '(no physical id)')]
  if (entry.region) parts.push(`in ${shown(entry.region)}`)
  const place = parts.join(' ')
  return entry.location ? `${place}, declared at ${entry.location.file}:${entry.location.line}` : place
}

/** `~ /DesiredCount: 5 → 2`; a tag that appears is `+`, one that goes away `-`. */
function changeLine(change: HealChange, style: Style): string {
  const absent = (value: unknown) => value === undefined || value === null
  const label = shown(tagKeyOf(change.path) === undefined ? change.path : `tag ${tagKeyOf(change.path)}`)
  if (absent(change.from)) return style.green(`+ ${label}: ${formatValue(change.to)}`)
  if (absent(change.to)) return style.red(`- ${label}: ${formatValue(change.from)}`)
  return style.yellow(`~ ${label}: ${formatValue(change.from)} → ${formatValue(change.to)}`)
}

function decisionMarker(decision: HealPlanEntry['decision'], style: Style): string {
  if (decision === 'reverse-sync') return style.cyan('→')
  if (decision === 'cannot-revert') return style.red('×')
  if (decision === 'refused') return style.yellow('!')
  return style.dim('·')
}

/**
 * The question a revert asks on a terminal: every call it will send, per resource, then what to type. Restarting and
 * security-changing items need their resource ids typed, so that approving them is never a reflex `yes`.
 */
export function revertPrompt(plan: HealPlan, confirmation: RevertConfirmation): string {
  const lines = ['ialctl will send these calls:']
  for (const entry of plan.entries.filter((one) => one.decision === 'revert')) {
    const notes = [entry.restarts ? 'restarts' : '', entry.weakens ? 'weakens security' : '', entry.severity ?? ''].filter(Boolean).join(', ')
    lines.push(`  ${shown(confirmationId(entry))} (${shown(entry.itemId)}${notes ? `, ${notes}` : ''}):`)
    for (const action of entry.actions) lines.push(`    ${callLine(action)}`)
  }

  const ask =
    confirmation.kind === 'yes'
      ? ["Do you want ialctl to revert these resources?", "  Only 'yes' will be accepted to approve."]
      : [
          'Do you want ialctl to revert these resources? Some are critical, restart or change security.',
          `  Type the resource ids to approve: ${confirmation.ids.map((id) => shown(id)).join(' ')}`,
        ]
  return `${[...lines, '', ...ask].join('\n')}\n\n  Enter a value: `
}
