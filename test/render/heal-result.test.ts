import {describe, expect, it} from 'vitest'

import type {HealItemResult, HealResult} from '../../src/core/heal-result.js'
import type {HealPlan} from '../../src/core/plan/heal-plan.js'
import {healSummaryLine, renderHealResult} from '../../src/render/heal-result.js'
import {createStyle} from '../../src/render/style.js'

const plain = createStyle(false)

const item = (itemId: string, state: HealItemResult['state'], error?: string): HealItemResult => ({
  itemId,
  type: 'AWS::ECS::Service',
  physicalId: itemId.toLowerCase(),
  region: 'eu-west-1',
  state,
  history: ['pending', state],
  checks: [],
  calls: [
    {api: 'ECS.UpdateService', phase: 'apply', ok: state === 'applied'},
    {api: 'ECS.UpdateService', phase: 'rollback', ok: state === 'rolled_back'},
  ],
  before: null,
  after: null,
  ...(error === undefined ? {} : {error}),
})

function result(items: HealItemResult[], extra: Partial<HealResult> = {}): HealResult {
  const count = (state: HealItemResult['state']) => items.filter((one) => one.state === state).length
  const failed = count('rolled_back') + count('rollback_failed')
  return {
    plan: {entries: []} as unknown as HealPlan,
    dryRun: false,
    approved: true,
    items,
    summary: {applied: count('applied'), skipped: count('skipped'), failed, rolledBack: count('rolled_back'), rollbackFailed: count('rollback_failed'), scheduled: count('scheduled')},
    exitCode: 0,
    freedLock: null,
    ...extra,
  }
}

describe('renderHealResult', () => {
  it('GIVEN one item per final state WHEN rendered THEN each reads as what happened to it, with the apply calls only, then the summary', () => {
    const text = renderHealResult(
      result([item('Web', 'applied'), item('Api', 'skipped', 'the service changed since the plan'), item('Worker', 'rolled_back', 'verification failed'), item('Db', 'rollback_failed', 'AccessDenied')]),
      plain,
    )

    expect(text).toBe(
      [
        '  ✓ Web (AWS::ECS::Service) healed by ECS.UpdateService and verified',
        '  - Api (AWS::ECS::Service) skipped: the service changed since the plan',
        '  ✗ Worker (AWS::ECS::Service) failed and was rolled back: verification failed',
        '  ✗ ROLLBACK FAILED Db (AWS::ECS::Service): AccessDenied',
        '',
        'Heal: 1 applied, 1 skipped, 2 failed (1 rolled back, 1 rollback failed).',
        'A rollback failed: check the resources marked ROLLBACK FAILED by hand; the audit log has their values before the heal.',
        '',
      ].join('\n'),
    )
  })

  it('GIVEN a declined prompt WHEN rendered THEN it says nothing was changed and shows no summary', () => {
    expect(renderHealResult(result([], {approved: false}), plain)).toBe('Heal cancelled: nothing was changed.\n')
  })

  it('GIVEN a stale lock removed by --force-unlock WHEN rendered THEN the first line names the process that held it', () => {
    const text = renderHealResult(result([], {freedLock: {pid: 4242, startedAt: '2026-12-01T09:00:00.000Z', host: 'ci'}}), plain)
    expect(text.split('\n')[0]).toBe('Removed a stale heal lock (PID 4242, started 2026-12-01T09:00:00.000Z).')
  })

  it('GIVEN an AWS error message holding terminal escapes WHEN rendered THEN it is shown as text', () => {
    const text = renderHealResult(result([item('Web', 'rolled_back', 'denied\u001B[2J\nfake line')]), plain)
    expect(text).toContain(String.raw`failed and was rolled back: denied\x1b[2J\nfake line`)
    expect(text).not.toContain('\u001B')
  })

  it('GIVEN nothing failed WHEN summarised THEN the line says 0 failed without the rollback detail', () => {
    expect(healSummaryLine(result([item('Web', 'applied')]))).toBe('Heal: 1 applied, 0 skipped, 0 failed.')
  })
})
