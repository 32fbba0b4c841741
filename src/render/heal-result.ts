import type {HealItemResult, HealResult} from '../core/heal-result.js'
import {terminalText as shown} from '../core/shared/untrusted-text.js'
import {type Style} from './style.js'

/** What a heal did, one line per item, then the summary line. */
export function renderHealResult(result: HealResult, style: Style): string {
  const lines: string[] = []
  if (result.freedLock) lines.push(style.yellow(`Removed a stale heal lock (PID ${result.freedLock.pid}, started ${result.freedLock.startedAt}).`))
  if (!result.approved && !result.dryRun) {
    lines.push('Heal cancelled: nothing was changed.')
    return `${lines.join('\n')}\n`
  }

  for (const item of result.items) lines.push(itemLine(item, style))
  if (result.items.length > 0) lines.push('')
  lines.push(style.bold(healSummaryLine(result)))
  if (result.summary.rollbackFailed > 0) {
    lines.push(style.red('A rollback failed: check the resources marked ROLLBACK FAILED by hand; the audit log has their values before the heal.'))
  }

  return `${lines.join('\n')}\n`
}

export function healSummaryLine(result: HealResult): string {
  const {applied, skipped, failed, rolledBack, rollbackFailed} = result.summary
  const failures = failed === 0 ? '0 failed' : `${failed} failed (${rolledBack} rolled back, ${rollbackFailed} rollback failed)`
  return `Heal: ${applied} applied, ${skipped} skipped, ${failures}.`
}

function itemLine(item: HealItemResult, style: Style): string {
  const name = `${style.bold(shown(item.itemId))} (${shown(item.type)})`
  const calls = item.calls.filter((call) => call.phase === 'apply').map((call) => call.api)
  switch (item.state) {
    case 'applied': {
      return `  ${style.green('✓')} ${name} healed by ${calls.join(', ')} and verified`
    }

    case 'skipped': {
      return `  ${style.yellow('-')} ${name} skipped: ${shown(item.error ?? '')}`
    }

    case 'rolled_back': {
      return `  ${style.red('✗')} ${name} failed and was rolled back: ${shown(item.error ?? '')}`
    }

    default: {
      return `  ${style.bold(style.red('✗ ROLLBACK FAILED'))} ${name}: ${shown(item.error ?? '')}`
    }
  }
}

