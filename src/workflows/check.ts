// drift check's front half, shared by check, diff, plan, heal, reverse-sync and watch:
// phases -> desired model; AWS (or a snapshot file) -> snapshot; both -> analysis -> report.
// Then drift check's own side effects: the report file, the GitHub step summary and the CloudWatch metrics.
import {appendFile} from 'node:fs/promises'
import path from 'node:path'

import {publishDriftMetrics} from '../adapters/aws/metrics.js'
import {IGNORE_FILE, readIgnoreFile} from '../adapters/ignore-file.js'
import {readSnapshotFile} from '../adapters/snapshot-file.js'
import {requireRegions, type Settings, type Target} from '../config/settings.js'
import {analyseDrift, type DiffOptions} from '../core/diff/analyse.js'
import {assessDrift} from '../core/risk/assess.js'
import {type DesiredModel, type DriftAnalysis, type DriftReport, REPORT_SCHEMA_VERSION, type Snapshot} from '../core/model.js'
import {buildReport} from '../core/report.js'
import {mergeReports} from '../core/report-merge.js'
import {isSupportedType} from '../core/resources/index.js'
import {compareCodePoints} from '../core/shared/compare.js'
import {isAccountGlobal, placeAnalysis, refOf, regionSnapshot, type TargetPlace, targetSummary, unreadTargetReport} from '../core/targets.js'
import {renderMarkdown} from '../render/markdown.js'
import {GetCallerIdentityCommand} from '@aws-sdk/client-sts'

import {awsCall} from '../adapters/aws/call.js'
import {AwsCallError} from '../adapters/aws/errors.js'
import {AwsError, UsageError} from '../errors.js'
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
  /** With config targets, merged from the units: its maps and lists are keyed by item ref (`keyOf`). */
  analysis: DriftAnalysis
  report: DriftReport
  /** With config targets: each region of each target checked on its own (what heal and reverse-sync act on). */
  units?: CheckUnit[]
  /** With config targets under --allow-partial: the reports of the targets that could not be read. */
  unreadTargets?: DriftReport[]
}

