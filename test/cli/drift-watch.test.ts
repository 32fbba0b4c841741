import {describe, expect, it} from 'vitest'

import {createWorkspace, runCli, startCli} from '../helpers/cli.js'

// A closed loopback port: every AWS call fails at once with ECONNREFUSED, which the loop must survive.
const DEAD_ENDPOINT = 'http://127.0.0.1:9'
const CONFIG = 'aws:\n  regions: [us-east-1]\n  maxAttempts: 1\n'

describe('ialctl drift watch', () => {
  it('GIVEN AWS down WHEN running one cycle THEN it logs the failed cycle as one JSON line and exits 3', async () => {
    const workspace = createWorkspace({config: CONFIG})
    const result = await runCli(workspace, ['drift', 'watch', '--once', '--json'], {endpoint: DEAD_ENDPOINT})
    expect(result.code).toBe(3)
    const lines = result.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const entry = JSON.parse(lines[0])
    expect(entry).toMatchObject({cycle: 1, status: 'error', nextRunInMs: null})
    expect(entry.error).toContain('ECONNREFUSED')
  })

  it('GIVEN a watch waiting to retry WHEN SIGTERM arrives THEN it ends at once with exit 0', async () => {
    const workspace = createWorkspace({config: CONFIG})
    const watch = startCli(workspace, ['drift', 'watch', '--interval', '1h'], {endpoint: DEAD_ENDPOINT})
    await watch.waitForOutput((stdout) => stdout.includes('\n'))
    const signalled = Date.now()
    watch.signal('SIGTERM')
    const result = await watch.result
    expect(result.code).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(5000)
    expect(result.stdout).toMatch(/cycle 1 error \(\d+ ms\): error: .*ECONNREFUSED.*; next in \d+s\n$/)
  })

  it('GIVEN an interval without a unit WHEN starting THEN one line says so and the exit code is 1', async () => {
    const workspace = createWorkspace({config: CONFIG})
    const result = await runCli(workspace, ['drift', 'watch', '--interval', '15'])
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe('Error: --interval 15 is not an interval (use a number with a unit, e.g. 30m or 6h)')
  })

  it('GIVEN IAL_DRIFT_CHECK_INTERVAL that is not an interval WHEN starting THEN the environment variable is named', async () => {
    const workspace = createWorkspace({config: CONFIG})
    const result = await runCli(workspace, ['drift', 'watch', '--once'], {env: {IAL_DRIFT_CHECK_INTERVAL: 'often'}})
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('IAL_DRIFT_CHECK_INTERVAL=often is not an interval')
  })
})
