// Edits a CloudFormation-style template in place. Each change is resolved to a splice of the original text
// (located with the yaml Document's source ranges) and only those spans are rewritten, so comments, key order,
// quoting, indentation, blank lines and intrinsic tags elsewhere stay byte-for-byte and a git diff shows only
// the changed lines. Pure: text in, text out.

import {isMap, isScalar, isSeq, type Node, type Pair, parseDocument, type Scalar, type YAMLMap, type YAMLSeq} from 'yaml'

import {pointerSegments} from '../shared/json-pointer.js'
import {needsYamlEscapes, yamlDoubleQuoted} from '../shared/untrusted-text.js'
import {stringifyYaml as stringify} from './yaml-output.js'

/**
 * One change to a resource's Properties, addressed by logical id and JSON pointer.
 * `add` to a list appends (the last segment is `-` or an index); `add` to a map adds the key.
 */
export type TemplateChange =
  | {op: 'set'; logicalId: string; path: string; value: unknown}
  | {op: 'add'; logicalId: string; path: string; value: unknown}
  | {op: 'remove'; logicalId: string; path: string}
  | {op: 'remove-resource'; logicalId: string}

export interface RejectedChange {
  change: TemplateChange
  reason: string
}

export interface TemplateEditResult {
  text: string
  applied: TemplateChange[]
  rejected: RejectedChange[]
}

interface Splice {
  start: number
  end: number
  text: string
}

interface Context {
  text: string
  resources: YAMLMap | null
  /** The `Resources` key itself (removing the last resource rewrites its value to `{}`). */
  resourcesKey: Node | null
  /** Indentation step of the file (column of the first resource key), used for nested rendered values. */
  unit: number
  /** Whether block lists are indented under their key (`Tags:\n  - Key`) or not (`Tags:\n- Key`). */
  indentSeq: boolean
}

const INTRINSIC_KEYS = new Set(['Ref', 'Condition'])

/** Applies the changes it can; the rest come back as `rejected` with the reason (an intrinsic, a missing path, ...). */
export function editTemplate(text: string, changes: readonly TemplateChange[]): TemplateEditResult {
  const doc = parseDocument(text, {keepSourceTokens: true})
  if (doc.errors.length > 0) return {text, applied: [], rejected: changes.map((change) => ({change, reason: `template does not parse: ${doc.errors[0].message.split('\n')[0]}`}))}

  const resourcesPair = isMap(doc.contents) ? findPair(doc.contents, 'Resources') : undefined
  const resources = isMap(resourcesPair?.value) ? resourcesPair.value : null
  const context: Context = {text, resources, resourcesKey: (resourcesPair?.key as Node | undefined) ?? null, ...detectIndentation(text, resources)}
  const accepted: {change: TemplateChange; splices: Splice[]}[] = []
  const rejected: RejectedChange[] = []
  for (const change of changes) {
    const resolved = resolveChange(context, change)
    if (typeof resolved === 'string') {
      rejected.push({change, reason: resolved})
      continue
    }

    // Two changes touching the same span (removing a list element and editing inside it) cannot both apply.
    const clash = accepted.some((other) => other.splices.some((a) => resolved.some((b) => overlaps(a, b))))
    if (clash) rejected.push({change, reason: 'conflicts with another change to the same value'})
    else accepted.push({change, splices: resolved})
  }

  const splices = accepted.flatMap(({splices: list}, order) => list.map((splice) => ({...splice, order})))
  // From the end backwards so earlier offsets stay valid; inserts at one offset keep the order they were given in.
  splices.sort((a, b) => b.start - a.start || b.order - a.order)
  let result = text
  for (const splice of splices) result = result.slice(0, splice.start) + splice.text + result.slice(splice.end)

  const problem = verify(result, accepted.map(({change}) => change))
  if (problem) return {text, applied: [], rejected: [...changes.map((change) => ({change, reason: `edit could not be verified (${problem}); edit by hand`}))]}
  return {text: result, applied: accepted.map(({change}) => change), rejected}
}

