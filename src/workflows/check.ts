// drift check's front half, shared by check, diff, plan, heal, reverse-sync and watch:
// phases -> desired model; AWS (or a snapshot file) -> snapshot; both -> analysis -> report.
import path from 'node:path'

import {simpleGit} from 'simple-git'

import {IGNORE_FILE, readIgnoreFile} from '../adapters/ignore-file.js'
import {readSnapshotFile} from '../adapters/snapshot-file.js'
import type {Settings} from '../config/settings.js'
import {analyseDrift, type DiffOptions} from '../core/diff/analyse.js'
import {assessDrift} from '../core/risk/assess.js'
import type {DesiredModel, DriftAnalysis, DriftReport, Snapshot} from '../core/model.js'
import {buildReport} from '../core/report.js'
import {UsageError} from '../errors.js'
import {loadPhases, type ValidationProblem} from './load-phases.js'
import {readActual, typesToRead} from './read-actual.js'

export interface CheckOptions {
  /** `--snapshot FILE`: compare against a saved snapshot instead of reading AWS. */
  snapshotFile?: string
  /** `--phase` selection. */
  select?: string[]
  /** `--ignore` rules for this run, on top of config `ignore` and `.ialctlignore`. */
  ignore?: string[]
  allowPartial?: boolean
  maxApiRate?: number
  onProgress?: (message: string) => void
  /** The clock for `generatedAt` (tests pin it). */
  now?: () => Date
  cwd?: string
}

export interface CheckOutcome {
  model: DesiredModel
  snapshot: Snapshot
  analysis: DriftAnalysis
  report: DriftReport
}

const MAX_PROBLEMS_SHOWN = 3

export async function runCheck(settings: Settings, options: CheckOptions = {}): Promise<CheckOutcome> {
  const cwd = options.cwd ?? process.cwd()
  const {config} = settings
  const {model, problems} = await loadPhases({dir: settings.phasesDir, select: options.select, parameters: config.parameters, stackName: config.phases.stackName, maxTemplateBytes: config.phases.maxTemplateBytes, cwd})
  if (problems.length > 0) throw invalidPhases(problems)

  const repository = await repositoryOf(path.resolve(cwd, settings.phasesDir))
  const snapshot = options.snapshotFile ? await readSnapshotFile(path.resolve(cwd, options.snapshotFile)) : await readFromAws(settings, model, options)
  const ignore = [...config.ignore, ...(await readIgnoreFile(path.join(repository.root ?? cwd, IGNORE_FILE))), ...(options.ignore ?? [])]
  const rules = diffOptions(settings, ignore)
  const analysis = assessDrift(analyseDrift(model, snapshot, rules), rules)
  const source = {phases: model.phasesDir, commit: repository.commit, uncommittedChanges: repository.uncommittedChanges, regions: snapshot.regions, snapshot: options.snapshotFile ?? null}
  const report = buildReport(analysis, source, (options.now ?? (() => new Date()))().toISOString())
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

async function readFromAws(settings: Settings, model: DesiredModel, options: CheckOptions): Promise<Snapshot> {
  let total = 0
  const {snapshot} = await readActual(settings, typesToRead(settings, model), {
    allowPartial: options.allowPartial ?? false,
    maxApiRate: options.maxApiRate,
    onProgress: ({type, region, resources}) => {
      total += resources
      options.onProgress?.(`read ${resources} ${type} in ${region} (${total} so far)`)
    },
  })
  return snapshot
}

/** A check of invalid phases would report nonsense: it is a usage error naming the first problems. */
function invalidPhases(problems: ValidationProblem[]): UsageError {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`)
  const more = problems.length > MAX_PROBLEMS_SHOWN ? `; and ${problems.length - MAX_PROBLEMS_SHOWN} more` : ''
  return new UsageError(`the phases have ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${shown.join('; ')}${more}`, 'run `ialctl phases validate` to see them all')
}

/**
 * The git repository holding the phases: its root (for .ialctlignore), HEAD (report `source.commit`) and whether
 * the phases differ from HEAD (edited, staged or new files), so that a report never passes edits off as a commit.
 */
async function repositoryOf(dir: string): Promise<{root: string | null; commit: string | null; uncommittedChanges: boolean}> {
  // Not a repository, no commit yet, or no git at all: the report says null, .ialctlignore is read from cwd.
  const git = (() => {
    try {
      return simpleGit({baseDir: dir})
    } catch {
      return null
    }
  })()
  if (!git) return {root: null, commit: null, uncommittedChanges: false}
  const ask = (args: string[]) => git.revparse(args).then((out) => out.trim() || null, () => null)
  const changed = git.raw(['status', '--porcelain', '--untracked-files=all', '--', '.']).then((out) => out.trim() !== '', () => false)
  const [root, commit, uncommittedChanges] = await Promise.all([ask(['--show-toplevel']), ask(['HEAD']), changed])
  return {root, commit, uncommittedChanges: commit !== null && uncommittedChanges}
}
