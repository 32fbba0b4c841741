// Drift items -> the reverse-sync plan (SPEC 7): which template values change to what AWS has, which new templates
// codify extra resources, which declared resources are missing, and what a person has to edit by hand. Pure: the
// same analysis gives the same plan and the same fingerprint, which is how an open pull request is recognised.

import {createHash} from 'node:crypto'

import {canonicalJson} from '../shared/canonical-json.js'
import {isTagPointer, pointerSegments, tagKeyOf, withoutIndices} from '../shared/json-pointer.js'
import {type ActualResource, type DesiredResource, type Difference, type DriftAnalysis, type DriftItem, isIntrinsic, type Severity} from '../model.js'
import {editTemplate, type TemplateChange} from '../phases/edit-template.js'
import {parseTemplate} from '../phases/parse-template.js'
import {nameFromArn} from '../resources/types.js'
import {resourceType} from '../resources/index.js'
import {SECRET_MANUAL_REASON, touchesSecret, withSecretPlaceholders} from '../diff/secret-values.js'
import {codifyTemplate, importedLogicalId, isDefault, typeOrder, typeSlug} from './codify.js'
import {isCriticalSecurity} from './recommend.js'

export interface TemplateEdit {
  file: string
  line: number
  /** JSON pointer into the resource's Properties, as the template addresses it (`/Tags/2/Value`, `/Tags/-`). */
  path: string
  logicalId: string
  oldValue: unknown
  newValue: unknown
  /** `add` appends to a list or adds a key; `remove` deletes a list element or key (newValue is undefined). */
  op: 'set' | 'add' | 'remove'
  /** The difference as reports name it (`/Tags/Owner`), for the pull request table. */
  property: string
  type: string
  severity: Severity
}

export interface ManualEdit {
  id: string
  file: string
  line: number
  path: string
  reason: string
  gitValue: unknown
  awsValue: unknown
  /** With config targets: each place (`target/region`) involved and its AWS value there. */
  places?: PlaceValue[]
}

/** With config targets: a place's (`target/region`) AWS value for a manual item, and how it relates to Git. */
export interface PlaceValue {
  place: string
  value: unknown
  /** `as in Git` (this place did not drift there), `missing`, ... */
  note?: string
}

/** Critical security drift left out of the branch (SPEC 11): Git should not follow it without a person deciding. */
export interface RevertRecommended {
  id: string
  type: string
  severity: Severity
  file: string
  line: number
  /** The `ialctl drift revert ID` that puts AWS back, or null when no revert can (fix it in AWS by hand). */
  command: string | null
}

/**
 * Who last changed a resource of the plan in AWS, as CloudTrail recorded it (drift check's attribution), by the
 * logical id the pull request shows (the imported one for a resource found only in AWS). Not part of the
 * fingerprint: a lookup that answers on one run and not the next does not make an open pull request outdated.
 */
export interface PlanAttribution {
  id: string
  changedBy: string
  changedAt: string
}

export interface ReverseSyncPlan {
  edits: TemplateEdit[]
  newFiles: {file: string; content: string; resources: string[]}[]
  /** With config targets, `places` names where each is missing (`target/region`). */
  missing: {id: string; type: string; file: string; line: number; places?: string[]}[]
  prune: boolean
  manual: ManualEdit[]
  revertRecommended: RevertRecommended[]
  attributions: PlanAttribution[]
  /** With config targets: the places (`target/region`) the plan combines (reverse-sync-targets.ts). */
  targets?: string[]
  fingerprint: string
}

export interface PlanReverseSyncOptions {
  /** Include items a heal would fix (`--all`). */
  all: boolean
  /** Remove missing resources from their templates (`--prune`). */
  prune: boolean
  importPhase: string
  phasesDir: string
  healable: (itemId: string) => boolean
  /** `--include-critical`: codify critical security drift too, instead of listing it under "Revert recommended". */
  includeCritical?: boolean
}

