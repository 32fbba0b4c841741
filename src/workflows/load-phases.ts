import type {Dirent} from 'node:fs'
import {access, readdir, readFile, realpath, stat} from 'node:fs/promises'
import path from 'node:path'

import {parseTemplatesCached, TemplateCache} from '../adapters/fs/template-cache.js'
import {assembleModel, comparePhases, isTemplateFile, PHASE_NAME, selectPhases, stackNameFor, type TemplateSource, type ValidationProblem} from '../core/phases/index.js'
import type {DesiredModel} from '../core/model.js'
import {compareCodePoints} from '../core/shared/compare.js'
import {UsageError} from '../errors.js'
import type {Runtime} from './runtime.js'

export type {ValidationProblem} from '../core/phases/index.js'

export interface LoadPhasesOptions {
  /** The phases directory, relative to `cwd` or absolute. */
  dir: string
  /** `--phase` selection: full names (`30-compute`) or numbers (`30`); all phases when absent or empty. */
  select?: string[]
  /** Config `parameters`. */
  parameters?: Record<string, unknown>
  /** Config `phases.stackName`: `{phase}` and `{file}` are replaced. */
  stackName?: string
  cwd?: string
  /** Config `phases.maxTemplateBytes`: a larger template is a problem, not read (default 10 MB). */
  maxTemplateBytes?: number
  /** Config `phases.cache`: where parsed templates are kept, relative to `cwd` or absolute; no cache when absent. */
  cacheDir?: string
}

export const DEFAULT_STACK_NAME = '{phase}-{file}'
export const DEFAULT_MAX_TEMPLATE_BYTES = 10 * 1024 * 1024

/**
 * The phases as the run's settings configure them (directory, parameters, stack names, size limit, cache); a
 * target's own `parameters` override the config's.
 */
export function loadConfiguredPhases(runtime: Runtime, select?: string[], targetParameters?: Record<string, unknown>): Promise<{model: DesiredModel; problems: ValidationProblem[]}> {
  const {config, phasesDir} = runtime.settings
  const {stackName, maxTemplateBytes, cache} = config.phases
  const parameters = targetParameters ? {...config.parameters, ...targetParameters} : config.parameters
  return loadPhases({dir: phasesDir, select, parameters, stackName, maxTemplateBytes, cacheDir: cache || undefined, cwd: runtime.cwd})
}

/**
 * Reads the phases directory into the desired model and every validation problem. Only a missing directory
 * or a selection naming no phase throws (UsageError); everything wrong inside the templates is a problem.
 */
export async function loadPhases(options: LoadPhasesOptions): Promise<{model: DesiredModel; problems: ValidationProblem[]}> {
  const cwd = options.cwd ?? process.cwd()
  const root = path.resolve(cwd, options.dir)
  const shown = relative(cwd, root)
  await requireDirectory(root, shown)

  const entries = await readdir(root, {withFileTypes: true})
  const layoutProblems: ValidationProblem[] = []
  const links = new LinkPolicy(await repositoryBoundary(root, cwd), (absolute) => relative(cwd, absolute), layoutProblems)
  const phases: string[] = []
  for (const entry of entries) {
    if (entry.name.startsWith('.') || (await links.kind(path.join(root, entry.name), entry)) !== 'directory') continue
    if (PHASE_NAME.test(entry.name)) phases.push(entry.name)
    else
      layoutProblems.push({
        file: `${shown}/${entry.name}`,
        line: 1,
        column: 1,
        code: 'invalid-phase-name',
        message: `phase directory '${entry.name}' does not match NN-name (two digits, a dash, lower-case letters, digits and dashes, e.g. 30-compute); its templates are not read`,
      })
  }

  phases.sort(comparePhases)
  if (phases.length === 0) {
    layoutProblems.push({file: shown, line: 1, column: 1, code: 'no-phases', message: `no phases found in ${shown} (expected directories named NN-name, e.g. 00-foundation)`})
  }

  const {selected, unknown} = selectPhases(phases, options.select)
  if (unknown.length > 0) {
    throw new UsageError(`no phase named ${unknown.map((name) => `'${name}'`).join(', ')} in ${shown}`, phases.length > 0 ? `phases: ${phases.join(', ')}` : 'the directory has no phases')
  }

  const sources: TemplateSource[] = []
  const maxBytes = options.maxTemplateBytes ?? DEFAULT_MAX_TEMPLATE_BYTES
  for (const phase of phases) {
    const names: string[] = []
    for (const entry of await readdir(path.join(root, phase), {withFileTypes: true})) {
      if (isTemplateFile(entry.name) && (await links.kind(path.join(root, phase, entry.name), entry)) === 'file') names.push(entry.name)
    }

    for (const name of names.sort(compareCodePoints)) {
      const absolute = path.join(root, phase, name)
      const file = relative(cwd, absolute)
      const {size} = await stat(absolute)
      if (size > maxBytes) {
        layoutProblems.push({file, line: 1, column: 1, code: 'too-large', message: `template is ${megabytes(size)}, over the limit of ${megabytes(maxBytes)} (phases.maxTemplateBytes); it is not read`})
        continue
      }

      sources.push({file, phase, stackName: stackNameFor(options.stackName ?? DEFAULT_STACK_NAME, phase, name), bytes: await readFile(absolute)})
    }
  }

  const templates = await parseTemplatesCached(sources, options.cacheDir === undefined ? undefined : await TemplateCache.open(path.resolve(cwd, options.cacheDir)))

  return assembleModel({phasesDir: shown, phases, selected, templates, parameters: options.parameters ?? {}, layoutProblems})
}

