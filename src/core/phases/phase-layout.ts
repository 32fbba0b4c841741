import {compareCodePoints} from '../shared/compare.js'

/** A phase directory: two digits, a dash, a lower-case name (`30-compute`). */
export const PHASE_NAME = /^\d{2}-[a-z0-9][a-z0-9-]*$/

export const isTemplateFile = (name: string): boolean => /\.ya?ml$/i.test(name)

/** Apply order: by number, then name (two phases may share a number). */
export function comparePhases(a: string, b: string): number {
  return Number.parseInt(a, 10) - Number.parseInt(b, 10) || compareCodePoints(a, b)
}

/**
 * The phases a `--phase` selection names, each given as a full name (`30-compute`) or its number (`30`).
 * Returns the selectors that name nothing, for the caller to report.
 */
export function selectPhases(phases: readonly string[], selectors: readonly string[] | undefined): {selected: string[]; unknown: string[]} {
  if (!selectors || selectors.length === 0) return {selected: [...phases], unknown: []}
  const matches = (phase: string, selector: string) => phase === selector || phase.slice(0, 2) === selector
  return {
    selected: phases.filter((phase) => selectors.some((selector) => matches(phase, selector))),
    unknown: selectors.filter((selector) => !phases.some((phase) => matches(phase, selector))),
  }
}

/** `{phase}` and `{file}` (name without extension) in the configured pattern. */
export function stackNameFor(pattern: string, phase: string, fileName: string): string {
  const file = fileName.replace(/\.ya?ml$/i, '')
  return pattern.replaceAll('{phase}', phase).replaceAll('{file}', file)
}
