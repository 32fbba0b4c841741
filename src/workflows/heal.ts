// drift heal: plan (or load a saved plan) -> confirm -> for each item: check, apply, verify, roll back -> audit.
// Everything that decides is in src/core/plan; this file only sequences I/O, all of it injected.

import {GetCallerIdentityCommand} from '@aws-sdk/client-sts'

import type {AuditLog, AuditRecord, AuditVia} from '../adapters/audit-log.js'
import {executeHealCall, type HealClients} from '../adapters/aws/heal/index.js'
import {readActualResource} from '../adapters/aws/read-one.js'
import type {HeldLock} from '../adapters/lock-file.js'
import type {Settings} from '../config/settings.js'
import type {HealItemResult, HealResult, HealState, HealSummary} from '../core/heal-result.js'
import type {ActualResource, DriftAnalysis, DriftReport} from '../core/model.js'
import {mismatches, type SafetyCheck, safetyChecks, type ValueMismatch} from '../core/plan/heal-checks.js'
import {type HealAction, type HealPlan, type HealPlanEntry, type HealPolicy, isApplied, planHeal} from '../core/plan/heal-plan.js'
import {healRederiveRules, type RederiveRules, rederiveSavedPlan} from '../core/plan/heal-plan-rederive.js'
import {type ItemSelection, SELECT_ALL, selectAnalysis, selectsEverything} from '../core/plan/selection.js'
import {planRevert, type RevertFlags, revertEntryOf, revertPolicy, revertRefusal} from '../core/plan/revert-plan.js'
import {valueAtPath} from '../core/plan/heal-values.js'
import {terminalText} from '../core/shared/untrusted-text.js'
import {ExitCode, isIalError, UsageError} from '../errors.js'
import {runUnitCheck} from './check.js'
import {placeOfReport} from '../core/targets.js'
import type {Runtime} from './runtime.js'

/** The part of `runCheck`'s outcome a heal needs. */
export interface HealCheckResult {
  analysis: DriftAnalysis
  /** The check's report: its commit, and with config targets its one target (`summary.byTarget`) and region. */
  report: {source: {commit: string | null; regions?: string[]}; summary?: Pick<DriftReport['summary'], 'byTarget'>}
}

export interface HealCheckRequest {
  /** Which items to act on (`ID...`, `--type`, severities); all when absent. */
  selection?: ItemSelection
  snapshotFile?: string
  select?: string[]
  ignore?: string[]
  allowPartial?: boolean
}

/** One region's AWS, as a heal uses it. */
export interface HealRegion {
  clients: HealClients
  /** Re-reads one resource (null when it no longer exists); `known` is how the check read it. */
  read(type: string, physicalId: string, known?: ActualResource): Promise<ActualResource | null>
}

export interface HealDependencies {
  now: () => Date
  check: (settings: Settings, request: HealCheckRequest) => Promise<HealCheckResult>
  aws: (region: string) => HealRegion
  /** The caller's ARN for the audit log; null when STS cannot tell. */
  whoAmI: () => Promise<string | null>
  audit: AuditLog
  /** Recorded on every audit line; `cli` when absent. */
  via?: AuditVia
  /** The heal lock of a target (the repository's own lock when `target` is absent). */
  lock: (forceUnlock: boolean, target?: string) => Promise<HeldLock>
  /** A problem that does not change the outcome (an audit write failing after the run had already failed). */
  warn?: (message: string) => void
  /** Waits between verification reads (AWS applies some changes a moment after the call returns). */
  sleep: (ms: number) => Promise<void>
  onState?: (entry: HealPlanEntry, state: HealState) => void
  /** Called once the plan is known, before confirmation (the command shows it). */
  onPlan?: (plan: HealPlan) => void
}

export interface HealOptions extends HealCheckRequest {
  /** A saved plan (`--plan FILE`): re-derived from a fresh check, never replayed. Computed from the check when absent. */
  plan?: {plan: HealPlan; file: string}
  dryRun: boolean
  /** `auto` (--auto-approve, watch), a prompt, or null when there is no way to ask (no TTY). */
  approve: 'auto' | ((plan: HealPlan) => Promise<boolean>) | null
  forceUnlock: boolean
  /** Revert instead of heal (`drift revert`): the same run, with the revert rules and the flags the person gave. */
  revert?: RevertRequest
}

/** What a person asks of a revert (SPEC 11): flags only, never read from a saved plan. */
export interface RevertRequest extends RevertFlags {
  applyImmediately: boolean
}

/** Reads back after a heal: AWS shows some changes (RDS windows) a few seconds after the call returns. */
const VERIFY_DELAYS_MS = [0, 1000, 2000, 4000, 8000]