async function requireDirectory(absolute: string, shown: string): Promise<void> {
  const stats = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new UsageError(`phases directory ${shown} does not exist`, 'pass --phases DIR or set phases.dir in the config')
    throw new UsageError(`cannot read phases directory ${shown}: ${error.message}`)
  })
  if (!stats.isDirectory()) throw new UsageError(`${shown} is not a directory`, 'pass the phases directory to --phases')
}

const megabytes = (bytes: number) => (bytes < 1024 * 1024 ? `${bytes} bytes` : `${(bytes / 1024 / 1024).toFixed(1)} MB`)

/**
 * Symbolic links in the phases directory are followed only to a place inside the repository (SPEC 10): a link out
 * of it would let a checkout read, and validate as phases, files nobody reviewed. A link that leaves, points at
 * nothing or loops is a problem naming it, never skipped without a word.
 */
class LinkPolicy {
  constructor(
    private readonly boundary: string,
    private readonly shown: (absolute: string) => string,
    private readonly problems: ValidationProblem[],
  ) {}

  /** What an entry is once a link is followed: a directory, a file, or something not to read (already reported). */
  async kind(absolute: string, entry: Dirent): Promise<'directory' | 'file' | 'other'> {
    if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other'
    const report = (message: string, code: ValidationProblem['code'] = 'symlink-outside-repository') => {
      this.problems.push({file: this.shown(absolute), line: 1, column: 1, code, message})
      return 'other' as const
    }

    const target = await realpath(absolute).catch((error: NodeJS.ErrnoException) => error)
    if (target instanceof Error) return report(`symbolic link ${target.code === 'ELOOP' ? 'loops' : 'points at nothing'}; it is not read`, 'unreadable-file')
    if (target !== this.boundary && !target.startsWith(`${this.boundary}${path.sep}`)) return report(`symbolic link to ${target}, outside the repository (${this.boundary}); it is not read`)
    const stats = await stat(target)
    return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other'
  }
}

/**
 * Where links may point: the Git repository holding the phases (its top, found by `.git`), else the working
 * directory when the phases are inside it, else the phases directory itself.
 */
async function repositoryBoundary(root: string, cwd: string): Promise<string> {
  const phases = await realpath(root)
  for (let dir = phases; ; dir = path.dirname(dir)) {
    if (await access(path.join(dir, '.git')).then(() => true, () => false)) return dir
    if (path.dirname(dir) === dir) break
  }

  const work = await realpath(cwd).catch(() => cwd)
  return phases === work || phases.startsWith(`${work}${path.sep}`) ? work : phases
}

/** Paths in reports: relative to the working directory, forward slashes on every platform. */
function relative(cwd: string, absolute: string): string {
  return (path.relative(cwd, absolute) || '.').split(path.sep).join('/')
}
