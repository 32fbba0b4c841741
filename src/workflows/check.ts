// drift check's front half, shared by check, diff, plan, heal, reverse-sync and watch:
// phases -> desired model; AWS (or a snapshot file) -> snapshot; both -> analysis -> report.
// Then drift check's own side effects: the report file, the GitHub step summary and the CloudWatch metrics.
import {appendFile} from 'node:fs/promises'
import path from 'node:path'

import {publishDriftMetrics} from '../adapters/aws/metrics.js'
import {writeFileAtomic} from '../adapters/fs/atomic-write.js'
import {IGNORE_FILE, readIgnoreFile} from '../adapters/ignore-file.js'
import {readSnapshotFile} from '../adapters/snapshot-file.js'
import {requireRegions, type Settings} from '../config/settings.js'
import {analyseDrift, type DiffOptions} from '../core/diff/analyse.js'
import {assessDrift} from '../core/risk/assess.js'
import type {DesiredModel, DriftAnalysis, DriftReport, Snapshot} from '../core/model.js'
import {buildReport} from '../core/report.js'
import {renderMarkdown} from '../render/markdown.js'
import {UsageError} from '../errors.js'
import {attributeChanges, wantsAttribution} from './attribution.js'
import {withoutBaselined} from './baseline.js'
import {checkAgainstHistory, usesHistory} from './history.js'
import {notifyDriftChange} from './notify.js'
import {loadConfiguredPhases, type ValidationProblem} from './load-phases.js'
import {readActual, stacksToRead, typesToRead} from './read-actual.js'
import type {Runtime} from './runtime.js'

export interface CheckOptions {
  /** `--snapshot FILE`: compare against a saved snapshot instead of reading AWS. */
  snapshotFile?: string
  /** `--phase` selection. */
  select?: string[]
  /** `--ignore` rules for this run, on top of config `ignore` and `.ialctlignore`. */
  ignore?: string[]
  allowPartial?: boolean
}

export interface CheckOutcome {
  model: DesiredModel
  snapshot: Snapshot
  analysis: DriftAnalysis
  report: DriftReport
}

export interface DriftCheckOptions extends CheckOptions {
  /** `--report FILE`: the report, rendered by the command in its output format, also written (atomically) here. */
  reportFile?: {path: string; content: (outcome: CheckOutcome) => string}
  /** `--publish-metrics`: DriftCount to CloudWatch. */
  publishMetrics?: boolean
  /** The user's flags, repeated in the next commands the step summary suggests. */
  nextFlags?: string
  /** `--history` / `--no-history`: compare with and append to the history; absent: only when AWS is read. */
  history?: boolean
  /** `--attribution` / `--no-attribution`: CloudTrail lookups; absent: config attribution.enabled when AWS is read. */
  attribution?: boolean
}

const MAX_PROBLEMS_SHOWN = 3

/**
 * `drift check`: the check, then its side effects in order: the report file, the Markdown summary appended to
 * $GITHUB_STEP_SUMMARY when set, the metrics when asked. The command prints the returned outcome.
 */
export async function runDriftCheck(runtime: Runtime, options: DriftCheckOptions): Promise<CheckOutcome> {
  const checked = await withoutBaselined(runtime, await runCheck(runtime, options))
  const compared = usesHistory(runtime, options, options.history) ? await checkAgainstHistory(runtime, checked, options) : checked
  const outcome = wantsAttribution(runtime, options) ? {...compared, report: await attributeChanges(runtime, compared.report, runtime.settings.config.attribution.maxLookups)} : compared
  await notifyDriftChange(runtime, outcome.report)
  const {report, analysis} = outcome
  if (options.reportFile) await writeFileAtomic(options.reportFile.path, options.reportFile.content(outcome))
  const {stepSummaryFile} = runtime.settings
  if (stepSummaryFile) await appendStepSummary(stepSummaryFile, renderMarkdown(report, analysis, options.nextFlags))
  if (options.publishMetrics) await publishMetrics(runtime, report)
  return outcome
}

async function appendStepSummary(file: string, markdown: string): Promise<void> {
  // GitHub collects the step summary from appends (several steps may write to it), so it is appended, not replaced.
  try {
    await appendFile(file, markdown)
  } catch (error) {
    throw new UsageError(`cannot write GITHUB_STEP_SUMMARY ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'unset GITHUB_STEP_SUMMARY outside GitHub Actions', {cause: error})
  }
}

async function publishMetrics(runtime: Runtime, report: DriftReport): Promise<void> {
  // The metric lives in one place, the first region, so that the alarm (drift alarm) sees every run.
  const [region] = requireRegions(runtime.settings)
  await publishDriftMetrics(runtime.aws.clientsFor({region}).cloudwatch, report, region)
  runtime.output.progress(`published DriftCount ${report.items.length} to CloudWatch IAL/Drift in ${region}`)
}

export async function runCheck(runtime: Runtime, options: CheckOptions = {}): Promise<CheckOutcome> {
  const {settings, cwd} = runtime
  const {config} = settings
  const {model, problems} = await loadConfiguredPhases(runtime, options.select)
  if (problems.length > 0) throw invalidPhases(problems)

  const repository = await runtime.git.phasesRepository(path.resolve(cwd, settings.phasesDir))
  const snapshot = options.snapshotFile ? await readSnapshotFile(path.resolve(cwd, options.snapshotFile)) : await readFromAws(runtime, model, options)
  const ignore = [...config.ignore, ...(await readIgnoreFile(path.join(repository.root ?? cwd, IGNORE_FILE))), ...(options.ignore ?? [])]
  const rules = diffOptions(settings, ignore)
  const analysis = assessDrift(analyseDrift(model, snapshot, rules), rules)
  const source = {phases: model.phasesDir, commit: repository.commit, uncommittedChanges: repository.uncommittedChanges, regions: snapshot.regions, snapshot: options.snapshotFile ?? null}
  const report = buildReport(analysis, source, runtime.clock.now().toISOString())
  return {model, snapshot, analysis, report}
}

/** Config -> the pure diff's options (SPEC 2, 3, 6); exported for callers that analyse a snapshot they already hold. */
export function diffOptions(settings: Settings, ignore: string[]): DiffOptions {
  const {config} = settings
  return {
    strictTags: config.tags.strict,
    ignore,
    expected: config.expected,
    severityOverrides: config.severity.overrides,
    severityBase: config.severity.base,
    extraScope: config.scope.extraResources,
    severityLimit: config.autoHeal.severityLimit,
  }
}

async function readFromAws(runtime: Runtime, model: DesiredModel, options: CheckOptions): Promise<Snapshot> {
  const {snapshot} = await readActual(runtime, typesToRead(runtime.settings, model), {allowPartial: options.allowPartial ?? false, model, stacks: stacksToRead(runtime.settings, model)})
  return snapshot
}

/** A check of invalid phases would report nonsense: it is a usage error naming the first problems. */
function invalidPhases(problems: ValidationProblem[]): UsageError {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`)
  const more = problems.length > MAX_PROBLEMS_SHOWN ? `; and ${problems.length - MAX_PROBLEMS_SHOWN} more` : ''
  return new UsageError(`the phases have ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${shown.join('; ')}${more}`, 'run `ialctl phases validate` to see them all')
}
