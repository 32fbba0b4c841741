// IAM roles against moto, through the built CLI: the example estate's roles in sync (read once, whatever the
// regions), then drift a person makes by hand: a tag changed, an inline policy widened, a role created in the
// console next to an AWS-owned one, a role deleted. Heal puts the tag back; reverse sync writes the policy and the
// codified role as YAML that `phases validate` accepts.
//
// moto and AWS: moto answers GetAccountAuthorizationDetails in one page whatever MaxItems says (the pagination is
// covered by the adapter's unit test), URL-encodes the documents as AWS does, and loads AWS managed policies only
// when told to (helpers/moto.ts does), and leaves PolicyName and PolicyId out of a managed policy's detail (AWS
// answers them; the mapping takes the name from the ARN then). AWS's documented behaviour is what the product follows.
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetRolePolicyCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam'
import {expect, it} from 'vitest'

import {samePolicy} from '../../src/core/diff/policy-document.js'
import type {DriftReport, Snapshot} from '../../src/core/model.js'
import {e2eConfigText} from './fixtures/config.js'
import {SUPPORTED_TYPES} from './fixtures/estate.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'
import {withoutHistory} from './helpers/history.js'

const ROLE = 'AWS::IAM::Role'
const POLICY = 'AWS::IAM::ManagedPolicy'
const POLICY_ARN = 'arn:aws:iam::123456789012:policy/ial/ial-prod-api-config-read'
/** ApiConfigReadPolicy's document as the template declares it, `!Sub` resolved in moto's account and region. */
const DECLARED_CONFIG_READ = {
  Version: '2012-10-17',
  Statement: [{Sid: 'ReadApiParameters', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/ial/prod/api/*'}],
}
const EXECUTION_FILE = 'phases/10-security/02-task-execution-role.yaml'
const TASK_ROLE_FILE = 'phases/10-security/03-api-task-role.yaml'
const HOSTILE_DESCRIPTION = 'Made in the console, "temporarily"\n::error::injected\n- key: !Ref x # not YAML'
const TRUST = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {Service: 'ecs-tasks.amazonaws.com'}, Action: 'sts:AssumeRole'}]}

interface RevertJson {
  plan: {entries: Array<{itemId: string; decision: string; reason: string}>}
  items: Array<{itemId: string; state: string; error?: string}>
}

/** The task role's inline policy as phases/10-security/03-api-task-role.yaml declares it, `!Sub` resolved in moto's account. */
const DECLARED_PUBLISH = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: ['sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: 'arn:aws:sqs:us-east-1:123456789012:ial-prod-orders'}]}

describeE2e('IAM roles against moto', () => {
  // Every role is in scope for extras, so that an AWS-owned role would show if it were not left out.
  const suite = exampleEstateSuite({config: e2eConfigText({'scope.extraResources.types': {[ROLE]: {}, [POLICY]: {}}})})
  const {cli, check} = suite
  let drifted: DriftReport

  /** The line of `Action:` in the task role's inline policy, read from the file as a person would. */
  const inlineActionLine = () => {
    const text = readFileSync(path.join(suite.workspace.dir, TASK_ROLE_FILE), 'utf8').split('\n')
    const policy = text.findIndex((line) => line.includes('PolicyName: publish-order-events'))
    return text.findIndex((line, index) => index > policy && /^\s+Action:\s*$/.test(line)) + 1
  }

  it('GIVEN the roles as the phases declare them WHEN checked in two regions THEN everything is in sync and each role is read and matched once', async () => {
    const {code, stderr, report} = await check('--region', 'us-east-1', '--region', 'eu-west-1')
    expect(code, stderr).toBe(0)
    expect(report.items).toEqual([])
    const declared = suite.estate.model.resources.filter((resource) => SUPPORTED_TYPES.has(resource.type))
    expect(report.summary).toMatchObject({resources: declared.length, inSync: declared.length, missing: 0, extra: 0})

    const snapshotFile = path.join(suite.workspace.dir, 'two-regions.json')
    const written = await cli('snapshot', '--out', snapshotFile, '--region', 'us-east-1', '--region', 'eu-west-1')
    expect(written.code, written.stderr).toBe(0)
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot
    const roles = snapshot.resources.filter((resource) => resource.type === ROLE)
    expect(roles.map((role) => `${role.region} ${role.physicalId}`)).toEqual(['us-east-1 ial-prod-api-task', 'us-east-1 ial-prod-orders-processor', 'us-east-1 ial-prod-task-execution'])
    expect(snapshot.apiCalls['IAM.GetAccountAuthorizationDetails']).toBe(1)
    expect(snapshot.apiCalls['IAM.ListRoles']).toBe(1)
    // Documents are objects in the snapshot (decoded), never URL-encoded text.
    expect(roles.find((role) => role.physicalId === 'ial-prod-task-execution')?.properties.AssumeRolePolicyDocument).toEqual(TRUST)
  })

  it('GIVEN a tag changed, an inline policy widened and a console role next to a service-linked role WHEN checked THEN tag drift, critical drift at the Action line and one extra', async () => {
    await suite.aws.iam.send(new TagRoleCommand({RoleName: 'ial-prod-task-execution', Tags: [{Key: 'Owner', Value: 'someone-else'}]}))
    const widened = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:us-east-1:123456789012:ial-prod-orders'}]}
    await suite.aws.iam.send(new PutRolePolicyCommand({RoleName: 'ial-prod-api-task', PolicyName: 'publish-order-events', PolicyDocument: JSON.stringify(widened)}))
    // Its description is hostile: a line that a CI log would run as a workflow command, and YAML syntax.
    await suite.aws.iam.send(new CreateRoleCommand({RoleName: 'ial-prod-debug', Description: HOSTILE_DESCRIPTION, AssumeRolePolicyDocument: JSON.stringify(TRUST)}))
    await suite.aws.iam.send(new CreateServiceLinkedRoleCommand({AWSServiceName: 'ecs.amazonaws.com'}))

    const {code, report} = await check()
    drifted = report
    expect(code).toBe(2)
    const byId = Object.fromEntries(report.items.map((item) => [item.id, item]))
    expect(Object.keys(byId).sort()).toEqual(['ApiTaskRole', 'TaskExecutionRole', 'ial-prod-debug'])

    expect(byId.TaskExecutionRole).toMatchObject({driftType: 'tag_drift', severity: 'low', autoHealable: true, location: {file: EXECUTION_FILE, line: suite.resourceLine(EXECUTION_FILE, 'TaskExecutionRole')}})
    expect(byId.TaskExecutionRole.differences).toEqual([
      {path: '/Tags/Owner', expected: 'platform-team', actual: 'someone-else', kind: 'NOT_EQUAL', line: suite.propertyLine(EXECUTION_FILE, 'TaskExecutionRole', '/Tags/Owner')},
    ])

    expect(byId.ApiTaskRole).toMatchObject({driftType: 'configuration_drift', severity: 'critical', impact: ['security'], autoHealable: false, location: {file: TASK_ROLE_FILE}})
    expect(byId.ApiTaskRole.differences).toEqual([
      {path: '/Policies/0/PolicyDocument/Statement/0/Action', expected: ['sqs:GetQueueUrl', 'sqs:SendMessage'], actual: ['sqs:*'], kind: 'NOT_EQUAL', line: inlineActionLine()},
    ])

    expect(byId['ial-prod-debug']).toMatchObject({type: ROLE, driftType: 'extra_resource', severity: 'medium'})
    expect(JSON.stringify(report)).not.toContain('AWSServiceRoleForECS')
  })

  it('GIVEN that drift WHEN `drift heal --auto-approve` runs THEN the tag is back in AWS and the widened policy is left for a person', async () => {
    const result = await cli('drift', 'heal', '--auto-approve')
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0)

    const {Tags} = await suite.aws.iam.send(new ListRoleTagsCommand({RoleName: 'ial-prod-task-execution'}))
    expect(Tags).toEqual(expect.arrayContaining([{Key: 'Owner', Value: 'platform-team'}, {Key: 'ManagedBy', Value: 'ialctl'}]))
    const inline = await suite.aws.iam.send(new GetRolePolicyCommand({RoleName: 'ial-prod-api-task', PolicyName: 'publish-order-events'}))
    expect(JSON.parse(decodeURIComponent(inline.PolicyDocument!))).toMatchObject({Statement: [{Action: 'sqs:*'}]})

    const after = await check()
    expect(after.report.items.map((item) => item.id).sort()).toEqual(['ApiTaskRole', 'ial-prod-debug'])
    expect(after.report.items.map(withoutHistory)).toEqual(drifted.items.filter((item) => item.id !== 'TaskExecutionRole').map(withoutHistory))
  })

  it('GIVEN the widened inline policy WHEN `drift revert` runs THEN without --approve-critical nothing is sent; with it the declared document is put back, read back equal by meaning, audited', async () => {
    const widenedNow = async () => JSON.parse(decodeURIComponent((await suite.aws.iam.send(new GetRolePolicyCommand({RoleName: 'ial-prod-api-task', PolicyName: 'publish-order-events'}))).PolicyDocument!)) as unknown
    const before = await widenedNow()

    // Critical, and no terminal to confirm on: --auto-approve alone is not enough (SPEC 11).
    const refused = await cli('drift', 'revert', 'ApiTaskRole', '--auto-approve', '--json')
    expect(refused.code, refused.stderr).toBe(2)
    const refusedJson = JSON.parse(refused.stdout) as RevertJson
    expect(refusedJson.plan.entries.find((entry) => entry.itemId === 'ApiTaskRole')).toMatchObject({decision: 'refused', reason: expect.stringContaining('--approve-critical')})
    expect(await widenedNow()).toEqual(before)

    const reverted = await cli('drift', 'revert', 'ApiTaskRole', '--auto-approve', '--approve-critical', '--json')
    expect(reverted.code, `${reverted.stdout}\n${reverted.stderr}`).toBe(0)
    const json = JSON.parse(reverted.stdout) as RevertJson
    expect(json.plan.entries.find((entry) => entry.itemId === 'ApiTaskRole')).toMatchObject({decision: 'revert', reason: 'in place by IAM.PutRolePolicy'})
    expect(json.items).toEqual([expect.objectContaining({itemId: 'ApiTaskRole', state: 'applied'})])
    // Read back with the SDK: the template's document, by meaning and (as written from Git) as JSON.
    expect(samePolicy(DECLARED_PUBLISH, await widenedNow())).toBe(true)
    expect(await widenedNow()).toEqual(DECLARED_PUBLISH)
    const audit = readFileSync(path.join(suite.workspace.dir, '.ialctl/audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(audit.at(-1)).toMatchObject({operation: 'revert', item: 'ApiTaskRole', action: ['IAM.PutRolePolicy'], result: 'applied'})
    expect((await check()).report.items.map((item) => item.id)).not.toContain('ApiTaskRole')
  })

  it('GIVEN the role\'s session lengthened and its description changed by hand WHEN reverted THEN one UpdateRole puts both back, read with the SDK and audited', async () => {
    await suite.aws.iam.send(new UpdateRoleCommand({RoleName: 'ial-prod-api-task', MaxSessionDuration: 43_200, Description: HOSTILE_DESCRIPTION}))

    const drifted = (await check()).report.items.find((item) => item.id === 'ApiTaskRole')
    expect(drifted).toMatchObject({driftType: 'configuration_drift', severity: 'medium'})
    expect(drifted?.differences.map((difference) => [difference.path, difference.expected, difference.actual, difference.line]).sort()).toEqual([
      ['/Description', 'Role the API containers run as.', HOSTILE_DESCRIPTION, suite.propertyLine(TASK_ROLE_FILE, 'ApiTaskRole', '/Description')],
      ['/MaxSessionDuration', 3600, 43_200, suite.propertyLine(TASK_ROLE_FILE, 'ApiTaskRole', '/MaxSessionDuration')],
    ])

    // Not critical and shorter than AWS's: --auto-approve is enough.
    const reverted = await cli('drift', 'revert', 'ApiTaskRole', '--auto-approve', '--json')
    expect(reverted.code, `${reverted.stdout}\n${reverted.stderr}`).toBe(0)
    const json = JSON.parse(reverted.stdout) as RevertJson
    expect(json.plan.entries.find((entry) => entry.itemId === 'ApiTaskRole')).toMatchObject({decision: 'revert', reason: 'in place by IAM.UpdateRole'})
    expect(json.items).toEqual([expect.objectContaining({itemId: 'ApiTaskRole', state: 'applied'})])
    const {Role} = await suite.aws.iam.send(new GetRoleCommand({RoleName: 'ial-prod-api-task'}))
    expect({MaxSessionDuration: Role?.MaxSessionDuration, Description: Role?.Description}).toEqual({MaxSessionDuration: 3600, Description: 'Role the API containers run as.'})
    const audit = readFileSync(path.join(suite.workspace.dir, '.ialctl/audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(audit.at(-1)).toMatchObject({operation: 'revert', item: 'ApiTaskRole', action: ['IAM.UpdateRole'], result: 'applied'})
    expect((await check()).report.items.map((item) => item.id)).not.toContain('ApiTaskRole')
  })

  it('GIVEN the policy narrowed by hand and a policy added by hand WHEN reverted THEN putting Git\'s wider document back needs --approve-critical; with it the added policy is deleted and the declared one is back', async () => {
    const narrowed = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:ial-prod-orders'}]}
    const debug = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 's3:*', Resource: '*'}]}
    await suite.aws.iam.send(new PutRolePolicyCommand({RoleName: 'ial-prod-api-task', PolicyName: 'publish-order-events', PolicyDocument: JSON.stringify(narrowed)}))
    await suite.aws.iam.send(new PutRolePolicyCommand({RoleName: 'ial-prod-api-task', PolicyName: 'debug', PolicyDocument: JSON.stringify(debug)}))
    const inlineNames = async () => (await suite.aws.iam.send(new ListRolePoliciesCommand({RoleName: 'ial-prod-api-task'}))).PolicyNames?.sort()

    const plan = await cli('drift', 'plan', '--revert', 'ApiTaskRole', '--json')
    expect(plan.code, plan.stderr).toBe(0)
    const planned = (JSON.parse(plan.stdout) as {entries: Array<{itemId: string; decision: string; reason: string; actions: Array<{api: string; params: Record<string, unknown>}>}>}).entries.find((entry) => entry.itemId === 'ApiTaskRole')!
    expect(planned).toMatchObject({decision: 'refused', reason: expect.stringMatching(/weakens security although Git says so \(inline policy publish-order-events allows more than AWS's now/)})

    const refused = await cli('drift', 'revert', 'ApiTaskRole', '--auto-approve', '--json')
    expect(refused.code).toBe(2)
    expect(await inlineNames()).toEqual(['debug', 'publish-order-events'])

    const reverted = await cli('drift', 'revert', 'ApiTaskRole', '--auto-approve', '--approve-critical', '--json')
    expect(reverted.code, `${reverted.stdout}\n${reverted.stderr}`).toBe(0)
    expect((JSON.parse(reverted.stdout) as RevertJson).items).toEqual([expect.objectContaining({itemId: 'ApiTaskRole', state: 'applied'})])
    expect(await inlineNames()).toEqual(['publish-order-events'])
    const inline = await suite.aws.iam.send(new GetRolePolicyCommand({RoleName: 'ial-prod-api-task', PolicyName: 'publish-order-events'}))
    expect(samePolicy(DECLARED_PUBLISH, JSON.parse(decodeURIComponent(inline.PolicyDocument!)))).toBe(true)

    // Widened again by hand, for the reverse sync below.
    const widened = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:us-east-1:123456789012:ial-prod-orders'}]}
    await suite.aws.iam.send(new PutRolePolicyCommand({RoleName: 'ial-prod-api-task', PolicyName: 'publish-order-events', PolicyDocument: JSON.stringify(widened)}))
  })

  it('GIVEN the policy and the console role WHEN `reverse-sync --dry-run` runs THEN the widened policy is left under "Revert recommended"; with --include-critical the diff writes YAML, and applied to the phases it passes `phases validate`', async () => {
    // By default critical security drift is not adopted into Git: the pull request body recommends putting AWS back.
    const cautious = await cli('reverse-sync', '--dry-run')
    expect(cautious.code, cautious.stderr).toBe(0)
    const [cautiousDiff, cautiousBody = ''] = cautious.stdout.split('\n--- pull request body ---')
    expect(cautiousDiff).not.toMatch(/^\+\s+- sqs:\*$/m)
    // Listed under "Revert recommended", with the command that puts the declared document back.
    expect(cautiousBody).toMatch(/### Revert recommended[\s\S]*`ApiTaskRole` .*`ialctl drift revert ApiTaskRole`/)

    const result = await cli('reverse-sync', '--dry-run', '--include-critical')
    expect(result.code, result.stderr).toBe(0)
    const diff = result.stdout.split('\n--- pull request body ---')[0]
    // The widened action in place, as YAML.
    expect(diff, result.stdout).toContain(`--- a/${TASK_ROLE_FILE}`)
    expect(diff).toMatch(/^\+\s+- sqs:\*$/m)
    // The console role codified into the import phase, its trust policy as YAML, not a JSON string.
    expect(diff).toMatch(/^\+\+\+ b\/phases\/99-imported\/.*\.yaml$/m)
    expect(diff).toMatch(/^\+\s+RoleName: ial-prod-debug$/m)
    expect(diff).toMatch(/^\+\s+AssumeRolePolicyDocument:\s*$/m)
    expect(diff).toMatch(/^\+\s+Service: ecs-tasks\.amazonaws\.com$/m)
    expect(diff).not.toMatch(/^\+.*[{"]\s*"?Statement/m)

    // The hostile description is data: quoted in the YAML, never a line of its own that a CI log would run.
    expect(result.stdout).not.toMatch(/^\s*::/m)

    const applied = spawnSync('git', ['apply', '-p1', '-'], {cwd: suite.workspace.dir, input: `${diff.trimEnd()}\n`, encoding: 'utf8'})
    expect(applied.status, applied.stderr).toBe(0)
    const validate = await cli('phases', 'validate')
    expect(validate.code, `${validate.stdout}\n${validate.stderr}`).toBe(0)
    const synced = await check()
    expect(synced.report.items.map((item) => item.id)).toEqual([])
    const imported = synced.report.summary.resources
    expect(imported).toBe(suite.estate.model.resources.filter((resource) => SUPPORTED_TYPES.has(resource.type)).length + 1)
  })

  it('GIVEN a declared role deleted by hand WHEN checked THEN it is missing at its file:line', async () => {
    await suite.aws.iam.send(new DetachRolePolicyCommand({RoleName: 'ial-prod-task-execution', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'}))
    await suite.aws.iam.send(new DeleteRoleCommand({RoleName: 'ial-prod-task-execution'}))

    const {code, report} = await check()
    expect(code).toBe(2)
    expect(report.items.filter((item) => item.type === ROLE)).toEqual([
      expect.objectContaining({id: 'TaskExecutionRole', driftType: 'missing_resource', severity: 'high', location: {file: EXECUTION_FILE, line: suite.resourceLine(EXECUTION_FILE, 'TaskExecutionRole')}}),
    ])
  })

  it('GIVEN the managed policy\'s default version widened by hand and a policy made in the console WHEN checked THEN critical drift at the statement\'s file:line and one extra; WHEN reverted THEN a new default version holds the declared document, read back with the SDK', async () => {
    const widened = {Version: '2012-10-17', Statement: [{Sid: 'ReadApiParameters', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], Resource: '*'}]}
    await suite.aws.iam.send(new CreatePolicyVersionCommand({PolicyArn: POLICY_ARN, PolicyDocument: JSON.stringify(widened), SetAsDefault: true}))
    await suite.aws.iam.send(new CreatePolicyCommand({PolicyName: 'ial-prod-debug-read', PolicyDocument: JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 's3:*', Resource: '*'}]})}))

    const {code, report} = await check()
    expect(code).toBe(2)
    const policies = report.items.filter((item) => item.type === POLICY)
    expect(policies.map((item) => [item.id, item.driftType, item.severity])).toEqual([
      ['ApiConfigReadPolicy', 'configuration_drift', 'critical'],
      ['arn:aws:iam::123456789012:policy/ial-prod-debug-read', 'extra_resource', 'medium'],
    ])
    const [drift] = policies
    // The line of the statement's `Resource:`, read from the file as a person would.
    const configReadResourceLine = () => readFileSync(path.join(suite.workspace.dir, TASK_ROLE_FILE), 'utf8').split('\n').findIndex((line) => /^\s+Resource: .*parameter\/ial\/prod\/api\/\*$/.test(line)) + 1
    expect(drift.location).toEqual({file: TASK_ROLE_FILE, line: suite.resourceLine(TASK_ROLE_FILE, 'ApiConfigReadPolicy')})
    expect(drift.differences).toEqual([
      {path: '/PolicyDocument/Statement/0/Resource', expected: DECLARED_CONFIG_READ.Statement[0].Resource, actual: '*', kind: 'NOT_EQUAL', line: configReadResourceLine()},
    ])
    expect(drift.recommended).toBe('revert')

    const reverted = await cli('drift', 'revert', 'ApiConfigReadPolicy', '--auto-approve', '--approve-critical', '--json')
    expect(reverted.code, `${reverted.stdout}\n${reverted.stderr}`).toBe(0)
    expect((JSON.parse(reverted.stdout) as RevertJson).items).toEqual([expect.objectContaining({itemId: 'ApiConfigReadPolicy', state: 'applied'})])
    const {Policy} = await suite.aws.iam.send(new GetPolicyCommand({PolicyArn: POLICY_ARN}))
    expect(Policy?.DefaultVersionId).toBe('v3')
    const {PolicyVersion} = await suite.aws.iam.send(new GetPolicyVersionCommand({PolicyArn: POLICY_ARN, VersionId: Policy!.DefaultVersionId}))
    expect(JSON.parse(decodeURIComponent(PolicyVersion!.Document!))).toEqual(DECLARED_CONFIG_READ)
    expect((await check()).report.items.filter((item) => item.type === POLICY).map((item) => item.id)).toEqual(['arn:aws:iam::123456789012:policy/ial-prod-debug-read'])
  })

  it('GIVEN the managed policy widened again and the console policy WHEN `reverse-sync --dry-run --include-critical` runs THEN the document is edited in place and the extra codified as YAML; applied to the phases they pass `phases validate` and check in sync', async () => {
    const widened = {Version: '2012-10-17', Statement: [{Sid: 'ReadApiParameters', Effect: 'Allow', Action: 'ssm:*', Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/ial/prod/api/*'}]}
    await suite.aws.iam.send(new CreatePolicyVersionCommand({PolicyArn: POLICY_ARN, PolicyDocument: JSON.stringify(widened), SetAsDefault: true}))

    // Critical security drift is not adopted by default: it is listed for a revert.
    const cautious = await cli('reverse-sync', '--dry-run')
    expect(cautious.code, cautious.stderr).toBe(0)
    expect(cautious.stdout.split('\n--- pull request body ---')[1] ?? '').toMatch(/### Revert recommended[\s\S]*`ApiConfigReadPolicy` .*`ialctl drift revert ApiConfigReadPolicy`/)

    const result = await cli('reverse-sync', '--dry-run', '--include-critical')
    expect(result.code, result.stderr).toBe(0)
    const diff = result.stdout.split('\n--- pull request body ---')[0]
    // The widened action written over the declared list, in the policy's own file (comments and layout kept).
    expect(diff).toContain(`--- a/${TASK_ROLE_FILE}`)
    expect(diff).toMatch(/^\+\s+- ssm:\*$/m)
    expect(diff).toMatch(/^-\s+- ssm:GetParametersByPath$/m)
    // The console policy codified into the import phase, its document as YAML, not a JSON string.
    expect(diff).toMatch(/^\+\s+Type: AWS::IAM::ManagedPolicy$/m)
    expect(diff).toMatch(/^\+\s+ManagedPolicyName: ial-prod-debug-read$/m)
    expect(diff).toMatch(/^\+\s+- Action: s3:\*$/m)
    expect(diff).not.toMatch(/^\+.*[{"]\s*"?Statement/m)

    const applied = spawnSync('git', ['apply', '-p1', '-'], {cwd: suite.workspace.dir, input: `${diff.trimEnd()}\n`, encoding: 'utf8'})
    expect(applied.status, applied.stderr).toBe(0)
    const validate = await cli('phases', 'validate')
    expect(validate.code, `${validate.stdout}\n${validate.stderr}`).toBe(0)
    expect((await check()).report.items.filter((item) => item.type === POLICY)).toEqual([])
  })

  it('GIVEN the declared managed policy deleted by hand WHEN checked THEN it is missing at its file:line', async () => {
    // IAM deletes a policy only once it is detached and its other versions are gone.
    await suite.aws.iam.send(new DetachRolePolicyCommand({RoleName: 'ial-prod-api-task', PolicyArn: POLICY_ARN}))
    const {Versions = []} = await suite.aws.iam.send(new ListPolicyVersionsCommand({PolicyArn: POLICY_ARN}))
    for (const version of Versions.filter((each) => !each.IsDefaultVersion)) await suite.aws.iam.send(new DeletePolicyVersionCommand({PolicyArn: POLICY_ARN, VersionId: version.VersionId}))
    await suite.aws.iam.send(new DeletePolicyCommand({PolicyArn: POLICY_ARN}))

    const {code, report} = await check()
    expect(code).toBe(2)
    expect(report.items.filter((item) => item.type === POLICY)).toEqual([
      expect.objectContaining({id: 'ApiConfigReadPolicy', driftType: 'missing_resource', location: {file: TASK_ROLE_FILE, line: suite.resourceLine(TASK_ROLE_FILE, 'ApiConfigReadPolicy')}}),
    ])
  })
})