/** A value written as an intrinsic function, short form (`!Ref X`) or long form (`{Ref: X}`, `{Fn::Sub: ...}`). */
function isIntrinsicNode(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false
  const tag = (node as Node).tag
  if (tag && tag.startsWith('!') && !tag.startsWith('!!')) return true
  if (isMap(node) && node.items.length === 1) {
    const key = isScalar(node.items[0].key) ? String(node.items[0].key.value) : ''
    return INTRINSIC_KEYS.has(key) || key.startsWith('Fn::')
  }

  return false
}

function containsIntrinsic(node: unknown): boolean {
  if (isIntrinsicNode(node)) return true
  if (isMap(node)) return node.items.some((pair) => containsIntrinsic(pair.value))
  if (isSeq(node)) return node.items.some((item) => containsIntrinsic(item))
  return false
}

function resolveChange(context: Context, change: TemplateChange): Splice[] | string {
  const {resources} = context
  if (!resources) return 'the template has no Resources map'
  const resourcePair = findPair(resources, change.logicalId)
  if (!resourcePair) return `resource ${change.logicalId} is not in this template`
  if (change.op === 'remove-resource') return removeResource(context, resources, resourcePair)

  const resource = resourcePair.value
  if (!isMap(resource)) return `resource ${change.logicalId} is not a map`
  const properties = resource.get('Properties', true)
  if (!isMap(properties)) return `resource ${change.logicalId} has no Properties map`
  const segments = pointerSegments(change.path)
  if (segments.length === 0) return 'cannot replace Properties as a whole'
  return resolveAt(context, properties, segments, change)
}

/** Walks to the parent of the last segment, refusing to step into an intrinsic, then applies the change there. */
function resolveAt(context: Context, properties: YAMLMap, segments: string[], change: Exclude<TemplateChange, {op: 'remove-resource'}>): Splice[] | string {
  let parent: Node = properties
  for (const [index, segment] of segments.slice(0, -1).entries()) {
    const child = childOf(parent, segment)
    if (isIntrinsicNode(child)) return intrinsicReason(child as Node)
    const empty = child === undefined || child === null || (isScalar(child) && child.value === null)
    if (empty || isScalar(child)) {
      if (change.op !== 'add' || !empty) return `${change.path} is not in the template`
      // Adding below a property the template does not have yet: add the missing part as one nested value.
      const rest = segments.slice(index + 1)
      const value = rest.reduceRight<unknown>((inner, key) => (key === '-' || /^\d+$/.test(key) ? [inner] : {[key]: inner}), change.value)
      return addTo(context, parent, segment, value, isScalar(child) ? child : undefined)
    }

    parent = child as Node
  }

  const last = segments.at(-1) as string
  const target = childOf(parent, last)
  if (containsIntrinsic(target)) return intrinsicReason(target as Node)
  switch (change.op) {
    case 'set': {
      if (target === undefined) return `${change.path} is not in the template`
      return replaceValue(context, parent, last, target as Node, change.value)
    }

    case 'add': {
      if (isSeq(parent) || target === undefined || (isScalar(target) && target.value === null)) return addTo(context, parent, last, change.value, target as Scalar | undefined)
      return replaceValue(context, parent, last, target as Node, change.value)
    }

    case 'remove': {
      if (target === undefined) return `${change.path} is not in the template`
      return removeFrom(context, parent, last)
    }
  }
}

function intrinsicReason(node: Node): string {
  const name = node.tag && !node.tag.startsWith('!!') ? node.tag : isMap(node) && isScalar(node.items[0]?.key) ? String(node.items[0].key.value) : 'an intrinsic function'
  return `the template value is ${name}, not a literal; edit by hand`
}

function childOf(parent: unknown, segment: string): unknown {
  if (isMap(parent)) return findPair(parent, segment)?.value ?? (findPair(parent, segment) ? null : undefined)
  if (isSeq(parent)) return /^\d+$/.test(segment) ? parent.items[Number(segment)] : undefined
  return undefined
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)) === key) as Pair | undefined
}

// ---- set ---------------------------------------------------------------------------------------------------