export function planReverseSync(analysis: DriftAnalysis, options: PlanReverseSyncOptions): ReverseSyncPlan {
  const edits: TemplateEdit[] = []
  const manual: ManualEdit[] = []
  const missing: ReverseSyncPlan['missing'] = []
  const extras: {item: DriftItem; actual: ActualResource}[] = []
  const revertRecommended: RevertRecommended[] = []
  const attributions: PlanAttribution[] = []
  for (const item of analysis.items) {
    if (!options.all && options.healable(item.id)) continue
    if (item.changedBy && item.driftType !== 'extra_resource') attributions.push({id: item.id, changedBy: item.changedBy, changedAt: item.changedAt ?? ''})
    if (!options.includeCritical && isCriticalSecurity(item)) {
      const desired = analysis.desired.get(item.id)
      revertRecommended.push({
        id: item.id,
        type: item.type,
        severity: item.severity,
        file: desired?.file ?? item.location?.file ?? '',
        line: desired?.location.line ?? item.location?.line ?? 0,
        command: item.recommended === 'revert' ? `ialctl drift revert ${item.id}` : null,
      })
      continue
    }

    if (item.driftType === 'missing_resource') {
      const desired = analysis.desired.get(item.id)
      missing.push({id: item.id, type: item.type, file: desired?.file ?? item.location?.file ?? '', line: desired?.location.line ?? item.location?.line ?? 0})
      continue
    }

    if (item.driftType === 'extra_resource') {
      const actual = analysis.actual.get(item.id)
      if (actual) {
        extras.push({item, actual})
        for (const path of withSecretPlaceholders(actual.properties, resourceType(actual.type)?.secretPaths).replaced) {
          manual.push({id: item.id, file: '', line: 0, path, reason: `${SECRET_MANUAL_REASON} in the imported template (it holds a placeholder)`, gitValue: null, awsValue: null})
        }
      }
      else manual.push({id: item.id, file: '', line: 0, path: '', reason: 'the AWS resource was not read; declare it by hand', gitValue: null, awsValue: item.physicalId})
      continue
    }

    const desired = analysis.desired.get(item.id)
    const outcomes = item.differences.map((difference) => ({difference, outcome: desired ? editFor(item, desired, difference) : 'the declared resource is not loaded'}))
    const actual = analysis.actual.get(item.id)
    if (desired && actual) outcomes.push(...adoptedTogether(item, desired, actual, outcomes))
    for (const {difference, outcome} of outcomes) {
      if (typeof outcome === 'string') {
        manual.push({
          id: item.id,
          file: desired?.file ?? item.location?.file ?? '',
          line: difference.line ?? item.location?.line ?? 0,
          path: difference.path,
          reason: outcome,
          gitValue: difference.expected,
          awsValue: difference.actual,
        })
      } else edits.push(outcome)
    }
  }

  const byPlace = (a: {file: string; line: number; path: string}, b: {file: string; line: number; path: string}) => a.file.localeCompare(b.file) || a.line - b.line || a.path.localeCompare(b.path)
  edits.sort(byPlace)
  manual.sort((a, b) => byPlace(a, b) || a.id.localeCompare(b.id))
  missing.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
  const {newFiles, imported} = codifyExtras(analysis, extras, options)
  for (const {logicalId, item} of imported) if (item.changedBy) attributions.push({id: logicalId, changedBy: item.changedBy, changedAt: item.changedAt ?? ''})
  const prune = options.prune && missing.length > 0
  revertRecommended.sort((a, b) => byPlace({...a, path: ''}, {...b, path: ''}) || a.id.localeCompare(b.id))
  attributions.sort((a, b) => a.id.localeCompare(b.id))
  return {edits, newFiles, missing, prune, manual, revertRecommended, attributions, fingerprint: fingerprintOf({edits, newFiles, missing, prune, manual, revertRecommended})}
}

/** True when the plan would change nothing and say nothing: no pull request is worth opening. */
export const isEmptyPlan = (plan: ReverseSyncPlan): boolean =>
  plan.edits.length === 0 && plan.newFiles.length === 0 && plan.missing.length === 0 && plan.manual.length === 0 && plan.revertRecommended.length === 0

