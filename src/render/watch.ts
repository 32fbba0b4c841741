import {terminalText} from '../core/shared/untrusted-text.js'
import type {CycleLog} from '../core/watch/cycle-log.js'

/** A cycle as one log line: `<time> cycle <n> <status> (<ms> ms): <step key=value ...>; next in <s>s`. */
export function renderCycleLine(entry: CycleLog): string {
  const steps = Object.entries(entry.steps)
    .map(([name, result]) => `${name} ${Object.entries(result).map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`).join(' ')}`)
    .join('; ')
  const next = entry.nextRunInMs === null ? 'stopping' : `next in ${Math.round(entry.nextRunInMs / 1000)}s`
  const what = entry.status === 'ok' ? steps : `error: ${terminalText(entry.error ?? '')}`
  return `${entry.time} cycle ${entry.cycle} ${entry.status} (${entry.durationMs} ms): ${what}; ${next}\n`
}

/** The same cycle as one JSON line (`drift watch --json`). */
export const renderCycleJson = (entry: CycleLog): string => `${JSON.stringify(entry)}\n`
