import {isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type YAMLError, type YAMLMap, YAMLParseError} from 'yaml'

import {type DesiredResource, Intrinsic, type SourceLocation} from '../model.js'
import {readYamlFast} from './fast-yaml.js'
import {INTRINSIC_TAGS, isLongForm, longNameOfTag, SHORT_FORMS, splitGetAtt, subVariables} from './intrinsics.js'
import type {ProblemCode, ValidationProblem} from './problems.js'
import {unknownProperties, unknownPropertyMessage} from './property-names.js'

export const TOP_LEVEL_KEYS = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Mappings', 'Conditions', 'Transform', 'Rules', 'Resources', 'Outputs'] as const
export const RESOURCE_ATTRIBUTES = ['Type', 'Properties', 'DependsOn', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy', 'Condition'] as const

/** A name a template uses: `!Ref X`, `!GetAtt X.Attr`, `${X}` in `!Sub`, or `DependsOn: X`. */
export interface Reference {
  target: string
  via: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub' | 'DependsOn'
  /** As written, for messages: `Vpc`, `Role.Arn`, `${AWS::Region}`. */
  expression: string
  line: number
  column: number
}

export interface ParsedResource {
  resource: DesiredResource
  /** References from Properties and DependsOn, in document order. */
  references: Reference[]
}

export interface ParsedParameter {
  name: string
  hasDefault: boolean
  default?: unknown
  location: SourceLocation
}

export interface ParsedTemplate {
  file: string
  phase: string
  resources: ParsedResource[]
  parameters: ParsedParameter[]
  /** References outside resources (Outputs, Conditions): they must resolve but add no dependency. */
  otherReferences: Reference[]
  /**
   * Logical ids a template declares but whose resources could not be read (malformed YAML, no Type): other
   * templates may refer to them without a dangling-reference problem piling onto the first problem.
   */
  unreadableIds: string[]
  problems: ValidationProblem[]
}

export interface TemplateSource {
  /** Relative to the working directory, forward slashes. */
  file: string
  phase: string
  stackName: string
  bytes: Uint8Array
}

const LOGICAL_ID = /^[A-Za-z0-9]+$/

/**
 * How deep maps and lists may nest. Real templates stay under 20 levels; a limit keeps a hostile file from
 * exhausting the stack of the parser or of the readers that walk values (SPEC 10).
 */
export const MAX_NESTING_DEPTH = 100

/** Reads one template into resources with source locations, and reports what is wrong with it on its own. */
export function parseTemplate(source: TemplateSource): ParsedTemplate {
  const template: ParsedTemplate = {file: source.file, phase: source.phase, resources: [], parameters: [], otherReferences: [], unreadableIds: [], problems: []}
  const text = decodeUtf8(source.bytes)
  if (typeof text !== 'string') {
    template.problems.push({file: source.file, line: text.line, column: text.column, code: 'not-utf8', message: 'file is not valid UTF-8 (save it as UTF-8)'})
    return template
  }

  const {doc, lineCounter} = readYaml(text)
  const shape = walkTree(doc.contents, text)
  if (shape.duplicateKeys.length > 0) {
    for (const offset of shape.duplicateKeys) doc.errors.push(new YAMLParseError([offset, offset + 1], 'DUPLICATE_KEY', 'Map keys must be unique'))
    doc.errors.sort((a, b) => a.pos[0] - b.pos[0])
  }

  const at = (offset: number): {line: number; column: number} => {
    const {line, col} = lineCounter.linePos(offset)
    return {line, column: col}
  }

  const report = (code: ProblemCode, offset: number, message: string) => template.problems.push({file: source.file, ...at(offset), code, message})
  // The parser reports its own stack running out (once per level it unwinds through): one problem, where it began.
  const overflows = doc.errors.filter((error) => error.message.startsWith('Maximum call stack size exceeded'))
  if (overflows.length > 0) report('too-deep', Math.min(...overflows.map((error) => error.pos[0])), tooDeepMessage)
  for (const error of doc.errors) if (!overflows.includes(error)) report('yaml-syntax', error.pos[0], firstLine(error.message))
  for (const warning of doc.warnings) {
    const tag = warning.code === 'TAG_RESOLVE_FAILED' ? /Unresolved tag: (\S+)/.exec(warning.message)?.[1] : undefined
    if (tag) report('unknown-tag', warning.pos[0], `unknown tag ${tag} (intrinsic short forms: ${Object.keys(SHORT_FORMS).map((name) => `!${name}`).join(', ')})`)
    else report('yaml-syntax', warning.pos[0], firstLine(warning.message))
  }

  const root = doc.contents
  let unreadable = doc.errors.length > 0
  if (!unreadable) {
    const features = shape.tooDeep ? [{code: 'too-deep' as const, offset: offsetOf(shape.tooDeep), message: tooDeepMessage}] : shape.yamlOnlyFeatures
    for (const problem of features) report(problem.code, problem.offset, problem.message)
    unreadable = features.length > 0
  }

  if (unreadable) {
    template.unreadableIds = isMap(root) ? declaredIds(root) : []
    return template
  }

  if (!isMap(root)) {
    const offset = root?.range?.[0] ?? 0
    report('not-a-mapping', offset, root ? `a template must be a mapping with Resources (found a ${nodeKind(root)})` : 'template is empty; expected a mapping with Resources')
    return template
  }

  const reader = new TemplateReader(source, text, at)
  for (const pair of root.items) {
    const key = keyName(pair)
    const keyOffset = offsetOf(pair.key)
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      report('unknown-top-level-key', keyOffset, `unknown top-level key '${key}' (allowed: ${TOP_LEVEL_KEYS.join(', ')})`)
      continue
    }

    if (key === 'Resources') reader.readResources(pair, template)
    else if (key === 'Parameters') reader.readParameters(pair, template)
    else if (key === 'Outputs' || key === 'Conditions') {
      const refs: Reference[] = []
      reader.value(pair.value as Node | null, null, {}, refs)
      template.otherReferences.push(...refs)
    }
  }

  template.problems.push(...reader.problems)
  return template
}

