import {describe, expect, it} from 'vitest'

import {AwsError, UsageError} from '../../src/errors.js'
import type {CycleLog} from '../../src/core/watch/cycle-log.js'
import type {Clock} from '../../src/workflows/runtime.js'
import {runWatch} from '../../src/workflows/watch.js'

/** A clock that advances only when the loop sleeps, and records every sleep. */
function fakeClock(random = 0.5): Clock & {sleeps: number[]} {
  let now = Date.parse('2026-11-25T00:00:00Z')
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => new Date(now),
    random: () => random,
    async sleep(ms) {
      sleeps.push(ms)
      now += ms
    },
  }
}

const backoff = {baseMs: 1000, maxMs: 600_000}

describe('runWatch', () => {
  it('GIVEN healthy cycles WHEN watching THEN each cycle runs its steps in order and logs one line, one interval apart', async () => {
    const clock = fakeClock()
    const calls: string[] = []
    const logs: CycleLog[] = []
    const cycles = await runWatch({
      intervalMs: 3_600_000,
      backoff,
      clock,
      signal: new AbortController().signal,
      log: (entry) => logs.push(entry),
      maxCycles: 3,
      steps: async () => [
        {name: 'check', run: async () => (calls.push('check'), {items: 2})},
        {name: 'heal', run: async () => (calls.push('heal'), {applied: 1})},
      ],
    })
    expect(cycles).toBe(3)
    expect(calls).toEqual(['check', 'heal', 'check', 'heal', 'check', 'heal'])
    expect(clock.sleeps).toEqual([3_600_000, 3_600_000])
    expect(logs.map((entry) => [entry.cycle, entry.status, entry.nextRunInMs])).toEqual([
      [1, 'ok', 3_600_000],
      [2, 'ok', 3_600_000],
      [3, 'ok', null],
    ])
    expect(logs[0].steps).toEqual({check: {items: 2}, heal: {applied: 1}})
    expect(logs[1].time).toBe('2026-11-25T01:00:00.000Z')
  })

  it('GIVEN AWS errors WHEN watching THEN the delay backs off exponentially and resets after a success', async () => {
    const clock = fakeClock(0.999_999)
    const outcomes = ['fail', 'fail', 'fail', 'ok', 'fail']
    const logs: CycleLog[] = []
    await runWatch({
      intervalMs: 3_600_000,
      backoff,
      clock,
      signal: new AbortController().signal,
      log: (entry) => logs.push(entry),
      maxCycles: 5,
      steps: async () => [
        {
          name: 'check',
          async run() {
            if (outcomes.shift() === 'fail') throw new AwsError('cannot reach AWS in us-east-1: ECONNREFUSED')
            return {}
          },
        },
      ],
    })
    expect(clock.sleeps).toEqual([999, 1999, 3999, 3_600_000])
    expect(logs.map((entry) => entry.status)).toEqual(['error', 'error', 'error', 'ok', 'error'])
    expect(logs[0].error).toBe('cannot reach AWS in us-east-1: ECONNREFUSED')
  })

  it('GIVEN a stop signal during a step WHEN the step ends THEN the loop ends without running the next step or sleeping', async () => {
    const clock = fakeClock()
    const controller = new AbortController()
    const calls: string[] = []
    const cycles = await runWatch({
      intervalMs: 60_000,
      backoff,
      clock,
      signal: controller.signal,
      log: () => {},
      steps: async () => [
        {name: 'check', run: async () => (calls.push('check'), controller.abort(), {})},
        {name: 'heal', run: async () => (calls.push('heal'), {})},
      ],
    })
    expect(cycles).toBe(1)
    expect(calls).toEqual(['check'])
    expect(clock.sleeps).toEqual([])
  })

  it('GIVEN a configuration error WHEN a cycle fails with it THEN the loop stops with that error instead of retrying', async () => {
    const clock = fakeClock()
    const run = runWatch({
      intervalMs: 60_000,
      backoff,
      clock,
      signal: new AbortController().signal,
      log: () => {},
      steps: async () => {
        throw new UsageError('config/ialctl.yaml:3:3: unknown key')
      },
    })
    await expect(run).rejects.toThrow('unknown key')
    expect(clock.sleeps).toEqual([])
  })

  it('GIVEN a step that hangs and a cycle deadline WHEN watching THEN the cycle fails at the deadline, its signal aborts, and the next run backs off', async () => {
    const clock = fakeClock(0.5)
    const logs: CycleLog[] = []
    let seen: AbortSignal | undefined
    await runWatch({
      intervalMs: 3_600_000,
      backoff,
      clock,
      signal: new AbortController().signal,
      log: (entry) => logs.push(entry),
      maxCycles: 2,
      cycleTimeoutMs: 50,
      steps: async (cycleSignal) => {
        seen = cycleSignal
        return [{name: 'check', run: () => new Promise<Record<string, unknown>>(() => undefined)}]
      },
    })

    expect(logs.map((entry) => [entry.status, entry.error])).toEqual([
      ['error', 'the cycle did not finish within --timeout 50 ms and was stopped (an endpoint was too slow: --verbose shows which calls ran; raise --timeout or network.runTimeout if the work needs longer)'],
      ['error', expect.stringContaining('the cycle did not finish within --timeout 50 ms')],
    ])
    expect(clock.sleeps).toEqual([500])
    expect(seen?.aborted).toBe(true)
  })
})
