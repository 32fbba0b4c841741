import type {DriftItem, DriftReport, Recommendation} from '../core/model.js'
import {itemName} from './summary.js'

export interface NextStep {
  command: string
  why: string
}

/** More ids than this and a step names none (the command acts on every item it applies to). */
const MAX_IDS = 5

/**
 * What to run after a check (text and Markdown output): look closer, then per item what its `recommended` says: heal
 * what is safe, revert critical security drift where Git is right, reverse-sync the rest, and fix by hand what
 * neither can. `flags` (see command-line.ts) are the user's own flags that each command needs to see the same estate.
 */
export function nextSteps(report: DriftReport, flags = ''): NextStep[] {
  const steps: NextStep[] = []
  const shown = report.items.filter((item) => item.driftType !== 'extra_resource').slice(0, 3)
  if (report.items.length > 0) {
    const ids = shown.length > 0 ? ` ${shown.map(itemName).join(' ')}` : ''
    steps.push({command: `ialctl drift diff${ids}`, why: 'every difference, expected → actual, with its template line'})
  }

  const by = (recommendation: Recommendation) => report.items.filter((item) => recommendationOf(item) === recommendation)
  // A snapshot is not AWS: heal and revert refuse to write from one, so from a snapshot they show their plan only.
  const [planOnly, againstAws] = report.source.snapshot ? [' --dry-run', ' (the plan only: a snapshot is not AWS)'] : ['', '']
  const heal = by('heal')
  if (heal.length > 0) steps.push({command: `ialctl drift heal${planOnly}`, why: `put back the ${heal.length === 1 ? 'one item' : `${heal.length} items`} that can be healed safely (tags and small settings)${againstAws}`})
  const revert = by('revert')
  if (revert.length > 0) {
    steps.push({command: `ialctl drift revert${idList(revert)}${planOnly}`, why: `put back the critical security drift Git declares (${itemCount(revert)}) in place, after approval${againstAws}`})
  }

  const adopt = by('adopt')
  if (adopt.length > 0) steps.push({command: 'ialctl reverse-sync --dry-run', why: `bring Git up to date for ${restPhrase(adopt.length, heal.length + revert.length)} through a pull request, if AWS is right`})
  const manual = by('manual')
  if (manual.length > 0) steps.push({command: `ialctl drift diff${idList(manual)}`, why: `decide by hand (${itemCount(manual)}): a missing resource, or security drift no revert can undo`})
  return flags ? steps.map((step) => ({...step, command: `${step.command} ${flags}`})) : steps
}

/** A report read from a file written before `recommended` existed (version 1) still gets steps: heal or adopt. */
const recommendationOf = (item: DriftItem): Recommendation => item.recommended ?? (item.autoHealable ? 'heal' : 'adopt')

const idList = (items: readonly DriftItem[]) => (items.length <= MAX_IDS ? ` ${items.map(itemName).join(' ')}` : '')

const itemCount = (items: readonly DriftItem[]) => (items.length === 1 ? '1 item' : `${items.length} items`)

/** "the other 3" only when some items have another step; otherwise the items themselves. */
function restPhrase(rest: number, others: number): string {
  if (others > 0) return rest === 1 ? 'the other item' : `the other ${rest}`
  return rest === 1 ? 'the item' : `the ${rest} items`
}
