import {Flags} from '@oclif/core'

import {checkInputFlags, checkOptions} from '../../check-flags.js'
import {BaseCommand} from '../../base-command.js'
import {parseInterval} from '../../core/shared/interval.js'
import {terminalText} from '../../core/shared/untrusted-text.js'
import {ExitCode, UsageError} from '../../errors.js'
import {LockHeldError} from '../../adapters/lock-file.js'
import type {Settings} from '../../config/settings.js'
import {type CheckOutcome, runCheck} from '../../workflows/check.js'
import {awsHealDependencies, runHeal} from '../../workflows/heal.js'
import {runReverseSync} from '../../workflows/reverse-sync.js'
import {type CycleLog, runWatch, systemClock, type WatchStep} from '../../workflows/watch.js'

/** Backoff after AWS or GitHub errors starts at 30 s and never waits longer than the interval. */
const BACKOFF = {baseMs: 30_000, maxMs: 6 * 3_600_000}

export default class DriftWatch extends BaseCommand<typeof DriftWatch> {
  protected override readonly timeoutBoundsEachCycle = true

  static override summary = 'Check for drift on an interval; heal and reverse-sync when the environment says so.'

  static override description =
    'A long-running loop for a container or a systemd service. Each cycle runs drift check, then drift heal --auto-approve when IAL_AUTO_HEAL_ENABLED=true, then reverse-sync when IAL_REVERSE_SYNC_AUTO=true, and prints one log line (one JSON object with --json). AWS is read once per cycle. AWS or GitHub errors, and endpoints that do not answer within their deadlines, fail the cycle and are retried with exponential backoff and jitter, reset after a success; --timeout bounds each cycle; a configuration error ends the loop with exit 1. Cycles never overlap. SIGINT or SIGTERM ends the loop after the current step, with exit 0.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --interval 6h',
    'IAL_DRIFT_CHECK_INTERVAL=30m IAL_AUTO_HEAL_ENABLED=true <%= config.bin %> <%= command.id %> --json',
  ]

  static override flags = {
    ...checkInputFlags,
    interval: Flags.string({description: 'Time between cycles, e.g. 30m or 6h (default IAL_DRIFT_CHECK_INTERVAL, then config watch.interval).'}),
    once: Flags.boolean({description: 'Run one cycle and stop.'}),
  }

  public async run(): Promise<void> {
    const {flags} = this
    const first = await this.settings()
    const intervalText = flags.interval ?? first.watchInterval
    const intervalMs = parseInterval(intervalText)
    if (intervalMs === null) throw new UsageError(`--interval ${intervalText} is not an interval`, 'use a number with a unit, e.g. 30m or 6h')

    const controller = new AbortController()
    const stop = () => controller.abort()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
      await runWatch({
        intervalMs,
        backoff: {...BACKOFF, maxMs: Math.min(BACKOFF.maxMs, intervalMs)},
        clock: systemClock,
        signal: controller.signal,
        maxCycles: flags.once ? 1 : undefined,
        log: (entry) => {
          this.logCycle(entry)
          // With --once the cycle is the whole run, so its failure is the exit code (AWS/GitHub: 3).
          if (flags.once && entry.status === 'error') this.setExitCode(ExitCode.Remote)
        },
        cycleTimeoutMs: first.network.runTimeoutMs,
        // Settings are read again each cycle: a config fix or a new IAL_* value needs no restart. The cycle's own
        // signal reaches every call of the cycle, so a cycle past --timeout stops and counts as failed.
        steps: async (cycleSignal) => {
          const settings = await this.settings()
          return this.cycleSteps({...settings, network: {...settings.network, signal: cycleSignal}})
        },
      })
    } finally {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
  }

  private cycleSteps(settings: Settings): WatchStep[] {
    const {flags} = this
    const request = checkOptions(flags)
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
          outcome = await runCheck(settings, request)
          const {summary} = outcome.report
          return {resources: summary.resources, items: outcome.report.items.length, bySeverity: summary.bySeverity}
        },
      },
    ]
    if (settings.autoHealEnabled) {
      steps.push({
        name: 'heal',
        async run() {
          try {
            const result = await runHeal(settings, {...request, dryRun: false, approve: 'auto', forceUnlock: false}, {...awsHealDependencies(settings, {maxApiRate: flags['max-api-rate']}), check: checked})
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
          const result = await runReverseSync(settings, {...request, dryRun: false, all: false, prune: false, check: checked, command: 'ialctl drift watch'})
          return {status: result.status, prUrl: result.prUrl}
        },
      })
    }

    return steps
  }

  private logCycle(entry: CycleLog): void {
    if (this.jsonEnabled()) {
      this.writeOut(`${JSON.stringify(entry)}\n`)
      return
    }

    const steps = Object.entries(entry.steps)
      .map(([name, result]) => `${name} ${Object.entries(result).map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`).join(' ')}`)
      .join('; ')
    const next = entry.nextRunInMs === null ? 'stopping' : `next in ${Math.round(entry.nextRunInMs / 1000)}s`
    const what = entry.status === 'ok' ? steps : `error: ${terminalText(entry.error ?? '')}`
    this.writeOut(`${entry.time} cycle ${entry.cycle} ${entry.status} (${entry.durationMs} ms): ${what}; ${next}\n`)
  }
}
