// Reverse sync over config targets (issue 19) against moto, a real git remote and the GitHub stand-in: two accounts,
// each reached by assuming a role (moto maps the role's credentials into its account), share one template. The same
// hand change in both accounts is written into the template once; a change made in one account only is listed as
// "needs manual edit" naming that target, and the template keeps its value.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, expect, it} from 'vitest'

import {type GitFixture, gitFixture, leftovers} from '../adapters/git/git-fixture.js'
import {GitHubStandIn} from '../helpers/github-stand-in.js'
import {seedQueues} from './helpers/accounts.js'
import {cloneWorkspace, createWorkspace, runCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'

const TOKEN = 'ghp_e2eTargetsToken0123456789abcdefABCDEF'
// Accounts of their own: other e2e files on the same moto worker use 111111111111 and 222222222222.
const PROD = 'arn:aws:iam::444444444444:role/ialctl-readonly'
const STAGING = 'arn:aws:iam::555555555555:role/ialctl-readonly'
const REGION = 'us-east-1'
const FILE = 'phases/25-messaging/01-queues.yaml'

const TEMPLATE = `Resources:
  # Work queue of the job runners
  JobsQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: rs-jobs
      VisibilityTimeout: 30
  AuditQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: rs-audit
      VisibilityTimeout: 30
`

const CONFIG = `aws:
  regions: [${REGION}]
targets:
  - name: prod
    roleArn: ${PROD}
  - name: staging
    roleArn: ${STAGING}
reverseSync:
  github: {owner: acme, repo: infra, base: main, labels: [drift], reviewers: []}
`

describeE2e('reverse sync over two targets against moto and the GitHub stand-in', () => {
  let fixture: GitFixture
  let github: GitHubStandIn
  let workspace: Workspace
  const ialctl = (...args: string[]) => runCli(workspace, args, {endpoint: motoEndpoint(), githubToken: TOKEN, env: {GITHUB_API_URL: github.url, TMPDIR: fixture.temp}, timeoutMs: 120_000})

  beforeAll(async () => {
    // The jobs queue was changed by hand to 90 in both accounts; the audit queue to 120 in prod only.
    await seedQueues(PROD, REGION, [{name: 'rs-jobs', visibility: 90}, {name: 'rs-audit', visibility: 120}])
    await seedQueues(STAGING, REGION, [{name: 'rs-jobs', visibility: 90}, {name: 'rs-audit', visibility: 30}])
    fixture = gitFixture({[FILE]: TEMPLATE, 'config/ialctl.yaml': CONFIG})
    github = await GitHubStandIn.start({owner: 'acme', repo: 'infra', token: TOKEN, bareRepo: fixture.bare})
    fixture.git(fixture.clone, 'remote', 'set-url', 'origin', github.cloneUrl)
    workspace = cloneWorkspace(fixture)
  }, 120_000)
  afterAll(async () => {
    await github?.close()
  })

  it('GIVEN the same hand change in both accounts and another in one WHEN `reverse-sync --all --dry-run` runs THEN the diff holds the agreed change once and the body lists the other under prod, touching nothing', async () => {
    const result = await ialctl('reverse-sync', '--all', '--dry-run')
    expect(result.code, result.stderr).toBe(0)
    const changed = result.stdout.split('\n').filter((line) => /^[+-] /.test(line))
    expect(changed).toEqual(['-      VisibilityTimeout: 30', '+      VisibilityTimeout: 90'])
    expect(result.stdout).toContain('Targets: `prod/us-east-1`, `staging/us-east-1`.')
    expect(result.stdout).toMatch(/#### prod\n\n\| Location \| Resource \| Property \| Git value \| AWS value by place \| Why \|\n\|---\|---\|---\|---\|---\|---\|\n\| `phases\/25-messaging\/01-queues\.yaml:\d+` \| `AuditQueue` \| `\/VisibilityTimeout` \| `30` \| `prod\/us-east-1`: `120`; `staging\/us-east-1`: `30` \(as in Git\) \|/)
    expect(github.requests).toEqual([])
    expect(fixture.git(fixture.bare, 'branch', '--list')).toBe('* main\n')
  }, 180_000)

  it('GIVEN the same drift WHEN `reverse-sync --all` runs THEN one pull request changes the shared template once and names prod for the manual edit; a second run opens none', async () => {
    const first = await ialctl('reverse-sync', '--all', '--json')
    expect(first.code, first.stderr).toBe(0)
    const opened = JSON.parse(first.stdout) as {status: string; branch: string; files: string[]}
    expect(opened).toMatchObject({status: 'opened', files: [FILE]})
    expect(github.pulls).toHaveLength(1)
    const pushed = fixture.git(fixture.bare, 'show', `${opened.branch}:${FILE}`)
    expect(pushed).toBe(TEMPLATE.replace('QueueName: rs-jobs\n      VisibilityTimeout: 30', 'QueueName: rs-jobs\n      VisibilityTimeout: 90'))
    const [pull] = github.pulls
    expect(pull.body).toContain('### Needs manual edit')
    expect(pull.body).toContain('#### prod')
    expect(pull.body).not.toContain('#### staging')
    expect(pull.body).toMatch(/#### `JobsQueue` \(AWS::SQS::Queue\)[^\n]*\n\n[^\n]*\n[^\n]*\n\| `phases\/25-messaging\/01-queues\.yaml:7` \| `\/VisibilityTimeout` \| `30` \| `90` \|/)
    expect(pull.body).toMatch(/\| `AuditQueue` \| `\/VisibilityTimeout` \| `30` \| `prod\/us-east-1`: `120`; `staging\/us-east-1`: `30` \(as in Git\) \|/)

    const second = await ialctl('reverse-sync', '--all', '--json')
    expect(second.code, second.stderr).toBe(0)
    expect(JSON.parse(second.stdout)).toMatchObject({status: 'unchanged'})
    expect(github.pulls).toHaveLength(1)
    expect(leftovers(fixture)).toEqual([])
  }, 240_000)

  it('GIVEN --target prod only WHEN `reverse-sync --all --dry-run` runs THEN nothing is written: staging was not read, and every change names it', async () => {
    const result = await ialctl('reverse-sync', '--all', '--dry-run', '--target', 'prod')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).not.toMatch(/^\+ /m)
    expect(result.stdout).toContain('not read in staging, which the templates are also deployed to; edit by hand')
  }, 180_000)

  // A config with one target keeps the one-place reverse sync: its changes are written as AWS has them.
  it('GIVEN a config with the one target prod WHEN `reverse-sync --all --dry-run` runs THEN both of its changes are in the diff, with no targets line', async () => {
    const phases = mkdtempSync(path.join(tmpdir(), 'ialctl-rs-one-target-'))
    mkdirSync(path.join(phases, '25-messaging'))
    writeFileSync(path.join(phases, '25-messaging/01-queues.yaml'), TEMPLATE)
    const single = createWorkspace({config: `aws:\n  regions: [${REGION}]\ntargets:\n  - name: prod\n    roleArn: ${PROD}\n`, phasesFrom: phases})
    const result = await runCli(single, ['reverse-sync', '--all', '--dry-run'], {endpoint: motoEndpoint(), timeoutMs: 120_000})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.split('\n').filter((line) => /^\+ /.test(line))).toEqual(['+      VisibilityTimeout: 90', '+      VisibilityTimeout: 120'])
    expect(result.stdout).not.toContain('Targets:')
  }, 180_000)
})
