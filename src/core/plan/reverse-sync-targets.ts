// Reverse sync over config targets (SPEC 8, issue 19): the templates are shared by every target and region (the
// StackSets model), so a value AWS has in one place is written into Git only when every place that runs the resource
// has that same value. Each (target, region) is planned on its own as a one-region run would be; this step combines
// those plans into the one pull request. Pure.

import {canonicalJson} from '../shared/canonical-json.js'
import type {DriftAnalysis, DriftItem} from '../model.js'
import {codifiedProperties} from './codify.js'
import {fingerprintOf, type ManualEdit, type PlaceValue, planReverseSync, type PlanReverseSyncOptions, type ReverseSyncPlan, type RevertRecommended, type TemplateEdit} from './reverse-sync-plan.js'
import {refOf, type TargetPlace} from '../targets.js'

/** One (target, region) of the run, as reverse sync sees it. */
export interface ReverseSyncUnit {
  place: TargetPlace
  /** The unit's whole analysis: which declared resources it compared, and what AWS has there. */
  analysis: DriftAnalysis
  /** The same narrowed to the person's selection (`ID...`, `--type`, severities): what may be adopted. */
  selected: DriftAnalysis
  /** Items a heal of this unit would fix (left to the heal without `--all`). */
  healable: (itemId: string) => boolean
}

export interface CombineReverseSyncOptions extends Omit<PlanReverseSyncOptions, 'healable'> {
  /**
   * Places the templates are deployed to that this run did not read (a target left out by `--target`, a region by
   * `--region`, a target unread under `--allow-partial`): they cannot agree, so nothing is written for them.
   */
  unchecked?: readonly string[]
}

/** `prod/eu-west-1`: how the pull request names a place. */
export const placeName = (place: TargetPlace): string => `${place.target}/${place.region}`

/**
 * The one plan for all units. A template edit (file, logical id, property) is made once when every unit that
 * compared the resource proposes the same new value; when units disagree, or some still have the template's value,
 * it is "needs manual edit" naming each place and its value. A resource found only in AWS is codified when every
 * unit has it with the same properties; found in some units only (or differently), it is listed for manual
 * codification naming where it was found (a template for some places needs a Condition a person chooses). Missing
 * resources are listed with the places they are missing in, and pruned only where missing in every place.
 */
export function combineReverseSyncPlans(units: readonly ReverseSyncUnit[], options: CombineReverseSyncOptions): ReverseSyncPlan {
  const unchecked = [...(options.unchecked ?? [])]
  const places = units.map((unit) => placeName(unit.place))
  const planned = units.map((unit) => ({
    unit,
    plan: planReverseSync({...unit.selected, items: unit.selected.items.filter((item) => item.driftType !== 'extra_resource')}, {...options, prune: false, healable: unit.healable}),
  }))
  const notRead = unchecked.length > 0 ? `not read in ${unchecked.join(', ')}, which the templates are also deployed to; edit by hand` : undefined

  const edits: TemplateEdit[] = []
  const manual: ManualEdit[] = []
  for (const proposals of groupBy(planned.flatMap(({unit, plan}) => plan.edits.map((edit) => ({unit, edit}))), ({edit}) => `${edit.file}\0${edit.logicalId}\0${edit.property}`).values()) {
    const [{edit}] = proposals
    const voters = units.filter((unit) => compares(unit.analysis, edit.logicalId))
    const proposed = new Map(proposals.map(({unit, edit: one}) => [unit, one]))
    const agreed = voters.every((unit) => proposed.has(unit)) && new Set(proposals.map(({edit: one}) => canonicalJson({op: one.op, value: one.newValue}))).size === 1
    if (agreed && !notRead) {
      edits.push(edit)
      continue
    }

    const values = voters.map((unit): PlaceValue => {
      const own = proposed.get(unit)
      if (own) return {place: placeName(unit.place), value: own.op === 'remove' ? undefined : shownValue(own)}
      const difference = unit.analysis.items.find((item) => item.id === edit.logicalId)?.differences.find((one) => one.path === edit.property)
      return difference ? {place: placeName(unit.place), value: difference.actual, note: 'left to heal or revert there'} : {place: placeName(unit.place), value: edit.op === 'add' ? undefined : edit.oldValue, note: 'as in Git'}
    })
    manual.push(placedManual({id: edit.logicalId, file: edit.file, line: edit.line, path: edit.property, gitValue: edit.op === 'add' ? null : edit.oldValue}, values, notRead ?? (agreed ? '' : disagreement(values))))
  }

  for (const group of groupBy(planned.flatMap(({unit, plan}) => plan.manual.map((entry) => ({unit, entry}))), ({entry}) => `${entry.file}\0${entry.id}\0${entry.path}\0${entry.reason}`).values()) {
    const [{entry}] = group
    manual.push(placedManual(entry, group.map(({unit, entry: one}) => ({place: placeName(unit.place), value: one.awsValue})), entry.reason))
  }

  const missing: ReverseSyncPlan['missing'] = []
  for (const group of groupBy(planned.flatMap(({unit, plan}) => plan.missing.map((entry) => ({unit, entry}))), ({entry}) => `${entry.file}\0${entry.id}`).values()) {
    const [{entry}] = group
    const where = group.map(({unit}) => placeName(unit.place))
    const elsewhere = units.filter((unit) => compares(unit.analysis, entry.id) && !group.some((one) => one.unit === unit)).map((unit) => placeName(unit.place))
    if (options.prune && (elsewhere.length > 0 || notRead)) {
      const why = notRead ?? `still in AWS in ${elsewhere.join(', ')}; not removed from the template`
      manual.push({id: entry.id, file: entry.file, line: entry.line, path: '', reason: `missing in ${where.join(', ')}, ${why}`, gitValue: null, awsValue: null, places: where.map((place) => ({place, value: undefined, note: 'missing'}))})
    } else missing.push({...entry, places: where})
  }

  const revertRecommended: RevertRecommended[] = planned.flatMap(({unit, plan}) =>
    plan.revertRecommended.map((entry) => ({
      ...entry,
      id: refOf(unit.place, entry.id),
      command: entry.command === null ? null : `ialctl drift revert --target ${unit.place.target} --region ${unit.place.region} ${refOf(unit.place, entry.id)}`,
    })),
  )
  const attributions = new Map(planned.flatMap(({plan}) => plan.attributions.map((entry) => [entry.id, entry] as const)).reverse())

  const extras = combineExtras(units, options, notRead)
  manual.push(...extras.manual)
  revertRecommended.push(...extras.plan.revertRecommended.map((entry) => ({...entry, id: `${entry.id} (every target)`, command: null})))
  for (const entry of extras.plan.attributions) attributions.set(entry.id, entry)

  const byPlace = (a: {file: string; line: number; path: string}, b: {file: string; line: number; path: string}) => a.file.localeCompare(b.file) || a.line - b.line || a.path.localeCompare(b.path)
  edits.sort(byPlace)
  manual.sort((a, b) => byPlace(a, b) || a.id.localeCompare(b.id))
  missing.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.id.localeCompare(b.id))
  revertRecommended.sort((a, b) => byPlace({...a, path: ''}, {...b, path: ''}) || a.id.localeCompare(b.id))
  const prune = options.prune && missing.length > 0
  const plan = {edits, newFiles: extras.plan.newFiles, missing, prune, manual, revertRecommended, targets: [...places, ...unchecked.map((place) => `${place} (not read)`)]}
  return {...plan, attributions: [...attributions.values()].sort((a, b) => a.id.localeCompare(b.id)), fingerprint: fingerprintOf(plan)}
}

