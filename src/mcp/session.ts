// One `ialctl mcp` session: the tools' work, over the same workflows the commands run (check, plan, heal, reverse
// sync), with what a session remembers: its latest report and the plans it handed out, by token. A write tool
// applies only a plan this session made, named by its token, used once; the heal re-derives it exactly as
// `drift heal --plan` re-derives a saved plan, so a plan whose inputs changed is refused item by item with no call.

import type {AuditRecord} from '../adapters/audit-log.js'
import {formatDuration} from '../adapters/aws/errors.js'
import {failsOn} from '../check-flags.js'
import type {HealResult} from '../core/heal-result.js'
import type {DriftAnalysis, DriftItem, DriftReport, Severity} from '../core/model.js'
import type {HealPlan} from '../core/plan/heal-plan.js'
import {planToken} from '../core/plan/plan-token.js'
import {selectAnalysis} from '../core/plan/selection.js'
import {selectItems} from '../core/select-items.js'
import {RunTimeoutError, UsageError} from '../errors.js'
import {checkDriftText, driftHistoryText, explainDriftText, healPlanText, healResultText, revertPlanText, reverseSyncApplyText, reverseSyncPreviewText} from '../render/agent-text.js'
import {plural} from '../render/style.js'
import {type CheckOptions, type CheckOutcome, runCheck, runDriftCheck, runUnitCheck} from '../workflows/check.js'
import {healPlanFor, revertPlanFor, type RevertRequest, runHeal} from '../workflows/heal.js'
import {runDriftHistory, sinceOption} from '../workflows/history.js'
import type {DriftHistory} from '../core/history/view.js'
import {runReverseSync, type ReverseSyncOptions, type ReverseSyncStatus} from '../workflows/reverse-sync.js'
import type {Runtime} from '../workflows/runtime.js'

/** What a tool returns: the structured result (the CLI's `--json` shape) and a line for a person, free of AWS strings. */
export interface ToolAnswer<T> {
  structured: T
  text: string
}

/** The person behind the agent, asked through the client (MCP elicitation). */
export interface Person {
  /** Whether the client can ask at all. */
  canAsk(): boolean
  /** Resolves true only on an explicit yes. */
  approveCritical(question: {itemIds: string[]}): Promise<boolean>
}

export interface SessionOptions {
  /** A fresh runtime for one tool call (config read again, as each CLI run does); `signal` ends its I/O. */
  runtime: (signal: AbortSignal) => Promise<Runtime>
  /** The server's own check flags (--phase, --ignore, --allow-partial, --snapshot), the default of every tool. */
  check: CheckOptions
  /** `--approve-critical` at server start. */
  approveCritical: boolean
  person: Person
  /** Tests: where temp clones go, the GitHub client. */
  reverseSync?: Pick<ReverseSyncOptions, 'tempDir' | 'github'>
}

export interface PlanHealAnswer {
  planToken: string
  plan: HealPlan
}

export interface ReverseSyncPreview {
  /** Null when there is nothing to reverse-sync. */
  planToken: string | null
  status: ReverseSyncStatus
  files: string[]
  diff: string
  body: string
}

/** What `reverse-sync --json` prints. */
export interface ReverseSyncApplied {
  status: ReverseSyncStatus
  prUrl: string | null
  branch: string | null
  files: string[]
}

type HeldPlan = {kind: 'heal'; plan: HealPlan} | {kind: 'revert'; plan: HealPlan; request: RevertRequest} | {kind: 'reverse-sync'; fingerprint: string; ids: string[]}

const TOKEN_HINT: Record<HeldPlan['kind'], string> = {
  heal: 'call plan_heal in this session and pass the planToken it returns; a token is good for one heal',
  revert: 'call plan_revert in this session and pass the planToken it returns; a token is good for one revert',
  'reverse-sync': 'call reverse_sync_preview in this session and pass the planToken it returns; a token is good for one apply',
}

const KIND_NAME: Record<HeldPlan['kind'], string> = {heal: 'a heal', revert: 'a revert', 'reverse-sync': 'a reverse sync'}

