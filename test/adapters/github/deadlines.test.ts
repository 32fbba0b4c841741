import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {createPullRequestPlatform, TIMEOUT_RETRIES} from '../../../src/adapters/github/pull-requests.js'
import {ExitCode, type IalError, RemoteError, UsageError} from '../../../src/errors.js'
import {GitHubStandIn} from '../../helpers/github-stand-in.js'
import {type ConnectProxy, type HungServer, startConnectProxy, startHungServer, testNetwork} from '../../helpers/network.js'

const TOKEN = 'ghs_deadline_token_0123456789'

let hung: HungServer
let github: GitHubStandIn
let proxy: ConnectProxy | undefined

beforeAll(async () => {
  hung = await startHungServer()
  github = await GitHubStandIn.start({owner: 'acme', repo: 'infra', token: TOKEN})
})

afterAll(async () => {
  await hung.close()
  await github.close()
})

afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('expected a failure'), (error: unknown) => error as IalError)

describe('deadlines of GitHub requests', () => {
  it('GIVEN a GitHub API that takes the connection and never answers, and 3 retries for errors WHEN access is checked THEN one retry, then exit 3 with one line naming the API', async () => {
    const connections = hung.connections()
    const platform = createPullRequestPlatform({token: TOKEN, owner: 'acme', repo: 'infra', baseUrl: hung.url, retry: {retries: 3, retryAfterBaseValue: 10}, network: testNetwork({socketTimeoutMs: 400})})
    const started = Date.now()

    const error = await failure(platform.checkAccess())

    expect(error).toBeInstanceOf(RemoteError)
    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.line).toBe(
      `GitHub API ${hung.url} did not answer within 400 ms (could not read the repository in acme/infra) (check the network, GITHUB_API_URL or reverseSync.github.apiUrl, and the proxy (HTTPS_PROXY, NO_PROXY); --socket-timeout or network.socketTimeout raises the limit)`,
    )
    expect(error.line).not.toContain(TOKEN)
    expect(hung.connections() - connections).toBe(1 + TIMEOUT_RETRIES)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('GIVEN the run is aborted while GitHub hangs WHEN access is checked THEN the call ends at once with the reason of the abort, not retried', async () => {
    const run = new AbortController()
    const reason = new UsageError('stopped by --timeout')
    const platform = createPullRequestPlatform({token: TOKEN, owner: 'acme', repo: 'infra', baseUrl: hung.url, retry: {retries: 3, retryAfterBaseValue: 1000}, network: testNetwork({signal: run.signal})})
    setTimeout(() => run.abort(reason), 200)
    const started = Date.now()

    const error = await failure(platform.checkAccess())

    expect(error).toBe(reason)
    expect(Date.now() - started).toBeLessThan(1500)
  })
})

describe('proxy of GitHub requests', () => {
  it('GIVEN http_proxy names a CONNECT proxy WHEN pull requests are listed THEN they go through it', async () => {
    proxy = await startConnectProxy()
    const platform = createPullRequestPlatform({token: TOKEN, owner: 'acme', repo: 'infra', baseUrl: github.url, retry: {retries: 0}, network: testNetwork({proxy: {httpProxy: proxy.url}})})

    expect(await platform.findOpenPullRequests()).toEqual([])
    expect(proxy.tunnels).toEqual([new URL(github.url).host])
  })

  it('GIVEN no_proxy names the API host WHEN pull requests are listed THEN the proxy is not used', async () => {
    proxy = await startConnectProxy()
    const platform = createPullRequestPlatform({token: TOKEN, owner: 'acme', repo: 'infra', baseUrl: github.url, retry: {retries: 0}, network: testNetwork({proxy: {httpProxy: proxy.url, noProxy: '127.0.0.1'}})})

    await platform.findOpenPullRequests()

    expect(proxy.tunnels).toEqual([])
  })
})

describe('the token and plain http', () => {
  it('GIVEN a plain-http GitHub API on another host WHEN the platform is made THEN exit 1 with one line and no request', () => {
    const make = () => createPullRequestPlatform({token: TOKEN, owner: 'acme', repo: 'infra', baseUrl: 'http://ghe.example.com/api/v3', network: testNetwork()})

    expect(make).toThrow(UsageError)
    expect(make).toThrow('refusing to send the GitHub token to the GitHub API http://ghe.example.com/api/v3: it is plain http')
  })
})
