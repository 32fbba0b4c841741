// reverse-sync: check -> pure plan -> (dry run: diff + body) | (temp clone -> commit -> push -> ensure the PR).
// Every decision is in src/core (planReverseSync, applyReverseSyncPlan, decidePullRequest, the PR body); this
// file sequences the I/O. Nothing here touches the user's working tree, and nothing is left behind on failure.

import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {FALLBACK_IDENTITY, parseGitHubRemote, type TempClone, withoutCredentials} from '../adapters/git/index.js'
import {createPullRequestPlatform, type GitHubOptions, type PullRequestPlatform} from '../adapters/github/pull-requests.js'
import type {Settings} from '../config/settings.js'
import {decidePullRequest, type OpenPullRequest, reverseSyncBranch} from '../core/plan/pull-request-decision.js'
import {applyReverseSyncPlan, isEmptyPlan, type ManualEdit, planReverseSync, type PlannedFile, type ReverseSyncPlan} from '../core/plan/reverse-sync-plan.js'
import {type ItemSelection, SELECT_ALL, selectAnalysis} from '../core/plan/selection.js'
import {combineReverseSyncPlans, type ReverseSyncUnit} from '../core/plan/reverse-sync-targets.js'
import {commitMessage, PULL_REQUEST_TITLE, renderPullRequestBody} from '../core/pr-body.js'
import type {DriftItem} from '../core/model.js'
import {RemoteError, UsageError} from '../errors.js'
import {attributeItems, wantsAttribution} from './attribution.js'
import {type CheckOptions, type CheckOutcome, runCheck} from './check.js'
import {healPlanFor, selectedCheck} from './heal.js'
import type {Runtime} from './runtime.js'

export type ReverseSyncStatus = 'opened' | 'updated' | 'unchanged' | 'dry-run' | 'nothing-to-do'

export interface ReverseSyncOptions extends CheckOptions {
  dryRun: boolean
  all: boolean
  prune: boolean
  /** Which items to adopt (`ID...`, `--type`, severities); all when absent. */
  selection?: ItemSelection
  /** `--include-critical`: codify critical security drift instead of listing it under "Revert recommended". */
  includeCritical?: boolean
  /** `--attribution` / `--no-attribution`: who changed each item, from CloudTrail, in the body; absent: as drift check. */
  attribution?: boolean
  /** The command line shown in the pull request body. */
  command?: string
  /** Where temporary clones and diff scratch directories go (tests). */
  tempDir?: string
  /** The check to start from (watch hands over its cycle's own); a fresh one when absent. */
  check?: (runtime: Runtime, options: CheckOptions) => Promise<CheckOutcome>
  github?: (options: GitHubOptions) => PullRequestPlatform
  /**
   * Apply only the plan with this fingerprint (the one a person previewed): when the drift changed since, the run
   * stops before anything is cloned, written or pushed.
   */
  expectFingerprint?: string
}

export interface ReverseSyncResult {
  status: ReverseSyncStatus
  prUrl: string | null
  branch: string | null
  /** Files changed or added, relative to the repository root. */
  files: string[]
  /** Unified diff of the phase files (dry run). */
  diff?: string
  body?: string
  fingerprint?: string
  /** Problems that did not stop the run (a reviewer that could not be requested). */
  warnings: string[]
}

