// drift watch: cycles of check, then heal and reverse sync when the environment says so, one after another.

import {formatDuration} from '../adapters/aws/errors.js'
import {LockHeldError} from '../adapters/lock-file.js'
import {untilAborted} from '../adapters/network/abort.js'
import {parseInterval} from '../core/shared/interval.js'
import type {CycleLog} from '../core/watch/cycle-log.js'
import {backoffDelay, type BackoffPolicy} from '../core/watch/schedule.js'
import {ExitCode, isIalError, RunTimeoutError, UsageError} from '../errors.js'
import {type CheckOptions, type CheckOutcome, runCheck} from './check.js'
import {withoutBaselined} from './baseline.js'
import {runHeal} from './heal.js'
import {checkAgainstHistory, usesHistory} from './history.js'
import {notifyDriftChange} from './notify.js'
import {runReverseSync} from './reverse-sync.js'
import {type Clock, type Runtime, withoutProgress} from './runtime.js'

/** One step of a cycle (check, heal, reverse-sync); returns a short summary for the log line. */
export interface WatchStep {
  name: string
  run: () => Promise<Record<string, unknown>>
}

export interface WatchOptions {
  intervalMs: number
  backoff: BackoffPolicy
  /**
   * Builds the steps of one cycle (settings are re-read each cycle, so a config fix needs no restart). `cycleSignal`
   * aborts when the cycle passes its deadline, and once it has ended: the steps hand it to their AWS, GitHub and
   * git calls so that nothing of a cycle outlives it.
   */
  steps: (cycleSignal: AbortSignal) => Promise<WatchStep[]>
  /** `--timeout` for `drift watch`: a cycle still running after this long is stopped and counts as failed. */
  cycleTimeoutMs?: number | null
  clock: Clock
  /** Aborted on SIGINT/SIGTERM: the loop ends after the current step. */
  signal: AbortSignal
  log: (entry: CycleLog) => void
  /** Stop after this many cycles (tests, `--once`). */
  maxCycles?: number
}

/**
 * Runs cycles one after another, never two at once. A failed cycle is retried after an exponential backoff
 * with jitter (capped at the interval) that resets after a success. A usage error (bad config or templates)
 * ends the loop: retrying cannot fix it. Returns the number of cycles run.
 */
export async function runWatch(options: WatchOptions): Promise<number> {
  const {clock, signal} = options
  let failures = 0
  let cycle = 0
  while (!signal.aborted && (options.maxCycles === undefined || cycle < options.maxCycles)) {
    cycle += 1
    const started = clock.now()
    const entry: CycleLog = {time: started.toISOString(), cycle, status: 'ok', durationMs: 0, steps: {}, nextRunInMs: null}
    const cycleAbort = new AbortController()
    const deadline = options.cycleTimeoutMs ? setTimeout(() => cycleAbort.abort(new RunTimeoutError(formatDuration(options.cycleTimeoutMs as number), 'cycle')), options.cycleTimeoutMs) : undefined
    try {
      for (const step of await options.steps(cycleAbort.signal)) {
        if (signal.aborted) break
        // A step that ignores the abort still ends the cycle: a hang is a failed cycle, never a stuck loop.
        entry.steps[step.name] = await untilAborted(step.run(), cycleAbort.signal)
      }

      failures = 0
    } catch (error) {
      if (isIalError(error) && error.exitCode === ExitCode.Usage) throw error
      failures += 1
      entry.status = 'error'
      // Past the deadline, what the abort made fail is a consequence: the deadline is the news.
      const reason = cycleAbort.signal.reason instanceof RunTimeoutError ? cycleAbort.signal.reason : error
      entry.error = isIalError(reason) ? reason.line : (reason as Error).message
    } finally {
      clearTimeout(deadline)
      if (!cycleAbort.signal.aborted) cycleAbort.abort(new Error('the cycle has ended'))
    }

    entry.durationMs = clock.now().getTime() - started.getTime()
    const last = signal.aborted || cycle === options.maxCycles
    const delay = failures === 0 ? options.intervalMs : Math.min(options.intervalMs, backoffDelay(failures, options.backoff, clock.random()))
    entry.nextRunInMs = last ? null : delay
    options.log(entry)
    if (!last) await clock.sleep(delay, signal)
  }

  return cycle
}

