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
import {type ItemSelection, SELECT_ALL} from '../core/plan/selection.js'
import {commitMessage, PULL_REQUEST_TITLE, renderPullRequestBody} from '../core/pr-body.js'
import type {DriftItem} from '../core/model.js'
import {RemoteError, UsageError} from '../errors.js'
import {attributeItems, wantsAttribution} from './attribution.js'
import {type CheckOptions, type CheckOutcome, runUnitCheck} from './check.js'
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
  if (settings.config.targets.length > 1) {
    // A template is shared by every target: an edit is right only when every target agrees on the new value, and
    // ialctl does not yet decide that (issue 19). Refused rather than writing one account's value for all.
    throw new UsageError('reverse-sync with several config targets is not supported yet: a template edit would apply to every target', 'codify by hand, or run reverse-sync with a config that lists the one target the templates describe')
  }

  const check = selectedCheck(
    await (options.check ?? ((run, request) => runUnitCheck(run, request, 'reverse-sync')))(runtime, {
      snapshotFile: options.snapshotFile,
      select: options.select,
      ignore: options.ignore,
      allowPartial: options.allowPartial,
    }),
    options.selection ?? SELECT_ALL,
  )
  const healPlan = healPlanFor(settings, check, now())
  const healed = new Set(healPlan.entries.filter((entry) => entry.decision === 'heal').map((entry) => entry.itemId))
  const analysis = wantsAttribution(runtime, options) ? {...check.analysis, items: await attributeAdopted(runtime, check.analysis.items, (id) => options.all || !healed.has(id))} : check.analysis
  const plan = planReverseSync(analysis, {
    all: options.all,
    prune: options.prune,
    importPhase: settings.config.reverseSync.importPhase,
    phasesDir: check.model.phasesDir,
    healable: (id) => healed.has(id),
    includeCritical: options.includeCritical,
  })
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