/**
 * The real dependencies, from the run's runtime: its AWS clients (one call counter and rate limit for the run), the
 * audit log of config `audit.file` and the lock next to it (`.ialctl/heal.lock` by default), its clock.
 */
function healDependencies(runtime: Runtime): HealDependencies {
  // With config targets a heal acts on one target (runUnitCheck): its calls use the target's write credentials.
  const [target] = runtime.settings.targets
  const clientsFor = (region: string) => runtime.aws.clientsFor({target: target?.name, region, access: 'write'})
  return {
    now: () => runtime.clock.now(),
    check: (settings, request) => runUnitCheck({...runtime, settings}, request, 'drift heal or revert'),
    aws: (region) => ({clients: clientsFor(region), read: (type, physicalId, known) => readActualResource(clientsFor(region), type, physicalId, region, known)}),
    async whoAmI() {
      const [region] = runtime.settings.regions
      if (!region) return null
      const identity = await clientsFor(region).sts.send(new GetCallerIdentityCommand({}))
      return identity.Arn ?? null
    },
    audit: runtime.audit,
    warn: (message) => runtime.output.stderr(`Warning: ${terminalText(message)}\n`),
    lock: (forceUnlock, name) => runtime.lock(forceUnlock, name ?? target?.name),
    sleep: (ms) => runtime.clock.sleep(ms),
    onState: (entry, state) => runtime.output.progress(`${entry.itemId}: ${state}`),
  }
}

export function healPolicy(settings: Settings): HealPolicy {
  const {maxResources, severityLimit, forbid} = settings.config.autoHeal
  return {enabled: settings.autoHealEnabled, maxResources, severityLimit, forbid}
}

/** The plan for an analysis under the current settings (`drift plan`, and `drift heal` without --plan). */
export function healPlanFor(settings: Settings, check: HealCheckResult, now: Date): HealPlan {
  return atPlace(planHeal(check.analysis, {...healPolicy(settings), configHash: settings.configHash, phasesCommit: check.report.source.commit, createdAt: now.toISOString()}), check)
}

/** The revert plan for an analysis under the current settings and the person's flags (`drift plan --revert`, `drift revert`). */
export function revertPlanFor(settings: Settings, check: HealCheckResult, now: Date, request: RevertRequest): HealPlan {
  return atPlace(planRevert(check.analysis, {...healPolicy(settings), ...request, configHash: settings.configHash, phasesCommit: check.report.source.commit, createdAt: now.toISOString()}), check)
}

/** With config targets, the plan names the one target and region its calls go to. */
function atPlace(plan: HealPlan, check: HealCheckResult): HealPlan {
  const place = placeOfReport(check.report)
  return place ? {...plan, place} : plan
}

/** The policy the safety checks hold an item to just before its calls: the heal policy, or a revert's reading of it. */
const runPolicy = (settings: Settings, options: Pick<HealOptions, 'revert'>): HealPolicy => (options.revert ? revertPolicy(healPolicy(settings)) : healPolicy(settings))

/**
 * Heals with the runtime's AWS, audit log, lock and clock. `hooks` adds what a caller sees (`onPlan`) or already
 * has (`drift watch` passes the check of its cycle); tests replace the rest.
 */
export async function runHeal(runtime: Runtime, options: HealOptions, hooks: Partial<HealDependencies> = {}): Promise<HealResult> {
  const {settings} = runtime
  const deps: HealDependencies = {...healDependencies(runtime), ...hooks}
  if (options.dryRun) {
    const {plan} = await planToRun(settings, options, deps)
    deps.onPlan?.(plan)
    return result(plan, {dryRun: true, approved: false, items: [], freedLock: null})
  }

  const lock = await deps.lock(options.forceUnlock)
  let healed: HealResult
  try {
    healed = await healHoldingLock(settings, options, deps, lock)
  } catch (error) {
    await endRun(deps, lock, error)
    throw error
  }

  await endRun(deps, lock)
  return healed
}

/**
 * Stores the run's audit lines (the S3 audit log writes them as one object now), then releases the lock, whatever
 * happened. A write that fails after a good run fails the run (exit 3, saying where the lines were kept); after a
 * run that already failed, it is a warning line and the run's own error stands.
 */
async function endRun(deps: HealDependencies, lock: HeldLock, failure?: unknown): Promise<void> {
  try {
    await deps.audit.flush?.()
  } catch (error) {
    if (failure === undefined) throw error
    deps.warn?.(isIalError(error) ? error.line : String(error))
  } finally {
    await lock.release()
  }
}