/** Backoff after AWS or GitHub errors starts at 30 s and never waits longer than the interval. */
const BACKOFF = {baseMs: 30_000, maxMs: 6 * 3_600_000}

export interface DriftWatchOptions extends CheckOptions {
  /** `--interval`; IAL_DRIFT_CHECK_INTERVAL, then config watch.interval, when absent. */
  interval?: string
  /** `--once`: one cycle, then stop. */
  once: boolean
  /** Aborted on SIGINT/SIGTERM: the loop ends after the current step. */
  signal: AbortSignal
  /** Called after each cycle with its log entry (the command prints it). */
  onCycle: (entry: CycleLog) => void
}

export interface DriftWatchResult {
  cycles: number
  /** The status of the last cycle run (with --once, the whole run's). */
  lastStatus: CycleLog['status'] | null
}

/**
 * `drift watch`. Each cycle gets a fresh runtime (`runtimeForCycle`): settings are read again, so a config fix or
 * a new IAL_* value needs no restart, and the cycle's own signal reaches every call of the cycle, so a cycle past
 * --timeout stops and counts as failed. AWS is read once per cycle: heal and reverse sync start from its check.
 */
export async function runDriftWatch(first: Runtime, runtimeForCycle: (cycleSignal: AbortSignal) => Promise<Runtime>, options: DriftWatchOptions): Promise<DriftWatchResult> {
  const intervalText = options.interval ?? first.settings.watchInterval
  const intervalMs = parseInterval(intervalText)
  if (intervalMs === null) throw new UsageError(`--interval ${intervalText} is not an interval`, 'use a number with a unit, e.g. 30m or 6h')

  let lastStatus: CycleLog['status'] | null = null
  const cycles = await runWatch({
    intervalMs,
    backoff: {...BACKOFF, maxMs: Math.min(BACKOFF.maxMs, intervalMs)},
    clock: first.clock,
    signal: options.signal,
    maxCycles: options.once ? 1 : undefined,
    log: (entry) => {
      lastStatus = entry.status
      options.onCycle(entry)
    },
    cycleTimeoutMs: first.settings.network.runTimeoutMs,
    steps: async (cycleSignal) => cycleSteps(withoutProgress(await runtimeForCycle(cycleSignal)), options),
  })
  return {cycles, lastStatus}
}

function cycleSteps(runtime: Runtime, request: CheckOptions): WatchStep[] {
  const {settings} = runtime
  const check: CheckOptions = {snapshotFile: request.snapshotFile, select: request.select, ignore: request.ignore, allowPartial: request.allowPartial}
  let outcome: CheckOutcome | undefined
  // Heal and reverse sync start from the cycle's own check instead of reading AWS again.
  const checked = async () => {
    if (!outcome) throw new Error('the check step did not run')
    return outcome
  }

  const steps: WatchStep[] = [
    {
      name: 'check',
      async run() {
        const checked = await withoutBaselined(runtime, await runCheck(runtime, check))
        outcome = usesHistory(runtime, check) ? await checkAgainstHistory(runtime, checked, check) : checked
        const notified = await notifyDriftChange(runtime, outcome.report)
        const {summary, items} = outcome.report
        const fresh = summary.resolved === undefined ? {} : {new: items.filter((item) => item.status === 'new').length, returned: items.filter((item) => item.status === 'returned').length, resolved: summary.resolved.length}
        return {resources: summary.resources, items: items.length, bySeverity: summary.bySeverity, ...fresh, ...(notified.length > 0 ? {notified: notified.filter((one) => one.delivered).length} : {})}
      },
    },
  ]
  if (settings.autoHealEnabled) {
    steps.push({
      name: 'heal',
      async run() {
        try {
          const result = await runHeal(runtime, {...check, dryRun: false, approve: 'auto', forceUnlock: false}, {check: checked})
          return {...result.summary, exitCode: result.exitCode}
        } catch (error) {
          // Another heal holding the lock is a reason to skip this cycle's heal, not to stop watching.
          if (error instanceof LockHeldError) return {skipped: error.line}
          throw error
        }
      },
    })
  }

  if (settings.reverseSyncAuto) {
    steps.push({
      name: 'reverseSync',
      async run() {
        const result = await runReverseSync(runtime, {...check, dryRun: false, all: false, prune: false, check: checked, command: 'ialctl drift watch'})
        return {status: result.status, prUrl: result.prUrl}
      },
    })
  }

  return steps
}