/** The edit that makes the template say what AWS has, or why a person has to do it. */
function editFor(item: DriftItem, desired: DesiredResource, difference: Difference): TemplateEdit | string {
  const base = {file: desired.file, line: difference.line ?? desired.lines[difference.path] ?? desired.location.line, logicalId: desired.logicalId, property: difference.path, type: item.type, severity: item.severity}
  const kind = difference.kind
  if (isTagPointer(difference.path)) return tagEdit(desired, difference, base)
  // A secret value is known only as a digest, and would not belong in Git if it were known.
  if (touchesSecret(difference.path, resourceType(item.type)?.secretPaths)) return SECRET_MANUAL_REASON

  const segments = pointerSegments(difference.path)
  const {intrinsic, value} = walk(desired.properties, segments)
  if (intrinsic) return intrinsicReason(intrinsic)
  if (kind === 'REMOVE') return {...base, path: difference.path, op: 'remove', oldValue: difference.expected, newValue: undefined}
  if (kind === 'ADD') return {...base, path: difference.path, op: 'add', oldValue: undefined, newValue: difference.actual}
  if (value !== null && typeof value === 'object' && containsIntrinsic(value)) return intrinsicReason(findIntrinsic(value))
  const keyed = keyedValueEdit(item.type, difference)
  if (keyed) return {...base, ...keyed, op: 'set'}
  return {...base, path: difference.path, op: 'set', oldValue: difference.expected, newValue: keepNameStyle(item.type, difference.path, value, difference.actual)}
}

/**
 * The properties CloudFormation takes only together with an adopted one (the type's `adoptTogether`: a provisioned
 * table's throughput with its billing mode), as AWS has them, where the template says otherwise. When a difference
 * of the group is left to a person, so are the others: half a group would not be a valid template either.
 */
function adoptedTogether(item: DriftItem, desired: DesiredResource, actual: ActualResource, adopted: ReadonlyArray<{difference: Difference; outcome: TemplateEdit | string}>): Array<{difference: Difference; outcome: TemplateEdit | string}> {
  const module = resourceType(item.type)
  const within = (pointer: string, path: string) => path === pointer || path.startsWith(`${pointer}/`)
  const companions: Array<{difference: Difference; outcome: TemplateEdit | string}> = []
  for (const group of module?.adoptTogether ?? []) {
    const inGroup = adopted.filter(({difference}) => group.some((pointer) => within(pointer, difference.path)))
    if (inGroup.length === 0) continue
    const byHand = inGroup.find(({outcome}) => typeof outcome === 'string')?.difference.path
    for (const pointer of group) {
      if (inGroup.some(({difference}) => within(pointer, difference.path))) continue
      const key = pointer.slice(1)
      const [declared, aws] = [desired.properties[key], actual.properties[key]]
      const rule = module?.awsDefaults[pointer]
      if (canonicalJson(declared) === canonicalJson(aws)) continue
      if (declared === undefined && (aws === undefined || (rule !== undefined && isDefault(rule, aws, actual.properties)))) continue
      const difference: Difference = {path: pointer, expected: declared ?? null, actual: aws ?? null, kind: declared === undefined ? 'ADD' : aws === undefined ? 'REMOVE' : 'NOT_EQUAL', line: desired.lines[pointer] ?? desired.location.line}
      const base = {file: desired.file, line: difference.line as number, logicalId: desired.logicalId, property: pointer, type: item.type, severity: item.severity, path: pointer}
      const outcome: TemplateEdit | string = byHand
        ? `CloudFormation takes it only together with ${byHand}, which is edited by hand`
        : containsIntrinsic(declared)
          ? intrinsicReason(findIntrinsic(declared))
          : aws === undefined
            ? {...base, op: 'remove', oldValue: declared, newValue: undefined}
            : {...base, op: declared === undefined ? 'add' : 'set', oldValue: declared, newValue: aws}
      companions.push({difference, outcome})
    }
  }

  return companions
}

type EditBase = Pick<TemplateEdit, 'file' | 'line' | 'logicalId' | 'property' | 'type' | 'severity'>

