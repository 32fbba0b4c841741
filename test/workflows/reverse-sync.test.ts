import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import {loadSettings} from '../../src/config/settings.js'
import {createPullRequestPlatform} from '../../src/adapters/github/pull-requests.js'
import {parseTemplate} from '../../src/core/phases/parse-template.js'
import {RemoteError} from '../../src/errors.js'
import {runReverseSync} from '../../src/workflows/reverse-sync.js'
import {createRuntime, systemClock} from '../../src/workflows/runtime.js'
import {type GitFixture, gitFixture, leftovers} from '../adapters/git/git-fixture.js'
import {GitHubStandIn} from '../helpers/github-stand-in.js'

const TOKEN = 'ghs_reverseSyncSecret0123456789abcdef'
const NOW = new Date('2026-11-23T06:00:00Z')

const TEMPLATE = `# ECS for production. Reviewed by the platform team.
Parameters:
  Environment:
    Type: String
    Default: production
  LaunchType:
    Type: String
    Default: FARGATE

Resources:
  # The shared cluster
  EcsCluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: ial-prod
      Tags:
        - Key: Environment
          Value: !Ref Environment
        - Key: Owner
          Value: 'platform-team'   # who pays

  # The API service: scaled by hand during launches
  ApiService:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref EcsCluster
      ServiceName: api
      DesiredCount: 2 # keep in sync with the autoscaling floor
      LaunchType: !Ref LaunchType
      Tags:
        - Key: Owner
          Value: platform-team
`

const CONFIG = `reverseSync:
  github:
    labels: [drift, reverse-sync]
    reviewers: [alice]
`

/** AWS as read: the cluster's Owner tag changed (a heal fixes that), the service scaled up and moved to EC2. */
function snapshot(desiredCount: number): string {
  const cluster = {
    type: 'AWS::ECS::Cluster',
    region: 'us-east-1',
    physicalId: 'ial-prod',
    arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/ial-prod',
    properties: {ClusterName: 'ial-prod'},
    tags: {Environment: 'production', Owner: 'finance'},
    attributes: {Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/ial-prod'},
  }
  const service = {
    type: 'AWS::ECS::Service',
    region: 'us-east-1',
    physicalId: 'arn:aws:ecs:us-east-1:123456789012:service/ial-prod/api',
    arn: 'arn:aws:ecs:us-east-1:123456789012:service/ial-prod/api',
    properties: {Cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/ial-prod', ServiceName: 'api', DesiredCount: desiredCount, LaunchType: 'EC2'},
    tags: {Owner: 'web-team'},
    attributes: {Name: 'api'},
  }
  return `${JSON.stringify({schemaVersion: 1, readAt: '2026-11-23T06:00:00.000Z', regions: ['us-east-1'], accountId: '123456789012', types: ['AWS::ECS::Cluster', 'AWS::ECS::Service'], unread: [], apiCalls: {}, resources: [cluster, service]}, null, 2)}\n`
}

interface Stage {
  fixture: GitFixture
  github: GitHubStandIn
  run: (options?: {dryRun?: boolean; now?: Date; env?: Record<string, string | undefined>}) => ReturnType<typeof runReverseSync>
}

const open: GitHubStandIn[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()))
})

/** A user's clone of `origin` (served over HTTP by the GitHub stand-in) with the phases, config and a snapshot. */
async function stage(): Promise<Stage> {
  const fixture = gitFixture({'phases/30-compute/02-ecs.yaml': TEMPLATE, 'config/ialctl.yaml': CONFIG, 'snapshot.json': snapshot(4)})
  const github = await GitHubStandIn.start({owner: 'acme', repo: 'infra', token: TOKEN, bareRepo: fixture.bare})
  open.push(github)
  fixture.git(fixture.clone, 'remote', 'set-url', 'origin', github.cloneUrl)
  const run: Stage['run'] = async (options = {}) => {
    const env = {...fixture.env, AWS_REGION: 'us-east-1', GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, ...options.env}
    const settings = await loadSettings({}, env, fixture.clone)
    const clock = {...systemClock, now: () => options.now ?? NOW}
    return runReverseSync(createRuntime(settings, {cwd: fixture.clone, clock}), {
      dryRun: options.dryRun ?? false,
      all: false,
      prune: false,
      snapshotFile: 'snapshot.json',
      tempDir: fixture.temp,
      command: 'ialctl reverse-sync --snapshot snapshot.json',
      // The real client over HTTP, with retries that wait milliseconds instead of seconds.
      github: (github) => createPullRequestPlatform({...github, retry: {retries: 1, retryAfterBaseValue: 1}}),
    })
  }

  return {fixture, github, run}
}

