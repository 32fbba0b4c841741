import {Flags} from '@oclif/core'

import {checkInputFlags, checkOptions, selectionArgs, selectionFlags, selectionOf, snapshotFlag} from '../../check-flags.js'
import {BaseCommand} from '../../base-command.js'
import type {HealPlan} from '../../core/plan/heal-plan.js'
import {renderHealPlan} from '../../render/heal-plan.js'
import {createStyle} from '../../render/style.js'
import {runDriftPlan} from '../../workflows/plan.js'

export default class DriftPlan extends BaseCommand<typeof DriftPlan> {
  static override summary = 'Show the heal plan: what a heal would change, by which API call, and what it leaves alone and why.'

  static override description =
    'Like `terraform plan` for drift. Each drifted item is either healed in place (tags, and a few settings safe to change in place: ECS DesiredCount, RDS backup and maintenance windows, backup retention and deletion protection, alarm thresholds, periods and actions, EC2 detailed monitoring), left to reverse sync, refused (limits, severity, policy), ignored or expected, with the reason. `--out FILE` saves the plan with the config hash, the phases commit and a hash of each target as seen, for `ialctl drift heal --plan FILE`. `--snapshot FILE` plans offline from a saved snapshot.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --out heal-plan.json',
    '<%= config.bin %> <%= command.id %> --revert DatabaseSecurityGroup --out revert-plan.json',
    '<%= config.bin %> <%= command.id %> --snapshot test/fixtures/demo-snapshot.json --out heal-plan.json',
  ]

  static override strict = false

  static override args = selectionArgs

  static override flags = {
    ...checkInputFlags,
    ...selectionFlags,
    revert: Flags.boolean({description: 'The revert plan (drift revert) instead of the heal plan: what goes back to the template values in place, what cannot, and why.'}),
    'allow-restart': Flags.boolean({description: 'With --revert: plan reverts that stop or reboot a resource.', dependsOn: ['revert']}),
    'apply-immediately': Flags.boolean({description: 'With --revert: plan changes AWS would defer as immediate (the plan records it).', dependsOn: ['revert']}),
    'approve-critical': Flags.boolean({description: 'With --revert: plan reverts that weaken security because Git says so.', dependsOn: ['revert']}),
    out: Flags.string({description: 'Save the plan as JSON to this file (for drift heal --plan, or drift revert --plan with --revert).'}),
    snapshot: snapshotFlag('Plan from a saved snapshot instead of reading AWS (offline).'),
  }

  public async run(): Promise<HealPlan> {
    const {flags} = this
    const {argv} = await this.parse({flags: DriftPlan.flags, baseFlags: BaseCommand.baseFlags, enableJsonFlag: true, args: DriftPlan.args, strict: false})
    const runtime = await this.runtime({maxApiRate: flags['max-api-rate']})
    // A person runs the plan on a terminal: critical items are shown as revertible, the prompt asks for their ids.
    const revert = flags.revert ? {allowRestart: flags['allow-restart'], applyImmediately: flags['apply-immediately'], approveCritical: flags['approve-critical'], interactive: true} : undefined
    const plan = await runDriftPlan(runtime, {...checkOptions(flags), out: flags.out, selection: selectionOf(flags, argv), revert})
    if (!this.jsonEnabled()) {
      runtime.output.stdout(renderHealPlan(plan, createStyle(runtime.output.color)))
      const command = flags.revert ? 'ialctl drift revert' : 'ialctl drift heal'
      if (flags.out && !flags.quiet) this.log(`\nSaved the plan to ${flags.out}. Apply it with: ${command} --plan ${flags.out}`)
    }

    return plan
  }
}
