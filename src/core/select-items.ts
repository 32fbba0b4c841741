// Choosing drift items by id (`drift diff ID...`, the MCP tools' `ids`): one rule for every caller, so an unknown id
// is the same one-line usage error everywhere. Pure.

import {UsageError} from '../errors.js'
import type {DriftItem} from './model.js'

/**
 * The items with these ids (every item when `ids` is empty). An id that is neither drifted nor declared is an
 * error naming the drifted ones (or giving `hint` instead: an agent's prose must not carry the ids of extra
 * resources, which are AWS names); a declared id without drift selects nothing (it is in sync).
 */
export function selectItems(items: readonly DriftItem[], declared: ReadonlyMap<string, unknown>, ids: readonly string[], options: {hint?: string} = {}): DriftItem[] {
  const drifted = new Set(items.map((item) => item.id))
  const unknown = ids.filter((id) => !drifted.has(id) && !declared.has(id))
  if (unknown.length > 0) {
    const hint = options.hint ?? (items.length > 0 ? `drifted: ${items.map((item) => item.id).join(', ')}` : 'nothing drifted')
    throw new UsageError(`no resource ${unknown.map((id) => `'${id}'`).join(', ')} in the phases or among the extra resources`, hint)
  }

  return ids.length > 0 ? items.filter((item) => ids.includes(item.id)) : [...items]
}