/** js-yaml's fast reading when it reproduces yaml's exactly (fast-yaml.ts), else yaml's, which reports problems. */
function readYaml(text: string): {doc: {contents: Node | null; errors: YAMLError[]; warnings: YAMLError[]}; lineCounter: LineCounter} {
  const fast = readYamlFast(text, MAX_NESTING_DEPTH)
  if (fast) return {doc: {contents: fast.contents, errors: [], warnings: []}, lineCounter: fast.lineCounter}
  const lineCounter = new LineCounter()
  // yaml's own duplicate-key check compares each key with every earlier one (quadratic: seconds for a template of
  // a few thousand resources); the walk in parseTemplate finds the same duplicates with one set per mapping.
  return {doc: parseDocument(text, {lineCounter, customTags: INTRINSIC_TAGS, prettyErrors: false, uniqueKeys: false}), lineCounter}
}

class TemplateReader {
  readonly problems: ValidationProblem[] = []

  constructor(
    private readonly source: TemplateSource,
    private readonly text: string,
    private readonly at: (offset: number) => {line: number; column: number},
  ) {}

  readResources(section: Pair, template: ParsedTemplate): void {
    const resources = section.value
    if (resources === null || (isScalar(resources) && resources.value === null)) return
    if (!isMap(resources)) {
      this.report('invalid-section', offsetOf(resources), 'Resources must be a mapping of logical ids to resources')
      return
    }

    for (const pair of resources.items) {
      const parsed = this.readResource(pair)
      // A resource left out for its own problem (no Type) still exists for references to it.
      if (parsed) template.resources.push(parsed)
      else template.unreadableIds.push(keyName(pair))
    }
  }

  readParameters(section: Pair, template: ParsedTemplate): void {
    const parameters = section.value
    if (parameters === null || (isScalar(parameters) && parameters.value === null)) return
    if (!isMap(parameters)) {
      this.report('invalid-section', offsetOf(parameters), 'Parameters must be a mapping of parameter names to declarations')
      return
    }

    for (const pair of parameters.items) {
      const name = keyName(pair)
      const location = this.location(offsetOf(pair.key))
      const declaration = isMap(pair.value) ? pair.value : null
      const defaultPair = declaration?.items.find((item) => keyName(item) === 'Default')
      template.parameters.push(defaultPair ? {name, hasDefault: true, default: this.value(defaultPair.value as Node | null, null, {}, []), location} : {name, hasDefault: false, location})
    }
  }

