import {createHash} from 'node:crypto'
import {readdir, readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {availableParallelism} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {parseTemplate, type ParsedTemplate, type TemplateSource} from '../../core/phases/index.js'
import {writeFileAtomic} from './atomic-write.js'
import {PARALLEL_PARSE_BYTES, parseInWorkers} from './parse-pool.js'
import {decodeEntry, encodeEntry, ENTRY_FORMAT} from './template-entry.js'

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

  async read(source: TemplateSource, key = this.keyOf(source)): Promise<ParsedTemplate | undefined> {
    const text = await readFile(this.fileOf(key), 'utf8').catch(() => undefined)
    if (text === undefined) return undefined
    const template = decodeEntry(text, key)
    // The address covers file and phase; checking them again costs nothing and keeps a copied entry out.
    return template && template.file === source.file && template.phase === source.phase ? template : undefined
  }

  /** A cache that cannot be written (read-only checkout, full disk) only makes the next run parse again. */
  async write(source: TemplateSource, template: ParsedTemplate, key = this.keyOf(source)): Promise<void> {
    await writeFileAtomic(this.fileOf(key), encodeEntry(key, template)).catch(() => undefined)
  }

  fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`)
  }
}

/**
 * Parses templates through the cache: hits are read, misses parsed (on worker threads when there is enough to
 * parse, see parse-pool.ts) and written back. Order is kept.
 */
export async function parseTemplatesCached(sources: readonly TemplateSource[], cache: TemplateCache | undefined): Promise<ParsedTemplate[]> {
  // Hashing a template is its one pass over the bytes before a hit: once per template.
  const keys = sources.map((source) => cache?.keyOf(source) ?? '')
  const results: Array<ParsedTemplate | undefined> = cache ? await mapBounded(sources, 32, (source, index) => cache.read(source, keys[index])) : Array.from({length: sources.length})
  const misses = sources.flatMap((source, index) => (results[index] ? [] : [{index, source, key: keys[index], cacheFile: cache?.fileOf(keys[index])}]))
  const bytes = misses.reduce((sum, {source}) => sum + source.bytes.length, 0)
  // Workers write their own entries; a parse in this thread writes here.
  const threaded = bytes >= PARALLEL_PARSE_BYTES && availableParallelism() > 1 ? await parseInWorkers(misses) : undefined
  await mapBounded(misses, 32, async ({index, source, key}) => {
    const template = threaded?.get(index) ?? parseTemplate(source)
    results[index] = template
    if (!threaded) await cache?.write(source, template, key)
  })
  return results as ParsedTemplate[]
}

/** The compiled code a parse runs (the phases reader, the model, the property-name schema) and the YAML parsers' versions. */
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

    // Both YAML parsers read templates (fast-yaml.ts): either's version is part of the code that parses.
    for (const parser of ['yaml', 'js-yaml']) {
      const manifest = await Promise.resolve()
        .then(() => readFile(createRequire(import.meta.url).resolve(`${parser}/package.json`), 'utf8'))
        .catch(() => 'unknown')
      hash.update(`${parser} ${manifest}\n`)
    }

    return hash.digest('hex')
  })()
  return codeVersionPromise
}

async function mapBounded<T, R>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = Array.from({length: items.length})
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await run(items[index], index)
    }
  }

  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return results
}
