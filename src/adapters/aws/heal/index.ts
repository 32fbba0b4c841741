// Heal executors: one per planned API call (SPEC 6). Only the calls a type module declares, with a sender in the
// adapter registry, can ever be sent by a heal, and only with parameters that pass the call's schema.

import {healCallProblem} from '../../../core/resources/heal.js'
import {healCall} from '../../../core/resources/index.js'
import {HEAL_EXECUTORS} from '../registry.js'
import {type HealClients, UnsafeHealCallError} from './types.js'

export type {HealClients, HealExecutor} from './types.js'
export {UnsafeHealCallError} from './types.js'

/** Every write API a heal may call, as `Service.Operation`. */
export const HEAL_WRITE_APIS: readonly string[] = [...HEAL_EXECUTORS.keys()].sort()

/**
 * The last gate before AWS: the call must be one a type module declares, and its parameters must pass that call's
 * schema (the one-way rules of SPEC 10 included), whoever built or edited the plan. A refused call is never sent.
 */
export async function executeHealCall(clients: HealClients, call: {api: string; params: Record<string, unknown>}, region: string): Promise<void> {
  const declared = healCall(call.api)
  const executor = declared ? HEAL_EXECUTORS.get(call.api) : undefined
  if (!declared || !executor) throw new UnsafeHealCallError(`refusing ${call.api}: not a call a heal makes`, 'plan again with ialctl drift plan')
  const problem = healCallProblem(declared, call.params)
  if (problem) throw new UnsafeHealCallError(`refusing ${call.api}: ${problem.message}`, problem.unknownParameter ? 'plan again with ialctl drift plan' : undefined)
  await executor(clients, call.params, region)
}