/** One region of one config target, checked as a one-region, one-account run. */
export interface CheckUnit extends Omit<CheckOutcome, 'units' | 'unreadTargets'> {
  place: TargetPlace
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
  // A file or an s3:// URL, checked before any work: a bad URL must not cost a whole check.
  const reportFile = options.reportFile ? runtime.outputFile(options.reportFile.path, '--report') : undefined
  const checked = await withoutBaselined(runtime, await runCheck(runtime, options))
  const compared = usesHistory(runtime, options, options.history) ? await checkAgainstHistory(runtime, checked, options) : checked
  const outcome = wantsAttribution(runtime, options) ? {...compared, report: await attributeChanges(runtime, compared.report, runtime.settings.config.attribution.maxLookups)} : compared
  await notifyDriftChange(runtime, outcome.report)
  const {report, analysis} = outcome
  if (reportFile && options.reportFile) await reportFile.write(options.reportFile.content(outcome))
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
  if (runtime.settings.targets.length > 0) return runTargetsCheck(runtime, options)
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

/**
 * The check a write acts on (heal, revert, their plans, reverse sync): with config targets, exactly one region of
 * one target (its analysis keyed by logical id, its calls made with that target's credentials); several are a
 * usage error naming how to choose one. Plans name the target of their items through the items' refs.
 */
export async function runUnitCheck(runtime: Runtime, options: CheckOptions, verb: string): Promise<CheckOutcome> {
  const outcome = await runCheck(runtime, options)
  if (!outcome.units) return outcome
  if (outcome.units.length === 1 && (outcome.unreadTargets ?? []).length === 0) return outcome.units[0]
  const places = [...(outcome.units ?? []).map((unit) => `${unit.place.target}/${unit.place.region}`), ...(outcome.unreadTargets ?? []).flatMap((report) => Object.keys(report.summary.byTarget ?? {}))]
  throw new UsageError(`${verb} acts on one target and region at a time; this run has ${places.length}: ${places.join(', ')}`, 'add --target NAME (and --region REGION when the target has several)')
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

/**
 * The check of config targets (SPEC 8, issue 19): every target read side by side with its own credentials and
 * parameters, each of its regions compared on its own (the phases are expected in every region; account-global
 * types once per account), then one merged report. A target whose role cannot be assumed fails the run naming it,
 * or, with --allow-partial, is listed as unread with its declared resources counted as unread.
 */
async function runTargetsCheck(runtime: Runtime, options: CheckOptions): Promise<CheckOutcome> {
  const {settings, cwd} = runtime
  const {targets} = settings
  if (options.snapshotFile && targets.length > 1) throw new UsageError('a snapshot holds one account: --snapshot needs one target', `add --target with one of ${targets.map((target) => target.name).join(', ')}`)
  const repository = await runtime.git.phasesRepository(path.resolve(cwd, settings.phasesDir))
  const ignore = [...settings.config.ignore, ...(await readIgnoreFile(path.join(repository.root ?? cwd, IGNORE_FILE))), ...(options.ignore ?? [])]
  const rules = diffOptions(settings, ignore)
  const generatedAt = runtime.clock.now().toISOString()
  const base = {schemaVersion: REPORT_SCHEMA_VERSION, generatedAt, source: {phases: '', commit: repository.commit, uncommittedChanges: repository.uncommittedChanges, regions: [] as string[], snapshot: options.snapshotFile ?? null}}
  const checked = await Promise.all(
    targets.map(async (target) => {
      const {model, problems} = await loadConfiguredPhases(runtime, options.select, target.parameters)
      if (problems.length > 0) throw invalidPhases(problems)
      const source = {...base.source, phases: model.phasesDir}
      let account: string | undefined
      let snapshot: Snapshot
      if (options.snapshotFile) {
        snapshot = await readSnapshotFile(path.resolve(cwd, options.snapshotFile))
        account = snapshot.accountId
      } else {
        try {
          account = await targetAccount(runtime, target)
        } catch (error) {
          if (!(error instanceof AwsError) || !options.allowPartial) throw error
          const declared = countDeclared(model, target.regions.length)
          return {units: [], unread: unreadTargetReport(target.name, error.message, declared, {...base, source: {...source, regions: [...target.regions]}})}
        }

        ;({snapshot} = await readActual(runtime, typesToRead(settings, model), {allowPartial: options.allowPartial ?? false, model, stacks: stacksToRead(settings, model), target, accountId: account}).catch((error: unknown) => {
          throw error instanceof AwsError ? new AwsError(`target ${target.name}: ${error.message}`, error.hint, {cause: error}) : error
        }))
      }

      const units = target.regions.map((region, index): CheckUnit => {
        const place = {target: target.name, ...(account ? {account} : {}), region}
        const unitSnapshot = regionSnapshot(snapshot, region)
        const analysis = placeAnalysis(assessDrift(analyseDrift(model, unitSnapshot, rules), rules), place, index === 0)
        const report = buildReport(analysis, {...source, regions: [region]}, generatedAt)
        return {place, model, snapshot: unitSnapshot, analysis, report: {...report, summary: {...report.summary, byTarget: {[target.name]: targetSummary(report, account)}}}}
      })
      return {units, unread: undefined}
    }),
  )

  const units = checked.flatMap((result) => result.units)
  const unread = checked.flatMap((result) => (result.unread ? [result.unread] : []))
  if (units.length === 0) throw new AwsError(`no target could be read: ${unread.map((report) => report.summary.unread?.[0]?.reason).join('; ')}`, 'check the targets\' roleArn and the trust policies of those roles')
  return mergedOutcome(units, unread, generatedAt)
}

/** The target's account from STS with its credentials: the first call made with them, so a role that cannot be assumed fails here, named. */
async function targetAccount(runtime: Runtime, target: Target): Promise<string | undefined> {
  const [region] = target.regions
  try {
    const identity = await awsCall({service: 'STS', operation: 'GetCallerIdentity', region}, () => runtime.aws.clientsFor({target: target.name, region}).sts.send(new GetCallerIdentityCommand({}), {abortSignal: runtime.settings.network.signal}))
    return identity.Account
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error
    const how = target.roleArn ? `cannot assume ${target.roleArn}` : 'cannot use the credential chain'
    const hint = target.roleArn ? `allow sts:AssumeRole on ${target.roleArn} for ialctl's credentials, and trust them in the role's trust policy${target.externalId ? ' (with its external id)' : ''}` : error.hint
    throw new AwsError(`target ${target.name}: ${how}: ${error.reason}`, hint, {cause: error})
  }
}

/** Declared resources of supported types a target would have had checked: once per region, account-global ones once. */
function countDeclared(model: DesiredModel, regions: number): number {
  const supported = model.resources.filter((resource) => isSupportedType(resource.type))
  return supported.reduce((total, resource) => total + (isAccountGlobal(resource.type) ? 1 : regions), 0)
}

/** The units as one outcome: one report (merged), one analysis keyed by ref, one snapshot of everything read. */
export function mergedOutcome(units: CheckUnit[], unread: DriftReport[], generatedAt: string): CheckOutcome {
  const report = mergeReports([...units.map((unit) => unit.report), ...unread], generatedAt)
  const byRef = <V>(pick: (unit: CheckUnit) => ReadonlyMap<string, V>) =>
    new Map(units.flatMap((unit) => [...pick(unit).entries()].map(([id, value]): [string, V] => [refOf(unit.place, id), value])))
  const refs = <E extends {id: string}>(pick: (unit: CheckUnit) => readonly E[]) => units.flatMap((unit) => pick(unit).map((entry) => ({...entry, id: refOf(unit.place, entry.id)})))
  const [first] = units
  const analysis: DriftAnalysis = {
    items: report.items,
    matches: byRef((unit) => unit.analysis.matches),
    desired: byRef((unit) => unit.analysis.desired),
    actual: byRef((unit) => unit.analysis.actual),
    resolved: byRef((unit) => unit.analysis.resolved ?? new Map()),
    heals: byRef((unit) => unit.analysis.heals),
    inSync: units.flatMap((unit) => unit.analysis.inSync.map((id) => refOf(unit.place, id))),
    unsupported: first.analysis.unsupported,
    notChecked: refs((unit) => unit.analysis.notChecked),
    ignored: refs((unit) => unit.analysis.ignored),
    expected: refs((unit) => unit.analysis.expected),
  }
  const snapshot: Snapshot = {
    ...first.snapshot,
    regions: report.source.regions,
    types: [...new Set(units.flatMap((unit) => unit.snapshot.types))].sort(compareCodePoints),
    unread: units.flatMap((unit) => unit.snapshot.unread),
    resources: units.flatMap((unit) => unit.snapshot.resources.filter((resource) => resource.region === unit.place.region)),
  }
  return {model: first.model, snapshot, analysis, report, units, unreadTargets: unread}
}