/** Resources found only in AWS, by type and codified properties: the same resource in every unit is codified once. */
function combineExtras(units: readonly ReverseSyncUnit[], options: CombineReverseSyncOptions, notRead: string | undefined): {plan: ReverseSyncPlan; manual: ManualEdit[]} {
  const found = units.flatMap((unit) =>
    unit.selected.items
      .filter((item) => item.driftType === 'extra_resource' && (options.all || !unit.healable(item.id)))
      .map((item) => ({unit, item, key: extraKey(unit.analysis, item)})),
  )
  const agreed: DriftItem[] = []
  const manual: ManualEdit[] = []
  for (const group of groupBy(found, ({key}) => key).values()) {
    const everywhere = group.length === units.length && new Set(group.map(({unit}) => unit)).size === units.length
    if (everywhere && !notRead && !group[0].key.startsWith('unread')) {
      agreed.push(group[0].item)
      continue
    }

    const where = group.map(({unit}) => placeName(unit.place))
    const absent = units.filter((unit) => !group.some((one) => one.unit === unit)).map((unit) => placeName(unit.place))
    const why = notRead ?? (absent.length > 0 ? `not in ${absent.join(', ')}: codify it by hand with a Condition that keeps it out of those, or remove it from AWS` : 'declare it by hand')
    const [{item}] = group
    manual.push({
      id: item.id,
      file: '',
      line: 0,
      path: '',
      reason: `found only in AWS (${item.type}) in ${where.join(', ')}; ${why}`,
      gitValue: null,
      awsValue: Object.fromEntries(group.map(({unit, item: one}) => [placeName(unit.place), one.physicalId])),
      places: group.map(({unit, item: one}) => ({place: placeName(unit.place), value: one.physicalId})),
    })
  }

  const first = units[0]
  const plan = planReverseSync({...first.selected, items: agreed}, {...options, prune: false, healable: () => false})
  return {plan, manual}
}

/** What makes two units' extra resources the same one: its type and what its template would say. */
function extraKey(analysis: DriftAnalysis, item: DriftItem): string {
  const actual = analysis.actual.get(item.id)
  return actual ? `${item.type} ${canonicalJson(codifiedProperties(actual))}` : `unread ${item.id}`
}

/** Whether the unit compared the declared resource (in sync or drifted in place): only those have a say on its values. */
function compares(analysis: DriftAnalysis, logicalId: string): boolean {
  return analysis.inSync.includes(logicalId) || analysis.items.some((item) => item.id === logicalId && item.driftType !== 'missing_resource' && item.driftType !== 'extra_resource')
}

function placedManual(entry: Omit<ManualEdit, 'reason' | 'awsValue'>, values: PlaceValue[], reason: string): ManualEdit {
  // The places' values are the AWS value: a change in any of them is another pull request body (the fingerprint).
  return {...entry, reason, awsValue: Object.fromEntries(values.map(({place, value, note}) => [place, note ? {value, note} : value])), places: values}
}

function disagreement(values: PlaceValue[]): string {
  const inGit = values.filter((value) => value.note === 'as in Git').map((value) => value.place)
  if (inGit.length > 0) return `changed in AWS in only some places (${inGit.join(', ')} still as in Git): the template is shared, edit by hand`
  return 'the places have different AWS values: the template is shared, edit by hand (a per-target value belongs in a parameter)'
}

/** The AWS value an edit writes, as the pull request shows it (a tag added to the list shows its value). */
const shownValue = (edit: TemplateEdit): unknown => (edit.op === 'add' && edit.path === '/Tags/-' ? (edit.newValue as {Value?: unknown}).Value : edit.newValue)

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return groups
}
