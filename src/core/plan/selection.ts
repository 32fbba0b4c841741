// Which drift items a command acts on (SPEC 11: `drift heal`, `drift revert` and `reverse-sync` select alike): ids
// (logical ids, physical ids of extra resources, or `target/region/LogicalId` refs where items carry one), types and a
// severity range. One pure function, so that the three commands can never disagree on what `ID...` means.

import type {DriftAnalysis, Severity} from '../model.js'
import {severityRank} from '../risk/classify.js'
import {nameGlob} from '../shared/glob.js'

export interface ItemSelection {
  /** Item ids or refs; empty: every item. */
  ids: readonly string[]
  /** Type names or globs (`AWS::EC2::*`); empty: every type. */
  types: readonly string[]
  minSeverity?: Severity
  maxSeverity?: Severity
}

export const SELECT_ALL: ItemSelection = {ids: [], types: []}

export const selectsEverything = (selection: ItemSelection): boolean =>
  selection.ids.length === 0 && selection.types.length === 0 && selection.minSeverity === undefined && selection.maxSeverity === undefined

/** The `target/region/LogicalId` selector an item carries when targets are configured. */

export interface SelectedAnalysis {
  analysis: DriftAnalysis
  /** Ids that name neither a drift item nor a declared resource (a typo: the command refuses them). */
  unknownIds: string[]
}

/**
 * The analysis narrowed to the selected items (ignored and expected differences by id and type). A declared resource
 * that is in sync is a known id that selects nothing; an id nothing knows is returned as unknown.
 */
export function selectAnalysis(analysis: DriftAnalysis, selection: ItemSelection): SelectedAnalysis {
  if (selectsEverything(selection)) return {analysis, unknownIds: []}
  const ids = new Set(selection.ids)
  const types = selection.types.map((pattern) => nameGlob(pattern))
  const byId = (id: string, ref?: string) => ids.size === 0 || ids.has(id) || (ref !== undefined && ids.has(ref))
  const byType = (type: string) => types.length === 0 || types.some((matches) => matches(type))
  const min = selection.minSeverity ? severityRank(selection.minSeverity) : -Infinity
  const max = selection.maxSeverity ? severityRank(selection.maxSeverity) : Infinity
  const items = analysis.items.filter((item) => byId(item.id, item.ref) && byType(item.type) && severityRank(item.severity) >= min && severityRank(item.severity) <= max)
  const known = new Set([...analysis.items.flatMap((item) => [item.id, item.ref]), ...analysis.desired.keys()])
  const unknownIds = selection.ids.filter((id) => !known.has(id))
  const suppressed = <T extends {id: string; type: string}>(list: readonly T[]) => list.filter((one) => byId(one.id) && byType(one.type))
  return {analysis: {...analysis, items, ignored: suppressed(analysis.ignored), expected: suppressed(analysis.expected)}, unknownIds}
}
