import {Flags} from '@oclif/core'

import {attributionFlag, checkInputFlags, checkOptions, failOnFlag, failOnNewFlag, failsReport, snapshotFlag} from '../../check-flags.js'
import {BaseCommand} from '../../base-command.js'
import {type DriftReport, REPORT_SCHEMA_VERSION, REPORT_SCHEMA_VERSIONS, type ReportSchemaVersion} from '../../core/model.js'
import {reportAsVersion} from '../../core/report.js'
import {ExitCode} from '../../errors.js'
import {REPORT_FORMATS, type ReportFormat, renderReport} from '../../render/report.js'
import {type CheckOutcome, runDriftCheck} from '../../workflows/check.js'

export default class DriftCheck extends BaseCommand<typeof DriftCheck> {
  static override summary = 'Detect and classify drift between the phases and AWS; print a report.'

  static override description = `Reads AWS (or a saved snapshot with --snapshot) and compares it with the phases: missing, extra, configuration and tag drift, each with a severity, an impact and the template line it comes from.
When $GITHUB_STEP_SUMMARY is set, a Markdown summary is appended to it.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --snapshot test/fixtures/demo-snapshot.json',
    '<%= config.bin %> <%= command.id %> --output sarif --report drift.sarif --fail-on high',
    '<%= config.bin %> <%= command.id %> --phase 30-compute --ignore "AWS::ECS::Service:/DesiredCount" --json',
  ]

  static override flags = {
    ...checkInputFlags,
    snapshot: snapshotFlag(),
    output: Flags.option({char: 'o', options: REPORT_FORMATS, description: 'Report format on stdout (--json is the same as --output json).'})(),
    'fail-on': failOnFlag(),
    'fail-on-new': failOnNewFlag,
    attribution: attributionFlag,
    history: Flags.boolean({allowNo: true, description: 'Compare with the drift history and append this run to it (default: on when AWS is read, off with --snapshot; config history).'}),
    report: Flags.string({description: 'Also write the report to this file (written atomically) or s3://BUCKET/KEY object, in the --output format.'}),
    'show-ignored': Flags.boolean({description: 'List the differences that ignore rules suppressed.'}),
    'publish-metrics': Flags.boolean({description: 'Publish DriftCount (total and per Severity) to CloudWatch namespace IAL/Drift.'}),
    'schema-version': Flags.option({
      options: REPORT_SCHEMA_VERSIONS.map(String),
      default: String(REPORT_SCHEMA_VERSION),
      description: 'Shape of the JSON report (--json, --output json, --report): 2, or 1 for consumers of the first release (without the newer fields such as unsupportedResources).',
    })(),
  }

  public async run(): Promise<DriftReport> {
    const {flags} = this
    const runtime = await this.runtime({maxApiRate: flags['max-api-rate']})
    const output: ReportFormat = this.jsonEnabled() ? 'json' : (flags.output ?? 'text')
    const render = (checked: CheckOutcome, color: boolean) => renderReport(output, checked, {color, toolVersion: this.config.version, showIgnored: flags['show-ignored'], schemaVersion: this.schemaVersion(), nextFlags: this.estateFlags()})
    const outcome = await runDriftCheck(runtime, {
      ...checkOptions(flags),
      reportFile: flags.report ? {path: flags.report, content: (checked) => render(checked, false)} : undefined,
      publishMetrics: flags['publish-metrics'],
      nextFlags: this.estateFlags(),
      history: flags.history,
      attribution: flags.attribution,
    })
    const {report} = outcome

    if (!this.jsonEnabled()) {
      const text = render(outcome, runtime.output.color)
      this.log((flags.quiet && output === 'text' ? text.split('\n')[0] : text).replace(/\n$/, ''))
    }

    if (failsReport(report, flags, runtime.settings.config.check.failOn)) this.setExitCode(ExitCode.Drift)
    return reportAsVersion(report, this.schemaVersion())
  }

  /** `--schema-version`: the shape of the JSON report; the human formats always show everything. */
  private schemaVersion(): ReportSchemaVersion {
    return Number(this.flags['schema-version']) as ReportSchemaVersion
  }
}
