import type {DesiredModel, DesiredResource} from '../model.js'
import type {ParsedTemplate} from './parse-template.js'
import type {ValidationProblem} from './problems.js'
import {sortProblems} from './problems.js'
import {validateAcrossTemplates} from './validate-phases.js'

export interface AssembleInput {
  /** As the user gave it (relative to the working directory), for reports. */
  phasesDir: string
  /** Every phase found, in apply order; references resolve across all of them. */
  templates: readonly ParsedTemplate[]
  /** Every phase directory found, in apply order. */
  phases: readonly string[]
  /** The selected phases, in apply order. */
  selected: readonly string[]
  /** Config `parameters`: they win over a parameter's `Default`. */
  parameters: Readonly<Record<string, unknown>>
  /** Problems found while reading the layout (phase names, empty directory). */
  layoutProblems: readonly ValidationProblem[]
}

/**
 * The desired model of the selected phases and every problem that concerns them. All phases take part in
 * validation so that a selected phase may refer to resources of earlier phases without dangling references.
 */
export function assembleModel(input: AssembleInput): {model: DesiredModel; problems: ValidationProblem[]} {
  const selected = new Set(input.selected)
  const selectedTemplates = input.templates.filter((template) => selected.has(template.phase))
  const selectedFiles = new Set(selectedTemplates.map((template) => template.file))
  // Layout problems concern the whole directory, so a partial selection leaves them out.
  const everyPhase = input.phases.every((phase) => selected.has(phase))

  const problems = [...input.layoutProblems, ...input.templates.flatMap((template) => template.problems), ...validateAcrossTemplates(input.templates)].filter(
    (problem) => everyPhase || selectedFiles.has(problem.file),
  )

  const parameters: Record<string, unknown> = {}
  for (const template of input.templates) {
    for (const parameter of template.parameters) {
      if (parameter.name in parameters) continue
      if (Object.hasOwn(input.parameters, parameter.name)) parameters[parameter.name] = input.parameters[parameter.name]
      else if (parameter.hasDefault) parameters[parameter.name] = parameter.default
    }
  }

  return {
    model: {
      phasesDir: input.phasesDir,
      phases: [...input.selected],
      parameters,
      resources: firstOfEachId(selectedTemplates),
      unselected: firstOfEachId(input.templates).filter((resource) => !selected.has(resource.phase)),
    },
    problems: sortProblems(problems),
  }
}

/** Consumers key resources by logical id; a duplicate is already a problem, so the first definition stands. */
function firstOfEachId(templates: readonly ParsedTemplate[]): DesiredResource[] {
  const seen = new Set<string>()
  const resources: DesiredResource[] = []
  for (const template of templates) {
    for (const {resource} of template.resources) {
      if (seen.has(resource.logicalId)) continue
      seen.add(resource.logicalId)
      resources.push(resource)
    }
  }

  return resources
}