export async function runReverseSync(runtime: Runtime, options: ReverseSyncOptions): Promise<ReverseSyncResult> {
  const {settings, cwd, git} = runtime
  const now = () => runtime.clock.now()
  const progress = (message: string) => runtime.output.progress(message)
  const outcome = await (options.check ?? runCheck)(runtime, {
    snapshotFile: options.snapshotFile,
    select: options.select,
    ignore: options.ignore,
    allowPartial: options.allowPartial,
  })
  const plan = acrossTargets(settings, outcome) ? await planAcrossTargets(runtime, outcome, options) : await planOneUnit(runtime, unitOf(outcome), options)
  const command = options.command ?? 'ialctl reverse-sync'
  if (options.expectFingerprint !== undefined && plan.fingerprint !== options.expectFingerprint) {
    throw new UsageError('the drift changed since the preview; nothing was pushed', 'preview the reverse sync again and apply the new plan')
  }

  if (isEmptyPlan(plan)) return {status: 'nothing-to-do', prUrl: null, branch: null, files: [], fingerprint: plan.fingerprint, warnings: []}

  if (options.dryRun) return dryRun(plan, runtime, {command, tempDir: options.tempDir})

  const token = settings.github.token
  if (!token) throw new RemoteError('no GitHub token for reverse sync', 'set GITHUB_TOKEN or GH_TOKEN to a token with contents: write and pull-requests: write')
  const root = await git.repositoryRoot(cwd)
  const origin = await git.originUrl(root)
  const {owner, repo} = githubRepository(settings, origin)
  const platform = (options.github ?? createPullRequestPlatform)({token, owner, repo, baseUrl: settings.github.apiUrl, network: settings.network})
  progress(`looking for an open reverse-sync pull request in ${owner}/${repo}`)
  await platform.checkAccess()
  const {labels, reviewers, base: configuredBase} = settings.config.reverseSync.github
  const decision = decidePullRequest(await platform.findOpenPullRequests(), plan.fingerprint, {label: labels[0]})
  if (decision.action === 'unchanged') {
    return {status: 'unchanged', prUrl: decision.pullRequest.url, branch: decision.pullRequest.head.ref, files: [], fingerprint: plan.fingerprint, warnings: []}
  }

  const existing = decision.action === 'update' ? decision.pullRequest : null
  const branch = existing?.head.ref ?? reverseSyncBranch(now())
  const base = existing?.base ?? configuredBase
  const author = settings.config.reverseSync.author ?? (await git.configuredIdentity(root)) ?? FALLBACK_IDENTITY
  const prefix = toPosix(path.relative(root, cwd))
  const inRepo = (file: string) => (prefix ? path.posix.join(prefix, file) : file)

  return git.withTempClone(root, origin, {token, tempDir: options.tempDir}, async (clone) => {
    progress(`preparing ${branch} on ${base}`)
    await clone.checkout(branch, await startingPoint(clone, base, existing))
    const texts = await readTexts(plan, (file) => clone.read(inRepo(file)))
    // Every file is re-parsed and validated before it is written; an edit that would break it is left to a person.
    const {files, rejected, written} = applyReverseSyncPlan(plan, texts)
    for (const file of files) await clone.write(inRepo(file.file), file.after)
    const changed = files.map((file) => inRepo(file.file))
    await clone.commit(changed, commitMessage(written), author)
    const body = renderPullRequestBody(plan, {command, rejected, written})
    await clone.push(branch, existing?.head.sha)

    if (existing) {
      await platform.updatePullRequest(existing.number, {body})
      return {status: 'updated', prUrl: existing.url, branch, files: changed, body, fingerprint: plan.fingerprint, warnings: []}
    }

    const created = await platform.createPullRequest({title: PULL_REQUEST_TITLE, body, head: branch, base}).catch(async (error: unknown) => {
      // The branch exists only for this pull request: without it, it is clutter on the remote.
      await clone.deleteRemoteBranch(branch)
      throw error
    })
    // The label is how the next run recognises this pull request, so failing to set it fails the run.
    await platform.addLabels(created.number, labels)
    const warnings: string[] = []
    await platform.requestReviewers(created.number, reviewers).catch((error: unknown) => warnings.push(error instanceof RemoteError ? error.line : String(error)))
    return {status: 'opened', prUrl: created.url, branch, files: changed, body, fingerprint: plan.fingerprint, warnings}
  })
}

/**
 * Whether the run is over several places the templates are shared by: several regions or targets checked, or a config
 * with more targets than this run read. One config target in one region is planned as a run without targets.
 */
