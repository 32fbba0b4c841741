import {describe, expect, it} from 'vitest'

import {backoffDelay, parseInterval} from '../../../src/core/watch/schedule.js'

describe('parseInterval', () => {
  it('GIVEN intervals with units WHEN parsed THEN they are milliseconds', () => {
    expect(parseInterval('30m')).toBe(1_800_000)
    expect(parseInterval('6h')).toBe(21_600_000)
    expect(parseInterval('1d')).toBe(86_400_000)
    expect(parseInterval('250ms')).toBe(250)
  })

  it('GIVEN text that is not an interval or zero WHEN parsed THEN null', () => {
    expect(parseInterval('6 hours')).toBeNull()
    expect(parseInterval('0s')).toBeNull()
    expect(parseInterval('-5m')).toBeNull()
  })
})

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
