import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {createPullRequestPlatform, type PullRequestPlatform} from '../../../src/adapters/github/pull-requests.js'
import {RemoteError} from '../../../src/errors.js'
import {GitHubStandIn} from '../../helpers/github-stand-in.js'
import {testNetwork} from '../../helpers/network.js'

const TOKEN = 'ghs_standInToken1234567890'

describe('GitHub pull requests (HTTP stand-in)', () => {
  let github: GitHubStandIn
  let platform: PullRequestPlatform

  beforeEach(async () => {
    github = await GitHubStandIn.start({owner: 'acme', repo: 'infra', token: TOKEN})
    platform = createPullRequestPlatform({token: TOKEN, owner: 'acme', repo: 'infra', baseUrl: github.url, retry: {retries: 0}, network: testNetwork()})
  })
  afterEach(async () => github.close())

  it('GIVEN no pull request WHEN one is created, labelled and given reviewers THEN GitHub holds it and lists it as open', async () => {
    const created = await platform.createPullRequest({title: 'Reverse Sync: AWS → Git', body: 'b', head: 'reverse-sync-1', base: 'main'})
    await platform.addLabels(created.number, ['drift', 'reverse-sync'])
    await platform.requestReviewers(created.number, ['alice', 'acme/platform'])
    await platform.updatePullRequest(created.number, {body: 'new body'})
    const open = await platform.findOpenPullRequests()
    expect(open).toEqual([{number: 1, url: 'https://github.example/acme/infra/pull/1', head: {ref: 'reverse-sync-1', sha: '0'.repeat(40)}, base: 'main', body: 'new body', labels: ['drift', 'reverse-sync']}])
    expect(github.pulls[0].requested_reviewers).toEqual([{login: 'alice'}])
    expect(github.pulls[0].requested_teams).toEqual([{slug: 'platform'}])
    expect(github.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true)
  })

  it.each([
    [401, {message: 'Bad credentials'}, 'GitHub could not open the pull request in acme/infra: the token was rejected (401) (set GITHUB_TOKEN or GH_TOKEN to a valid token)'],
    [403, {message: 'Resource not accessible by integration'}, 'GitHub could not open the pull request in acme/infra: access denied (403): Resource not accessible by integration (the token needs pull-requests: write (reverse sync needs contents: write and pull-requests: write))'],
    [422, {message: 'Validation Failed', errors: [{message: 'A pull request already exists for acme:reverse-sync-1.'}]}, 'GitHub could not open the pull request in acme/infra: GitHub refused it (422): Validation Failed; A pull request already exists for acme:reverse-sync-1. (a pull request for this branch may already exist, or the branch or base is missing)'],
  ])('GIVEN GitHub answers %i WHEN creating THEN it is one RemoteError line (exit 3) without the token', async (status, body, line) => {
    github.failNext('POST', /\/pulls$/, status, body)
    const error = await platform.createPullRequest({title: 't', body: 'b', head: 'reverse-sync-1', base: 'main'}).catch((error_: unknown) => error_)
    expect(error).toBeInstanceOf(RemoteError)
    expect((error as RemoteError).exitCode).toBe(3)
    expect((error as RemoteError).line).toBe(line)
    expect((error as RemoteError).line).not.toContain(TOKEN)
  })

  it('GIVEN GitHub is unreachable WHEN listing THEN the error says so in one line', async () => {
    await github.close()
    const offline = createPullRequestPlatform({token: TOKEN, owner: 'acme', repo: 'infra', baseUrl: github.url, retry: {retries: 0}, network: testNetwork()})
    const error = (await offline.findOpenPullRequests().catch((error_: unknown) => error_)) as RemoteError
    expect(error).toBeInstanceOf(RemoteError)
    expect(error.line).toMatch(new RegExp(`^GitHub could not list pull requests in acme/infra: cannot reach ${github.url} \\(.*ECONNREFUSED.*\\) \\(check the network and GITHUB_API_URL\\)$`))
    github = await GitHubStandIn.start({owner: 'acme', repo: 'infra', token: TOKEN})
  })

  it('GIVEN a transient 502 WHEN listing THEN the retry plugin tries again and the call succeeds', async () => {
    const retrying = createPullRequestPlatform({token: TOKEN, owner: 'acme', repo: 'infra', baseUrl: github.url, retry: {retries: 2, retryAfterBaseValue: 1}, network: testNetwork()})
    github.failNext('GET', /\/pulls$/, 502, {message: 'Bad Gateway'})
    expect(await retrying.findOpenPullRequests()).toEqual([])
    expect(github.requests.filter((request) => request.method === 'GET')).toHaveLength(2)
  })
})
