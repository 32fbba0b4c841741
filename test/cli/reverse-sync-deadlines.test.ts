import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {gitFixture, leftovers} from '../adapters/git/git-fixture.js'
import {cloneWorkspace, runCli} from '../helpers/cli.js'
import {GitHubStandIn} from '../helpers/github-stand-in.js'
import {type HungServer, startHungServer} from '../helpers/network.js'
import {alarmRepository} from './reverse-sync-fixture.js'

// reverse-sync against a GitHub API (or a git origin) that accepts connections and never answers: exit 3 with one
// line within the default deadlines, nothing left behind. AWS is read from a saved snapshot (offline).
const TOKEN = 'ghp_deadlineToken0123456789abcdefABCD'

const CONFIG = 'reverseSync:\n  github: {owner: acme, repo: infra, labels: [drift]}\n'

let hung: HungServer
const standIns: GitHubStandIn[] = []

beforeAll(async () => {
  hung = await startHungServer()
})

afterAll(() => hung.close())

afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()))
})

function setup() {
  const fixture = gitFixture(alarmRepository(CONFIG))
  return {fixture, workspace: cloneWorkspace(fixture)}
}

const stderrLines = (stderr: string) => stderr.split('\n').filter((line) => line !== '')

describe('reverse-sync and hung endpoints', () => {
  it('GIVEN a GitHub API that never answers and the default deadlines WHEN reverse-sync runs THEN exit 3 within 90 s with one line naming the API, origin untouched', {timeout: 100_000}, async () => {
    const {fixture, workspace} = setup()

    const result = await runCli(workspace, ['reverse-sync', '--snapshot', 'snapshot.json', '--all'], {githubToken: TOKEN, env: {GITHUB_API_URL: hung.url, TMPDIR: fixture.temp}, timeoutMs: 95_000})

    expect(result.code).toBe(3)
    expect(result.durationMs).toBeLessThan(90_000)
    expect(stderrLines(result.stderr)).toEqual([
      `Error: GitHub API ${hung.url} did not answer within 30 s (could not read the repository in acme/infra) (check the network, GITHUB_API_URL or reverseSync.github.apiUrl, and the proxy (HTTPS_PROXY, NO_PROXY); --socket-timeout or network.socketTimeout raises the limit)`,
    ])
    expect(result.stderr + result.stdout).not.toContain(TOKEN)
    expect(fixture.git(fixture.bare, 'branch', '--list')).toBe('* main\n')
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN a git origin that never answers and --timeout 3s WHEN reverse-sync runs THEN exit 3 at the deadline and the temp clone is removed', async () => {
    const {fixture, workspace} = setup()
    const github = await GitHubStandIn.start({owner: 'acme', repo: 'infra', token: TOKEN})
    standIns.push(github)
    fixture.git(fixture.clone, 'remote', 'set-url', 'origin', `${hung.url}/acme/infra.git`)

    const result = await runCli(workspace, ['reverse-sync', '--snapshot', 'snapshot.json', '--all', '--timeout', '3s', '--socket-timeout', '5m'], {
      githubToken: TOKEN,
      env: {GITHUB_API_URL: github.url, TMPDIR: fixture.temp},
    })

    expect(result.code).toBe(3)
    // Far below the 5 min request deadline, far above a loaded machine's CLI start-up: the run deadline ended it.
    expect(result.durationMs).toBeLessThan(60_000)
    expect(stderrLines(result.stderr)).toEqual([expect.stringMatching(/^Error: the run did not finish within --timeout 3 s and was stopped/)])
    expect(leftovers(fixture)).toEqual([])
    expect(github.pulls).toEqual([])
  })

  it('GIVEN a plain-http GitHub API on another host WHEN reverse-sync runs THEN exit 1 with one line and the token is not sent', async () => {
    const {fixture, workspace} = setup()

    const result = await runCli(workspace, ['reverse-sync', '--snapshot', 'snapshot.json', '--all'], {githubToken: TOKEN, env: {GITHUB_API_URL: 'http://ghe.example.com/api/v3', TMPDIR: fixture.temp}})

    expect(result.code).toBe(1)
    expect(stderrLines(result.stderr)).toEqual(['Error: refusing to send the GitHub token to the GitHub API http://ghe.example.com/api/v3: it is plain http (use an https URL (or ssh for the git remote))'])
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN a plain-http git origin on another host WHEN reverse-sync pushes THEN exit 1 with one line, no pull request', async () => {
    const {fixture, workspace} = setup()
    const github = await GitHubStandIn.start({owner: 'acme', repo: 'infra', token: TOKEN})
    standIns.push(github)
    fixture.git(fixture.clone, 'remote', 'set-url', 'origin', 'http://git.example.com/acme/infra.git')

    const result = await runCli(workspace, ['reverse-sync', '--snapshot', 'snapshot.json', '--all'], {githubToken: TOKEN, env: {GITHUB_API_URL: github.url, TMPDIR: fixture.temp}})

    expect(result.code).toBe(1)
    expect(stderrLines(result.stderr)).toEqual(['Error: refusing to send the GitHub token to the git remote http://git.example.com/acme/infra.git: it is plain http (use an https URL (or ssh for the git remote))'])
    expect(github.pulls).toEqual([])
    expect(leftovers(fixture)).toEqual([])
  })
})