/** An unknown id's hint: the drifted ids include extra resources' AWS names, which stay out of the tools' prose. */
const SELECTION = {hint: 'the ids are the items of check_drift'}

/** The command line a pull request body names as its origin. */
const REVERSE_SYNC_COMMAND = 'ialctl mcp (reverse_sync_apply)'

export class DriftSession {
  private latest: DriftReport | null = null
  private readonly plans = new Map<string, HeldPlan>()

  constructor(private readonly options: SessionOptions) {}

  /** The report of the latest check this session ran. */
  latestReport(): DriftReport {
    if (!this.latest) throw new UsageError('no report yet in this session', 'call check_drift first')
    return this.latest
  }

  async checkDrift(input: {phases?: string[]; failOn?: Severity | 'never'}, signal?: AbortSignal): Promise<ToolAnswer<DriftReport>> {
    return this.call(signal, async (runtime) => {
      // drift check's own workflow: baselined items left out, the run compared with and added to the history.
      const {report} = await this.remember(runDriftCheck(runtime, {...this.options.check, ...(input.phases ? {select: input.phases} : {})}))
      const failOn = input.failOn ?? runtime.settings.config.check.failOn
      return {structured: report, text: checkDriftText(report, failOn, failsOn(report.items, failOn))}
    })
  }

  async explainDrift(input: {ids?: string[]}, signal?: AbortSignal): Promise<ToolAnswer<{items: DriftItem[]}>> {
    return this.call(signal, async (runtime) => {
      const {report, analysis} = await this.check(runtime)
      const items = selectItems(report.items, analysis.desired, input.ids ?? [], SELECTION)
      return {structured: {items}, text: explainDriftText(items)}
    })
  }

  async planHeal(input: {ids?: string[]}, signal?: AbortSignal): Promise<ToolAnswer<PlanHealAnswer>> {
    return this.call(signal, async (runtime) => {
      const outcome = await this.check(runtime, {}, 'plan_heal')
      const plan = healPlanFor(runtime.settings, {analysis: selected(outcome.analysis, input.ids ?? []), report: outcome.report}, runtime.clock.now())
      const token = planToken(plan)
      this.plans.set(token, {kind: 'heal', plan})
      return {structured: {planToken: token, plan}, text: healPlanText(plan)}
    })
  }

  async heal(input: {planToken: string}, signal?: AbortSignal): Promise<ToolAnswer<HealResult>> {
    return this.apply('heal', input.planToken, signal)
  }

  async planRevert(input: {ids?: string[]; allowRestart?: boolean; applyImmediately?: boolean}, signal?: AbortSignal): Promise<ToolAnswer<PlanHealAnswer>> {
    return this.call(signal, async (runtime) => {
      const outcome = await this.check(runtime, {}, 'plan_revert')
      // Critical items are planned when the server may approve them or the person can be asked (as on a terminal).
      const request: RevertRequest = {
        allowRestart: input.allowRestart ?? false,
        applyImmediately: input.applyImmediately ?? false,
        approveCritical: this.options.approveCritical,
        interactive: this.options.person.canAsk(),
      }
      const plan = revertPlanFor(runtime.settings, {analysis: selected(outcome.analysis, input.ids ?? []), report: outcome.report}, runtime.clock.now(), request)
      const token = planToken(plan)
      this.plans.set(token, {kind: 'revert', plan, request})
      return {structured: {planToken: token, plan}, text: revertPlanText(plan)}
    })
  }

  async revert(input: {planToken: string}, signal?: AbortSignal): Promise<ToolAnswer<HealResult>> {
    return this.apply('revert', input.planToken, signal)
  }

