import {readdir, readFile, stat} from 'node:fs/promises'
import path from 'node:path'

import {assembleModel, comparePhases, compareNames, isTemplateFile, parseTemplate, PHASE_NAME, type ParsedTemplate, selectPhases, stackNameFor, type ValidationProblem} from '../core/phases/index.js'
import type {DesiredModel} from '../core/model.js'
import {UsageError} from '../errors.js'

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
}

export const DEFAULT_STACK_NAME = '{phase}-{file}'

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
  const phases: string[] = []
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue
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

  const templates: ParsedTemplate[] = []
  for (const phase of phases) {
    const names = (await readdir(path.join(root, phase), {withFileTypes: true}))
      .filter((entry) => entry.isFile() && isTemplateFile(entry.name))
      .map((entry) => entry.name)
      .sort(compareNames)
    for (const name of names) {
      const absolute = path.join(root, phase, name)
      templates.push(
        parseTemplate({
          file: relative(cwd, absolute),
          phase,
          stackName: stackNameFor(options.stackName ?? DEFAULT_STACK_NAME, phase, name),
          bytes: await readFile(absolute),
        }),
      )
    }
  }

  return assembleModel({phasesDir: shown, phases, selected, templates, parameters: options.parameters ?? {}, layoutProblems})
}

async function requireDirectory(absolute: string, shown: string): Promise<void> {
  const stats = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new UsageError(`phases directory ${shown} does not exist`, 'pass --phases DIR or set phases.dir in the config')
    throw new UsageError(`cannot read phases directory ${shown}: ${error.message}`)
  })
  if (!stats.isDirectory()) throw new UsageError(`${shown} is not a directory`, 'pass the phases directory to --phases')
}

/** Paths in reports: relative to the working directory, forward slashes on every platform. */
function relative(cwd: string, absolute: string): string {
  return (path.relative(cwd, absolute) || '.').split(path.sep).join('/')
}