  private readResource(pair: Pair): ParsedResource | null {
    const logicalId = keyName(pair)
    const keyOffset = offsetOf(pair.key)
    if (!LOGICAL_ID.test(logicalId)) {
      this.report('invalid-logical-id', keyOffset, `logical id '${logicalId}' must contain only letters and digits`)
      return null
    }

    const body = pair.value
    if (!isMap(body)) {
      this.report('invalid-section', body ? offsetOf(body) : keyOffset, `resource ${logicalId} must be a mapping with Type and Properties`)
      return null
    }

    const resource: DesiredResource = {
      logicalId,
      type: '',
      phase: this.source.phase,
      file: this.source.file,
      stackName: this.source.stackName,
      location: this.location(keyOffset),
      properties: {},
      lines: {},
      dependsOn: [],
    }
    const references: Reference[] = []
    let propertiesNode: YAMLMap | undefined
    for (const attribute of body.items) {
      const name = keyName(attribute)
      const value = attribute.value as Node | null
      switch (name) {
        case 'Type': {
          if (isScalar(value) && typeof value.value === 'string' && value.value !== '') resource.type = value.value
          else this.report('missing-type', value ? offsetOf(value) : offsetOf(attribute.key), `resource ${logicalId}: Type must be a resource type name such as AWS::Service::Resource`)
          break
        }

        case 'Properties': {
          resource.lines[''] = this.location(offsetOf(attribute.key)).line
          if (value === null || (isScalar(value) && value.value === null)) break
          if (!isMap(value) || longFormOf(value) || longNameOfTag(value.tag) !== undefined) {
            this.report('invalid-section', offsetOf(value), `resource ${logicalId}: Properties must be a mapping`)
            break
          }

          resource.properties = this.value(value, '', resource.lines, references) as Record<string, unknown>
          propertiesNode = value
          break
        }

        case 'DependsOn': {
          resource.dependsOn = this.readDependsOn(logicalId, value, references)
          break
        }

        case 'Condition':
        case 'DeletionPolicy': {
          if (isScalar(value) && typeof value.value === 'string') resource[name === 'Condition' ? 'condition' : 'deletionPolicy'] = value.value
          break
        }

        default: {
          if (!(RESOURCE_ATTRIBUTES as readonly string[]).includes(name)) {
            this.report('unknown-resource-attribute', offsetOf(attribute.key), `resource ${logicalId}: unknown attribute '${name}' (allowed: ${RESOURCE_ATTRIBUTES.join(', ')})`)
          }
        }
      }
    }

    if (resource.type === '' && !body.items.some((item) => keyName(item) === 'Type')) {
      this.report('missing-type', keyOffset, `resource ${logicalId} has no Type`)
    }

    // A misspelled property would otherwise be compared, and reported as drift on every run.
    if (propertiesNode) {
      for (const unknown of unknownProperties(resource.type, resource.properties)) {
        this.report('unknown-property', keyOffsetAt(propertiesNode, unknown.pointer), unknownPropertyMessage(logicalId, resource.type, unknown))
      }
    }

    return resource.type === '' ? null : {resource, references}
  }

  private readDependsOn(logicalId: string, value: Node | null, references: Reference[]): string[] {
    const items = isSeq(value) ? (value.items as Node[]) : value ? [value] : []
    const names: string[] = []
    for (const item of items) {
      if (isScalar(item) && typeof item.value === 'string' && !item.tag) {
        names.push(item.value)
        references.push({target: item.value, via: 'DependsOn', expression: item.value, ...this.location(offsetOf(item))})
      } else {
        this.report('invalid-section', offsetOf(item), `resource ${logicalId}: DependsOn must be a logical id or a list of logical ids`)
      }
    }

    return names
  }

  /**
   * The plain value of a node, with intrinsics as `Intrinsic`. When `pointer` is not null, records the line of
   * every node under it (a map entry's line is its key's line, so a collection points where it is named).
   */
  value(node: Node | null, pointer: string | null, lines: Record<string, number>, references: Reference[]): unknown {
    if (node === null) return null
    const longName = longNameOfTag(node.tag)
    // Inside an intrinsic's argument there are no property pointers: the argument is one value.
    if (longName !== undefined) return this.intrinsic(longName, node, this.untagged(node, null, lines, references), references)
    return this.untagged(node, pointer, lines, references)
  }

