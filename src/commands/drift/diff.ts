import {Args} from '@oclif/core'

import {checkInputFlags, checkOptions, failOnFlag, failsOn, snapshotFlag} from '../../check-flags.js'
import {BaseCommand} from '../../base-command.js'
import type {DriftItem} from '../../core/model.js'
import {selectItems} from '../../core/select-items.js'
import {ExitCode} from '../../errors.js'
import {renderDiff} from '../../render/diff.js'
import {createStyle} from '../../render/style.js'
import {inSyncLine} from '../../render/text.js'
import {runCheck} from '../../workflows/check.js'

export interface DriftDiffResult {
  items: DriftItem[]
}

export default class DriftDiff extends BaseCommand<typeof DriftDiff> {
  static override summary = 'Show every difference of drifted resources: file:line, path, expected → actual.'

  static override description = `Like terraform plan: + only in AWS, - only in the template, ~ changed. Without IDs, every drifted resource is shown.
Exit 2 when drift is shown, 0 when the resources are in sync, 1 for an unknown ID.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --snapshot test/fixtures/demo-snapshot.json',
    '<%= config.bin %> <%= command.id %> WebInstance DatabaseSecurityGroup',
  ]

  static override strict = false

  static override args = {
    ids: Args.string({description: 'Logical ids (or physical ids of extra resources) to show; all drifted resources when omitted.'}),
  }

  static override flags = {
    ...checkInputFlags,
    snapshot: snapshotFlag(),
    'fail-on': failOnFlag(),
  }

  public async run(): Promise<DriftDiffResult> {
    const {argv} = await this.parse({flags: DriftDiff.flags, baseFlags: BaseCommand.baseFlags, enableJsonFlag: true, args: DriftDiff.args, strict: false})
    const ids = (argv as string[]).filter((id) => id !== '')
    const runtime = await this.runtime({maxApiRate: this.flags['max-api-rate']})
    const {analysis, report} = await runCheck(runtime, checkOptions(this.flags))

    const items = selectItems(report.items, analysis.desired, ids)
    if (!this.jsonEnabled()) {
      if (items.length > 0) this.log(renderDiff(items, createStyle(runtime.output.color)).replace(/\n+$/, ''))
      else if (ids.length > 0) this.log(`No drift: ${ids.join(', ')} ${ids.length === 1 ? 'is' : 'are'} in sync.`)
      else this.log(inSyncLine(report))
    }

    if (failsOn(items, this.flags['fail-on'] ?? runtime.settings.config.check.failOn)) this.setExitCode(ExitCode.Drift)
    return {items}
  }
}
