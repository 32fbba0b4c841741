import {backoffDelay, type BackoffPolicy} from '../core/watch/schedule.js'
import {formatDuration} from '../adapters/aws/errors.js'
import {untilAborted} from '../adapters/network/abort.js'
import {ExitCode, isIalError, RunTimeoutError} from '../errors.js'

/** One step of a cycle (check, heal, reverse-sync); returns a short summary for the log line. */
export interface WatchStep {
  name: string
  run: () => Promise<Record<string, unknown>>
}

export interface WatchClock {
  now: () => Date
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>
  random: () => number
}

export interface CycleLog {
  time: string
  cycle: number
  status: 'ok' | 'error'
  durationMs: number
  steps: Record<string, Record<string, unknown>>
  error?: string
  nextRunInMs: number | null
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
  clock: WatchClock
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

/** The real clock: timers that an abort signal cuts short. */
export const systemClock: WatchClock = {
  now: () => new Date(),
  random: Math.random,
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve()
      const timer = setTimeout(done, ms)
      signal.addEventListener('abort', done, {once: true})
      function done() {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
    }),
}
