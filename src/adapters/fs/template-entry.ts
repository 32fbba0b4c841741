// zod 4's engine (shipped inside zod 3.25 as 'zod/v4'): it checks the 100,000-resource bench estate's entries in
// about a third of zod 3's time, which is most of a warm load. The rest of ialctl moves to it with zod 4 itself.
import {z} from 'zod/v4'

import {Intrinsic} from '../../core/model.js'
import type {ParsedTemplate} from '../../core/phases/index.js'

/** Bumped when the layout of an entry changes; the cache's code version covers changes of what a parse yields. */
export const ENTRY_FORMAT = 1

// Intrinsics are class instances; in JSON they become a tagged array. An array that happens to start with a tag
// string is escaped, so that no template value can decode as something else.
const INTRINSIC = '\u0000intrinsic'
const ESCAPED = '\u0000array'

/** A parsed template as the text of one cache entry (also how a parse worker hands its result back). */
export function encodeEntry(key: string, template: ParsedTemplate): string {
  return JSON.stringify({format: ENTRY_FORMAT, key, template}, function (this: Record<string, unknown>, name: string, value: unknown) {
    const original = this[name]
    if (original instanceof Intrinsic) return [INTRINSIC, original.fn, original.arg]
    if (Array.isArray(value) && (value[0] === INTRINSIC || value[0] === ESCAPED)) return [ESCAPED, ...value]
    return value
  })
}

/** The template in an entry, or undefined for anything that is not an intact entry at `key` (the cache is untrusted). */
export function decodeEntry(text: string, key: string): ParsedTemplate | undefined {
  try {
    const entry = revive(JSON.parse(text))
    // The decoded value itself, not zod's copy: key order stays as parsed, so warm and cold runs print the same.
    return ENTRY.safeParse(entry).success && (entry as {key: string}).key === key ? (entry as {template: ParsedTemplate}).template : undefined
  } catch {
    return undefined
  }
}

/** The template in an entry this process's own parse worker just encoded: decoded, not checked again. */
export function decodeOwnEntry(text: string): ParsedTemplate {
  return (revive(JSON.parse(text)) as {template: ParsedTemplate}).template
}

/**
 * Tagged arrays back to Intrinsic instances, escaped arrays back to plain ones, in place. One walk after a plain
 * JSON.parse: a reviver function would be called for every value and cost seven times as much. A malformed tag
 * throws (a miss); so does a value nested past the stack (an entry no parse writes).
 */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value[0] === INTRINSIC) {
      if (value.length !== 3 || typeof value[1] !== 'string') throw new Error('bad intrinsic')
      return new Intrinsic(value[1], revive(value[2]))
    }

    const items = value[0] === ESCAPED ? value.slice(1) : value
    for (let index = 0; index < items.length; index++) items[index] = revive(items[index])
    return items
  }

  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    // JSON.parse makes `__proto__` an own data property; assigning to an own property never reaches the prototype.
    for (const name of Object.keys(record)) {
      const revived = revive(record[name])
      if (revived !== record[name]) record[name] = revived
    }
  }

  return value
}

const location = z.strictObject({file: z.string(), line: z.int(), column: z.int()})
const position = {line: z.int(), column: z.int()}
const reference = z.strictObject({target: z.string(), file: z.string(), via: z.enum(['Ref', 'Fn::GetAtt', 'Fn::Sub', 'DependsOn']), expression: z.string(), ...position})
const problem = z.strictObject({file: z.string(), ...position, code: z.string(), message: z.string()})
/** A plain object made by JSON.parse (own `__proto__` keys are data, never a prototype). */
const plainObject = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Intrinsic))
const resource = z.strictObject({
  logicalId: z.string(),
  type: z.string(),
  phase: z.string(),
  file: z.string(),
  stackName: z.string(),
  location,
  properties: plainObject,
  lines: z.record(z.string(), z.int()),
  dependsOn: z.array(z.string()),
  condition: z.string().optional(),
  deletionPolicy: z.string().optional(),
})
const ENTRY = z.strictObject({
  format: z.literal(ENTRY_FORMAT),
  key: z.string(),
  template: z.strictObject({
    file: z.string(),
    phase: z.string(),
    resources: z.array(z.strictObject({resource, references: z.array(reference)})),
    parameters: z.array(z.strictObject({name: z.string(), hasDefault: z.boolean(), default: z.unknown().optional(), location})),
    otherReferences: z.array(reference),
    unreadableIds: z.array(z.string()),
    problems: z.array(problem),
  }),
})