/** The heal itself, under the lock: plan, confirm, then each item checked, applied, verified and audited. */
async function healHoldingLock(settings: Settings, options: HealOptions, deps: HealDependencies, lock: HeldLock): Promise<HealResult> {
  const {plan, skipped, known} = await planToRun(settings, options, deps)
  deps.onPlan?.(plan)
  // Planned items refused before any call (stale, policy, limits) are reported and audited as skipped.
  const planned = plan.entries.filter((entry) => isApplied(entry) || skipped.has(entry.itemId))
  if (planned.length === 0) return result(plan, {dryRun: false, approved: true, items: [], freedLock: lock.freed})
  if (planned.some((entry) => isApplied(entry))) {
    if (options.approve === null) {
      const verb = options.revert ? 'revert' : 'heal'
      throw new UsageError(`refusing to ${verb} without confirmation: there is no terminal to ask on`, `pass --auto-approve to ${verb} without a prompt, or --dry-run to see the plan`)
    }

    if (options.approve !== 'auto' && !(await options.approve(plan))) return result(plan, {dryRun: false, approved: false, items: [], freedLock: lock.freed})
  }

  const who = await deps.whoAmI().catch(() => null)
  const policy = runPolicy(settings, options)
  const purpose = options.revert ? 'revert' : 'heal'
  const items: HealItemResult[] = []
  let started = 0
  for (const entry of planned) {
    const refusal = skipped.get(entry.itemId)
    const item = refusal ? skippedItem(entry, refusal) : await healItem(entry, known.get(entry.itemId), started, policy, purpose, deps)
    if (item.history.includes('applying')) started += 1
    items.push(item)
    await deps.audit.append(auditRecord(item, who, deps.now(), purpose, deps.via ?? 'cli'))
  }

  return result(plan, {dryRun: false, approved: true, items, freedLock: lock.freed})
}

interface PlanToRun {
  plan: HealPlan
  /** Planned items refused before any call, with the check they failed. */
  skipped: Map<string, SafetyCheck>
  /** Item id -> the resource as the check read it. */
  known: ReadonlyMap<string, ActualResource>
}

/**
 * The plan a heal runs. Without --plan, a fresh one. With --plan, the saved file is only a selection: config,
 * phases and AWS are read again and every call is rebuilt (SPEC 10); a hand-edited entry refuses the whole plan.
 */
async function planToRun(settings: Settings, options: HealOptions, deps: HealDependencies): Promise<PlanToRun> {
  const selection = options.selection ?? SELECT_ALL
  if (options.plan && !selectsEverything(selection)) {
    throw new UsageError('a saved plan runs the items it holds: IDs, --type and severities select when planning', `select with ialctl drift plan${options.revert ? ' --revert' : ''} ... --out FILE`)
  }

  const check = selectedCheck(await deps.check(settings, options), selection)
  const known = check.analysis.actual
  const {revert} = options
  if (!options.plan && revert) {
    // A revert is asked for item by item: one this run refuses (a restart or a weakening not allowed, a policy) is
    // a planned item not applied (exit 2), reported and audited as skipped with the flag it needs.
    const plan = revertPlanFor(settings, check, deps.now(), revert)
    const refusedItems = plan.entries.filter((entry) => entry.decision === 'refused')
    return {plan, skipped: new Map(refusedItems.map((entry) => [entry.itemId, {name: 'policy', passed: false, detail: entry.reason} as const])), known}
  }

  if (!options.plan) return {plan: healPlanFor(settings, check, deps.now()), skipped: new Map(), known}
  const {plan: saved, file} = options.plan
  if (revert && saved.mode !== 'revert') throw new UsageError(`${file} is a heal plan, not a revert plan`, `run it with ialctl drift heal --plan ${file}, or make a revert plan with ialctl drift plan --revert --out FILE`)
  if (!revert && saved.mode === 'revert') throw new UsageError(`${file} is a revert plan, not a heal plan`, `run it with ialctl drift revert --plan ${file}`)
  if (revert && (saved.applyImmediately ?? false) !== revert.applyImmediately) {
    const flag = saved.applyImmediately ? 'with' : 'without'
    throw new UsageError(`${file} was planned ${flag} --apply-immediately; nothing was sent`, `run it ${flag} --apply-immediately, or plan again`)
  }

  const place = placeOfReport(check.report)
  if (saved.place !== place) {
    // A plan holds the calls of one account and region: run anywhere else, the same ids could name other resources.
    throw new UsageError(`${file} was planned for ${saved.place ?? 'the credential chain\'s account'}, this run is for ${place ?? 'the credential chain\'s account'}; nothing was sent`, saved.place ? `run it with --target ${saved.place.split('/')[0]} --region ${saved.place.split('/')[1]}, or plan again` : 'plan again for this target')
  }

  const current = {configHash: settings.configHash, phasesCommit: check.report.source.commit, analysis: check.analysis}
  const rules: RederiveRules = revert
    ? {
        rebuild: (item, analysis) => revertEntryOf(item, analysis.actual.get(item.id), revert, analysis.resolved?.get(item.id)),
        refusal: (entry) => revertRefusal(entry, revert, runPolicy(settings, options)),
        maxResources: settings.config.autoHeal.maxResources,
      }
    : healRederiveRules(healPolicy(settings))
  const rederived = rederiveSavedPlan(saved, current, rules)
  if (!rederived.ok) {
    throw new UsageError(
      `the plan in ${file} was edited: ${rederived.itemId}: ${rederived.reason}; nothing was sent`,
      `a saved plan is re-derived, never replayed: make a new plan with ialctl drift plan${revert ? ' --revert' : ''} --out FILE`,
    )
  }

  return {plan: rederived.plan, skipped: rederived.skipped, known}
}

