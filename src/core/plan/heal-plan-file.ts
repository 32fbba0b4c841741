// A saved heal plan (`drift plan --out`): written as stable JSON, read back with validation so that a truncated
// or hand-edited file is refused with one clear line instead of half-applied.

import {z} from 'zod'

import {UsageError} from '../../errors.js'
import {DRIFT_TYPES, SEVERITIES} from '../model.js'
import {HEAL_PLAN_VERSION, type HealPlan} from './heal-plan.js'

const call = z.object({api: z.string().regex(/^[A-Za-z0-9]+\.[A-Za-z0-9]+$/), params: z.record(z.unknown())}).strict()

const entry = z
  .object({
    itemId: z.string().min(1),
    type: z.string().min(1),
    physicalId: z.string().nullable(),
    region: z.string().nullable(),
    decision: z.enum(['heal', 'reverse-sync', 'ignored', 'expected', 'refused']),
    reason: z.string(),
    actions: z.array(call.extend({rollback: call}).strict()),
    changes: z.array(z.object({path: z.string().startsWith('/'), from: z.unknown(), to: z.unknown()}).strict()),
    stateHash: z.string().nullable(),
    severity: z.enum(SEVERITIES).nullable(),
    driftType: z.enum(DRIFT_TYPES).nullable(),
    location: z.object({file: z.string(), line: z.number().int()}).strict().nullable(),
  })
  .strict()
  .refine((value) => value.decision !== 'heal' || (value.physicalId !== null && value.region !== null && value.stateHash !== null), {
    message: 'a heal entry needs physicalId, region and stateHash',
  })

const planSchema = z
  .object({
    version: z.literal(HEAL_PLAN_VERSION),
    createdAt: z.string(),
    configHash: z.string().min(1),
    phasesCommit: z.string().nullable(),
    entries: z.array(entry),
  })
  .strict()

export function serializeHealPlan(plan: HealPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`
}

export function parseHealPlan(text: string, file: string): HealPlan {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${file} is not a heal plan: ${(error as Error).message}`, 'create one with ialctl drift plan --out FILE', {cause: error})
  }

  const result = planSchema.safeParse(json)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new UsageError(`${file} is not a valid heal plan: ${issue.path.join('.') || '(root)'}: ${issue.message}`, 'create it again with ialctl drift plan --out FILE')
  }

  return result.data as HealPlan
}
