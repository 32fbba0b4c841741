import {describe, expect, it} from 'vitest'

import {PLAN_TOKEN_PATTERN, planToken} from '../../../src/core/plan/plan-token.js'

describe('plan tokens', () => {
  it('GIVEN the same plan with its keys in another order WHEN hashed THEN the token is the same sha256', () => {
    const token = planToken({entries: [{itemId: 'Web', decision: 'heal'}], createdAt: 't'})

    expect(token).toMatch(PLAN_TOKEN_PATTERN)
    expect(planToken({createdAt: 't', entries: [{decision: 'heal', itemId: 'Web'}]})).toBe(token)
  })

  it('GIVEN a plan that differs in one value, or in entry order WHEN hashed THEN the token differs', () => {
    const token = planToken({entries: [{itemId: 'Web'}, {itemId: 'Db'}]})

    expect(planToken({entries: [{itemId: 'Web'}, {itemId: 'Dc'}]})).not.toBe(token)
    expect(planToken({entries: [{itemId: 'Db'}, {itemId: 'Web'}]})).not.toBe(token)
  })
})
