import type {HealChange, HealPlan, HealPlanEntry} from '../core/plan/heal-plan.js'
import {countHealPlan} from '../core/plan/heal-plan.js'
import {tagKeyOf} from '../core/plan/heal-values.js'
import {terminalText as shown} from '../core/shared/untrusted-text.js'
import {formatValue, plural, type Style} from './style.js'

/** The count line, as `terraform plan` ends: `Plan: 2 to heal, 1 to reverse-sync, 0 refused.` */
export function healPlanCountLine(plan: HealPlan): string {
  const counts = countHealPlan(plan)
  return `Plan: ${counts.heal} to heal, ${counts.reverseSync} to reverse-sync, ${counts.refused} refused.`
}

/**
 * The plan as `terraform plan` shows one: per resource what changes, from the AWS value to the declared one, and by
 * which call; then what is left to reverse sync or refused, and why; then the count line.
 */
export function renderHealPlan(plan: HealPlan, style: Style): string {
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

  const listed: Array<[HealPlanEntry['decision'], string]> = [
    ['reverse-sync', 'Not healed, left to reverse sync (Git follows AWS, or a person decides):'],
    ['refused', 'Refused (safe to heal, but not in this run):'],
    ['expected', 'Expected drift (a rule says so):'],
    ['ignored', 'Ignored (an ignore rule):'],
  ]
  for (const [decision, title] of listed) {
    const entries = of(decision)
    if (entries.length === 0) continue
    lines.push(title)
    for (const entry of entries) lines.push(`  ${decisionMarker(decision, style)} ${style.bold(shown(entry.itemId))} (${shown(entry.type)}): ${shown(entry.reason)}`)
    lines.push('')
  }

  lines.push(style.bold(healPlanCountLine(plan)))
  return `${lines.join('\n')}\n`
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
  if (decision === 'refused') return style.yellow('!')
  return style.dim('·')
}
