// A saved heal plan (`drift plan --out`): written as stable JSON, read back with validation so that a truncated
// or malformed file is refused with one clear line. Passing this schema makes a file well-formed, not trusted:
// `drift heal --plan` rebuilds every call from config, phases and AWS (heal-plan-rederive.ts).

import {z} from 'zod'

import {UsageError} from '../../errors.js'
import {DRIFT_TYPES, SEVERITIES} from '../model.js'
import {HEAL_PLAN_VERSION, type HealPlan} from './heal-plan.js'

// Names shown on a terminal and in the audit log: no control or format characters (AWS names may be Unicode).
const printableName = z.string().regex(/^[^\p{Cc}\p{Cf}]+$/u, 'must not contain control characters')
const hash = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>')

const call = z.object({api: z.string().regex(/^[A-Za-z0-9]+\.[A-Za-z0-9]+$/), params: z.record(z.unknown())}).strict()

const entry = z
  .object({
    itemId: printableName,
    type: printableName,
    physicalId: printableName.nullable(),
    region: printableName.nullable(),
    decision: z.enum(['heal', 'reverse-sync', 'ignored', 'expected', 'refused', 'revert', 'cannot-revert']),
    reason: z.string(),
    actions: z.array(call.extend({rollback: call}).strict()),
    changes: z.array(z.object({path: z.string().startsWith('/'), from: z.unknown(), to: z.unknown()}).strict()),
    stateHash: hash.nullable(),
    itemHash: hash.nullable(),
    severity: z.enum(SEVERITIES).nullable(),
    driftType: z.enum(DRIFT_TYPES).nullable(),
    location: z.object({file: z.string(), line: z.number().int()}).strict().nullable(),
    restarts: z.literal(true).optional(),
    scheduled: z.literal(true).optional(),
    weakens: z.string().optional(),
  })
  .strict()
  .refine((value) => (value.decision !== 'heal' && value.decision !== 'revert') || (value.physicalId !== null && value.region !== null && value.stateHash !== null && value.itemHash !== null && value.actions.length > 0), {
    message: 'a heal or revert entry needs physicalId, region, stateHash, itemHash and at least one action',
  })

const planSchema = z
  .object({
    version: z.literal(HEAL_PLAN_VERSION),
    mode: z.literal('revert').optional(),
    applyImmediately: z.boolean().optional(),
    createdAt: z.string().datetime(),
    configHash: z.string().min(1),
    phasesCommit: z.string().nullable(),
    place: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}\/[a-z0-9-]{1,32}$/).optional(),
    entries: z.array(entry),
  })
  .strict()

/** Parser messages quote the file's keys and text: shown as printable text only. */
const printable = (text: string) => text.replaceAll(/[\p{Cc}\p{Cf}]/gu, '?')

export function serializeHealPlan(plan: HealPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`
}

export function parseHealPlan(text: string, file: string): HealPlan {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${file} is not a heal plan: ${printable((error as Error).message)}`, 'create one with ialctl drift plan --out FILE', {cause: error})
  }

  const result = planSchema.safeParse(json)
  if (!result.success) {
    const issue = result.error.issues[0]
    const version = (json as {version?: unknown} | null)?.version
    if (typeof version === 'number' && version !== HEAL_PLAN_VERSION) {
      throw new UsageError(`${file} is a version ${version} heal plan; this ialctl reads version ${HEAL_PLAN_VERSION}`, 'create it again with ialctl drift plan --out FILE')
    }

    throw new UsageError(`${file} is not a valid heal plan: ${printable(`${issue.path.join('.') || '(root)'}: ${issue.message}`)}`, 'create it again with ialctl drift plan --out FILE')
  }

  return result.data as HealPlan
}