const changedLines = (diff: string) => diff.split('\n').filter((line) => /^[+-]/.test(line) && !/^(\+\+\+|---) /.test(line))
const remoteBranches = (fixture: GitFixture) => fixture.git(fixture.bare, 'for-each-ref', '--format=%(refname:short)', 'refs/heads').trim().split('\n')

describe('runReverseSync against a real git origin and the GitHub stand-in', () => {
  it('GIVEN drift WHEN run three times (new, same, changed) THEN it opens one PR, leaves it alone, then updates its branch and body', async () => {
    const {fixture, github, run} = await stage()

    // First run: a branch with one commit that changes only the drifted lines, and a labelled PR.
    const first = await run()
    expect(first).toMatchObject({status: 'opened', prUrl: 'https://github.example/acme/infra/pull/1', branch: 'reverse-sync-20261123060000', files: ['phases/30-compute/02-ecs.yaml']})
    expect(fixture.git(fixture.bare, 'rev-list', '--count', 'main..reverse-sync-20261123060000').trim()).toBe('1')
    const diff = fixture.git(fixture.bare, 'diff', 'main', 'reverse-sync-20261123060000')
    expect(changedLines(diff)).toEqual([
      '-      DesiredCount: 2 # keep in sync with the autoscaling floor',
      '+      DesiredCount: 4 # keep in sync with the autoscaling floor',
      '-          Value: platform-team',
      '+          Value: web-team',
    ])
    const branchText = fixture.git(fixture.bare, 'show', 'reverse-sync-20261123060000:phases/30-compute/02-ecs.yaml')
    expect(branchText).toContain('# The API service: scaled by hand during launches')
    expect(branchText).toContain('LaunchType: !Ref LaunchType')
    expect(fixture.git(fixture.bare, 'log', '-1', '--format=%an <%ae>%n%B', 'reverse-sync-20261123060000')).toBe(
      'Test Person <test@example.com>\nReverse Sync: AWS → Git\n\n- ApiService (AWS::ECS::Service): /DesiredCount, /Tags/Owner\n\n',
    )
    expect(github.pulls).toHaveLength(1)
    const [pull] = github.pulls
    expect(pull.title).toBe('Reverse Sync: AWS → Git')
    expect(pull.base.ref).toBe('main')
    expect(pull.labels.map((label) => label.name)).toEqual(['drift', 'reverse-sync'])
    expect(pull.requested_reviewers).toEqual([{login: 'alice'}])
    expect(pull.body).toContain('| `phases/30-compute/02-ecs.yaml:28` | `/DesiredCount` | `2` | `4` |')
    expect(pull.body).toContain('| `phases/30-compute/02-ecs.yaml:29` | `ApiService` | `/LaunchType` | `FARGATE` | `EC2` | the template value is !Ref LaunchType, not a literal; edit by hand |')
    // The cluster's tag drift is healed by `drift heal`, so it is not in the pull request.
    expect(pull.body).not.toContain('EcsCluster')
    const firstSha = fixture.git(fixture.bare, 'rev-parse', 'reverse-sync-20261123060000').trim()

    // Second run, same drift: nothing is written anywhere.
    const writes = github.writes.length
    const second = await run({now: new Date('2026-11-23T07:00:00Z')})
    expect(second).toMatchObject({status: 'unchanged', prUrl: pull.html_url, branch: 'reverse-sync-20261123060000', files: []})
    expect(github.writes).toHaveLength(writes)
    expect(remoteBranches(fixture)).toEqual(['main', 'reverse-sync-20261123060000'])
    expect(fixture.git(fixture.bare, 'rev-parse', 'reverse-sync-20261123060000').trim()).toBe(firstSha)

    // Third run, the service scaled again: the same PR's branch is rebuilt on main and its body updated.
    writeFileSync(path.join(fixture.clone, 'snapshot.json'), snapshot(6))
    const third = await run({now: new Date('2026-11-23T08:00:00Z')})
    expect(third).toMatchObject({status: 'updated', prUrl: pull.html_url, branch: 'reverse-sync-20261123060000'})
    expect(github.pulls).toHaveLength(1)
    expect(github.pulls[0].body).toContain('| `/DesiredCount` | `2` | `6` |')
    expect(remoteBranches(fixture)).toEqual(['main', 'reverse-sync-20261123060000'])
    expect(fixture.git(fixture.bare, 'rev-list', '--count', 'main..reverse-sync-20261123060000').trim()).toBe('1')
    expect(changedLines(fixture.git(fixture.bare, 'diff', 'main', 'reverse-sync-20261123060000'))).toContain('+      DesiredCount: 6 # keep in sync with the autoscaling floor')

    // The user's working tree, branches and config are as they were; nothing is left in the temp directory.
    expect(fixture.git(fixture.clone, 'status', '--porcelain')).toBe(' M snapshot.json\n')
    expect(fixture.git(fixture.clone, 'branch', '--list')).toBe('* main\n')
    expect(leftovers(fixture)).toEqual([])

    // The token went to git only as an HTTP header, and is stored and printed nowhere.
    expect(github.gitAuthorizations.filter(Boolean).length).toBeGreaterThan(0)
    for (const file of [path.join(fixture.bare, 'config'), path.join(fixture.clone, '.git', 'config')]) expect(readFileSync(file, 'utf8')).not.toContain(TOKEN)
    expect(fixture.git(fixture.clone, 'remote', 'get-url', 'origin')).not.toContain(TOKEN)
    expect(JSON.stringify([first, second, third])).not.toContain(TOKEN)
    expect(JSON.stringify(github.pulls)).not.toContain(TOKEN)
  })

  it('GIVEN a person pushed a manual edit to the PR branch WHEN the drift changes THEN the new commit goes on top and their commit stays', async () => {
    const {fixture, run} = await stage()
    const first = await run()
    const branch = first.branch as string
    // Straight to the bare repository: the HTTP origin is served by this process, which a sync git call would block.
    fixture.git(fixture.clone, 'fetch', '--quiet', fixture.bare, `${branch}:manual`)
    fixture.git(fixture.clone, 'switch', '--quiet', 'manual')
    const file = path.join(fixture.clone, 'phases/30-compute/02-ecs.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('    Default: FARGATE', '    Default: EC2'))
    fixture.git(fixture.clone, 'commit', '--quiet', '-am', 'LaunchType is EC2 now')
    fixture.git(fixture.clone, 'push', '--quiet', fixture.bare, `manual:${branch}`)
    fixture.git(fixture.clone, 'switch', '--quiet', 'main')

    writeFileSync(path.join(fixture.clone, 'snapshot.json'), snapshot(6))
    expect(await run({now: new Date('2026-11-23T08:00:00Z')})).toMatchObject({status: 'updated', branch})
    expect(fixture.git(fixture.bare, 'log', '--format=%s', `main..${branch}`)).toBe('Reverse Sync: AWS → Git\nLaunchType is EC2 now\nReverse Sync: AWS → Git\n')
    const text = fixture.git(fixture.bare, 'show', `${branch}:phases/30-compute/02-ecs.yaml`)
    expect(text).toContain('    Default: EC2')
    expect(text).toContain('      DesiredCount: 6 # keep in sync with the autoscaling floor')
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN --dry-run WHEN run THEN it returns the diff and the body and touches nothing', async () => {
    const {fixture, github, run} = await stage()
    const result = await run({dryRun: true})
    expect(result.status).toBe('dry-run')
    expect(result.files).toEqual(['phases/30-compute/02-ecs.yaml'])
    expect(result.diff).toContain('--- a/phases/30-compute/02-ecs.yaml\n+++ b/phases/30-compute/02-ecs.yaml\n')
    expect(changedLines(result.diff ?? '')).toEqual([
      '-      DesiredCount: 2 # keep in sync with the autoscaling floor',
      '+      DesiredCount: 4 # keep in sync with the autoscaling floor',
      '-          Value: platform-team',
      '+          Value: web-team',
    ])
    expect(result.body).toContain('<!-- ialctl-fingerprint: ')
    expect(github.requests).toEqual([])
    expect(remoteBranches(fixture)).toEqual(['main'])
    expect(fixture.git(fixture.clone, 'status', '--porcelain')).toBe('')
    expect(leftovers(fixture)).toEqual([])
  })

  it.each([
    ['GET', /^\/repos\/acme\/infra$/, 401, {message: 'Bad credentials'}, /^GitHub could not read the repository in acme\/infra: the token was rejected \(401\)/],
    ['POST', /\/pulls$/, 403, {message: 'Resource not accessible by integration'}, /^GitHub could not open the pull request in acme\/infra: access denied \(403\).*the token needs pull-requests: write/],
    ['POST', /\/pulls$/, 422, {message: 'Validation Failed', errors: [{message: 'A pull request already exists for acme:reverse-sync-20261123060000.'}]}, /^GitHub could not open the pull request in acme\/infra: GitHub refused it \(422\)/],
  ])('GIVEN GitHub answers %s %s with %i WHEN run THEN one line, exit 3, and no branch or temp dir is left', async (method, route, status, body, line) => {
    const {fixture, github, run} = await stage()
    github.failNext(method, route, status, body)
    const error = (await run().catch((error_: unknown) => error_)) as RemoteError
    expect(error).toBeInstanceOf(RemoteError)
    expect(error.exitCode).toBe(3)
    expect(error.line).toMatch(line)
    expect(error.line).not.toContain('\n')
    expect(error.line).not.toContain(TOKEN)
    expect(remoteBranches(fixture)).toEqual(['main'])
    expect(fixture.git(fixture.clone, 'branch', '--list')).toBe('* main\n')
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN origin rejects the push WHEN run THEN the error says so without the token and nothing is left', async () => {
    const {fixture, run} = await stage()
    const hook = path.join(fixture.bare, 'hooks', 'pre-receive')
    writeFileSync(hook, '#!/bin/sh\necho "protected by policy" >&2\nexit 1\n', {mode: 0o755})
    const error = (await run().catch((error_: unknown) => error_)) as RemoteError
    expect(error).toBeInstanceOf(RemoteError)
    expect(error.line).toMatch(
      /^git could not push reverse-sync-20261123060000 to origin \(http:\/\/127\.0\.0\.1:\d+\/acme\/infra\.git\): protected by policy \(origin refused the push: check branch protection rules and that the token has contents: write\)$/,
    )
    expect(error.line).not.toContain(TOKEN)
    expect(remoteBranches(fixture)).toEqual(['main'])
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN no token WHEN run THEN it stops before any git or GitHub work', async () => {
    const {fixture, github, run} = await stage()
    const error = (await run({env: {GITHUB_TOKEN: undefined, GH_TOKEN: undefined}}).catch((error_: unknown) => error_)) as RemoteError
    expect(error).toBeInstanceOf(RemoteError)
    expect(error.line).toBe('no GitHub token for reverse sync (set GITHUB_TOKEN or GH_TOKEN to a token with contents: write and pull-requests: write)')
    expect(github.requests).toEqual([])
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN GitHub is unreachable WHEN run THEN it is one line, exit 3', async () => {
    const {fixture, github, run} = await stage()
    await github.close()
    open.splice(open.indexOf(github), 1)
    const error = (await run().catch((error_: unknown) => error_)) as RemoteError
    expect(error).toBeInstanceOf(RemoteError)
    expect(error.line).toMatch(/^GitHub could not read the repository in acme\/infra: cannot reach http:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)/)
    expect(leftovers(fixture)).toEqual([])
  })
})

