// drift revert: the heal run (plan or saved plan -> approval -> per item: checks, calls, verify, roll back -> audit,
// under the heal lock) with the revert rules of SPEC 11. Exported for every front end (the CLI, the MCP server):
// they hand over the runtime and the person's flags, and get the typed result.

import type {HealResult} from '../core/heal-result.js'
import {type HealDependencies, type HealOptions, type RevertRequest, runHeal} from './heal.js'
import type {Runtime} from './runtime.js'

export type {RevertRequest} from './heal.js'

export interface RevertOptions extends Omit<HealOptions, 'revert'> {
  revert: RevertRequest
}

/** Reverts the selected drift through `runtime`'s AWS clients, lock, audit log and clock; `hooks` see the plan and each state. */
export async function runRevert(runtime: Runtime, options: RevertOptions, hooks: Partial<HealDependencies> = {}): Promise<HealResult> {
  return runHeal(runtime, options, hooks)
}
