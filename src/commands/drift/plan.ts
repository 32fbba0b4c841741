import {Flags} from '@oclif/core'

import {checkInputFlags, checkOptions, snapshotFlag} from '../../check-flags.js'
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
    '<%= config.bin %> <%= command.id %> --snapshot test/fixtures/demo-snapshot.json --out heal-plan.json',
  ]

  static override flags = {
    ...checkInputFlags,
    out: Flags.string({description: 'Save the plan as JSON to this file (for drift heal --plan).'}),
    snapshot: snapshotFlag('Plan from a saved snapshot instead of reading AWS (offline).'),
  }

  public async run(): Promise<HealPlan> {
    const runtime = await this.runtime({maxApiRate: this.flags['max-api-rate']})
    const plan = await runDriftPlan(runtime, {...checkOptions(this.flags), out: this.flags.out})
    if (!this.jsonEnabled()) {
      runtime.output.stdout(renderHealPlan(plan, createStyle(runtime.output.color)))
      if (this.flags.out && !this.flags.quiet) this.log(`\nSaved the plan to ${this.flags.out}. Apply it with: ialctl drift heal --plan ${this.flags.out}`)
    }

    return plan
  }
}