/** The check narrowed to the selected items; an id that names nothing is a usage error (a typo must not select nothing). */
export function selectedCheck<T extends HealCheckResult>(check: T, selection: ItemSelection): T {
  const {analysis, unknownIds} = selectAnalysis(check.analysis, selection)
  if (unknownIds.length > 0) {
    const drifted = check.analysis.items.map((item) => item.id)
    throw new UsageError(`no resource ${unknownIds.map((id) => `'${id}'`).join(', ')} in the phases or among the drift items`, drifted.length > 0 ? `drifted: ${drifted.join(', ')}` : 'nothing drifted')
  }

  return {...check, analysis}
}

function skippedItem(entry: HealPlanEntry, check: SafetyCheck): HealItemResult {
  return {
    itemId: entry.itemId,
    type: entry.type,
    physicalId: entry.physicalId,
    region: entry.region,
    state: 'skipped',
    history: ['pending', 'validating', 'skipped'],
    checks: [check],
    calls: [],
    before: null,
    after: null,
    error: check.detail,
  }
}

async function healItem(entry: HealPlanEntry, known: ActualResource | undefined, started: number, policy: HealPolicy, purpose: 'heal' | 'revert', deps: HealDependencies): Promise<HealItemResult> {
  const item: HealItemResult = {
    itemId: entry.itemId,
    type: entry.type,
    physicalId: entry.physicalId,
    region: entry.region,
    state: 'pending',
    history: ['pending'],
    checks: [],
    calls: [],
    before: null,
    after: null,
  }
  const go = (state: HealState) => {
    item.state = state
    item.history.push(state)
    deps.onState?.(entry, state)
  }

  deps.onState?.(entry, 'pending')
  go('validating')
  const region = deps.aws(entry.region as string)
  const read = () => region.read(entry.type, entry.physicalId as string, known)
  let current: ActualResource | null
  try {
    current = await read()
  } catch (error) {
    item.checks = [{name: 'exists', passed: false, detail: `could not read the resource: ${message(error)}`}]
    item.error = item.checks[0].detail
    if (isIalError(error) && error.exitCode === ExitCode.Remote) item.unreachable = true
    go('skipped')
    return item
  }

  item.checks = safetyChecks(entry, current, started, policy)
  const failed = item.checks.filter((check) => !check.passed)
  if (failed.length > 0 || !current) {
    item.error = failed.map((check) => check.detail).join('; ')
    go('skipped')
    return item
  }

  const before = entry.changes.map((change) => ({path: change.path, value: valueAtPath(current, change.path)}))
  const declared = entry.changes.map((change) => ({path: change.path, value: change.to}))
  item.before = Object.fromEntries(before.map(({path, value}) => [path, value ?? null]))

  go('applying')
  const done: HealAction[] = []
  let failing: HealAction | undefined
  for (const action of entry.actions) {
    try {
      await executeHealCall(region.clients, action, entry.region as string, purpose)
      item.calls.push({api: action.api, phase: 'apply', ok: true})
      done.push(action)
    } catch (error) {
      item.calls.push({api: action.api, phase: 'apply', ok: false, error: message(error)})
      item.error = `${action.api} failed: ${message(error)}`
      failing = action
      break
    }
  }

  if (!failing && entry.scheduled) {
    // AWS applies it in the maintenance window: there is nothing to read back yet, and the record says so.
    item.error = 'scheduled by AWS for the next maintenance window (not verified): pass --apply-immediately to make it now'
    go('scheduled')
    return item
  }

  if (!failing) {
    const verified = await settle(read, declared, deps.sleep)
    item.after = verified.values
    if (verified.mismatches.length === 0 && !verified.error) {
      go('applied')
      return item
    }

    item.error = verified.error ?? `verification failed: ${describe(verified.mismatches)}`
  }

  go('failed')
  go('rolling_back')
  const rollbackCalls = async (actions: HealAction[]) => {
    for (const action of actions) {
      try {
        await executeHealCall(region.clients, action.rollback, entry.region as string, purpose)
        item.calls.push({api: action.rollback.api, phase: 'rollback', ok: true})
      } catch (error) {
        item.calls.push({api: action.rollback.api, phase: 'rollback', ok: false, error: message(error)})
      }
    }
  }

  // Undo what was applied, newest first; then check that the recorded values are back.
  await rollbackCalls([...done].reverse())
  let restored = await settle(read, before, deps.sleep)
  if ((restored.mismatches.length > 0 || restored.error) && failing) {
    // The failed call may have taken effect in part (an error after the write): undo it too.
    await rollbackCalls([failing])
    restored = await settle(read, before, deps.sleep)
  }

  item.after = restored.values
  if (restored.mismatches.length === 0 && !restored.error) {
    go('rolled_back')
  } else {
    item.error = `${item.error}; rollback did not restore the previous values: ${restored.error ?? describe(restored.mismatches)}`
    go('rollback_failed')
  }

  return item
}

