import type {DriftReport} from '../core/model.js'

export interface NextStep {
  command: string
  why: string
}

/**
 * What to run after a check (text and Markdown output): look closer, heal what is safe, reverse-sync the rest.
 * `flags` (see command-line.ts) are the user's own flags that each of these commands needs to see the same estate.
 */
export function nextSteps(report: DriftReport, flags = ''): NextStep[] {
  const steps: NextStep[] = []
  const shown = report.items.filter((item) => item.driftType !== 'extra_resource').slice(0, 3)
  if (report.items.length > 0) {
    const ids = shown.length > 0 ? ` ${shown.map((item) => item.id).join(' ')}` : ''
    steps.push({command: `ialctl drift diff${ids}`, why: 'every difference, expected → actual, with its template line'})
  }

  const healable = report.items.filter((item) => item.autoHealable).length
  if (healable > 0) steps.push({command: 'ialctl drift heal', why: `put back the ${healable === 1 ? 'one item' : `${healable} items`} that can be healed safely (tags and small settings)`})
  const rest = report.items.length - healable
  if (rest > 0) steps.push({command: 'ialctl reverse-sync --dry-run', why: `bring Git up to date for ${restPhrase(rest, healable)} through a pull request, if AWS is right`})
  return flags ? steps.map((step) => ({...step, command: `${step.command} ${flags}`})) : steps
}

/** "the other 3" only when some were healable; otherwise the items themselves. */
function restPhrase(rest: number, healable: number): string {
  if (healable > 0) return rest === 1 ? 'the other item' : `the other ${rest}`
  return rest === 1 ? 'the item' : `the ${rest} items`
}