function acrossTargets(settings: Settings, outcome: CheckOutcome): boolean {
  if (!outcome.units) return false
  return outcome.units.length > 1 || (outcome.unreadTargets ?? []).length > 0 || settings.allTargets.length > 1
}

/** The outcome of a run without targets, or the one unit of a one-target, one-region run. */
const unitOf = (outcome: CheckOutcome): CheckOutcome => outcome.units?.[0] ?? outcome

/** The reverse-sync plan of one place: what AWS has there is what Git should say. */
async function planOneUnit(runtime: Runtime, outcome: CheckOutcome, options: ReverseSyncOptions): Promise<ReverseSyncPlan> {
  const {settings} = runtime
  const check = selectedCheck(outcome, options.selection ?? SELECT_ALL)
  const healPlan = healPlanFor(settings, check, runtime.clock.now())
  const healed = new Set(healPlan.entries.filter((entry) => entry.decision === 'heal').map((entry) => entry.itemId))
  const analysis = wantsAttribution(runtime, options) ? {...check.analysis, items: await attributeAdopted(runtime, check.analysis.items, (id) => options.all || !healed.has(id))} : check.analysis
  return planReverseSync(analysis, {
    all: options.all,
    prune: options.prune,
    importPhase: settings.config.reverseSync.importPhase,
    phasesDir: check.model.phasesDir,
    healable: (id) => healed.has(id),
    includeCritical: options.includeCritical,
  })
}

/**
 * The plan over config targets (issue 19): every (target, region) planned on its own, with its own heal plan, then
 * combined so that a shared template changes only where every place agrees (src/core/plan/reverse-sync-targets.ts).
 */
async function planAcrossTargets(runtime: Runtime, outcome: CheckOutcome, options: ReverseSyncOptions): Promise<ReverseSyncPlan> {
  const {settings} = runtime
  const units = outcome.units ?? []
  const selection = options.selection ?? SELECT_ALL
  const selected = units.map((unit) => selectAnalysis(unit.analysis, selection))
  // An id is a typo only when no place knows it (a logical id in sync in one place is drifted in another).
  const unknown = selection.ids.filter((id) => selected.every((one) => one.unknownIds.includes(id)))
  if (unknown.length > 0) {
    throw new UsageError(`no resource ${unknown.map((id) => `'${id}'`).join(', ')} in the phases or among the drift items`, `drifted: ${outcome.analysis.items.map((item) => item.ref ?? item.id).join(', ') || 'nothing'}`)
  }

  const now = runtime.clock.now()
  const planned: ReverseSyncUnit[] = []
  for (const [index, unit] of units.entries()) {
    const check = {...unit, analysis: selected[index].analysis}
    const healed = new Set(healPlanFor(settings, check, now).entries.filter((entry) => entry.decision === 'heal').map((entry) => entry.itemId))
    // Each item is looked up in its own target's CloudTrail (the items carry their target).
    const items = wantsAttribution(runtime, options) ? await attributeAdopted(runtime, check.analysis.items, (id) => options.all || !healed.has(id)) : check.analysis.items
    planned.push({place: unit.place, analysis: unit.analysis, selected: {...check.analysis, items}, healable: (id) => healed.has(id)})
  }

  return combineReverseSyncPlans(planned, {
    all: options.all,
    prune: options.prune,
    importPhase: settings.config.reverseSync.importPhase,
    phasesDir: outcome.model.phasesDir,
    includeCritical: options.includeCritical,
    unchecked: uncheckedPlaces(settings, outcome),
  })
}

/**
 * The places the templates are deployed to that this run did not read: targets (the config's or discovered) left out by `--target`,
 * regions a target lists that `--region` left out, and targets unread under `--allow-partial`.
 */
