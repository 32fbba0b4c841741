import {appendFile} from 'node:fs/promises'

import {Flags} from '@oclif/core'

import {writeFileAtomic} from '../../adapters/fs/atomic-write.js'
import {ApiCallCounter, createAwsClients} from '../../adapters/aws/clients.js'
import {publishDriftMetrics} from '../../adapters/aws/metrics.js'
import {checkInputFlags, checkOptions, failOnFlag, failsOn, snapshotFlag} from '../../check-flags.js'
import {BaseCommand} from '../../base-command.js'
import {requireRegions, type Settings} from '../../config/settings.js'
import {type DriftReport, REPORT_SCHEMA_VERSION, REPORT_SCHEMA_VERSIONS, type ReportSchemaVersion} from '../../core/model.js'
import {reportAsVersion} from '../../core/report.js'
import {ExitCode, UsageError} from '../../errors.js'
import {renderJson} from '../../render/json.js'
import {renderMarkdown} from '../../render/markdown.js'
import {renderSarif} from '../../render/sarif.js'
import {createStyle} from '../../render/style.js'
import {renderText} from '../../render/text.js'
import {type CheckOutcome, runCheck} from '../../workflows/check.js'

const OUTPUTS = ['text', 'json', 'markdown', 'sarif'] as const
type Output = (typeof OUTPUTS)[number]

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
    output: Flags.option({char: 'o', options: OUTPUTS, description: 'Report format on stdout (--json is the same as --output json).'})(),
    'fail-on': failOnFlag(),
    report: Flags.string({description: 'Also write the report to this file, in the --output format (written atomically).'}),
    'show-ignored': Flags.boolean({description: 'List the differences that ignore rules suppressed.'}),
    'publish-metrics': Flags.boolean({description: 'Publish DriftCount (total and per Severity) to CloudWatch namespace IAL/Drift.'}),
    'schema-version': Flags.option({
      options: REPORT_SCHEMA_VERSIONS.map(String),
      default: String(REPORT_SCHEMA_VERSION),
      description: 'Shape of the JSON report (--json, --output json, --report): 2, or 1 for consumers of the first release (without the newer fields such as unsupportedResources).',
    })(),
  }

  public async run(): Promise<DriftReport> {
    const settings = await this.settings()
    const outcome = await runCheck(settings, checkOptions(this.flags, (message) => this.progress(message)))
    const {report} = outcome
    const output: Output = this.jsonEnabled() ? 'json' : (this.flags.output ?? 'text')

    if (this.flags.report) await writeFileAtomic(this.flags.report, this.render(output, outcome, false))
    const stepSummary = settings.env.GITHUB_STEP_SUMMARY
    if (stepSummary) await appendStepSummary(stepSummary, renderMarkdown(report, outcome.analysis, this.estateFlags()))
    if (this.flags['publish-metrics']) await this.publish(settings, report)

    if (!this.jsonEnabled()) {
      const text = this.render(output, outcome, this.colorEnabled)
      this.log((this.flags.quiet && output === 'text' ? text.split('\n')[0] : text).replace(/\n$/, ''))
    }

    if (failsOn(report.items, this.flags['fail-on'] ?? settings.config.check.failOn)) this.setExitCode(ExitCode.Drift)
    return this.jsonReport(report)
  }

  /** The JSON document in the shape `--schema-version` asks for; the human formats always show everything. */
  private jsonReport(report: DriftReport): DriftReport {
    return reportAsVersion(report, Number(this.flags['schema-version']) as ReportSchemaVersion)
  }

  private render(output: Output, outcome: CheckOutcome, color: boolean): string {
    switch (output) {
      case 'json': {
        return renderJson(this.jsonReport(outcome.report))
      }

      case 'markdown': {
        return renderMarkdown(outcome.report, outcome.analysis, this.estateFlags())
      }

      case 'sarif': {
        return `${JSON.stringify(renderSarif(outcome.report, this.config.version), null, 2)}\n`
      }

      default: {
        return renderText(outcome.report, {style: createStyle(color), details: outcome.analysis, showIgnored: this.flags['show-ignored'], nextFlags: this.estateFlags()})
      }
    }
  }

  private async publish(settings: Settings, report: DriftReport): Promise<void> {
    // The metric lives in one place, the first region, so that the alarm (drift alarm) sees every run.
    const [region] = requireRegions(settings)
    const {cloudwatch} = createAwsClients({region, profile: settings.aws.profile, endpoint: settings.aws.endpoint, maxAttempts: settings.aws.maxAttempts, counter: new ApiCallCounter(), network: settings.network})
    await publishDriftMetrics(cloudwatch, report, region)
    this.progress(`published DriftCount ${report.items.length} to CloudWatch IAL/Drift in ${region}`)
  }
}

async function appendStepSummary(file: string, markdown: string): Promise<void> {
  // GitHub collects the step summary from appends (several steps may write to it), so it is appended, not replaced.
  try {
    await appendFile(file, markdown)
  } catch (error) {
    throw new UsageError(`cannot write GITHUB_STEP_SUMMARY ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'unset GITHUB_STEP_SUMMARY outside GitHub Actions', {cause: error})
  }
}