  /** The value of a node as if it had no tag: a single-key `Fn::` map is still a long-form intrinsic. */
  private untagged(node: Node, pointer: string | null, lines: Record<string, number>, references: Reference[]): unknown {
    const longForm = isMap(node) ? longFormOf(node) : undefined
    if (longForm) return this.intrinsic(longForm.name, node, this.value(longForm.pair.value as Node | null, null, lines, references), references)
    return this.plain(node, pointer, lines, references)
  }

  private plain(node: Node, pointer: string | null, lines: Record<string, number>, references: Reference[]): unknown {
    if (isMap(node)) {
      const result: Record<string, unknown> = {}
      for (const pair of node.items) {
        const key = keyName(pair)
        const child = pointer === null ? null : `${pointer}/${escapePointer(key)}`
        if (child !== null) lines[child] = this.location(offsetOf(pair.key)).line
        const value = this.value(pair.value as Node | null, child, lines, references)
        // A `__proto__` key is data like any other, never the prototype of the value (SPEC 10).
        if (key === '__proto__') Object.defineProperty(result, key, {value, enumerable: true, writable: true, configurable: true})
        else result[key] = value
      }

      return result
    }

    if (isSeq(node)) {
      return node.items.map((item, index) => {
        const child = pointer === null ? null : `${pointer}/${index}`
        if (child !== null) lines[child] = this.location(offsetOf(item as Node)).line
        return this.value(item as Node | null, child, lines, references)
      })
    }

    return isScalar(node) ? node.value : null
  }

  private intrinsic(fn: string, node: Node, arg: unknown, references: Reference[]): Intrinsic {
    const position = this.location(this.expressionStart(node))
    if (fn === 'Ref' && typeof arg === 'string') references.push({target: arg, via: 'Ref', expression: arg, ...position})
    if (fn === 'Fn::GetAtt') {
      if (typeof arg === 'string') arg = splitGetAtt(arg)
      const [target, attribute] = Array.isArray(arg) ? arg : []
      if (typeof target === 'string') references.push({target, via: 'Fn::GetAtt', expression: typeof attribute === 'string' ? `${target}.${attribute}` : target, ...position})
    }

    if (fn === 'Fn::Sub') {
      const [template, variables] = Array.isArray(arg) ? arg : [arg]
      const local = variables && typeof variables === 'object' ? new Set(Object.keys(variables)) : new Set<string>()
      if (typeof template === 'string') {
        for (const variable of subVariables(template)) {
          if (!local.has(variable.name)) references.push({target: variable.name, via: 'Fn::Sub', expression: `\${${variable.expression}}`, ...position})
        }
      }
    }

    return new Intrinsic(fn, arg)
  }

  /** A tagged node's range starts after its tag; a reference is reported where the user wrote the `!Tag`. */
  private expressionStart(node: Node): number {
    const start = offsetOf(node)
    if (!node.tag) return start
    let at = start
    while (at > 0 && /\s/.test(this.text[at - 1])) at--
    return this.text.slice(at - node.tag.length, at) === node.tag ? at - node.tag.length : start
  }

  private location(offset: number): SourceLocation {
    return {file: this.source.file, ...this.at(offset)}
  }

  private report(code: ProblemCode, offset: number, message: string): void {
    this.problems.push({file: this.source.file, ...this.at(offset), code, message})
  }
}

const tooDeepMessage = `maps and lists nest deeper than ${MAX_NESTING_DEPTH} levels; the template is not read`

interface TreeShape {
  /** The first node deeper than the limit, if any. */
  tooDeep?: Node
  /**
   * Anchors, aliases and merge keys are YAML features CloudFormation does not accept. Read as plain data they
   * would become null or a key named `<<`, and a heal would write that to AWS; so they are problems, each where it is.
   */
  yamlOnlyFeatures: {code: ProblemCode; offset: number; message: string}[]
  /** Where a key repeats an earlier key of the same mapping (YAML forbids it; yaml reports it as DUPLICATE_KEY). */
  duplicateKeys: number[]
}

/**
 * One pass over the document, without recursion (the tree may be as deep as the file is long): nesting depth,
 * YAML-only features and duplicate keys, each linear in the size of the template.
 */
