import {describe, expect, it} from 'vitest'

import {INTERVAL_PATTERN, parseInterval} from '../../../src/core/shared/interval.js'

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

describe('the interval grammar (config watch.interval, IAL_DRIFT_CHECK_INTERVAL, --interval)', () => {
  it('GIVEN a whole number and one of ms, s, m, h, d WHEN matched THEN it is an interval, leading zeros included', () => {
    for (const text of ['500ms', '30s', '30m', '6h', '1d', '0s', '007m']) expect(INTERVAL_PATTERN.test(text), text).toBe(true)
    expect(parseInterval('007m')).toBe(420_000)
    expect(parseInterval('1s')).toBe(1000)
  })

  it('GIVEN anything else WHEN matched THEN it is not: no fractions, spaces inside, other units, capitals or bare numbers', () => {
    for (const text of ['', '6', 'h', 'ms', '1.5h', '6 h', '6H', '1w', '6hours', '-5m', '+5m', '5m5s', '6h\n1d']) {
      expect(INTERVAL_PATTERN.test(text), JSON.stringify(text)).toBe(false)
      expect(parseInterval(text), JSON.stringify(text)).toBeNull()
    }
  })

  it('GIVEN spaces around an interval WHEN parsed THEN they are ignored (the environment value is trimmed), the pattern itself does not', () => {
    expect(parseInterval(' 6h ')).toBe(21_600_000)
    expect(INTERVAL_PATTERN.test(' 6h ')).toBe(false)
  })
})