/** Tags are reported by key (`/Tags/Owner`); the template addresses them by list position. */
function tagEdit(desired: DesiredResource, difference: Difference, base: EditBase): TemplateEdit | string {
  const key = tagKeyOf(difference.path) as string
  const tags = desired.properties.Tags
  if (isIntrinsic(tags)) return intrinsicReason(tags)
  const list = Array.isArray(tags) ? tags : []
  const index = list.findIndex((tag) => (tag as {Key?: unknown})?.Key === key)
  if (difference.kind === 'ADD' && index === -1) {
    if (tags !== undefined && !Array.isArray(tags)) return 'Tags is not a list in the template; edit by hand'
    return {...base, path: '/Tags/-', op: 'add', oldValue: undefined, newValue: {Key: key, Value: difference.actual}}
  }

  if (index === -1) return `tag ${key} is not a literal key in the template; edit by hand`
  const entry = list[index] as {Value?: unknown}
  if (isIntrinsic(entry.Value)) return intrinsicReason(entry.Value)
  if (difference.kind === 'REMOVE') return {...base, path: `/Tags/${index}`, op: 'remove', oldValue: difference.expected, newValue: undefined}
  return {...base, path: `/Tags/${index}/Value`, op: 'set', oldValue: difference.expected, newValue: difference.actual}
}

/**
 * A keyed-list element (`{Key, Value}`, e.g. a load balancer attribute) whose Key stayed: only its Value line is
 * edited, so the template keeps its quoting and layout there.
 */
function keyedValueEdit(type: string, difference: Difference): Pick<TemplateEdit, 'path' | 'oldValue' | 'newValue'> | undefined {
  const list = difference.path.slice(0, difference.path.lastIndexOf('/'))
  if (!resourceType(type)?.keyedListPaths?.includes(withoutIndices(list))) return undefined
  const [expected, actual] = [difference.expected, difference.actual] as Array<{Key?: unknown; Value?: unknown} | null>
  if (expected?.Key === undefined || expected.Key !== actual?.Key) return undefined
  return {path: `${difference.path}/Value`, oldValue: expected.Value, newValue: actual.Value}
}

/** Follows a pointer through the declared properties, stopping at the first intrinsic on the way. */
function walk(properties: Record<string, unknown>, segments: string[]): {intrinsic?: unknown; value: unknown} {
  let node: unknown = properties
  for (const segment of segments) {
    if (isIntrinsic(node)) return {intrinsic: node, value: undefined}
    if (node === null || typeof node !== 'object') return {value: undefined}
    node = (node as Record<string, unknown>)[segment]
  }

  return isIntrinsic(node) ? {intrinsic: node, value: node} : {value: node}
}

function containsIntrinsic(value: unknown): boolean {
  return findIntrinsic(value) !== undefined
}

function findIntrinsic(value: unknown): unknown {
  if (isIntrinsic(value)) return value
  if (value === null || typeof value !== 'object') return undefined
  for (const child of Object.values(value)) {
    const found = findIntrinsic(child)
    if (found !== undefined) return found
  }

  return undefined
}

function intrinsicReason(value: unknown): string {
  const fn = isIntrinsic(value) ? value.fn : 'an intrinsic function'
  // `!Ref InstanceType` tells the reviewer where to look: the parameter's Default or config `parameters`.
  const short = fn === 'Ref' ? `!Ref${isIntrinsic(value) && typeof value.arg === 'string' ? ` ${value.arg}` : ''}` : fn.startsWith('Fn::') ? `!${fn.slice(4)}` : fn
  return `the template value is ${short}, not a literal; edit by hand`
}

/** Where AWS answers with an ARN and the template wrote a short name, the template keeps writing a name. */
function keepNameStyle(type: string, path: string, templateValue: unknown, awsValue: unknown): unknown {
  const acceptsBoth = resourceType(type)?.arnOrNamePaths.includes(withoutIndices(path))
  if (acceptsBoth && typeof templateValue === 'string' && !templateValue.startsWith('arn:') && typeof awsValue === 'string' && awsValue.startsWith('arn:')) return nameFromArn(awsValue)
  return awsValue
}

