// drift plan: check -> heal (or revert) plan under the current settings -> (with --out) the plan saved for `drift heal --plan` (`drift revert --plan`).

import {writeFileAtomic} from '../adapters/fs/atomic-write.js'
import type {HealPlan} from '../core/plan/heal-plan.js'
import {serializeHealPlan} from '../core/plan/heal-plan-file.js'
import {SELECT_ALL, type ItemSelection} from '../core/plan/selection.js'
import {type CheckOptions, runUnitCheck} from './check.js'
import {healPlanFor, revertPlanFor, type RevertRequest, selectedCheck} from './heal.js'
import type {Runtime} from './runtime.js'

export interface DriftPlanOptions extends CheckOptions {
  out?: string
  selection?: ItemSelection
  /** `--revert`: the revert plan under these flags instead of the heal plan. */
  revert?: RevertRequest
}

export async function runDriftPlan(runtime: Runtime, options: DriftPlanOptions): Promise<HealPlan> {
  const check = selectedCheck(await runUnitCheck(runtime, options, 'drift plan'), options.selection ?? SELECT_ALL)
  const now = runtime.clock.now()
  const plan = options.revert ? revertPlanFor(runtime.settings, check, now, options.revert) : healPlanFor(runtime.settings, check, now)
  if (options.out) await writeFileAtomic(options.out, serializeHealPlan(plan))
  return plan
}