  /**
   * Applies a heal or revert plan this session handed out, re-derived and checked as a saved plan is: one workflow
   * serves both (`drift revert`'s runRevert is runHeal with the plan's revert request).
   */
  private async apply(kind: 'heal' | 'revert', token: string, signal?: AbortSignal): Promise<ToolAnswer<HealResult>> {
    this.refuseOnSnapshot(kind)
    const held = this.take(token, kind)
    return this.call(signal, async (runtime) => {
      const result = await runHeal(
        runtime,
        {
          ...this.options.check,
          plan: {plan: held.plan, file: `plan ${token.slice(0, 19)}…`},
          dryRun: false,
          approve: (plan) => this.approve(plan),
          forceUnlock: false,
          ...(held.kind === 'revert' ? {revert: held.request} : {}),
        },
        {via: 'mcp'},
      )
      if (!result.approved) throw new UsageError('the person did not approve the critical items; nothing was sent', `make a new plan with plan_${kind} to ask again`)
      return {structured: result, text: healResultText(result)}
    })
  }

  async driftHistory(input: {since?: string; ids?: string[]}, signal?: AbortSignal): Promise<ToolAnswer<DriftHistory>> {
    return this.call(signal, async (runtime) => {
      const history = await runDriftHistory(runtime, {since: sinceOption(runtime, input.since), ids: input.ids})
      return {structured: history, text: driftHistoryText(history)}
    })
  }

  async reverseSyncPreview(input: {ids?: string[]}, signal?: AbortSignal): Promise<ToolAnswer<ReverseSyncPreview>> {
    return this.call(signal, async (runtime) => {
      const ids = input.ids ?? []
      const result = await runReverseSync(runtime, {...this.reverseSyncOptions(ids), dryRun: true})
      const nothingToDo = result.status === 'nothing-to-do'
      let token: string | null = null
      if (!nothingToDo && result.fingerprint) {
        token = planToken({reverseSync: result.fingerprint, ids})
        this.plans.set(token, {kind: 'reverse-sync', fingerprint: result.fingerprint, ids})
      }

      return {structured: {planToken: token, status: result.status, files: result.files, diff: result.diff ?? '', body: result.body ?? ''}, text: reverseSyncPreviewText(result.files.length, nothingToDo)}
    })
  }

  async reverseSyncApply(input: {planToken: string}, signal?: AbortSignal): Promise<ToolAnswer<ReverseSyncApplied>> {
    this.refuseOnSnapshot('reverse sync')
    const held = this.take(input.planToken, 'reverse-sync')
    return this.call(signal, async (runtime) => {
      const result = await runReverseSync(runtime, {...this.reverseSyncOptions(held.ids), dryRun: false, expectFingerprint: held.fingerprint})
      if (result.status === 'opened' || result.status === 'updated') {
        await runtime.audit.append(pullRequestAudit(result, runtime.clock.now()))
        await runtime.audit.flush?.()
      }
      const {status, prUrl, branch, files} = result
      return {structured: {status, prUrl, branch, files}, text: reverseSyncApplyText(status, files.length)}
    })
  }

  /**
   * The check every tool starts from; its report becomes the session's latest. A tool that plans writes (`verb`)
   * needs one region of one target (runUnitCheck).
   */
  private check(runtime: Runtime, options: CheckOptions = {}, verb?: string): Promise<CheckOutcome> {
    const request = {...this.options.check, ...options}
    return this.remember(verb ? runUnitCheck(runtime, request, verb) : runCheck(runtime, request))
  }

  private async remember(checking: Promise<CheckOutcome>): Promise<CheckOutcome> {
    const outcome = await checking
    this.latest = outcome.report
    return outcome
  }

  private reverseSyncOptions(ids: string[]): ReverseSyncOptions {
    return {
      ...this.options.check,
      ...this.options.reverseSync,
      dryRun: true,
      all: false,
      prune: false,
      command: REVERSE_SYNC_COMMAND,
      check: async (runtime, options) => {
        const outcome = await this.check(runtime, options, 'reverse sync')
        return {...outcome, analysis: selected(outcome.analysis, ids)}
      },
    }
  }

  private approve(plan: HealPlan): Promise<boolean> {
    return approveCriticalItems(plan, this.options)
  }

