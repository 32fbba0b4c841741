// Heal executors: one per planned API call (SPEC 6). Only the calls listed here can ever be sent by a heal.

import {UnsafeHealCallError, type HealClients, type HealExecutor} from './types.js'
import {cloudwatchExecutors} from './cloudwatch.js'
import {ec2Executors} from './ec2.js'
import {ecsExecutors} from './ecs.js'
import {rdsExecutors} from './rds.js'

export type {HealClients, HealExecutor} from './types.js'
export {UnsafeHealCallError} from './types.js'

const EXECUTORS: Record<string, HealExecutor> = {...ec2Executors, ...ecsExecutors, ...rdsExecutors, ...cloudwatchExecutors}

/** Every write API a heal may call, as `Service.Operation`. */
export const HEAL_WRITE_APIS: readonly string[] = Object.keys(EXECUTORS).sort()

export async function executeHealCall(clients: HealClients, call: {api: string; params: Record<string, unknown>}, region: string): Promise<void> {
  const executor = Object.hasOwn(EXECUTORS, call.api) ? EXECUTORS[call.api] : undefined
  if (!executor) throw new UnsafeHealCallError(`refusing ${call.api}: not a call a heal makes`, 'plan again with ialctl drift plan')
  await executor(clients, call.params, region)
}