function replaceValue(context: Context, parent: Node, key: string, target: Node, value: unknown): Splice[] | string {
  const {text} = context
  const [start, valueEnd] = target.range ?? [0, 0]
  if (isScalar(target) && target.value === null && start === valueEnd) return addTo(context, parent, key, value, target)
  const isCollectionValue = value !== null && typeof value === 'object'
  if (isScalar(target) && !isCollectionValue && !isBlockScalar(target)) return [{start, end: valueEnd, text: renderScalar(value, target)}]

  const flow = (isMap(target) || isSeq(target)) && target.flow
  if (flow || (isScalar(target) && !isBlockScalar(target))) return [{start, end: valueEnd, text: renderFlow(value)}]

  // A block collection or block scalar: the new value is rendered as a block at the same indentation.
  const pairLine = lineStart(text, start)
  const keyIndent = indentationAt(text, pairLine)
  if (isScalar(target)) {
    if (isCollectionValue) return 'the value changes from text to a list or map; edit by hand'
    const rendered = renderPairValue(context, value, keyIndent).replace(/^ /, '')
    return [{start, end: valueEnd, text: endLike(text, valueEnd, rendered)}]
  }

  if (!isCollectionValue) return 'the value changes from a list or map to a single value; edit by hand'
  const column = start - lineStart(text, start)
  const rendered = indentBlock(stringify(value, renderOptions(context)), column, false)
  return [{start, end: valueEnd, text: endLike(text, valueEnd, rendered)}]
}

const isBlockScalar = (node: Scalar) => node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED'

/** A new scalar in the style of the one it replaces: quoted stays quoted (same quotes), plain stays plain where YAML allows. */
function renderScalar(value: unknown, original: Scalar): string {
  if (value === null || value === undefined) return 'null'
  const asText = typeof value === 'string' ? value : String(value)
  // A line break or control character from AWS: one escaped line, whatever the style of the value it replaces.
  if (original.type === 'QUOTE_DOUBLE' || needsYamlEscapes(asText)) return yamlDoubleQuoted(asText)
  if (original.type === 'QUOTE_SINGLE' && !asText.includes('\n')) return `'${asText.replaceAll("'", "''")}'`
  // AWS returns some numbers and booleans as strings; a template that wrote them unquoted keeps them unquoted.
  if (typeof value === 'string' && typeof original.value === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return value
  if (typeof value === 'string' && typeof original.value === 'boolean' && /^(true|false)$/i.test(value)) return value.toLowerCase()
  return stringify(value, {lineWidth: 0}).replace(/\n$/, '')
}

function renderFlow(value: unknown): string {
  return stringify(value, {lineWidth: 0, collectionStyle: 'flow', flowCollectionPadding: false}).replace(/\n$/, '')
}

function renderOptions(context: Context) {
  return {lineWidth: 0, indent: context.unit, indentSeq: context.indentSeq}
}

/** `value` rendered as the value of a key at column `keyIndent`: ` scalar` or `\n` + a block indented below the key. */
function renderPairValue(context: Context, value: unknown, keyIndent: number): string {
  const rendered = stringify({_: value}, renderOptions(context)).replace(/^_:/, '')
  return indentBlock(rendered, keyIndent, false)
}

/** Prefixes every line but the first (or every line, with `all`) with `column` spaces. */
function indentBlock(block: string, column: number, all: boolean): string {
  const pad = ' '.repeat(column)
  const lines = block.split('\n')
  return lines.map((line, index) => (line === '' || (index === 0 && !all) ? line : pad + line)).join('\n')
}

/** Keeps the replaced span's trailing newline behaviour (a block value's range ends after its newline). */
function endLike(text: string, end: number, rendered: string): string {
  const trimmed = rendered.replace(/\n+$/, '')
  return text[end - 1] === '\n' ? `${trimmed}\n` : trimmed
}

// ---- add ---------------------------------------------------------------------------------------------------

function addTo(context: Context, parent: Node, key: string, value: unknown, nullTarget: Scalar | undefined): Splice[] | string {
  const {text} = context
  if (nullTarget && isMap(parent)) {
    // `Tags:` with nothing after it: the value goes right after the key.
    const pair = findPair(parent, key)
    const keyNode = pair?.key as Node | undefined
    if (!keyNode?.range) return `cannot place ${key}`
    const keyIndent = indentationAt(text, lineStart(text, keyNode.range[0]))
    const colon = text.indexOf(':', keyNode.range[1])
    const end = lineEnd(text, nullTarget.range?.[2] ?? colon + 1)
    return [{start: colon + 1, end, text: endLike(text, end, renderPairValue(context, value, keyIndent))}]
  }

  if (isSeq(parent)) {
    if (parent.flow || parent.items.length === 0) return rerenderFlow(parent, [...(parent.toJSON() as unknown[]), value])
    const column = (parent.range?.[0] ?? 0) - lineStart(text, parent.range?.[0] ?? 0)
    const at = lineEnd(text, lastItemEnd(parent))
    const rendered = indentBlock(stringify([orderedLike(value, parent.items[0])], renderOptions(context)), column, true)
    return [{start: at, end: at, text: ensureNewlineBefore(text, at) + rendered}]
  }

  if (isMap(parent)) {
    if (parent.flow || parent.items.length === 0) return rerenderFlow(parent, {...(parent.toJSON() as Record<string, unknown>), [key]: value})
    const first = parent.items[0].key as Node
    const column = (first.range?.[0] ?? 0) - lineStart(text, first.range?.[0] ?? 0)
    const at = lineEnd(text, lastItemEnd(parent))
    const rendered = indentBlock(stringify({[key]: value}, renderOptions(context)), column, true)
    return [{start: at, end: at, text: ensureNewlineBefore(text, at) + rendered}]
  }

  return `cannot add ${key} here`
}

/** A new list element lists its keys in the order its siblings do (IpProtocol, FromPort, ...), not AWS's order. */
function orderedLike(value: unknown, sibling: unknown): unknown {
  if (!isMap(sibling) || value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const order = sibling.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''))
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length)
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => rank(a) - rank(b)))
}

