// Memory between runs (SPEC 11): a checked report against the history (new / known / returned, resolved since the
// last run), and the record the run leaves for the next one.
import type {HistoryStore} from '../adapters/history-store.js'
import {withHistoryStatus} from '../core/history/annotate.js'
import {type HistoryScope, historyRunOf} from '../core/history/run-record.js'
import {compareWithHistory} from '../core/history/timeline.js'
import {type DriftHistory, driftHistory, type HistoryQuery, sinceTime} from '../core/history/view.js'
import {terminalText} from '../core/shared/untrusted-text.js'
import {keyOf} from '../core/targets.js'
import {UsageError} from '../errors.js'
import {parseInterval} from '../core/shared/interval.js'
import type {CheckOptions, CheckOutcome} from './check.js'
import type {Runtime} from './runtime.js'

/** The run's history store (config history.dir, or the S3 state backend): built by the runtime. */
export function historyStore(runtime: Runtime): HistoryStore {
  return runtime.history
}

/**
 * Whether a check takes part in the history. By default a check that read AWS does and a `--snapshot` check does
 * not: a snapshot is a replay of an earlier moment, and recording it under the time of the replay would make
 * resolved items come back. `--history` / `--no-history` decide for one run; config `history.enabled: false` for all.
 */
export function usesHistory(runtime: Runtime, options: Pick<CheckOptions, 'snapshotFile'>, asked?: boolean): boolean {
  if (!runtime.settings.config.history.enabled) return false
  return asked ?? options.snapshotFile === undefined
}

/** What a check looked at, for deciding which earlier items it can call resolved. */
export function checkScope(runtime: Runtime, outcome: CheckOutcome, options: Pick<CheckOptions, 'select'>): HistoryScope {
  return {
    regions: [...outcome.report.source.regions],
    phases: options.select && options.select.length > 0 ? [...outcome.model.phases] : null,
    // A run limited by --target (a CI shard) looked only at its targets: the others' items are not resolved by it.
    targets: outcome.units && runtime.settings.targets.length < runtime.settings.allTargets.length ? runtime.settings.targets.map((target) => target.name) : null,
    unread: outcome.snapshot.unread.map(({type, region}) => ({type, region})),
  }
}

/**
 * The outcome with its report compared against the history, after which the run is appended and the records past
 * retention are removed. Unreadable history files are skipped with one warning line each.
 */
export async function checkAgainstHistory(runtime: Runtime, outcome: CheckOutcome, options: Pick<CheckOptions, 'select'>): Promise<CheckOutcome> {
  const store = historyStore(runtime)
  const {runs, warnings} = await store.read()
  for (const warning of warnings) runtime.output.stderr(`Warning: ${warning}\n`)
  const run = historyRunOf(outcome.report, checkScope(runtime, outcome, options), (item) => outcome.analysis.desired.get(keyOf(item))?.phase ?? null)
  const report = withHistoryStatus(outcome.report, compareWithHistory(run, runs.map((stored) => stored.run)))
  await store.append(run)
  const {retention, maxRuns} = runtime.settings.config.history
  await store.prune(runtime.clock.now(), {maxAgeMs: parseInterval(retention) as number, maxRuns})
  return {...outcome, report}
}

/**
 * `drift history` (and the MCP server's `drift_history` tool): the history read back as items and a trend. Reads
 * only local files; unreadable history files and audit lines are skipped with one warning line each.
 */
export async function runDriftHistory(runtime: Runtime, query: HistoryQuery = {}): Promise<DriftHistory> {
  const {runs, warnings} = await historyStore(runtime).read()
  for (const warning of warnings) runtime.output.stderr(`Warning: ${warning}\n`)
  const {changes, skipped} = await runtime.audit.readApplied()
  if (skipped > 0) runtime.output.stderr(`Warning: ${skipped} line${skipped === 1 ? '' : 's'} of the audit log ${terminalText(runtime.audit.where)} are not audit records and were skipped\n`)
  return driftHistory(
    runs.map((stored) => stored.run),
    changes,
    runtime.clock.now().toISOString(),
    query,
  )
}

/** `--since` as given (a duration back from now, or an ISO date) -> the ISO time, or a usage error. */
export function sinceOption(runtime: Runtime, text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const since = sinceTime(text, runtime.clock.now().toISOString())
  if (since === null) throw new UsageError(`--since ${text} is neither a duration nor a date`, 'use e.g. 7d, 12h or 2026-11-01')
  return since
}
