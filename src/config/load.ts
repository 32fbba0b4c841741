import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {type Document, isMap, isSeq, LineCounter, parseDocument} from 'yaml'
import type {z} from 'zod'

import {ConfigError} from '../errors.js'
import {type Config, configSchema, type SeedConfig, seedConfigSchema} from './schema.js'

export const DEFAULT_CONFIG_PATH = 'config/ialctl.yaml'
export const SEED_CONFIG_PATH = 'config/drift_config.yaml'

export interface LoadedConfig {
  config: Config
  /** The file it came from, or null when defaults apply. */
  file: string | null
  /** sha256 of the files read (a saved heal plan refuses to run under another config). */
  hash: string
}

/**
 * Loads `config/ialctl.yaml` (defaults when the default path is absent; an explicit path must exist) and the
 * seed-style `config/drift_config.yaml` next to it. Validation errors name file:line:col and what is allowed.
 */
export async function loadConfig(options: {path?: string; cwd?: string} = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd()
  const explicit = options.path !== undefined
  const file = options.path ?? DEFAULT_CONFIG_PATH
  const text = await readOptional(path.resolve(cwd, file))
  if (text === null && explicit) throw new ConfigError(`config file ${file} does not exist`, 'pass an existing file to --config or leave it out to use defaults')

  const raw = parseYaml(file, text ?? '', configSchema)
  const seedFile = path.join(path.dirname(file), path.basename(SEED_CONFIG_PATH))
  const seedText = await readOptional(path.resolve(cwd, seedFile))
  const seed = seedText === null ? {} : parseYaml(seedFile, seedText, seedConfigSchema)
  return {
    config: applySeed(raw, seed),
    file: text === null ? null : file,
    hash: createHash('sha256').update(text ?? '').update('\0').update(seedText ?? '').digest('hex'),
  }
}

/** Parses a config document from text; exported for tests and for callers that already hold the text. */
export function parseYaml<S extends z.ZodTypeAny>(file: string, text: string, schema: S): z.infer<S> {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true})
  const yamlError = doc.errors[0]
  if (yamlError) {
    const at = lineCounter.linePos(yamlError.pos[0])
    throw new ConfigError(`${file}:${at.line}:${at.col}: ${firstLine(yamlError.message)}`)
  }

  const result = schema.safeParse(doc.toJS() ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => describeIssue(file, doc, lineCounter, closestIssue(issue)))
  throw new ConfigError(problems.join('; '))
}

function applySeed(config: Config, seed: SeedConfig): Config {
  return {
    ...config,
    check: typeof seed.sensitivity === 'string' ? {...config.check, failOn: seed.sensitivity} : config.check,
    severity: typeof seed.sensitivity === 'object' ? {...config.severity, base: {...config.severity.base, ...seed.sensitivity}} : config.severity,
    autoHeal: {
      ...config.autoHeal,
      ...(seed.auto_heal?.enabled === undefined ? {} : {enabled: seed.auto_heal.enabled}),
      ...(seed.auto_heal?.max_resources === undefined ? {} : {maxResources: seed.auto_heal.max_resources}),
      ...(seed.auto_heal?.severity_limit === undefined ? {} : {severityLimit: seed.auto_heal.severity_limit}),
    },
  }
}

/**
 * For a value that may take several forms (`sensitivity`: a scalar or a map), the issue of the form the value came
 * closest to: the one that got deepest into it (`sensitivity.tags` beats `sensitivity`), the first form on ties.
 */
function closestIssue(issue: z.ZodIssue): z.ZodIssue {
  if (issue.code !== 'invalid_union') return issue
  const candidates = issue.unionErrors.map((error) => closestIssue(error.issues[0]))
  return candidates.reduce((best, candidate) => (candidate.path.length > best.path.length ? candidate : best))
}

function describeIssue(file: string, doc: Document, lineCounter: LineCounter, issue: z.ZodIssue): string {
  const keyPath = issue.path.map(String)
  let where = keyPath
  let message: string
  if (issue.code === 'unrecognized_keys') {
    where = [...keyPath, issue.keys[0]]
    const allowed = allowedKeys(keyPath)
    message = `unknown key '${[...keyPath, ...issue.keys].join('.')}'${allowed ? ` (allowed here: ${allowed})` : ''}`
  } else {
    const name = keyPath.length > 0 ? keyPath.join('.') : '(document)'
    message = `${name}: ${issue.message}`
  }

  const at = position(doc, lineCounter, where, issue.code === 'unrecognized_keys')
  return at ? `${file}:${at.line}:${at.col}: ${message}` : `${file}: ${message}`
}

function allowedKeys(keyPath: string[]): string | null {
  let shape: z.ZodTypeAny = configSchema
  for (const key of keyPath) {
    const inner = unwrap(shape)
    if ('shape' in inner._def && typeof inner._def.shape === 'function') shape = (inner._def.shape() as Record<string, z.ZodTypeAny>)[key]
    else return null
    if (!shape) return null
  }

  const inner = unwrap(shape)
  if (!('shape' in inner._def) || typeof inner._def.shape !== 'function') return null
  return Object.keys(inner._def.shape() as object).join(', ')
}

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let current = schema
  // Defaults and nullables wrap an `innerType`; a refined object (state) wraps its `schema`.
  while ('innerType' in current._def || 'schema' in current._def) current = ('innerType' in current._def ? current._def.innerType : current._def.schema) as z.ZodTypeAny
  return current
}

function position(doc: Document, lineCounter: LineCounter, keyPath: string[], atKey: boolean) {
  let node: unknown = doc.contents
  let range: [number, number, number] | undefined
  for (const key of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as {value?: unknown})?.value) === key)
      if (!pair) break
      const keyNode = pair.key as {range?: [number, number, number]}
      const valueNode = pair.value as {range?: [number, number, number]} | null
      range = (atKey && key === keyPath.at(-1) ? keyNode.range : valueNode?.range ?? keyNode.range) ?? range
      node = pair.value
    } else if (isSeq(node)) {
      const item = node.items[Number(key)] as {range?: [number, number, number]} | undefined
      if (!item) break
      range = item.range ?? range
      node = item
    } else break
  }

  return range ? lineCounter.linePos(range[0]) : null
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`)
  }
}

const firstLine = (text: string) => text.split('\n')[0]