function rerenderFlow(node: YAMLMap | YAMLSeq, value: unknown): Splice[] | string {
  if (!node.range) return 'cannot locate the value'
  if (node.flow && node.items.length > 0 && containsComment(node)) return 'the list has comments inside; edit by hand'
  return [{start: node.range[0], end: node.range[1], text: renderFlow(value)}]
}

function containsComment(node: YAMLMap | YAMLSeq): boolean {
  const token = node.srcToken
  return token !== undefined && JSON.stringify(token).includes('"type":"comment"')
}

function ensureNewlineBefore(text: string, at: number): string {
  return at > 0 && text[at - 1] !== '\n' ? '\n' : ''
}

function lastItemEnd(collection: YAMLMap | YAMLSeq): number {
  const last = collection.items.at(-1) as Node | Pair
  const node = (isPairLike(last) ? (last.value ?? last.key) : last) as Node
  return node?.range?.[2] ?? collection.range?.[1] ?? 0
}

const isPairLike = (item: unknown): item is Pair => item !== null && typeof item === 'object' && 'key' in item && 'value' in item

// ---- remove ------------------------------------------------------------------------------------------------

function removeFrom(context: Context, parent: Node, key: string): Splice[] | string {
  const {text} = context
  if (isSeq(parent)) {
    const index = Number(key)
    if (parent.flow) return rerenderFlow(parent, (parent.toJSON() as unknown[]).filter((_, i) => i !== index))
    const item = parent.items[index] as Node
    if (!item?.range) return `element ${key} is not in the list`
    const dash = text.lastIndexOf('-', item.range[0])
    const start = lineStart(text, dash)
    if (text.slice(start, dash).trim() !== '') return 'the list element shares its line with other content; edit by hand'
    return [{start, end: lineEnd(text, item.range[2]), text: ''}]
  }

  if (isMap(parent)) {
    if (parent.flow) {
      const value = {...(parent.toJSON() as Record<string, unknown>)}
      delete value[key]
      return rerenderFlow(parent, value)
    }

    const pair = findPair(parent, key)
    const keyNode = pair?.key as Node | undefined
    if (!pair || !keyNode?.range) return `${key} is not in the template`
    const start = lineStart(text, keyNode.range[0])
    if (text.slice(start, keyNode.range[0]).trim() !== '') return 'the key shares its line with other content; edit by hand'
    const valueNode = pair.value as Node | null
    return [{start, end: lineEnd(text, valueNode?.range?.[2] ?? keyNode.range[2]), text: ''}]
  }

  return `cannot remove ${key} here`
}

