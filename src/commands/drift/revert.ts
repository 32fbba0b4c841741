import {createInterface} from 'node:readline/promises'

import {Flags} from '@oclif/core'

import {checkInputFlags, checkOptions, selectionArgs, selectionFlags, selectionOf, snapshotFlag} from '../../check-flags.js'
import {BaseCommand} from '../../base-command.js'
import type {HealResult} from '../../core/heal-result.js'
import type {HealPlan} from '../../core/plan/heal-plan.js'
import {approves, revertConfirmation} from '../../core/plan/revert-approval.js'
import {UsageError} from '../../errors.js'
import {applyPlanCommand} from '../../plan-command.js'
import {revertPrompt} from '../../render/heal-plan.js'
import {runRevert} from '../../workflows/revert.js'

export default class DriftRevert extends BaseCommand<typeof DriftRevert> {
  static override summary = 'Put AWS back to what Git declares, item by item, in place: plan, confirm, apply, verify, roll back on failure.'

  static override description =
    'For drift where Git is right and AWS was changed by hand: plans the calls that put the drifted properties back to the template values, where that can be done in place (security group rules by rule: a rule added by hand is revoked, one removed by hand authorized again; EC2 InstanceType by stop, modify and start and RDS DBInstanceClass, both only with --allow-restart; every property a heal puts back), and lists what cannot be reverted with the reason (a missing resource is never created, an extra one never deleted, nothing is replaced, encryption is never turned off, an unresolved value is never written). A revert that weakens security although Git says so (authorizing a rule open to the world) needs --approve-critical, prompt or not. On a terminal the prompt lists every call and wants the resource ids typed (or yes when every item is low risk); without one, --auto-approve, and --approve-critical for critical items. The same safety checks, verification, rollback, audit log (operation "revert") and lock as drift heal. An RDS class change waits for the maintenance window unless --apply-immediately; it is then recorded as scheduled, not verified. Exit codes as drift heal: 0 every planned item reverted (or scheduled), 2 an item was refused, skipped or rolled back, 4 a rollback failed, 1 usage (an unknown ID, a declined prompt, an edited plan).'

  static override examples = [
    '<%= config.bin %> <%= command.id %> DatabaseSecurityGroup',
    '<%= config.bin %> <%= command.id %> WebInstance --allow-restart',
    '<%= config.bin %> <%= command.id %> --type AWS::EC2::SecurityGroup --auto-approve --approve-critical',
    '<%= config.bin %> <%= command.id %> --plan revert-plan.json',
    '<%= config.bin %> <%= command.id %> --dry-run --snapshot test/fixtures/demo-snapshot.json',
  ]

  static override strict = false

  static override args = selectionArgs

  static override flags = {
    ...checkInputFlags,
    ...selectionFlags,
    plan: Flags.string({description: 'Revert the items of this saved plan (from drift plan --revert --out). Its calls are rebuilt from config, phases and AWS, never replayed; a hand-edited plan is refused.'}),
    'allow-restart': Flags.boolean({description: 'Allow reverts that stop or reboot a resource (EC2 InstanceType, RDS DBInstanceClass).'}),
    'apply-immediately': Flags.boolean({description: 'Make changes AWS would defer to the maintenance window now (RDS DBInstanceClass), and verify them.'}),
    'approve-critical': Flags.boolean({description: 'Approve critical items without a prompt (with --auto-approve), and reverts that weaken security because Git says so.'}),
    'auto-approve': Flags.boolean({description: 'Revert without asking (required when not on a terminal).'}),
    'dry-run': Flags.boolean({description: 'Print the plan and change nothing.'}),
    'force-unlock': Flags.boolean({description: 'Remove the heal lock of a run that is gone: a stale lock file, or the shared lock item in DynamoDB (state.backend aws), whose holder is named.'}),
    snapshot: snapshotFlag('Plan from a saved snapshot (only with --dry-run: a revert needs AWS).'),
  }

  public async run(): Promise<HealResult> {
    const {flags} = this
    const {argv} = await this.parse({flags: DriftRevert.flags, baseFlags: BaseCommand.baseFlags, enableJsonFlag: true, args: DriftRevert.args, strict: false})
    const dryRun = flags['dry-run']
    if (flags.snapshot && !dryRun) throw new UsageError('--snapshot cannot revert: a snapshot is not AWS', 'add --dry-run to see the plan from a snapshot, or leave out --snapshot')
    const interactive = !flags['auto-approve'] && process.stdin.isTTY === true
    // Asked before reading anything: without a terminal there is no one to say yes.
    if (!dryRun && !flags['auto-approve'] && !interactive) {
      throw new UsageError('refusing to revert without confirmation: stdin is not a terminal', 'pass --auto-approve (and --approve-critical for critical items) to revert without a prompt, or --dry-run to see the plan')
    }

    const runtime = await this.runtime({maxApiRate: flags['max-api-rate']})
    return applyPlanCommand(
      {runtime, json: this.jsonEnabled(), setExitCode: (code) => this.setExitCode(code)},
      {plan: flags.plan, quiet: flags.quiet, dryRun, autoApprove: flags['auto-approve'], planCommand: 'ialctl drift plan --revert --out FILE'},
      ({saved, onPlan}) =>
        runRevert(
          runtime,
          {
            plan: saved,
            dryRun,
            approve: flags['auto-approve'] ? 'auto' : (plan) => this.confirm(plan),
            forceUnlock: flags['force-unlock'],
            selection: selectionOf(flags, argv),
            revert: {allowRestart: flags['allow-restart'], applyImmediately: flags['apply-immediately'], approveCritical: flags['approve-critical'], interactive: interactive || dryRun},
            ...checkOptions(flags),
          },
          {onPlan},
        ),
    )
  }

  /** The resource ids (or `yes` when every item is low risk) approve; anything else declines. */
  private async confirm(plan: HealPlan): Promise<boolean> {
    const confirmation = revertConfirmation(plan)
    const prompt = createInterface({input: process.stdin, output: process.stderr})
    try {
      return approves(confirmation, await prompt.question(revertPrompt(plan, confirmation)))
    } finally {
      prompt.close()
    }
  }
}
