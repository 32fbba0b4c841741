import {readPlanFile} from './adapters/fs/plan-file.js'
import type {HealResult} from './core/heal-result.js'
import type {HealPlan} from './core/plan/heal-plan.js'
import {parseHealPlan} from './core/plan/heal-plan-file.js'
import {ExitCode} from './errors.js'
import {renderHealPlan} from './render/heal-plan.js'
import {healSummaryLine, renderHealResult} from './render/heal-result.js'
import {createStyle} from './render/style.js'
import type {Runtime} from './workflows/runtime.js'

/** What `drift heal` and `drift revert` hand their workflow: the saved plan, if any, and where to show the plan. */
export interface PlanRun {
  saved?: {plan: HealPlan; file: string}
  onPlan(plan: HealPlan): void
}

/**
 * What `drift heal` and `drift revert` do around their workflow: read a saved plan (`--plan`), show the plan (with
 * -q only the summary line, unless it is a dry run or a prompt follows), show the result, and set the exit code.
 */
export async function applyPlanCommand(
  command: {runtime: Runtime; json: boolean; setExitCode(code: number): void},
  flags: {plan?: string; quiet?: boolean; dryRun: boolean; autoApprove: boolean; planCommand: string},
  run: (context: PlanRun) => Promise<HealResult>,
): Promise<HealResult> {
  const {runtime} = command
  const style = createStyle(runtime.output.color)
  const show = (text: string) => {
    if (!command.json) runtime.output.stdout(text)
  }

  const saved = flags.plan ? {plan: parseHealPlan(await readPlanFile(flags.plan, flags.planCommand), flags.plan), file: flags.plan} : undefined
  const result = await run({
    saved,
    onPlan(plan) {
      if (!flags.quiet || flags.dryRun || !flags.autoApprove) show(`${renderHealPlan(plan, style)}\n`)
    },
  })

  if (flags.dryRun) show('Dry run: nothing was changed.\n')
  else show(flags.quiet ? `${healSummaryLine(result)}\n` : renderHealResult(result, style))
  // Declining the prompt is not success (terraform apply exits 1 too): a script must not read it as healed.
  command.setExitCode(result.approved || result.dryRun ? result.exitCode : ExitCode.Usage)
  return result
}
