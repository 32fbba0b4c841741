import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {isInsecureTokenTransport, tokenEnvironment} from '../../../src/adapters/git/remote.js'
import {TempClone} from '../../../src/adapters/git/temp-clone.js'
import {ExitCode, RemoteError, UsageError} from '../../../src/errors.js'
import {type HungServer, startHungServer} from '../../helpers/network.js'
import {gitFixture, leftovers} from './git-fixture.js'

let hung: HungServer

beforeAll(async () => {
  hung = await startHungServer()
})

afterAll(() => hung.close())

describe('git network deadlines', () => {
  it('GIVEN an http origin that takes the connection and never answers WHEN the base is fetched THEN git gives up at the stall limit, exit 3, nothing left behind', async () => {
    const fixture = gitFixture({'a.yaml': 'a: 1\n'})
    const origin = `${hung.url}/acme/infra.git`
    const started = Date.now()

    const error = await TempClone.with(fixture.clone, origin, {env: fixture.env, tempDir: fixture.temp, network: {connectTimeoutMs: 5000, socketTimeoutMs: 1000}}, (clone) =>
      clone.startBranch('reverse-sync-1', 'main'),
    ).then(
      () => expect.fail('expected a failure'),
      (error_: unknown) => error_ as RemoteError,
    )

    expect(error).toBeInstanceOf(RemoteError)
    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.line).toMatch(new RegExp(`^git could not fetch main from origin \\(${origin}\\): .*\\(the remote stalled: check the network; --socket-timeout or network.socketTimeout raises the limit\\)$`))
    expect(Date.now() - started).toBeLessThan(6000)
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN an ssh origin whose connection hangs silently WHEN the base is fetched THEN git is killed after the connect timeout plus twice the socket timeout', async () => {
    const fixture = gitFixture({'a.yaml': 'a: 1\n'})
    // An ssh that never connects nor prints: git's own stall limit does not cover ssh.
    const env = {...fixture.env, GIT_SSH_COMMAND: "sh -c 'sleep 30' --"}
    const started = Date.now()

    const error = await TempClone.with(fixture.clone, 'ssh://git@git.example.invalid/acme/infra.git', {env, tempDir: fixture.temp, network: {connectTimeoutMs: 200, socketTimeoutMs: 400}}, (clone) =>
      clone.startBranch('reverse-sync-1', 'main'),
    ).then(
      () => expect.fail('expected a failure'),
      (error_: unknown) => error_ as RemoteError,
    )

    expect(error).toBeInstanceOf(RemoteError)
    expect(error.line).toBe('git could not fetch main from origin (ssh://git.example.invalid/acme/infra.git): no progress for 1 s, stopped (check the network and the origin URL; --socket-timeout or network.socketTimeout raises the limit)')
    expect(Date.now() - started).toBeLessThan(5000)
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN the run is aborted while git waits on the remote WHEN fetching THEN git stops at once and the temp clone is removed', async () => {
    const fixture = gitFixture({'a.yaml': 'a: 1\n'})
    const env = {...fixture.env, GIT_SSH_COMMAND: "sh -c 'sleep 30' --"}
    const run = new AbortController()
    setTimeout(() => run.abort(new Error('stopped by --timeout')), 300)
    const started = Date.now()

    const error = await TempClone.with(fixture.clone, 'ssh://git@git.example.invalid/acme/infra.git', {env, tempDir: fixture.temp, network: {connectTimeoutMs: 5000, socketTimeoutMs: 30_000, signal: run.signal}}, (clone) =>
      clone.startBranch('reverse-sync-1', 'main'),
    ).catch((error_: unknown) => error_)

    expect(error).toBeInstanceOf(RemoteError)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(leftovers(fixture)).toEqual([])
  })
})

describe('the token and plain http', () => {
  it.each([
    ['http://github.example.com/acme/infra.git', true],
    ['HTTP://user@git.example.com:8080/acme/infra', true],
    ['https://github.com/acme/infra.git', false],
    ['http://127.0.0.1:3000/acme/infra.git', false],
    ['http://localhost/acme/infra.git', false],
    ['http://[::1]:8080/acme/infra.git', false],
    ['git@github.com:acme/infra.git', false],
    ['/srv/git/infra.git', false],
  ])('GIVEN %s WHEN checked THEN sending a token there is insecure: %s', (url, insecure) => {
    expect(isInsecureTokenTransport(url)).toBe(insecure)
  })

  it('GIVEN a plain-http origin on another host WHEN the token environment is built THEN nothing carries the token', () => {
    expect(tokenEnvironment('http://github.example.com/acme/infra.git', 'tok', {})).toEqual({})
  })

  it('GIVEN a token and a plain-http origin on another host WHEN a temp clone starts THEN exit 1 with one line, before anything is cloned', async () => {
    const fixture = gitFixture({'a.yaml': 'a: 1\n'})
    let worked = false

    const error = await TempClone.with(fixture.clone, 'http://git.example.com/acme/infra.git', {env: fixture.env, tempDir: fixture.temp, token: 's3cr3t'}, async () => {
      worked = true
    }).then(
      () => expect.fail('expected a refusal'),
      (error_: unknown) => error_ as UsageError,
    )

    expect(error).toBeInstanceOf(UsageError)
    expect(error.line).toBe('refusing to send the GitHub token to the git remote http://git.example.com/acme/infra.git: it is plain http (use an https URL (or ssh for the git remote))')
    expect(worked).toBe(false)
    expect(leftovers(fixture)).toEqual([])
  })
})