  /** A plan this session handed out, of this kind; it is used up by the attempt, whatever the outcome. */
  private take<K extends HeldPlan['kind']>(token: string, kind: K): Extract<HeldPlan, {kind: K}> {
    const held = this.plans.get(token)
    if (held?.kind !== kind) throw new UsageError(`the planToken is not one this session handed out for ${KIND_NAME[kind]} (or it was used already); nothing was sent`, TOKEN_HINT[kind])
    this.plans.delete(token)
    return held as Extract<HeldPlan, {kind: K}>
  }

  private refuseOnSnapshot(what: string): void {
    if (this.options.check.snapshotFile) throw new UsageError(`the server answers from a snapshot and cannot ${what}: a snapshot is not AWS`, 'start ialctl mcp without --snapshot')
  }

  /**
   * One tool call's runtime: aborted when the client cancels the call, or when --timeout (network.runTimeout)
   * passes, which then is the error; every request still in flight stops when the call ends.
   */
  private async call<T>(signal: AbortSignal | undefined, work: (runtime: Runtime) => Promise<T>): Promise<T> {
    const controller = new AbortController()
    const cancel = () => controller.abort(signal?.reason)
    if (signal?.aborted) cancel()
    signal?.addEventListener('abort', cancel, {once: true})
    let deadline: NodeJS.Timeout | undefined
    try {
      const runtime = await this.options.runtime(controller.signal)
      const limit = runtime.settings.network.runTimeoutMs
      if (limit !== null) deadline = setTimeout(() => controller.abort(new RunTimeoutError(formatDuration(limit), 'tool call')), limit)
      return await work(runtime)
    } catch (error) {
      // Past --timeout, whatever the abort made fail is a consequence: the timeout is the news.
      const reason: unknown = controller.signal.reason
      throw reason instanceof RunTimeoutError ? reason : error
    } finally {
      clearTimeout(deadline)
      signal?.removeEventListener('abort', cancel)
      if (!controller.signal.aborted) controller.abort(new Error('the tool call has ended'))
    }
  }
}

/** The analysis narrowed to these ids (every item when none); an unknown id is one usage line. */
function selected(analysis: DriftAnalysis, ids: string[]): DriftAnalysis {
  selectItems(analysis.items, analysis.desired, ids, SELECTION)
  return selectAnalysis(analysis, {ids, types: []}).analysis
}

/**
 * Whether a heal plan may go ahead: without critical items, yes; with them, only with --approve-critical or the
 * person's yes. Without either way to approve, the heal is refused before any call.
 */
export async function approveCriticalItems(plan: HealPlan, options: Pick<SessionOptions, 'approveCritical' | 'person'>): Promise<boolean> {
  const critical = plan.entries.filter((entry) => (entry.decision === 'heal' || entry.decision === 'revert') && entry.severity === 'critical').map((entry) => entry.itemId)
  if (critical.length === 0 || options.approveCritical) return true
  if (!options.person.canAsk()) {
    throw new UsageError(
      `the plan ${plan.mode === 'revert' ? 'reverts' : 'heals'} ${plural(critical.length, 'critical item')} (${critical.join(', ')}) and there is no one to approve them; nothing was sent`,
      'start ialctl mcp with --approve-critical, or use an MCP client that can ask the person (elicitation)',
    )
  }

  return options.person.approveCritical({itemIds: critical})
}

/** The audit line of a pull request opened or updated through the server. */
function pullRequestAudit(result: {status: ReverseSyncStatus; prUrl: string | null; branch: string | null; files: string[]}, time: Date): AuditRecord {
  return {
    time: time.toISOString(),
    who: null,
    item: 'reverse-sync',
    type: 'GitHub::PullRequest',
    physicalId: result.prUrl,
    region: null,
    action: ['git.push', result.status === 'opened' ? 'GitHub.createPullRequest' : 'GitHub.updatePullRequest'],
    before: null,
    after: {branch: result.branch, files: result.files},
    result: result.status,
    checks: [{name: 'unchanged', passed: true, detail: 'the drift is the one previewed'}],
    via: 'mcp',
  }
}
