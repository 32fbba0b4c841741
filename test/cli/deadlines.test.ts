import {existsSync} from 'node:fs'
import path from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {createWorkspace, runCli, startCli} from '../helpers/cli.js'
import {type ConnectProxy, type HungServer, startConnectProxy, startHungServer} from '../helpers/network.js'

// The built CLI against a server that accepts connections and never answers (SPEC 10: a hung endpoint ends with
// exit 3 and one line within 90 s by default). One case runs the default deadlines; the others configure short ones.

const CONFIG = 'aws:\n  regions: [us-east-1]\n'

let hung: HungServer
let proxy: ConnectProxy | undefined

beforeAll(async () => {
  hung = await startHungServer()
})

afterAll(() => hung.close())

afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

const stderrLines = (stderr: string) => stderr.split('\n').filter((line) => line !== '')

describe('deadlines end to end', () => {
  it('GIVEN an AWS endpoint that never answers and the default deadlines WHEN drift check runs THEN exit 3 within 90 s with one line naming the endpoint', {timeout: 100_000}, async () => {
    const workspace = createWorkspace({config: CONFIG})

    const result = await runCli(workspace, ['drift', 'check'], {endpoint: hung.url, timeoutMs: 95_000})

    expect(result.code).toBe(3)
    expect(result.durationMs).toBeLessThan(90_000)
    expect(stderrLines(result.stderr)).toHaveLength(1)
    expect(result.stderr).toMatch(new RegExp(`^Error: AWS endpoint ${hung.url} did not answer within 30 s \\(\\w+ \\w+ in us-east-1\\) \\(the endpoint took the connection and sent nothing`))
    expect(result.stdout).toBe('')
  })

  it('GIVEN --socket-timeout 500ms WHEN drift check runs against the hung endpoint THEN it gives up after two short deadlines', async () => {
    const workspace = createWorkspace({config: CONFIG})

    const result = await runCli(workspace, ['drift', 'check', '--socket-timeout', '500ms'], {endpoint: hung.url})

    expect(result.code).toBe(3)
    // Far below one default 30 s deadline, far above a loaded machine's CLI start-up: the short deadline ended it.
    expect(result.durationMs).toBeLessThan(25_000)
    expect(stderrLines(result.stderr)).toEqual([expect.stringMatching(new RegExp(`^Error: AWS endpoint ${hung.url} did not answer within 500 ms `))])
  })

  it('GIVEN network.socketTimeout in the config WHEN drift check runs THEN the config deadline applies', async () => {
    const workspace = createWorkspace({config: `${CONFIG}network: {socketTimeout: 700ms}\n`})

    const result = await runCli(workspace, ['drift', 'check'], {endpoint: hung.url})

    expect(result.code).toBe(3)
    expect(result.stderr).toContain('did not answer within 700 ms')
  })

  it('GIVEN --timeout 2s and long request deadlines WHEN drift check hangs THEN exit 3 at the run deadline with one line', async () => {
    const workspace = createWorkspace({config: CONFIG})

    const result = await runCli(workspace, ['drift', 'check', '--timeout', '2s', '--socket-timeout', '5m'], {endpoint: hung.url})

    expect(result.code).toBe(3)
    // Far below the 5 min request deadline, far above a loaded machine's CLI start-up: the run deadline ended it.
    expect(result.durationMs).toBeLessThan(60_000)
    expect(stderrLines(result.stderr)).toEqual([
      'Error: the run did not finish within --timeout 2 s and was stopped (an endpoint was too slow: --verbose shows which calls ran; raise --timeout or network.runTimeout if the work needs longer)',
    ])
  })

  it('GIVEN --timeout 2s WHEN drift heal hangs on AWS THEN exit 3 and the heal lock is released', async () => {
    const workspace = createWorkspace({config: CONFIG})

    const result = await runCli(workspace, ['drift', 'heal', '--auto-approve', '--timeout', '2s', '--socket-timeout', '5m'], {endpoint: hung.url})

    expect(result.code).toBe(3)
    expect(result.stderr).toContain('the run did not finish within --timeout 2 s')
    expect(existsSync(path.join(workspace.dir, '.ialctl/heal.lock'))).toBe(false)
  })

  it.each([
    ['--timeout', '10', 'Error: --timeout 10 is not a duration (use a positive number with a unit, e.g. 5s, 30s or 10m)'],
    ['--connect-timeout', 'fast', 'Error: --connect-timeout fast is not a duration (use a positive number with a unit, e.g. 5s, 30s or 10m)'],
  ])('GIVEN %s %s WHEN drift check runs THEN exit 1 with one line', async (flag, value, line) => {
    const workspace = createWorkspace({config: CONFIG})
    const connections = hung.connections()

    const result = await runCli(workspace, ['drift', 'check', flag, value], {endpoint: hung.url})

    expect(result.code).toBe(1)
    expect(stderrLines(result.stderr)).toEqual([line])
    expect(hung.connections()).toBe(connections)
  })

  it('GIVEN HTTP_PROXY names a CONNECT proxy WHEN drift check runs THEN AWS requests go through it, with the deadlines', async () => {
    proxy = await startConnectProxy()
    const workspace = createWorkspace({config: CONFIG})

    const result = await runCli(workspace, ['drift', 'check', '--socket-timeout', '500ms'], {endpoint: hung.url, env: {HTTP_PROXY: proxy.url}})

    expect(result.code).toBe(3)
    expect(result.stderr).toContain(`AWS endpoint ${hung.url} did not answer within 500 ms`)
    expect(proxy.tunnels.length).toBeGreaterThan(0)
    expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${hung.port}`]))
  })

  it('GIVEN NO_PROXY names the endpoint host WHEN drift check runs THEN the proxy sees nothing', async () => {
    proxy = await startConnectProxy()
    const workspace = createWorkspace({config: CONFIG})

    const result = await runCli(workspace, ['drift', 'check', '--socket-timeout', '500ms'], {endpoint: hung.url, env: {http_proxy: proxy.url, no_proxy: 'localhost,127.0.0.1'}})

    expect(result.code).toBe(3)
    expect(proxy.tunnels).toEqual([])
  })

  it('GIVEN a misspelt --region WHEN drift check runs THEN exit 1 names the region as unknown and suggests the one meant, before any call', async () => {
    const workspace = createWorkspace({config: CONFIG})

    const result = await runCli(workspace, ['drift', 'check', '--region', 'us-esat-1'])

    expect(result.code).toBe(1)
    expect(stderrLines(result.stderr)).toEqual(['Error: unknown AWS region us-esat-1 (did you mean us-east-1? set --region, aws.regions in the config, or AWS_REGION)'])
  })
})

describe('drift watch and hung endpoints', () => {
  it('GIVEN a hung AWS endpoint WHEN watching THEN the hang is a failed cycle followed by a backoff, not a stuck loop', async () => {
    const workspace = createWorkspace({config: CONFIG})
    const watch = startCli(workspace, ['drift', 'watch', '--interval', '1h', '--socket-timeout', '300ms'], {endpoint: hung.url})

    await watch.waitForOutput((stdout) => stdout.includes('\n'))
    watch.signal('SIGTERM')
    const result = await watch.result

    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(new RegExp(`cycle 1 error \\(\\d+ ms\\): error: AWS endpoint ${hung.url} did not answer within 300 ms .*; next in (\\d+)s\\n$`))
    const next = Number(/next in (\d+)s/.exec(result.stdout)?.[1])
    expect(next).toBeGreaterThanOrEqual(15)
    expect(next).toBeLessThanOrEqual(30)
  })

  it('GIVEN --timeout 1s and long request deadlines WHEN one watch cycle hangs THEN the cycle fails at its deadline and the run exits 3', async () => {
    const workspace = createWorkspace({config: CONFIG})

    const result = await runCli(workspace, ['drift', 'watch', '--once', '--json', '--timeout', '1s', '--socket-timeout', '5m'], {endpoint: hung.url})

    expect(result.code).toBe(3)
    // Far below the 5 min request deadline, far above a loaded machine's CLI start-up: the run deadline ended it.
    expect(result.durationMs).toBeLessThan(60_000)
    const entry = JSON.parse(result.stdout.trim())
    expect(entry).toMatchObject({cycle: 1, status: 'error', nextRunInMs: null})
    expect(entry.error).toMatch(/^the cycle did not finish within --timeout 1 s and was stopped/)
  })
})
