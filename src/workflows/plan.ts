// drift plan: check -> heal plan under the current settings -> (with --out) the plan saved for `drift heal --plan`.

import {writeFileAtomic} from '../adapters/fs/atomic-write.js'
import type {HealPlan} from '../core/plan/heal-plan.js'
import {serializeHealPlan} from '../core/plan/heal-plan-file.js'
import {type CheckOptions, runCheck} from './check.js'
import {healPlanFor} from './heal.js'
import type {Runtime} from './runtime.js'

export async function runDriftPlan(runtime: Runtime, options: CheckOptions & {out?: string}): Promise<HealPlan> {
  const check = await runCheck(runtime, options)
  const plan = healPlanFor(runtime.settings, check, runtime.clock.now())
  if (options.out) await writeFileAtomic(options.out, serializeHealPlan(plan))
  return plan
}
