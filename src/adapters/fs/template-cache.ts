import {createHash} from 'node:crypto'
import {readdir, readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {z} from 'zod'

import {Intrinsic} from '../../core/model.js'
import {parseTemplate, type ParsedTemplate, type TemplateSource} from '../../core/phases/index.js'
import {writeFileAtomic} from './atomic-write.js'

/** Bumped when the layout of an entry changes; the code version below covers changes of what a parse yields. */
const ENTRY_FORMAT = 1
/** Default place of the cache, relative to the working directory (config `phases.cache`). */
export const DEFAULT_TEMPLATE_CACHE_DIR = '.ialctl/cache'

/**
 * Parsed templates kept on disk, addressed by a hash of everything a parse depends on: the file's bytes, its path,
 * phase and stack name, and the code that parses (so that another ialctl never reads this one's entries). A changed
 * template has another address, so an entry is never stale. Entries are untrusted input: one that does not decode
 * to the exact shape of a parsed template, or that names another address, is a miss and is parsed again.
 */
export class TemplateCache {
  private constructor(
    private readonly dir: string,
    private readonly codeVersion: string,
  ) {}

  static async open(dir: string): Promise<TemplateCache> {
    return new TemplateCache(path.join(dir, 'templates'), await codeVersion())
  }

  keyOf(source: TemplateSource): string {
    const hash = createHash('sha256')
    for (const part of [this.codeVersion, source.file, source.phase, source.stackName]) hash.update(`${part.length}:${part}\n`)
    return hash.update(source.bytes).digest('hex')
  }

  async read(source: TemplateSource): Promise<ParsedTemplate | undefined> {
    const key = this.keyOf(source)
    const text = await readFile(this.fileOf(key), 'utf8').catch(() => undefined)
    if (text === undefined) return undefined
    const template = decodeEntry(text, key)
    // The address covers file and phase; checking them again costs nothing and keeps a copied entry out.
    return template && template.file === source.file && template.phase === source.phase ? template : undefined
  }

  /** A cache that cannot be written (read-only checkout, full disk) only makes the next run parse again. */
  async write(source: TemplateSource, template: ParsedTemplate): Promise<void> {
    const key = this.keyOf(source)
    await writeFileAtomic(this.fileOf(key), encodeEntry(key, template)).catch(() => undefined)
  }

  private fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`)
  }
}

/** Parses templates through the cache: hits are read, misses parsed and written back. Order is kept. */
export async function parseTemplatesCached(sources: readonly TemplateSource[], cache: TemplateCache | undefined): Promise<ParsedTemplate[]> {
  if (!cache) return sources.map((source) => parseTemplate(source))
  return mapBounded(sources, 32, async (source) => {
    const hit = await cache.read(source)
    if (hit) return hit
    const parsed = parseTemplate(source)
    await cache.write(source, parsed)
    return parsed
  })
}

/** The compiled code a parse runs (the phases reader, the model, the property-name schema) and the yaml version. */
let codeVersionPromise: Promise<string> | undefined
function codeVersion(): Promise<string> {
  codeVersionPromise ??= (async () => {
    const core = fileURLToPath(new URL('../../core/', import.meta.url))
    const phases = path.join(core, 'phases')
    const files = [...(await readdir(phases)).sort().map((name) => path.join(phases, name)), path.join(core, 'model.js'), path.join(core, 'model.ts'), path.join(core, 'resources', 'cfn-property-names.js'), path.join(core, 'resources', 'cfn-property-names.ts')]
    const hash = createHash('sha256').update(`format ${ENTRY_FORMAT}\n`)
    for (const file of files) {
      const content = await readFile(file).catch(() => undefined)
      if (content) hash.update(`${path.basename(file)} ${content.length}\n`).update(content)
    }

    const yamlPackage = await Promise.resolve()
      .then(() => readFile(createRequire(import.meta.url).resolve('yaml/package.json'), 'utf8'))
      .catch(() => 'unknown')
    return hash.update(yamlPackage).digest('hex')
  })()
  return codeVersionPromise
}

// Intrinsics are class instances; in JSON they become a tagged array. An array that happens to start with a tag
// string is escaped, so that no template value can decode as something else.
const INTRINSIC = '\u0000intrinsic'
const ESCAPED = '\u0000array'

export function encodeEntry(key: string, template: ParsedTemplate): string {
  return JSON.stringify({format: ENTRY_FORMAT, key, template}, function (this: Record<string, unknown>, name: string, value: unknown) {
    const original = this[name]
    if (original instanceof Intrinsic) return [INTRINSIC, original.fn, original.arg]
    if (Array.isArray(value) && (value[0] === INTRINSIC || value[0] === ESCAPED)) return [ESCAPED, ...value]
    return value
  })
}

/** The template in an entry, or undefined for anything that is not an intact entry at `key`. */
export function decodeEntry(text: string, key: string): ParsedTemplate | undefined {
  try {
    const entry: unknown = JSON.parse(text, (_name, value: unknown) => {
      if (!Array.isArray(value)) return value
      if (value[0] === INTRINSIC) {
        if (value.length !== 3 || typeof value[1] !== 'string') throw new Error('bad intrinsic')
        return new Intrinsic(value[1], value[2])
      }

      return value[0] === ESCAPED ? value.slice(1) : value
    })
    // The decoded value itself, not zod's copy: key order stays as parsed, so warm and cold runs print the same.
    return ENTRY.safeParse(entry).success && (entry as {key: string}).key === key ? (entry as {template: ParsedTemplate}).template : undefined
  } catch {
    return undefined
  }
}

const location = z.object({file: z.string(), line: z.number().int(), column: z.number().int()}).strict()
const position = {line: z.number().int(), column: z.number().int()}
const reference = z.object({target: z.string(), file: z.string(), via: z.enum(['Ref', 'Fn::GetAtt', 'Fn::Sub', 'DependsOn']), expression: z.string(), ...position}).strict()
const problem = z.object({file: z.string(), ...position, code: z.string(), message: z.string()}).strict()
/** A plain object made by JSON.parse (own `__proto__` keys are data, never a prototype). */
const plainObject = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Intrinsic))
const resource = z
  .object({
    logicalId: z.string(),
    type: z.string(),
    phase: z.string(),
    file: z.string(),
    stackName: z.string(),
    location,
    properties: plainObject,
    lines: z.record(z.number().int()),
    dependsOn: z.array(z.string()),
    condition: z.string().optional(),
    deletionPolicy: z.string().optional(),
  })
  .strict()
const ENTRY = z
  .object({
    format: z.literal(ENTRY_FORMAT),
    key: z.string(),
    template: z
      .object({
        file: z.string(),
        phase: z.string(),
        resources: z.array(z.object({resource, references: z.array(reference)}).strict()),
        parameters: z.array(z.object({name: z.string(), hasDefault: z.boolean(), default: z.unknown().optional(), location}).strict()),
        otherReferences: z.array(reference),
        unreadableIds: z.array(z.string()),
        problems: z.array(problem),
      })
      .strict(),
  })
  .strict()

async function mapBounded<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = Array.from({length: items.length})
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await run(items[index])
    }
  }

  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return results
}
