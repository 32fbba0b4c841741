import type {HealItemResult, HealResult, LockOwner} from '../core/heal-result.js'
import {terminalText as shown} from '../core/shared/untrusted-text.js'
import {type Style} from './style.js'

/** What a heal did, one line per item, then the summary line. */
export function renderHealResult(result: HealResult, style: Style): string {
  const lines: string[] = []
  if (result.freedLock) lines.push(style.yellow(freedLockLine(result.freedLock)))
  if (!result.approved && !result.dryRun) {
    lines.push(`${result.plan.mode === 'revert' ? 'Revert' : 'Heal'} cancelled: nothing was changed.`)
    return `${lines.join('\n')}\n`
  }

  for (const item of result.items) lines.push(itemLine(item, style, result.plan.mode === 'revert' ? 'reverted' : 'healed'))
  if (result.items.length > 0) lines.push('')
  lines.push(style.bold(healSummaryLine(result)))
  if (result.summary.rollbackFailed > 0) {
    lines.push(style.red('A rollback failed: check the resources marked ROLLBACK FAILED by hand; the audit log has their values before the heal.'))
  }

  return `${lines.join('\n')}\n`
}

/** The lock --force-unlock (or an expiry) removed; a shared lock's owner fields come from a table anyone may edit. */
function freedLockLine(owner: LockOwner): string {
  if (owner.runId === undefined) return `Removed a stale heal lock (PID ${owner.pid}, started ${shown(owner.startedAt)}).`
  return `Removed the heal lock of run ${shown(owner.runId)} on ${shown(owner.host)} (PID ${owner.pid}, started ${shown(owner.startedAt)}).`
}

export function healSummaryLine(result: HealResult): string {
  const {applied, skipped, failed, rolledBack, rollbackFailed, scheduled} = result.summary
  const failures = failed === 0 ? '0 failed' : `${failed} failed (${rolledBack} rolled back, ${rollbackFailed} rollback failed)`
  const label = result.plan.mode === 'revert' ? 'Revert' : 'Heal'
  return `${label}: ${applied} applied${scheduled > 0 ? `, ${scheduled} scheduled (not verified)` : ''}, ${skipped} skipped, ${failures}.`
}

function itemLine(item: HealItemResult, style: Style, done: 'healed' | 'reverted'): string {
  const name = `${style.bold(shown(item.itemId))} (${shown(item.type)})`
  const calls = item.calls.filter((call) => call.phase === 'apply').map((call) => call.api)
  switch (item.state) {
    case 'applied': {
      return `  ${style.green('✓')} ${name} ${done} by ${calls.join(', ')} and verified`
    }

    case 'scheduled': {
      return `  ${style.yellow('…')} ${name} scheduled by ${calls.join(', ')}: ${shown(item.error ?? '')}`
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

