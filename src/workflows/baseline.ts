// The onboarding baseline: `drift baseline` accepts today's drift; `drift check` leaves accepted items out.
import path from 'node:path'

import {readBaselineFile, writeBaselineFile} from '../adapters/baseline-file.js'
import {acceptCurrentDrift, applyBaseline, type BaselineMiss} from '../core/history/baseline.js'
import type {Baseline} from '../core/history/baseline.js'
import {buildReport} from '../core/report.js'
import {targetSummary} from '../core/targets.js'
import {parseInterval} from '../core/shared/interval.js'
import {terminalText} from '../core/shared/untrusted-text.js'
import {UsageError} from '../errors.js'
import {type CheckOptions, type CheckOutcome, mergedOutcome, runCheck} from './check.js'
import type {Runtime} from './runtime.js'

export const baselineFile = (runtime: Runtime): string => path.resolve(runtime.cwd, runtime.settings.config.baseline.file)

/**
 * The outcome without the items the baseline accepts (report rebuilt, `summary.baselined` set), and one line on
 * stderr naming the items whose entry no longer applies (value changed, expired). Unchanged without a baseline file.
 */
export async function withoutBaselined(runtime: Runtime, outcome: CheckOutcome): Promise<CheckOutcome> {
  const baseline = await readBaselineFile(baselineFile(runtime))
  if (!baseline) return outcome
  if (outcome.units) {
    // Each region of each target on its own (its report carries its target's counts), then merged again.
    const units = outcome.units.map((unit) => withBaseline(runtime, unit, baseline))
    return mergedOutcome(units, outcome.unreadTargets ?? [], outcome.report.generatedAt)
  }

  return withBaseline(runtime, outcome, baseline)
}

function withBaseline<O extends Omit<CheckOutcome, 'units'>>(runtime: Runtime, outcome: O, baseline: Baseline): O {
  const {analysis, baselined, misses} = applyBaseline(outcome.analysis, baseline, outcome.report.generatedAt)
  if (misses.length > 0) runtime.output.stderr(`Warning: ${missesLine(misses)}\n`)
  if (baselined === 0) return {...outcome, report: {...outcome.report, summary: {...outcome.report.summary, baselined: 0}}}
  const report = buildReport(analysis, outcome.report.source, outcome.report.generatedAt)
  const {byTarget} = outcome.report.summary
  const summary = {...report.summary, baselined}
  // A unit's counts after the baseline are its target's counts.
  const target = byTarget && Object.keys(byTarget).length === 1 ? Object.keys(byTarget)[0] : undefined
  return {...outcome, analysis, report: {...report, summary: target ? {...summary, byTarget: {[target]: targetSummary({...report, summary}, byTarget![target].account)}} : summary}}
}

function missesLine(misses: BaselineMiss[]): string {
  const named = misses.slice(0, 5).map((miss) => `${terminalText(miss.id)} (${miss.why === 'expired' ? 'baseline expired' : 'value changed since baselined'})`)
  return `${misses.length === 1 ? '1 baselined item is' : `${misses.length} baselined items are`} reported again: ${named.join(', ')}${misses.length > 5 ? `, and ${misses.length - 5} more` : ''}`
}

export interface DriftBaselineOptions extends CheckOptions {
  /** `--expires`: a duration from now (`30d`), a date, or `never`. */
  expires: string
  /** `--reason` for the new entries; the placeholder when absent. */
  reason?: string
}

export interface DriftBaselineResult {
  file: string
  /** Entries in the file now. */
  accepted: number
  /** Of those, entries that were already there and kept their date, reason and expiry. */
  kept: number
  /** Entries dropped because their item is gone. */
  dropped: number
  expires: string | null
}

/** `drift baseline`: check, then write every current item into the baseline file as accepted. */
export async function runDriftBaseline(runtime: Runtime, options: DriftBaselineOptions): Promise<DriftBaselineResult> {
  const now = runtime.clock.now()
  const expires = expiryTime(options.expires, now)
  const file = baselineFile(runtime)
  const previous = await readBaselineFile(file)
  const {report} = await runCheck(runtime, options)
  const next = acceptCurrentDrift(report.items, previous, now.toISOString(), expires)
  if (options.reason !== undefined) for (const entry of next.items) if (!previous?.items.includes(entry)) entry.reason = options.reason
  await writeBaselineFile(file, next)
  const kept = next.items.filter((entry) => previous?.items.includes(entry)).length
  return {file: path.relative(runtime.cwd, file) || file, accepted: next.items.length, kept, dropped: (previous?.items.length ?? 0) - kept, expires}
}

function expiryTime(text: string, now: Date): string | null {
  if (text === 'never') return null
  const ms = parseInterval(text)
  if (ms !== null) return new Date(now.getTime() + ms).toISOString()
  const date = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN
  if (Number.isNaN(date) || date <= now.getTime()) throw new UsageError(`--expires ${text} is not a duration, a future date or never`, 'use e.g. 30d, 2027-01-31 or never')
  return new Date(date).toISOString()
}
