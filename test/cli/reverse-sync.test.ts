import {readFileSync} from 'node:fs'
import path from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import {type GitFixture, gitFixture, leftovers} from '../adapters/git/git-fixture.js'
import {type CliResult, cloneWorkspace, runCli} from '../helpers/cli.js'
import {eventsWithWrite, startCloudTrailStandIn} from '../helpers/cloudtrail-stand-in.js'
import {GitHubStandIn} from '../helpers/github-stand-in.js'
import {alarmRepository} from './reverse-sync-fixture.js'

// The built CLI (`npm test` builds dist first) in a user's clone whose origin and GitHub API are the stand-in.
const TOKEN = 'ghp_cliSecretToken0123456789abcdefABCD'

const servers: GitHubStandIn[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function setup(): Promise<{fixture: GitFixture; github: GitHubStandIn; ialctl: (...args: string[]) => Promise<CliResult>}> {
  const fixture = gitFixture(alarmRepository('reverseSync:\n  github: {labels: [drift]}\n'))
  const github = await GitHubStandIn.start({owner: 'acme', repo: 'infra', token: TOKEN, bareRepo: fixture.bare})
  servers.push(github)
  fixture.git(fixture.clone, 'remote', 'set-url', 'origin', github.cloneUrl)
  const workspace = cloneWorkspace(fixture)
  const ialctl = (...args: string[]) => runCli(workspace, args, {githubToken: TOKEN, env: {GITHUB_API_URL: github.url, TMPDIR: fixture.temp}})
  return {fixture, github, ialctl}
}

describe('ialctl reverse-sync', () => {
  it('GIVEN drift WHEN run with --dry-run THEN it prints the diff and the PR body and changes nothing', async () => {
    const {fixture, github, ialctl} = await setup()
    const {stdout, code} = await ialctl('reverse-sync', '--snapshot', 'snapshot.json', '--dry-run', '--all')
    expect(code).toBe(0)
    expect(stdout).toContain('--- a/phases/00-foundation/01-alarms.yaml\n+++ b/phases/00-foundation/01-alarms.yaml\n')
    expect(stdout).toContain('-      Threshold: 80 # agreed with on-call\n+      Threshold: 95 # agreed with on-call\n')
    expect(stdout).toContain('| `phases/00-foundation/01-alarms.yaml:12` | `/Threshold` | `80` | `95` |')
    expect(stdout).toContain('Produced by `ialctl reverse-sync --all --snapshot snapshot.json`.')
    expect(github.requests).toEqual([])
    expect(fixture.git(fixture.bare, 'branch', '--list')).toBe('* main\n')
    expect(fixture.git(fixture.clone, 'status', '--porcelain')).toBe('')
  })

  it('GIVEN drift WHEN run with --json twice THEN the first opens a PR and the second finds it unchanged; the token is printed nowhere', async () => {
    const {fixture, github, ialctl} = await setup()
    const first = await ialctl('reverse-sync', '--snapshot', 'snapshot.json', '--all', '--json')
    expect(first.code).toBe(0)
    const opened = JSON.parse(first.stdout)
    expect(opened).toEqual({status: 'opened', prUrl: 'https://github.example/acme/infra/pull/1', branch: expect.stringMatching(/^reverse-sync-\d{14}$/), files: ['phases/00-foundation/01-alarms.yaml']})
    expect(github.pulls[0]).toMatchObject({title: 'Reverse Sync: AWS → Git', labels: [{name: 'drift'}]})

    const second = await ialctl('reverse-sync', '--snapshot', 'snapshot.json', '--all', '--json')
    expect(JSON.parse(second.stdout)).toEqual({status: 'unchanged', prUrl: opened.prUrl, branch: opened.branch, files: []})
    expect(github.pulls).toHaveLength(1)

    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr, readFileSync(path.join(fixture.clone, '.git/config'), 'utf8'), readFileSync(path.join(fixture.bare, 'config'), 'utf8')]) {
      expect(text).not.toContain(TOKEN)
    }

    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN CloudTrail recorded who raised the alarm threshold WHEN run with --attribution THEN the opened pull request says who and when', async () => {
    const {github, ialctl} = await setup()
    const carol = 'arn:aws:sts::123456789012:assumed-role/OnCall/carol'
    const trail = await startCloudTrailStandIn('answer', (name) => (name === 'web-cpu-high' ? eventsWithWrite(name, {arn: carol, eventTime: '2026-11-22T23:40:00Z', eventName: 'PutMetricAlarm', eventSource: 'monitoring.amazonaws.com'}) : {Events: []}))
    try {
      const result = await ialctl('reverse-sync', '--snapshot', 'snapshot.json', '--all', '--attribution', '--endpoint-url', trail.url)
      expect(result.code, result.stderr).toBe(0)
      expect(trail.lookups.map((lookup) => lookup.name)).toEqual(['web-cpu-high'])
      expect(github.pulls[0]!.body).toContain(`#### \`WebCpuAlarm\` (AWS::CloudWatch::Alarm) · medium\n\nChanged in AWS by \`${carol}\` at \`2026-11-22T23:40:00.000Z\` (CloudTrail).`)
    } finally {
      await trail.close()
    }
  })

  it('GIVEN the token lacks pull-requests: write WHEN run THEN one line names the permission, exit 3, no branch left', async () => {
    const {fixture, github, ialctl} = await setup()
    github.failNext('POST', /\/pulls$/, 403, {message: 'Resource not accessible by integration'})
    const {stdout, stderr, code} = await ialctl('reverse-sync', '--snapshot', 'snapshot.json', '--all')
    expect(code).toBe(3)
    expect(stdout).toBe('')
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain('Error: GitHub could not open the pull request in acme/infra: access denied (403)')
    expect(stderr).toContain('the token needs pull-requests: write')
    expect(stderr).not.toContain(TOKEN)
    expect(fixture.git(fixture.bare, 'branch', '--list')).toBe('* main\n')
    expect(fixture.git(fixture.clone, 'branch', '--list')).toBe('* main\n')
    expect(leftovers(fixture)).toEqual([])
  })
})
