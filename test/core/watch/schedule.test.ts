import {describe, expect, it} from 'vitest'

import {backoffDelay} from '../../../src/core/watch/schedule.js'

describe('backoffDelay', () => {
  const policy = {baseMs: 1000, maxMs: 60_000}

  it('GIVEN more failures WHEN the jitter is at its top THEN the delay doubles up to the cap', () => {
    const top = 0.999_999
    expect([1, 2, 3, 4, 8].map((failures) => backoffDelay(failures, policy, top))).toEqual([999, 1999, 3999, 7999, 59_999])
  })

  it('GIVEN any jitter WHEN computing THEN the delay never drops below half the base', () => {
    expect(backoffDelay(5, policy, 0)).toBe(500)
  })
})
