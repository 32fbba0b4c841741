// Reverse sync end to end: drift read live from moto, the phases in a real git clone whose origin is a bare
// repository served by the GitHub API stand-in, the built CLI opening the pull request. One PR, then none,
// then the same PR updated when AWS drifts further.
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {AuthorizeSecurityGroupIngressCommand} from '@aws-sdk/client-ec2'
import {afterAll, beforeAll, expect, it} from 'vitest'

import {type GitFixture, gitFixture, leftovers} from '../adapters/git/git-fixture.js'
import {GitHubStandIn} from '../helpers/github-stand-in.js'
import {e2eConfigText} from './fixtures/config.js'
import {DRIFT, type InducedDrift, induceDrift} from './fixtures/drift.js'
import {createExampleEstate, type Estate} from './fixtures/estate.js'
import {awsClients, type AwsClients} from './helpers/aws-clients.js'
import {cloneWorkspace, runCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {phaseFiles} from './helpers/phase-files.js'

const TOKEN = 'ghp_e2eSecretToken0123456789abcdefABCDEF'

describeE2e('reverse sync against moto and the GitHub stand-in', () => {
  let fixture: GitFixture
  let github: GitHubStandIn
  let workspace: Workspace
  let drift: InducedDrift
  let estate: Estate
  let aws: AwsClients
  const ialctl = (...args: string[]) =>
    runCli(workspace, args, {endpoint: motoEndpoint(), githubToken: TOKEN, env: {GITHUB_API_URL: github.url, TMPDIR: fixture.temp}})

  beforeAll(async () => {
    aws = awsClients(motoEndpoint())
    estate = await createExampleEstate(motoEndpoint())
    drift = await induceDrift(motoEndpoint(), estate)
    fixture = gitFixture({...phaseFiles(), 'config/ialctl.yaml': e2eConfigText()})
    github = await GitHubStandIn.start({owner: 'acme', repo: 'infra', token: TOKEN, bareRepo: fixture.bare})
    fixture.git(fixture.clone, 'remote', 'set-url', 'origin', github.cloneUrl)
    workspace = cloneWorkspace(fixture)
  })
  afterAll(async () => {
    aws.destroy()
    await github?.close()
  })

  const neverHealed = () => drift.changes.filter((change) => [DRIFT.openedRule.id, DRIFT.terminated.id, DRIFT.deletedAlarm.id, drift.extraInstanceId].includes(change.id))

  it('GIVEN drift that is not auto-healed WHEN `reverse-sync --dry-run` runs THEN it prints the template diff and the PR body, leaves the hand-opened 0.0.0.0/0 rule out under "Revert recommended", and touches nothing', async () => {
    const result = await ialctl('reverse-sync', '--dry-run')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).not.toContain('--- a/phases/10-security/01-security-groups.yaml')
    expect(result.stdout).not.toMatch(/^\+.*0\.0\.0\.0\/0/m)
    expect(result.stdout).toContain('### Revert recommended')
    expect(result.stdout).toMatch(new RegExp(`\\| \`${DRIFT.openedRule.id}\` \\(AWS::EC2::SecurityGroup\\) \\| critical \\| \`ialctl drift revert ${DRIFT.openedRule.id}\` \\|`))
    for (const change of neverHealed().filter((candidate) => candidate.driftType !== 'extra_resource')) expect(result.stdout, change.id).toContain(change.id)
    expect(result.stdout).toContain(DRIFT.extraInstance.name)
    expect(github.requests).toEqual([])
    expect(fixture.git(fixture.bare, 'branch', '--list')).toBe('* main\n')
    expect(fixture.git(fixture.clone, 'status', '--porcelain')).toBe('')
  })

  it('GIVEN the same drift WHEN `reverse-sync --dry-run --include-critical` runs THEN the opened rule is codified into its template, and no "Revert recommended" is left', async () => {
    const result = await ialctl('reverse-sync', '--dry-run', '--include-critical')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('--- a/phases/10-security/01-security-groups.yaml')
    expect(result.stdout).toMatch(/^\+.*0\.0\.0\.0\/0/m)
    expect(result.stdout).not.toContain('Revert recommended')
    expect(github.requests).toEqual([])
  })

  it('GIVEN the same drift WHEN `reverse-sync` runs twice THEN the first opens one PR with the changed templates and the second opens none', async () => {
    const first = await ialctl('reverse-sync', '--include-critical', '--json')
    expect(first.code, first.stderr).toBe(0)
    const opened = JSON.parse(first.stdout) as {status: string; branch: string; files: string[]; prUrl: string}
    expect(opened.status).toBe('opened')
    expect(opened.branch).toMatch(/^reverse-sync-\d{14}$/)
    expect(opened.files).toContain('phases/10-security/01-security-groups.yaml')
    expect(github.pulls).toHaveLength(1)
    const [pull] = github.pulls
    expect(pull.title).toBe('Reverse Sync: AWS → Git')
    for (const change of neverHealed().filter((candidate) => candidate.driftType !== 'extra_resource')) expect(pull.body, change.id).toContain(change.id)
    // Drift a heal puts back is not for Git (no --all).
    for (const id of [DRIFT.backupWindow.id, DRIFT.threshold.id, DRIFT.removedTag.id]) expect(pull.body).not.toContain(`\`${id}\``)

    // The branch on origin carries the AWS values: the opened rule in place, the extra instance codified in the
    // import phase; the templates without drift stay as they were.
    const pushed = fixture.git(fixture.bare, 'show', `${opened.branch}:phases/10-security/01-security-groups.yaml`)
    expect(pushed).toContain(DRIFT.openedRule.cidr)
    const imported = opened.files.filter((file) => file.startsWith('phases/99-imported/'))
    expect(imported).toHaveLength(1)
    expect(pull.body).toContain(imported[0])
    expect(fixture.git(fixture.bare, 'show', `${opened.branch}:${imported[0]}`)).toContain(DRIFT.extraInstance.name)
    const changed = fixture.git(fixture.bare, 'diff', '--name-only', 'main', opened.branch).trim().split('\n').sort()
    expect(changed).toEqual([...opened.files].sort())

    const second = await ialctl('reverse-sync', '--include-critical', '--json')
    expect(second.code, second.stderr).toBe(0)
    expect(JSON.parse(second.stdout)).toMatchObject({status: 'unchanged', prUrl: opened.prUrl})
    expect(github.pulls).toHaveLength(1)

    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr, readFileSync(path.join(fixture.clone, '.git/config'), 'utf8')]) expect(text).not.toContain(TOKEN)
    expect(fixture.git(fixture.clone, 'status', '--porcelain')).toBe('')
    expect(leftovers(fixture)).toEqual([])
  })

  it('GIVEN the open PR WHEN AWS drifts further and `reverse-sync` runs again THEN the same PR is updated, not a second one opened', async () => {
    const [pull] = github.pulls
    const branch = pull.head.ref
    const group = estate.resources[DRIFT.openedRule.id]
    await aws.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({GroupId: group.physicalId, IpPermissions: [{IpProtocol: 'tcp', FromPort: 6432, ToPort: 6432, IpRanges: [{CidrIp: '10.99.0.0/16', Description: 'pgbouncer from the ops VPC'}]}]}),
    )

    const third = await ialctl('reverse-sync', '--include-critical', '--json')
    expect(third.code, third.stderr).toBe(0)
    expect(JSON.parse(third.stdout)).toMatchObject({status: 'updated', branch})
    expect(github.pulls).toHaveLength(1)
    expect(github.pulls[0].body).toContain('10.99.0.0/16')
    const template = fixture.git(fixture.bare, 'show', `${branch}:phases/10-security/01-security-groups.yaml`)
    expect(template).toContain('10.99.0.0/16')
    expect(template).toContain(DRIFT.openedRule.cidr)
  })
})
