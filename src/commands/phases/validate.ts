import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import type {UnsupportedResource} from '../../core/model.js'
import {formatProblem, unsupportedResources} from '../../core/phases/index.js'
import {ExitCode} from '../../errors.js'
import {loadConfiguredPhases, type ValidationProblem} from '../../workflows/load-phases.js'

export interface PhasesValidateResult {
  valid: boolean
  /** Selected phases, in apply order. */
  phases: string[]
  /** Resources declared in the selected phases. */
  resources: number
  problems: ValidationProblem[]
  /** Resources of types ialctl does not read: warnings, not problems (they never change the exit code). */
  unsupported: UnsupportedResource[]
}

/** Warnings listed one per line before the rest is only counted (--json lists them all). */
const MAX_WARNINGS = 10

export default class PhasesValidate extends BaseCommand<typeof PhasesValidate> {
  static override summary = 'Parse and validate the phase templates.'

  static override description =
    "Reads every phase, reports all problems at once as file:line:col (malformed YAML, duplicate logical ids, dangling references, dependency cycles, unknown keys, property names that CloudFormation's schema of a supported type does not define, resources without Type, misnamed phase directories), and warns about resources of types ialctl does not read. Exits 0 when valid (warnings included), 1 otherwise."

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --phase 30-compute --phase 40-data', '<%= config.bin %> <%= command.id %> --phases infra/phases --json']

  static override flags = {
    phase: Flags.string({description: 'Validate only this phase (name like 30-compute, or its number); repeatable. References into other phases still resolve.', multiple: true}),
  }

  public async run(): Promise<PhasesValidateResult> {
    const runtime = await this.runtime()
    const {model, problems} = await loadConfiguredPhases(runtime, this.flags.phase)

    const result: PhasesValidateResult = {valid: problems.length === 0, phases: model.phases, resources: model.resources.length, problems, unsupported: unsupportedResources(model.resources)}
    for (const problem of problems) this.log(formatProblem(problem))
    for (const resource of result.unsupported.slice(0, MAX_WARNINGS)) {
      this.log(`${resource.location.file}:${resource.location.line}: warning: ${resource.id} is ${resource.type}, a type ialctl does not read: it is not compared (reports list it as unsupported)`)
    }

    if (result.unsupported.length > MAX_WARNINGS) this.log(`… and ${result.unsupported.length - MAX_WARNINGS} more resources of unsupported types (--json lists them all)`)
    this.log(summaryLine(result))
    if (!result.valid) this.setExitCode(ExitCode.Usage)
    return result
  }
}

function summaryLine({valid, phases, resources, problems, unsupported}: PhasesValidateResult): string {
  const scope = `${count(phases.length, 'phase')}, ${count(resources, 'resource')}${unsupported.length > 0 ? ` (${unsupported.length} of unsupported types, not compared)` : ''}`
  return valid ? `valid: ${scope}` : `${count(problems.length, 'problem')} in ${scope}`
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`
