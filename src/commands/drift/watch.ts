import {Flags} from '@oclif/core'

import {checkInputFlags, checkOptions} from '../../check-flags.js'
import {BaseCommand} from '../../base-command.js'
import {ExitCode} from '../../errors.js'
import {renderCycleJson, renderCycleLine} from '../../render/watch.js'
import {runDriftWatch} from '../../workflows/watch.js'

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
    // Each cycle's runtime carries the cycle's signal: --timeout bounds a cycle, not the whole loop.
    const runtime = (cycleSignal?: AbortSignal) => this.runtime({maxApiRate: flags['max-api-rate'], signal: cycleSignal})
    const controller = new AbortController()
    const stop = () => controller.abort()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
      const first = await runtime()
      const result = await runDriftWatch(first, runtime, {
        ...checkOptions(flags),
        interval: flags.interval,
        once: flags.once,
        signal: controller.signal,
        onCycle: (entry) => first.output.stdout(this.jsonEnabled() ? renderCycleJson(entry) : renderCycleLine(entry)),
      })
      // With --once the cycle is the whole run, so its failure is the exit code (AWS/GitHub: 3).
      if (flags.once && result.lastStatus === 'error') this.setExitCode(ExitCode.Remote)
    } finally {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
  }
}