interface Settled {
  mismatches: ValueMismatch[]
  values: Record<string, unknown> | null
  error?: string
}

/** Re-reads until the wanted values show, or the delays run out. */
async function settle(read: () => Promise<ActualResource | null>, wanted: Array<{path: string; value: unknown}>, sleep: (ms: number) => Promise<void>): Promise<Settled> {
  let last: Settled = {mismatches: [], values: null, error: 'not read'}
  for (const delay of VERIFY_DELAYS_MS) {
    if (delay > 0) await sleep(delay)
    try {
      const resource = await read()
      if (!resource) {
        last = {mismatches: [], values: null, error: 'the resource can no longer be read'}
        continue
      }

      const values = Object.fromEntries(wanted.map(({path}) => [path, valueAtPath(resource, path) ?? null]))
      last = {mismatches: mismatches(wanted, resource), values}
      if (last.mismatches.length === 0) return last
    } catch (error) {
      last = {mismatches: [], values: null, error: `could not read the resource back: ${message(error)}`}
    }
  }

  return last
}

const describe = (list: ValueMismatch[]) => list.map(({path, want, got}) => `${path} is ${JSON.stringify(got ?? null)}, want ${JSON.stringify(want ?? null)}`).join('; ')

const message = (error: unknown) => (isIalError(error) ? error.line : error instanceof Error ? error.message : String(error))

function auditRecord(item: HealItemResult, who: string | null, time: Date, purpose: 'heal' | 'revert', via: AuditVia): AuditRecord {
  return {
    time: time.toISOString(),
    ...(purpose === 'revert' ? {operation: 'revert' as const} : {}),
    who,
    item: item.itemId,
    type: item.type,
    physicalId: item.physicalId,
    region: item.region,
    action: item.calls.map((call) => (call.phase === 'rollback' ? `rollback:${call.api}` : call.api)),
    before: item.before,
    after: item.after,
    result: item.state,
    checks: item.checks,
    ...(item.error ? {error: item.error} : {}),
    via,
  }
}

function result(plan: HealPlan, parts: Pick<HealResult, 'dryRun' | 'approved' | 'items' | 'freedLock'>): HealResult {
  const count = (state: HealState) => parts.items.filter((item) => item.state === state).length
  const summary: HealSummary = {
    applied: count('applied'),
    skipped: count('skipped'),
    failed: count('rolled_back') + count('rollback_failed'),
    rolledBack: count('rolled_back'),
    rollbackFailed: count('rollback_failed'),
    scheduled: count('scheduled'),
  }
  // Worst first: a resource in an unknown state, then AWS out of reach (the heal did not happen), then a planned
  // item that was not applied (rolled back, or skipped by a safety check: SPEC 4, a CI step must see it).
  const unreachable = parts.items.some((item) => item.unreachable)
  const notApplied = summary.rolledBack + summary.skipped
  const exitCode = summary.rollbackFailed > 0 ? ExitCode.UnknownState : unreachable ? ExitCode.Remote : notApplied > 0 ? ExitCode.Drift : ExitCode.Ok
  return {plan, ...parts, summary, exitCode}
}
