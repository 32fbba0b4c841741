import {Flags} from '@oclif/core'

import {checkInputFlags, checkOptions, snapshotFlag} from '../../check-flags.js'
import {BaseCommand} from '../../base-command.js'
import {type DriftBaselineResult, runDriftBaseline} from '../../workflows/baseline.js'

export default class DriftBaseline extends BaseCommand<typeof DriftBaseline> {
  static override summary = 'Accept the current drift: write every item into the baseline file, so that drift check reports only what changes.'

  static override description = `For the first run on an account, where everything is new: each item is written to config baseline.file (default .ialctl-baseline.yaml, meant to be committed) with its identity, paths, a hash of the accepted values, the date, a reason placeholder and an expiry.
drift check leaves an item out while its entry matches; a different value, or the expiry passing, brings it back. Running baseline again keeps the entries that still match (with their reason and expiry) and drops those whose item is gone.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --expires 30d',
    '<%= config.bin %> <%= command.id %> --expires 2027-01-31 --reason "known before onboarding, ticket OPS-123"',
  ]

  static override flags = {
    ...checkInputFlags,
    snapshot: snapshotFlag(),
    expires: Flags.string({description: 'When the new entries stop applying: a duration from now (30d), a date (2027-01-31) or never.', default: '30d'}),
    reason: Flags.string({description: 'Reason written into the new entries (default: a TODO placeholder to fill in before committing).'}),
  }

  public async run(): Promise<DriftBaselineResult> {
    const {flags} = this
    const runtime = await this.runtime({maxApiRate: flags['max-api-rate']})
    const result = await runDriftBaseline(runtime, {...checkOptions(flags), expires: flags.expires, reason: flags.reason})
    const expiry = result.expires ? `until ${result.expires.slice(0, 10)}` : 'without expiry'
    this.log(`Baselined ${result.accepted} item${result.accepted === 1 ? '' : 's'} in ${result.file} (${result.accepted - result.kept} new ${expiry}, ${result.kept} kept, ${result.dropped} dropped as gone).`)
    return result
  }
}