/** One new file per type in the import phase, numbered after the files that phase already has; and which item each imported logical id codifies. */
function codifyExtras(analysis: DriftAnalysis, extras: {item: DriftItem; actual: ActualResource}[], options: PlanReverseSyncOptions): {newFiles: ReverseSyncPlan['newFiles']; imported: {logicalId: string; item: DriftItem}[]} {
  const imported: {logicalId: string; item: DriftItem}[] = []
  if (extras.length === 0) return {newFiles: [], imported}
  const phaseDir = `${options.phasesDir.replace(/^\.\//, '').replace(/\/+$/, '')}/${options.importPhase}`
  const declared = [...analysis.desired.values(), ...analysis.unsupported]
  const taken = new Set(declared.map((resource) => resource.logicalId))
  let next = 1
  for (const resource of declared) {
    const match = resource.file.startsWith(`${phaseDir}/`) ? /^(\d+)-/.exec(resource.file.slice(phaseDir.length + 1)) : null
    if (match) next = Math.max(next, Number(match[1]) + 1)
  }

  const byType = new Map<string, {item: DriftItem; actual: ActualResource}[]>()
  for (const extra of extras) byType.set(extra.actual.type, [...(byType.get(extra.actual.type) ?? []), extra])
  const types = [...byType.keys()].sort((a, b) => typeOrder(a) - typeOrder(b) || a.localeCompare(b))
  const newFiles = types.map((type) => {
    const resources = (byType.get(type) ?? [])
      .sort((a, b) => a.actual.physicalId.localeCompare(b.actual.physicalId))
      .map(({item, actual}) => {
        const logicalId = importedLogicalId(actual, taken)
        taken.add(logicalId)
        imported.push({logicalId, item})
        return {logicalId, actual}
      })
    const file = `${phaseDir}/${String(next++).padStart(2, '0')}-${typeSlug(type)}.yaml`
    return {file, content: codifyTemplate(type, resources), resources: resources.map(({logicalId}) => logicalId)}
  })
  return {newFiles, imported}
}

/**
 * A hash of what the pull request would contain, line numbers left out: a comment added above a drifted value
 * moves its line but not the drift, and must not make an open pull request look outdated.
 */
export function fingerprintOf(plan: Omit<ReverseSyncPlan, 'fingerprint' | 'attributions'>): string {
  const content = {
    edits: plan.edits.map(({file, path, logicalId, op, oldValue, newValue}) => ({file, path, logicalId, op, oldValue, newValue})),
    newFiles: plan.newFiles.map(({file, content: text}) => ({file, text})),
    // Places only with config targets: a one-target plan keeps the fingerprint its open pull request already has.
    missing: plan.missing.map(({id, type, file, places}) => ({id, type, file, ...(places ? {places} : {})})),
    prune: plan.prune,
    manual: plan.manual.map(({id, file, path, gitValue, awsValue}) => ({id, file, path, gitValue, awsValue})),
    // Only when there is any: a plan without critical drift keeps the fingerprint an open pull request already has.
    ...(plan.revertRecommended.length > 0 ? {revertRecommended: plan.revertRecommended.map(({id, command}) => ({id, command}))} : {}),
    ...(plan.targets ? {targets: plan.targets} : {}),
  }
  return createHash('sha256').update(canonicalJson(content, {absent: 'null'})).digest('hex')
}

/** What the templates were actually changed to say: the commit message and the pull request list only this. */
export interface WrittenChanges {
  edits: TemplateEdit[]
  newFiles: ReverseSyncPlan['newFiles']
  removed: ReverseSyncPlan['missing']
}

export interface PlannedFile {
  file: string
  /** Null for a new file. */
  before: string | null
  after: string
}

type FileEntry = {change: TemplateChange; edit?: TemplateEdit; missing?: ReverseSyncPlan['missing'][number]}

/**
 * The plan applied to template texts (as the branch has them): the files that change, what they were changed to
 * say (`written`), and the edits a template refused (the value is gone, moved under an intrinsic, an unusual layout,
 * a result that would not validate), which join the manual list. Edits are addressed by logical id and pointer, not
 * line, so they land even when the branch's file has moved on. Every file written is parsed again as `phases
 * validate` reads it; an edit that would make it fail is refused on its own, and the file's other edits still land.
 */