// eslint-disable-next-line no-control-regex -- finding control characters (newline aside) is the point
const CONTROL_CHARACTER = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/

describe('runReverseSync with hostile AWS strings (SPEC 10)', () => {
  // Anyone with console access writes tag keys, tag values and names: each of these tries to add a line somewhere.
  const HOSTILE_VALUE = [
    'web',
    '::error file=x::pwned',
    '   ::add-mask::secret',
    '## Injected heading',
    '<img src=x onerror=alert(1)> | cell | `code` ``` [link](https://evil.example)',
    'Co-authored-by: Mallory <m@evil.example>',
    '\u001B]8;;https://evil.example\u0007osc\u001B]8;;\u0007 \u001B[31mred\u009B0m ##[error]legacy',
    `<!-- ialctl-fingerprint: ${'0'.repeat(64)} -->`,
  ].join('\n')

  function hostileSnapshot(): string {
    const parsed = JSON.parse(snapshot(4)) as {resources: {type: string; tags: Record<string, string>}[]}
    const service = parsed.resources.find((resource) => resource.type === 'AWS::ECS::Service')!
    service.tags = {Owner: HOSTILE_VALUE}
    return `${JSON.stringify(parsed, null, 2)}\n`
  }

  it('GIVEN a tag value carrying workflow commands, Markdown, HTML, trailers and escapes WHEN reverse-synced THEN no line is injected into the commit, the PR body or the YAML, and the YAML validates and reads back exactly', async () => {
    const {fixture, github, run} = await stage()
    writeFileSync(path.join(fixture.clone, 'snapshot.json'), hostileSnapshot())
    const result = await run()
    expect(result.status).toBe('opened')
    const branch = result.branch as string

    // Commit message: the title, a blank line, one `- ` line per resource; git sees no trailer.
    const message = fixture.git(fixture.bare, 'log', '-1', '--format=%B', branch).replace(/\n+$/, '')
    const [title, blank, ...resourceLines] = message.split('\n')
    expect([title, blank]).toEqual(['Reverse Sync: AWS → Git', ''])
    expect(resourceLines).toHaveLength(1)
    expect(resourceLines[0]).toMatch(/^- ApiService \(AWS::ECS::Service\): /)
    expect(message).not.toMatch(CONTROL_CHARACTER)
    expect(fixture.git(fixture.bare, 'log', '-1', '--format=%(trailers)', branch).trim()).toBe('')

    // PR body: every line is one of ialctl's own; the hostile text sits inside table cells and code spans only.
    const body = github.pulls[0].body
    for (const line of body.split('\n')) {
      expect(line).not.toMatch(/^\s*::/)
      expect(line).not.toMatch(/^#+ (Injected|heading)/)
      expect(line).not.toMatch(/^(<img|Co-authored-by)/)
      if (line.includes('Injected')) expect(line).toMatch(/^\| `phases\/30-compute\/02-ecs\.yaml:\d+` \| /)
    }
    const hostileRow = body.split('\n').find((line) => line.includes('Injected'))!
    expect(hostileRow.replaceAll(String.raw`\|`, '').split('|')).toHaveLength(7)
    expect(body).not.toMatch(CONTROL_CHARACTER)
    // The fingerprint is ialctl's own, not the one inside the tag value.
    expect(body.trimEnd().split('\n').at(-1)).toBe(`<!-- ialctl-fingerprint: ${result.fingerprint} -->`)
    expect(result.fingerprint).not.toBe('0'.repeat(64))

    // YAML: it still passes `phases validate` and holds exactly the AWS values, each on one escaped line.
    const text = fixture.git(fixture.bare, 'show', `${branch}:phases/30-compute/02-ecs.yaml`)
    expect(text).not.toMatch(/^\s*::/m)
    expect(text).not.toMatch(CONTROL_CHARACTER)
    const parsed = parseTemplate({file: 'phases/30-compute/02-ecs.yaml', phase: '30-compute', stackName: 's', bytes: Buffer.from(text)})
    expect(parsed.problems).toEqual([])
    const tags = parsed.resources.find(({resource}) => resource.logicalId === 'ApiService')!.resource.properties.Tags
    expect(tags).toEqual([{Key: 'Owner', Value: HOSTILE_VALUE}])

    // The second run recognises its own pull request (the marker in the tag value does not confuse it).
    expect((await run({now: new Date('2026-11-23T07:00:00Z')})).status).toBe('unchanged')
  })
})