/** Removes a resource with the comment lines directly above it; the last resource leaves `Resources: {}`. */
function removeResource(context: Context, resources: YAMLMap, pair: Pair): Splice[] | string {
  const {text} = context
  const keyNode = pair.key as Node
  const valueNode = pair.value as Node | null
  if (!keyNode.range) return 'cannot locate the resource'
  const end = lineEnd(text, valueNode?.range?.[2] ?? keyNode.range[2])
  if (resources.items.length === 1) {
    const colon = text.indexOf(':', context.resourcesKey?.range?.[1] ?? 0)
    return [{start: colon + 1, end, text: ' {}\n'}]
  }

  let start = lineStart(text, keyNode.range[0])
  if (text.slice(start, keyNode.range[0]).trim() !== '') return 'the resource shares its line with other content; edit by hand'
  const indent = keyNode.range[0] - start
  while (start > 0) {
    const previous = lineStart(text, start - 1)
    const line = text.slice(previous, start - 1)
    if (!line.trimStart().startsWith('#') || indentationAt(text, previous) !== indent) break
    start = previous
  }

  return [{start, end, text: ''}]
}

// ---- text helpers ------------------------------------------------------------------------------------------

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1
}

/** The offset just after the newline that ends the line holding `offset - 1` (ranges end after their newline). */
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset
  const newline = text.indexOf('\n', offset)
  return newline === -1 ? text.length : newline + 1
}

function indentationAt(text: string, start: number): number {
  let column = 0
  while (text[start + column] === ' ') column++
  return column
}

function overlaps(a: Splice, b: Splice): boolean {
  if (a.start === a.end || b.start === b.end) return a.start === b.start ? false : a.start < b.end && b.start < a.end
  return a.start < b.end && b.start < a.end
}

function detectIndentation(text: string, resources: YAMLMap | null): {unit: number; indentSeq: boolean} {
  const firstKey = resources?.items[0]?.key as Node | undefined
  const offset = firstKey?.range?.[0]
  const unit = offset === undefined ? 2 : Math.max(1, offset - lineStart(text, offset))
  // A `- ` right under a `key:` at the same column means this file does not indent its lists.
  const indentSeq = !/^( *)[^\s#-][^\n]*:\n\1- /m.test(text)
  return {unit, indentSeq}
}

// ---- verification ------------------------------------------------------------------------------------------

/** Re-parses the result and checks each change landed where it was meant to; a bug here must never reach a PR. */
function verify(text: string, changes: TemplateChange[]): string | undefined {
  const doc = parseDocument(text)
  if (doc.errors.length > 0) return doc.errors[0].message.split('\n')[0]
  const resources = isMap(doc.contents) ? doc.contents.get('Resources', true) : undefined
  for (const change of changes) {
    const resource = isMap(resources) ? resources.get(change.logicalId, true) : undefined
    if (change.op === 'remove-resource') {
      if (resource !== undefined) return `${change.logicalId} is still there`
      continue
    }

    if (change.op !== 'set') continue
    const properties = isMap(resource) ? resource.get('Properties', true) : undefined
    let node: unknown = properties
    for (const segment of pointerSegments(change.path)) node = childOf(node, segment)
    const actual = isScalar(node) ? node.value : (node as Node | undefined)?.toJSON?.()
    if (!looselyEqual(actual, change.value)) return `${change.path} reads back as ${JSON.stringify(actual)}`
  }

  return undefined
}

function looselyEqual(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return String(a) === String(b)
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a as object)
  const keysB = Object.keys(b as object)
  return keysA.length === keysB.length && keysA.every((key) => looselyEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}