export function applyReverseSyncPlan(plan: ReverseSyncPlan, texts: ReadonlyMap<string, string | null>): {files: PlannedFile[]; rejected: ManualEdit[]; written: WrittenChanges} {
  const changesByFile = new Map<string, FileEntry[]>()
  const add = (file: string, entry: FileEntry) => changesByFile.set(file, [...(changesByFile.get(file) ?? []), entry])
  for (const edit of plan.edits) {
    const change: TemplateChange = edit.op === 'remove' ? {op: 'remove', logicalId: edit.logicalId, path: edit.path} : {op: edit.op, logicalId: edit.logicalId, path: edit.path, value: edit.newValue}
    add(edit.file, {change, edit})
  }

  if (plan.prune) for (const missing of plan.missing) add(missing.file, {change: {op: 'remove-resource', logicalId: missing.id}, missing})

  const files: PlannedFile[] = []
  const rejected: ManualEdit[] = []
  const written: WrittenChanges = {edits: [], newFiles: [], removed: []}
  for (const [file, entries] of [...changesByFile].sort(([a], [b]) => a.localeCompare(b))) {
    const before = texts.get(file) ?? null
    if (before === null) {
      for (const {edit, missing} of entries) rejected.push(refusal(file, edit, missing, `${file} is not on the base branch`))
      continue
    }

    const result = editAndValidate(file, before, entries)
    for (const {entry, reason} of result.rejected) rejected.push(refusal(file, entry.edit, entry.missing, reason))
    for (const entry of result.applied) {
      if (entry.edit) written.edits.push(entry.edit)
      if (entry.missing) written.removed.push(entry.missing)
    }

    if (result.text !== before) files.push({file, before, after: result.text})
  }

  for (const newFile of plan.newFiles) {
    const problem = newProblem(newFile.file, null, newFile.content)
    if (problem) {
      for (const id of newFile.resources) rejected.push({id, file: newFile.file, line: 0, path: '', reason: `not imported: the generated template would not validate (${problem}); declare it by hand`, gitValue: null, awsValue: null})
      continue
    }

    files.push({file: newFile.file, before: texts.get(newFile.file) ?? null, after: newFile.content})
    written.newFiles.push(newFile)
  }

  return {files, rejected, written}
}

/**
 * All of a file's edits at once; when the result does not verify or validate, one at a time, so that one bad value
 * (a multi-line tag, a layout the editor cannot place) costs only its own edit.
 */
function editAndValidate(file: string, before: string, entries: FileEntry[]): {text: string; applied: FileEntry[]; rejected: {entry: FileEntry; reason: string}[]} {
  const attempt = (text: string, batch: FileEntry[]) => {
    const result = editTemplate(text, batch.map(({change}) => change))
    const problem = result.applied.length > 0 ? newProblem(file, text, result.text) : undefined
    return {result, problem}
  }

  const all = attempt(before, entries)
  const entryOf = (change: TemplateChange) => entries.find((candidate) => candidate.change === change)!
  const unverified = all.result.rejected.some(({reason}) => reason.startsWith('edit could not be verified'))
  if (!all.problem && !unverified) {
    return {text: all.result.text, applied: all.result.applied.map(entryOf), rejected: all.result.rejected.map(({change, reason}) => ({entry: entryOf(change), reason}))}
  }

  let text = before
  const applied: FileEntry[] = []
  const rejected: {entry: FileEntry; reason: string}[] = []
  for (const entry of entries) {
    const one = attempt(text, [entry])
    if (one.problem) rejected.push({entry, reason: `the edited template would not validate (${one.problem}); edit by hand`})
    else if (one.result.applied.length === 0) rejected.push({entry, reason: one.result.rejected[0]?.reason ?? 'not applied'})
    else {
      text = one.result.text
      applied.push(entry)
    }
  }

  return {text, applied, rejected}
}

/** A problem `phases validate` finds in the new text of a file that the old text did not have, if any. */
function newProblem(file: string, before: string | null, after: string): string | undefined {
  const problems = (text: string) => parseTemplate({file, phase: '', stackName: '', bytes: new TextEncoder().encode(text)}).problems
  const known = new Set(before === null ? [] : problems(before).map((problem) => `${problem.code} ${problem.message}`))
  const added = problems(after).find((problem) => !known.has(`${problem.code} ${problem.message}`))
  return added ? `${added.line}:${added.column}: ${added.message}` : undefined
}

function refusal(file: string, edit: TemplateEdit | undefined, missing: ReverseSyncPlan['missing'][number] | undefined, reason: string): ManualEdit {
  if (edit) return {id: edit.logicalId, file, line: edit.line, path: edit.property, reason, gitValue: edit.op === 'add' ? null : edit.oldValue, awsValue: edit.op === 'remove' ? null : edit.newValue}
  return {id: missing?.id ?? '', file, line: missing?.line ?? 0, path: '', reason: `not removed: ${reason}`, gitValue: null, awsValue: null}
}
