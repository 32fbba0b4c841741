import path from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {failOnFlag, failOnNewFlag, failsReport} from '../../check-flags.js'
import type {DriftReport} from '../../core/model.js'
import {writeFileAtomic} from '../../adapters/fs/atomic-write.js'
import {ExitCode} from '../../errors.js'
import {REPORT_FORMATS, type ReportFormat, renderReport} from '../../render/report.js'
import {runReportMerge} from '../../workflows/report-merge.js'

export default class ReportMerge extends BaseCommand<typeof ReportMerge> {
  static override summary = 'Merge the shard reports of a CI matrix (one drift check --target per job) into one report.'

  static override description = `Reads the JSON reports that \`drift check --json --report FILE\` wrote, one per target, and prints them as the one report a single run over every target would have given, with drift check's exit code rules (--fail-on, --fail-on-new).
Refuses reports of different schema versions, phases or phases commits, shards that repeat a target, and files that are not drift reports (edited, truncated, larger than 64 MiB). The lists of ignored, expected and unchecked differences are not in the shard reports: the merged report counts them only.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> reports/*.json',
    '<%= config.bin %> <%= command.id %> reports/*.json --output sarif > drift.sarif',
    '<%= config.bin %> <%= command.id %> reports/*.json --output markdown --report drift.md --fail-on high',
  ]

  static override strict = false

  static override args = {
    files: Args.string({description: 'Shard reports (JSON, schema version 2); the shell expands globs.', required: true}),
  }

  static override flags = {
    output: Flags.option({char: 'o', options: REPORT_FORMATS, description: 'Report format on stdout (--json is the same as --output json).'})(),
    'fail-on': failOnFlag(),
    'fail-on-new': failOnNewFlag,
    report: Flags.string({description: 'Also write the merged report to this file, in the --output format (written atomically).'}),
  }

  public async run(): Promise<DriftReport> {
    const {flags} = this
    const runtime = await this.runtime({offline: true})
    const {argv} = await this.parse({flags: ReportMerge.flags, baseFlags: BaseCommand.baseFlags, enableJsonFlag: true, args: ReportMerge.args, strict: false})
    // Files named as typed (init() may have entered the repository root from a subdirectory).
    const files = argv.filter((file): file is string => typeof file === 'string').map((file) => path.resolve(this.invokedIn, file))
    const report = await runReportMerge(runtime, files)
    const output: ReportFormat = this.jsonEnabled() ? 'json' : (flags.output ?? 'text')
    const render = (color: boolean) => renderReport(output, {report}, {color, toolVersion: this.config.version})
    if (flags.report) await writeFileAtomic(flags.report, render(false))
    if (!this.jsonEnabled()) this.log(render(runtime.output.color).replace(/\n$/, ''))
    if (failsReport(report, flags, runtime.settings.config.check.failOn)) this.setExitCode(ExitCode.Drift)
    return report
  }
}
