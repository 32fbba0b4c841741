// What a person must type to approve a revert on a terminal (SPEC 11): the ids of the resources it changes, so that
// approving a restart or a security change is a deliberate act; a plain `yes` only when every item is low risk.

import type {HealPlan, HealPlanEntry} from './heal-plan.js'

export type RevertConfirmation =
  /** Every item is low risk: `yes`, as terraform apply asks. */
  | {kind: 'yes'}
  /** The resource ids to type, in plan order (any order and separator accepted). */
  | {kind: 'ids'; ids: string[]}

/** Low risk: low or medium severity, no restart, no security weakening. */
export const isLowRisk = (entry: HealPlanEntry): boolean => !entry.restarts && !entry.weakens && (entry.severity === 'low' || entry.severity === 'medium')

/** The resource id a person types for an entry: the AWS id it changes (sg-..., i-...), else its logical id. */
export const confirmationId = (entry: HealPlanEntry): string => entry.physicalId ?? entry.itemId

export function revertConfirmation(plan: HealPlan): RevertConfirmation {
  const entries = plan.entries.filter((entry) => entry.decision === 'revert')
  if (entries.every(isLowRisk)) return {kind: 'yes'}
  return {kind: 'ids', ids: [...new Set(entries.map(confirmationId))]}
}

/** True when `answer` approves: exactly `yes`, or exactly the wanted ids (each once, separated by spaces or commas). */
export function approves(confirmation: RevertConfirmation, answer: string): boolean {
  if (confirmation.kind === 'yes') return answer.trim() === 'yes'
  const typed = answer.split(/[\s,]+/).filter((token) => token !== '')
  const wanted = new Set(confirmation.ids)
  return typed.length === wanted.size && new Set(typed).size === typed.length && typed.every((id) => wanted.has(id))
}
