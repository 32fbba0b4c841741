import type {DriftItem} from '../core/model.js'
import {terminalText as shown} from '../core/shared/untrusted-text.js'
import {differenceLocation, DRIFT_TYPE_LABELS, formatTypedValue, KIND_MARKERS, paintKind, paintSeverity, type Style} from './style.js'

/** The diff is where every detail is read: only strings longer than this are shortened, in the middle. */
const VALUE_WIDTH = 200

/**
 * `ialctl drift diff`: every difference of every item, one line each, `file:line  path: expected → actual`,
 * marked and coloured like terraform plan (+ only in AWS, - only in the template, ~ changed).
 */
export function renderDiff(items: readonly DriftItem[], style: Style): string {
  const lines: string[] = []
  for (const item of items) {
    const marker = item.driftType === 'missing_resource' ? '-' : item.driftType === 'extra_resource' ? '+' : '~'
    const where = item.location ? `${item.location.file}:${item.location.line}` : shown(`${item.region ?? ''} ${item.physicalId ?? ''}`.trim())
    const header = `${marker} ${style.bold(shown(item.id))}  ${shown(item.type)}  ${DRIFT_TYPE_LABELS[item.driftType]}  ${paintSeverity(style, item.severity, item.severity)}${item.autoHealable ? '  auto-healable' : ''}`
    lines.push(item.driftType === 'missing_resource' ? style.red(header) : item.driftType === 'extra_resource' ? style.green(header) : header, `    ${style.dim(where)}`)
    if (item.driftType === 'missing_resource') lines.push(style.red(`    - declared here, not found in AWS`))
    if (item.driftType === 'extra_resource') lines.push(style.green(`    + in AWS (${shown(item.physicalId ?? '')}), not declared in any phase`))
    const width = Math.max(0, ...item.differences.map((difference) => differenceLocation(item, difference).length))
    for (const difference of item.differences) {
      const location = differenceLocation(item, difference).padEnd(width)
      const value = (side: unknown) => formatTypedValue(item.type, difference.path, side, VALUE_WIDTH)
      const change = `${shown(difference.path)}: ${value(difference.expected)} → ${value(difference.actual)}`
      lines.push(`    ${paintKind(style, difference.kind, KIND_MARKERS[difference.kind])} ${style.dim(location)}  ${paintKind(style, difference.kind, change)}`)
    }

    lines.push('')
  }

  return lines.join('\n')
}