function walkTree(root: Node | null, text: string): TreeShape {
  const shape: TreeShape = {yamlOnlyFeatures: [], duplicateKeys: []}
  const found = shape.yamlOnlyFeatures
  const stack: {node: unknown; depth: number}[] = [{node: root, depth: 0}]
  while (stack.length > 0) {
    const {node, depth} = stack.pop()!
    if (isAlias(node)) {
      found.push({code: 'yaml-alias', offset: offsetOf(node), message: `YAML alias *${node.source} is not allowed: CloudFormation does not accept anchors and aliases; write the value out`})
      continue
    }

    if (!isScalar(node) && !isCollection(node)) continue
    if (node.anchor) {
      const offset = text.lastIndexOf(`&${node.anchor}`, offsetOf(node))
      found.push({code: 'yaml-anchor', offset: offset === -1 ? offsetOf(node) : offset, message: `YAML anchor &${node.anchor} is not allowed: CloudFormation does not accept anchors and aliases; write the value out`})
    }

    if (!isCollection(node)) continue
    if (depth >= MAX_NESTING_DEPTH) shape.tooDeep ??= node
    if (isMap(node)) {
      // yaml's equality of keys: the same node, or two scalars with the same value (NaN never equals itself).
      const seen = new Set<unknown>()
      for (const pair of node.items) {
        const key = pair.key as Node | null
        if (isScalar(key) && !Number.isNaN(key.value)) {
          if (seen.has(key.value)) shape.duplicateKeys.push(offsetOf(key))
          else seen.add(key.value)
          if (key.value === '<<' && key.type === 'PLAIN') found.push({code: 'yaml-merge-key', offset: offsetOf(key), message: 'YAML merge key << is not allowed: CloudFormation does not accept it; write the keys out'})
        }
      }
    }

    // Children go on the stack in reverse so that they come off it in document order.
    for (let index = node.items.length - 1; index >= 0; index--) {
      const item = node.items[index]
      if (isMap(node)) stack.push({node: (item as Pair).value, depth: depth + 1}, {node: (item as Pair).key, depth: depth + 1})
      else stack.push({node: item, depth: depth + 1})
    }
  }

  found.sort((a, b) => a.offset - b.offset)
  return shape
}

function longFormOf(node: YAMLMap): {name: string; pair: Pair} | undefined {
  if (node.items.length !== 1) return undefined
  const pair = node.items[0]
  const name = keyName(pair)
  const value = pair.value as Node | null
  const plainValue = isScalar(value) && !value.tag ? value.value : undefined
  return isLongForm(name, name.startsWith('Fn::') ? value : plainValue) ? {name, pair} : undefined
}

/** Where the key a JSON pointer ends in is written (pointers come from the plain value of this node). */
function keyOffsetAt(node: YAMLMap, pointer: string): number {
  let current: unknown = node
  let offset = offsetOf(node)
  for (const segment of pointer.split('/').slice(1).map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))) {
    if (isMap(current)) {
      const pair = current.items.find((item) => keyName(item) === segment)
      offset = offsetOf(pair?.key ?? current)
      current = pair?.value
    } else if (isSeq(current)) {
      current = current.items[Number(segment)]
      offset = offsetOf(current ?? node)
    }
  }

  return offset
}

function declaredIds(root: YAMLMap): string[] {
  const resources = root.items.find((pair) => keyName(pair) === 'Resources')?.value
  return isMap(resources) ? resources.items.map(keyName) : []
}

/** Decodes strictly; on failure, where the first invalid byte is (line and column of the text before it). */
export function decodeUtf8(bytes: Uint8Array): string | {line: number; column: number} {
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes)
    const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')))
    const lines = before.split('\n')
    return {line: lines.length, column: lines.at(-1)!.length + 1}
  }
}

function keyName(pair: Pair): string {
  const key = pair.key
  if (isScalar(key)) return String(key.value)
  return String(key)
}

function offsetOf(node: unknown): number {
  return (node as {range?: [number, number, number]} | null)?.range?.[0] ?? 0
}

const nodeKind = (node: Node) => (isSeq(node) ? 'list' : isScalar(node) ? 'scalar value' : 'value')

/** RFC 6901: `~` and `/` inside a key. */
const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1')

const firstLine = (text: string) => text.split('\n')[0]
