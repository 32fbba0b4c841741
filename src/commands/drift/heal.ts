import {createInterface} from 'node:readline/promises'

import {Flags} from '@oclif/core'

import {checkInputFlags, checkOptions, selectionArgs, selectionFlags, selectionOf, snapshotFlag} from '../../check-flags.js'
import {BaseCommand} from '../../base-command.js'
import type {HealResult} from '../../core/heal-result.js'
import type {HealPlan} from '../../core/plan/heal-plan.js'
import {UsageError} from '../../errors.js'
import {applyPlanCommand} from '../../plan-command.js'
import {runHeal} from '../../workflows/heal.js'

export default class DriftHeal extends BaseCommand<typeof DriftHeal> {
  static override summary = 'Heal the drift that is safe to heal: plan, confirm, apply, verify, roll back on failure.'

  static override description =
    'Computes the heal plan (or loads one saved by `drift plan --out`), shows it, asks for confirmation on a terminal, then heals item by item: safety checks (still exists, unchanged since the plan, within limits, allowed by policy), the planned calls, a re-read to verify, and a rollback to the recorded values when anything fails. With `--plan FILE`, config, phases and AWS are read again and every call is rebuilt with the heal rules of its resource type: an item whose inputs changed since the plan is skipped as stale, and a plan whose saved calls differ from the rebuilt ones (edited by hand) is refused whole before anything is sent. Policy (autoHeal.forbid, severityLimit, maxResources) always comes from the config, never from the file. Every operation is appended to the audit log (config audit.file; one S3 object per run with state.backend aws). Exit 0 when every planned item was healed, 2 when a planned item was skipped (stale, limits, policy) or failed and was rolled back, 4 when a rollback failed (check that resource by hand), 1 when another heal holds the lock, the saved plan is malformed or was edited, or the question was not answered yes.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --auto-approve',
    '<%= config.bin %> <%= command.id %> Vpc EcsCluster --max-severity medium',
    '<%= config.bin %> <%= command.id %> --plan heal-plan.json',
    '<%= config.bin %> <%= command.id %> --dry-run --snapshot test/fixtures/demo-snapshot.json',
  ]

  static override strict = false

  static override args = selectionArgs

  static override flags = {
    ...checkInputFlags,
    ...selectionFlags,
    plan: Flags.string({
      description: 'Heal the items of this saved plan (from drift plan --out). Its calls are rebuilt from config, phases and AWS, never replayed; a hand-edited plan is refused.',
    }),
    'auto-approve': Flags.boolean({description: 'Heal without asking (required when not on a terminal).'}),
    'dry-run': Flags.boolean({description: 'Print the plan and change nothing.'}),
    'force-unlock': Flags.boolean({description: 'Remove the heal lock of a run that is gone: a stale lock file, or the shared lock item in DynamoDB (state.backend aws), whose holder is named.'}),
    snapshot: snapshotFlag('Plan (or re-derive a --plan) from a saved snapshot (only with --dry-run: a heal needs AWS).'),
  }

  public async run(): Promise<HealResult> {
    const {flags} = this
    const {argv} = await this.parse({flags: DriftHeal.flags, baseFlags: BaseCommand.baseFlags, enableJsonFlag: true, args: DriftHeal.args, strict: false})
    const dryRun = flags['dry-run']
    if (flags.snapshot && !dryRun) throw new UsageError('--snapshot cannot heal: a snapshot is not AWS', 'add --dry-run to see the plan from a snapshot, or leave out --snapshot')
    // Asked before reading anything: without a terminal there is no one to say yes.
    if (!dryRun && !flags['auto-approve'] && !process.stdin.isTTY) {
      throw new UsageError('refusing to heal without confirmation: stdin is not a terminal', 'pass --auto-approve to heal without a prompt, or --dry-run to see the plan')
    }

    const runtime = await this.runtime({maxApiRate: flags['max-api-rate']})
    return applyPlanCommand(
      {runtime, json: this.jsonEnabled(), setExitCode: (code) => this.setExitCode(code)},
      {plan: flags.plan, quiet: flags.quiet, dryRun, autoApprove: flags['auto-approve'], planCommand: 'ialctl drift plan --out FILE'},
      ({saved, onPlan}) =>
        runHeal(
          runtime,
          {
            plan: saved,
            dryRun,
            approve: flags['auto-approve'] ? 'auto' : (plan) => this.confirm(plan),
            forceUnlock: flags['force-unlock'],
            selection: selectionOf(flags, argv),
            ...checkOptions(flags),
          },
          {onPlan},
        ),
    )
  }

  /** terraform apply's question: only `yes` approves. */
  private async confirm(plan: HealPlan): Promise<boolean> {
    const count = plan.entries.filter((entry) => entry.decision === 'heal').length
    const prompt = createInterface({input: process.stdin, output: process.stderr})
    try {
      const answer = await prompt.question(`Do you want ialctl to heal ${count === 1 ? 'this resource' : `these ${count} resources`}?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: `)
      return answer.trim() === 'yes'
    } finally {
      prompt.close()
    }
  }
}
