// Heal executors: one per planned API call (SPEC 6). Only the calls a type module declares, with a sender in the
// adapter registry, can ever be sent by a heal, and only with parameters that pass the call's schema.

import {type CallPurpose, declaredCallProblem} from '../../../core/resources/heal.js'
import {healCall, revertCalls} from '../../../core/resources/index.js'
import {HEAL_EXECUTORS} from '../registry.js'
import {type HealClients, UnsafeHealCallError} from './types.js'

export type {HealClients, HealExecutor} from './types.js'
export {UnsafeHealCallError} from './types.js'

/** Every write API a heal or a revert may call, as `Service.Operation`. */
export const HEAL_WRITE_APIS: readonly string[] = [...HEAL_EXECUTORS.keys()].sort()

export type {CallPurpose} from '../../../core/resources/heal.js'

/**
 * The last gate before AWS: the call must be one a type module declares for this purpose, and its parameters must
 * pass that call's schema (the one-way rules of SPEC 10 included), whoever built or edited the plan. A refused call
 * is never sent.
 */
export async function executeHealCall(clients: HealClients, call: {api: string; params: Record<string, unknown>}, region: string, purpose: CallPurpose = 'heal'): Promise<void> {
  const heal = healCall(call.api)
  const declared = purpose === 'heal' ? (heal ? [heal] : []) : revertCalls(call.api)
  const executor = declared.length > 0 ? HEAL_EXECUTORS.get(call.api) : undefined
  const plan = purpose === 'heal' ? 'ialctl drift plan' : 'ialctl drift plan --revert'
  if (!executor) throw new UnsafeHealCallError(`refusing ${call.api}: not a call a ${purpose} makes`, `plan again with ${plan}`)
  const problem = declaredCallProblem(declared, call.params, purpose)
  if (problem) throw new UnsafeHealCallError(`refusing ${call.api}: ${problem.message}`, problem.unknownParameter ? `plan again with ${plan}` : undefined)
  await executor(clients, call.params, region)
}
