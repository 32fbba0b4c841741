// Reverse sync end to end: drift read live from moto, the phases in a real git clone whose origin is a bare
// repository served by the GitHub API stand-in, the built CLI opening the pull request. One PR, then none,
// then the same PR updated when AWS drifts further.
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {AuthorizeSecurityGroupIngressCommand} from '@aws-sdk/client-ec2'
import {expect, it} from 'vitest'

import {leftovers} from '../adapters/git/git-fixture.js'
import {DRIFT} from './fixtures/drift.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const TOKEN = 'ghp_e2eSecretToken0123456789abcdefABCDEF'

describeE2e('reverse sync against moto and the GitHub stand-in', () => {
  const suite = exampleEstateSuite({induceDrift: true, github: {token: TOKEN}})
  const {cli: ialctl} = suite

  const neverHealed = () => suite.drift.changes.filter((change) => [DRIFT.openedRule.id, DRIFT.terminated.id, DRIFT.deletedAlarm.id, suite.drift.extraInstanceId].includes(change.id))

  it('GIVEN drift that is not auto-healed WHEN `reverse-sync --dry-run` runs THEN it prints the template diff and the PR body, leaves the hand-opened 0.0.0.0/0 rule out under "Revert recommended", and touches nothing', async () => {
    const result = await ialctl('reverse-sync', '--dry-run')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).not.toContain('--- a/phases/10-security/01-security-groups.yaml')
    expect(result.stdout).not.toMatch(/^\+.*0\.0\.0\.0\/0/m)
    expect(result.stdout).toContain('### Revert recommended')
    expect(result.stdout).toMatch(new RegExp(`\\| \`${DRIFT.openedRule.id}\` \\(AWS::EC2::SecurityGroup\\) \\| critical \\| \`ialctl drift revert ${DRIFT.openedRule.id}\` \\|`))
    for (const change of neverHealed().filter((candidate) => candidate.driftType !== 'extra_resource')) expect(result.stdout, change.id).toContain(change.id)
    expect(result.stdout).toContain(DRIFT.extraInstance.name)
    expect(suite.github.requests).toEqual([])
    expect(suite.fixture.git(suite.fixture.bare, 'branch', '--list')).toBe('* main\n')
    expect(suite.fixture.git(suite.fixture.clone, 'status', '--porcelain')).toBe('')
  })

  it('GIVEN the same drift WHEN `reverse-sync --dry-run --include-critical` runs THEN the opened rule is codified into its template, and no "Revert recommended" is left', async () => {
    const result = await ialctl('reverse-sync', '--dry-run', '--include-critical')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('--- a/phases/10-security/01-security-groups.yaml')
    expect(result.stdout).toMatch(/^\+.*0\.0\.0\.0\/0/m)
    expect(result.stdout).not.toContain('Revert recommended')
    expect(suite.github.requests).toEqual([])
  })

  it('GIVEN the same drift WHEN `reverse-sync` runs twice THEN the first opens one PR with the changed templates and the second opens none', async () => {
    const first = await ialctl('reverse-sync', '--include-critical', '--json')
    expect(first.code, first.stderr).toBe(0)
    const opened = JSON.parse(first.stdout) as {status: string; branch: string; files: string[]; prUrl: string}
    expect(opened.status).toBe('opened')
    expect(opened.branch).toMatch(/^reverse-sync-\d{14}$/)
    expect(opened.files).toContain('phases/10-security/01-security-groups.yaml')
    expect(suite.github.pulls).toHaveLength(1)
    const [pull] = suite.github.pulls
    expect(pull.title).toBe('Reverse Sync: AWS → Git')
    for (const change of neverHealed().filter((candidate) => candidate.driftType !== 'extra_resource')) expect(pull.body, change.id).toContain(change.id)
    // Drift a heal puts back is not for Git (no --all).
    for (const id of [DRIFT.backupWindow.id, DRIFT.threshold.id, DRIFT.removedTag.id]) expect(pull.body).not.toContain(`\`${id}\``)

    // The branch on origin carries the AWS values: the opened rule in place, the extra instance codified in the
    // import phase; the templates without drift stay as they were.
    const pushed = suite.fixture.git(suite.fixture.bare, 'show', `${opened.branch}:phases/10-security/01-security-groups.yaml`)
    expect(pushed).toContain(DRIFT.openedRule.cidr)
    const imported = opened.files.filter((file) => file.startsWith('phases/99-imported/'))
    expect(imported).toHaveLength(1)
    expect(pull.body).toContain(imported[0])
    expect(suite.fixture.git(suite.fixture.bare, 'show', `${opened.branch}:${imported[0]}`)).toContain(DRIFT.extraInstance.name)
    const changed = suite.fixture.git(suite.fixture.bare, 'diff', '--name-only', 'main', opened.branch).trim().split('\n').sort()
    expect(changed).toEqual([...opened.files].sort())

    const second = await ialctl('reverse-sync', '--include-critical', '--json')
    expect(second.code, second.stderr).toBe(0)
    expect(JSON.parse(second.stdout)).toMatchObject({status: 'unchanged', prUrl: opened.prUrl})
    expect(suite.github.pulls).toHaveLength(1)

    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr, readFileSync(path.join(suite.fixture.clone, '.git/config'), 'utf8')]) expect(text).not.toContain(TOKEN)
    expect(suite.fixture.git(suite.fixture.clone, 'status', '--porcelain')).toBe('')
    expect(leftovers(suite.fixture)).toEqual([])
  })

  it('GIVEN the open PR WHEN AWS drifts further and `reverse-sync` runs again THEN the same PR is updated, not a second one opened', async () => {
    const [pull] = suite.github.pulls
    const branch = pull.head.ref
    const group = suite.estate.resources[DRIFT.openedRule.id]
    await suite.aws.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({GroupId: group.physicalId, IpPermissions: [{IpProtocol: 'tcp', FromPort: 6432, ToPort: 6432, IpRanges: [{CidrIp: '10.99.0.0/16', Description: 'pgbouncer from the ops VPC'}]}]}),
    )

    const third = await ialctl('reverse-sync', '--include-critical', '--json')
    expect(third.code, third.stderr).toBe(0)
    expect(JSON.parse(third.stdout)).toMatchObject({status: 'updated', branch})
    expect(suite.github.pulls).toHaveLength(1)
    expect(suite.github.pulls[0].body).toContain('10.99.0.0/16')
    const template = suite.fixture.git(suite.fixture.bare, 'show', `${branch}:phases/10-security/01-security-groups.yaml`)
    expect(template).toContain('10.99.0.0/16')
    expect(template).toContain(DRIFT.openedRule.cidr)
  })
})
