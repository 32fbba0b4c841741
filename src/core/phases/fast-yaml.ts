import {FAILSAFE_SCHEMA, load, type State, Type} from 'js-yaml'
import {isScalar, LineCounter, type Node, Pair, Scalar, Schema, type ScalarTag, YAMLMap, YAMLSeq} from 'yaml'

import {SHORT_FORMS} from './intrinsics.js'

/**
 * The fast way to read a template: js-yaml's parser (about ten times yaml's on templates) building the same node
 * tree yaml's `parseDocument` builds, so that one template reader serves both. It is only a shortcut: for
 * anything it does not reproduce exactly (an error or warning of any kind, an anchor, an alias, a merge key, an
 * explicit or unknown tag, a complex key, a lone carriage return) it answers undefined and the caller parses with
 * yaml, which then reports problems as it always has. A test parses every template of the repository, and the
 * tricky cases, both ways and requires the same result.
 */
export function readYamlFast(text: string, maxDepth: number): {contents: Node | null; lineCounter: LineCounter} | undefined {
  if (/\r(?!\n)/.test(text)) return undefined
  const stack: Frame[] = [{open: 0, children: []}]
  try {
    const options: LoadOptions = {
      schema: SCHEMA,
      json: false,
      // Two more than the reader's own limit: a template just past it still reaches yaml, which reports it.
      maxDepth: maxDepth + 2,
      onWarning: (warning) => {
        throw warning
      },
      listener(event: 'close' | 'open', state: State) {
        if (event === 'open') stack.push({open: state.position, children: []})
        else {
          const frame = stack.pop()!
          stack.at(-1)!.children.push(nodeOf(frame, state as FullState, text))
        }
      },
    }
    load(text, options)
  } catch {
    return undefined
  }

  const [root] = stack[0].children
  // An empty document (nothing, or only comments) is yaml's to report.
  if (stack.length !== 1 || stack[0].children.length !== 1 || (root.result === null && !root.plain)) return undefined
  const lineCounter = new LineCounter()
  lineCounter.addNewLine(0)
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineCounter.addNewLine(at + 1)
  return {contents: root.node, lineCounter}
}

/** js-yaml 4.3's options; @types/js-yaml predates `maxDepth`. */
interface LoadOptions extends NonNullable<Parameters<typeof load>[1]> {
  maxDepth: number
}

interface Built {
  node: Node
  /** js-yaml's value for the node: a collection read twice (as a key attempt, then kept) is one node. */
  result: unknown
  /** Whether the node is a plain (unquoted, untagged) scalar: `<<` is a merge key only then. */
  plain: boolean
}

interface Frame {
  open: number
  children: Built[]
}

/** The state fields the listener reads that @types/js-yaml leaves out. */
interface FullState extends State {
  tag: null | string
  anchor: null | string
}

/** Thrown inside the listener when a node is one the fast path does not reproduce; `load` lets it through. */
class NotFast extends Error {}

const PLAIN_TAG = 'tag:ialctl,2026:plain'

/** yaml's core-schema resolution of a plain scalar (`findScalarTagByTest` in its composer), for js-yaml. */
const CORE_SCALAR_TAGS = new Schema({}).tags.filter((tag): tag is ScalarTag => tag.default === true && !('collection' in tag && tag.collection) && tag.test !== undefined)
function resolvePlain(text: string): unknown {
  const tag = CORE_SCALAR_TAGS.find((candidate) => candidate.test!.test(text))
  if (!tag) return text
  const value = tag.resolve(
    text,
    () => {
      throw new NotFast()
    },
    {},
  )
  // Some of yaml's tags answer with a node (booleans keep their source spelling), as its composer allows.
  return isScalar(value) ? value.value : value
}

const SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [new Type(PLAIN_TAG, {kind: 'scalar', resolve: () => true, construct: resolvePlain})],
  explicit: Object.keys(SHORT_FORMS).flatMap((name) =>
    (['scalar', 'sequence', 'mapping'] as const).map((kind) => new Type(`!${name}`, {kind, construct: (data: unknown) => data})),
  ),
})

const INTRINSIC = new Set(Object.keys(SHORT_FORMS).map((name) => `!${name}`))

function nodeOf(frame: Frame, state: FullState, text: string): Built {
  if (state.anchor !== null) throw new NotFast()
  const {tag, kind, result} = state
  const tagged = tag !== null && INTRINSIC.has(tag)
  if (tag !== null && tag !== PLAIN_TAG && !tagged) throw new NotFast()
  // js-yaml first tries a block mapping's key at the node's own place: a collection it then keeps is read once more.
  if (kind !== 'scalar' && frame.children.length === 1 && frame.children[0].result === result && result !== null) return frame.children[0]
  if (kind === null) {
    // An empty value: yaml places it where the line's spaces end; a tag with nothing after it is left to yaml.
    if (tag !== PLAIN_TAG && tag !== null) throw new NotFast()
    const node = new Scalar(null)
    const start = emptyStart(text, frame.open)
    node.range = [start, start, start]
    return {node, result: null, plain: false}
  }

  const start = contentStart(text, frame.open)
  const node = kind === 'mapping' ? mappingOf(frame.children, result as Record<string, unknown>) : kind === 'sequence' ? sequenceOf(frame.children, result as unknown[]) : new Scalar(result)
  node.range = [start, start, start]
  if (tagged) node.tag = tag

  return {node, result, plain: kind === 'scalar' && tag === PLAIN_TAG}
}

function mappingOf(children: Built[], result: Record<string, unknown>): YAMLMap {
  if (children.length % 2 !== 0 || children.length / 2 !== Object.keys(result).length) throw new NotFast()
  const map = new YAMLMap()
  for (let index = 0; index < children.length; index += 2) {
    const key = children[index]
    const value = children[index + 1]
    if (!(key.node instanceof Scalar) || key.node.tag) throw new NotFast()
    if (key.plain && key.result === '<<') throw new NotFast()
    // The pairs line up with js-yaml's own mapping (a flow entry without a value would shift them).
    const name = String(key.result)
    if (!Object.hasOwn(result, name) || (value.node instanceof Scalar && !Object.is(result[name], value.result))) throw new NotFast()
    map.items.push(new Pair(key.node, value.node))
  }

  return map
}

function sequenceOf(children: Built[], result: unknown[]): YAMLSeq {
  if (children.length !== result.length) throw new NotFast()
  const sequence = new YAMLSeq()
  for (const child of children) sequence.items.push(child.node)
  return sequence
}

function emptyStart(text: string, from: number): number {
  let at = from
  while (text[at] === ' ' || text[at] === '\t') at++
  return at
}

/** Where a node's content begins, past spaces, line breaks, comments and its tag, as yaml's ranges have it. */
function contentStart(text: string, from: number): number {
  let at = from
  while (at < text.length) {
    const char = text[at]
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') at++
    else if (char === '#') {
      const end = text.indexOf('\n', at)
      at = end === -1 ? text.length : end
    } else if (char === '!') {
      while (at < text.length && !/[\s]/.test(text[at])) at++
    } else if (char === '&' || char === '*') throw new NotFast()
    else break
  }

  return at
}
