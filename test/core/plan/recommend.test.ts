import {describe, expect, it} from 'vitest'

import type {DriftItem} from '../../../src/core/model.js'
import {isCriticalSecurity, recommend} from '../../../src/core/plan/recommend.js'

const item = (overrides: Partial<DriftItem>): Pick<DriftItem, 'severity' | 'impact' | 'driftType' | 'autoHealable'> => ({
  severity: 'medium',
  impact: [],
  driftType: 'configuration_drift',
  autoHealable: false,
  ...overrides,
})

describe('recommend: one decision per item', () => {
  it.each([
    {case: 'tag drift a heal puts back', item: item({driftType: 'tag_drift', severity: 'low', autoHealable: true}), revertible: true, want: 'heal'},
    {case: 'a 0.0.0.0/0 rule added by hand', item: item({severity: 'critical', impact: ['security']}), revertible: true, want: 'revert'},
    {case: 'a widened IAM policy (no in-place revert)', item: item({severity: 'critical', impact: ['security']}), revertible: false, want: 'manual'},
    {case: 'an instance type changed by hand', item: item({severity: 'high', impact: ['cost']}), revertible: true, want: 'adopt'},
    {case: 'an extra resource in scope', item: item({driftType: 'extra_resource', impact: ['security', 'cost']}), revertible: false, want: 'adopt'},
    {case: 'a missing resource', item: item({driftType: 'missing_resource', severity: 'high'}), revertible: false, want: 'manual'},
    {case: 'critical, but only cost', item: item({severity: 'critical', impact: ['cost']}), revertible: true, want: 'adopt'},
  ] as const)('GIVEN $case WHEN recommended THEN $want', ({item: one, revertible, want}) => {
    expect(recommend(one, revertible)).toBe(want)
  })

  it('GIVEN a missing resource rated critical for security WHEN reverse sync asks THEN it is not "critical security drift" (there is nothing in AWS to codify)', () => {
    expect(isCriticalSecurity(item({driftType: 'missing_resource', severity: 'critical', impact: ['security']}))).toBe(false)
    expect(isCriticalSecurity(item({severity: 'critical', impact: ['security']}))).toBe(true)
  })
})