function uncheckedPlaces(settings: Settings, outcome: CheckOutcome): string[] {
  const unread = new Set((outcome.unreadTargets ?? []).flatMap((report) => Object.keys(report.summary.byTarget ?? {})))
  return settings.allTargets.flatMap((target) => {
    if (unread.has(target.name)) return [target.name]
    const selected = settings.targets.find((one) => one.name === target.name)
    if (!selected) return [target.name]
    return (target.regions ?? []).filter((region) => !selected.regions.includes(region)).map((region) => `${target.name}/${region}`)
  })
}

/** CloudTrail lookups for the items the pull request carries only (a healed item is not in it), under the cap. */
async function attributeAdopted(runtime: Runtime, items: DriftItem[], adopted: (id: string) => boolean): Promise<DriftItem[]> {
  const candidates = items.filter((item) => adopted(item.id))
  // attributeItems keeps the order of what it is given: each candidate maps to its attributed copy.
  const attributed = await attributeItems(runtime, candidates, runtime.settings.config.attribution.maxLookups)
  const replaced = new Map(candidates.map((item, index) => [item, attributed[index]]))
  return items.map((item) => replaced.get(item) ?? item)
}

/**
 * The open pull request's branch is rebuilt on its base (one clean commit) while it holds only ialctl's own
 * commits. Once a person has pushed to it (the manual edits the body asks for), the new commit goes on top instead,
 * so a later run never throws their work away.
 */
async function startingPoint(clone: TempClone, base: string, existing: OpenPullRequest | null): Promise<string> {
  const baseCommit = await clone.fetch(base)
  if (!existing) return baseCommit
  const head = await clone.fetch(existing.head.ref)
  const subjects = await clone.commitSubjects(baseCommit, head)
  return subjects.every((subject) => subject === PULL_REQUEST_TITLE) ? baseCommit : head
}

async function dryRun(plan: ReverseSyncPlan, runtime: Runtime, options: {command: string; tempDir?: string}): Promise<ReverseSyncResult> {
  const {cwd, git} = runtime
  const texts = await readTexts(plan, (file) => readFile(path.resolve(cwd, file), 'utf8').catch(() => null))
  const {files, rejected, written} = applyReverseSyncPlan(plan, texts)
  const root = await git.repositoryRoot(cwd).catch(() => cwd)
  const prefix = toPosix(path.relative(root, cwd))
  const inRepo = (file: PlannedFile) => ({...file, file: prefix ? path.posix.join(prefix, file.file) : file.file})
  const diff = await git.unifiedDiff(files.map(inRepo), {tempDir: options.tempDir})
  const body = renderPullRequestBody(plan, {command: options.command, rejected, written})
  return {status: 'dry-run', prUrl: null, branch: null, files: files.map((file) => inRepo(file).file), diff, body, fingerprint: plan.fingerprint, warnings: []}
}

/** The current text of every file the plan touches (null when absent). */
async function readTexts(plan: ReverseSyncPlan, read: (file: string) => Promise<string | null>): Promise<Map<string, string | null>> {
  const files = new Set([...plan.edits.map((edit) => edit.file), ...(plan.prune ? plan.missing.map((missing) => missing.file) : []), ...plan.newFiles.map((file) => file.file)])
  const texts = new Map<string, string | null>()
  for (const file of files) texts.set(file, await read(file))
  return texts
}

function githubRepository(settings: Settings, origin: string): {owner: string; repo: string} {
  const {owner, repo} = settings.config.reverseSync.github
  if (owner && repo) return {owner, repo}
  const parsed = parseGitHubRemote(origin)
  if (!parsed) throw new UsageError(`cannot tell the GitHub repository from origin ${withoutCredentials(origin)}`, 'set reverseSync.github.owner and reverseSync.github.repo in the config')
  return {owner: owner ?? parsed.owner, repo: repo ?? parsed.repo}
}

const toPosix = (file: string) => file.split(path.sep).join('/')

export type {ManualEdit}
