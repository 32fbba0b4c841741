// S3 bucket policies against moto, through the built CLI: the artefacts bucket's policy (HTTPS only) in sync, then
// what a person does by hand: turns the bucket's BlockPublicPolicy off and adds a statement that lets anyone read
// the artefacts, with a hostile condition value; a console bucket in scope with a policy of its own. The widened
// policy is critical drift at its file:line; `drift revert` puts Git's document back whole only with
// --approve-critical (read back with the SDK); reverse sync adopts a narrowing a person made on purpose and codifies
// the extra bucket with its policy; a policy deleted by hand is missing.
//
// moto and AWS: AWS refuses a public policy while BlockPublicPolicy is on (AccessDenied), which is why the person
// turns the block off first; moto does not enforce the block, but the test follows AWS's order of events.
import {spawnSync} from 'node:child_process'
import path from 'node:path'

import {CreateBucketCommand, DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, PutPublicAccessBlockCommand} from '@aws-sdk/client-s3'
import {expect, it} from 'vitest'

import {runCli} from './helpers/cli.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const POLICY_TYPE = 'AWS::S3::BucketPolicy'
const FILE = 'phases/40-data/04-artefacts-bucket.yaml'
const EXTRA = 'ial-prod-artefacts-mirror'
// An extra policy's id: its bucket's name is the extra bucket's id already.
const EXTRA_POLICY = `${EXTRA}#policy`
const ESCAPE = '\u001B]8;;https://evil.example\u0007click\u001B]8;;\u0007'

describeE2e('S3 bucket policies against moto', () => {
  const suite = exampleEstateSuite({proxy: true, type: POLICY_TYPE})
  const {cli, check} = suite

  const bucket = () => suite.estate.resources.ArtefactsBucket.physicalId
  const arn = () => `arn:aws:s3:::${bucket()}`
  const policy = async (Bucket = bucket()) => JSON.parse((await suite.aws.s3.send(new GetBucketPolicyCommand({Bucket}))).Policy!) as {Statement: Array<Record<string, unknown>>}
  const httpsOnly = () => ({
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn(), `${arn()}/*`],
    Condition: {Bool: {'aws:SecureTransport': 'false'}},
  })
  const putPolicy = (Bucket: string, Statement: unknown[]) => suite.aws.s3.send(new PutBucketPolicyCommand({Bucket, Policy: JSON.stringify({Version: '2012-10-17', Statement})}))

  it('GIVEN the policy as the phases declare it WHEN checked THEN it is read and in sync', async () => {
    expect(suite.estate.resources.ArtefactsBucketPolicy.physicalId).toBe(bucket())
    expect((await policy()).Statement).toEqual([httpsOnly()])
    const {code, stderr, items} = await check()
    expect(code, stderr).toBe(0)
    expect(items).toEqual([])
  })

  it('GIVEN public read added by hand and a console bucket with a policy WHEN checked THEN the widened policy is critical at its file:line, the extra listed, and the hostile value printed inert', async () => {
    await suite.aws.s3.send(new PutPublicAccessBlockCommand({Bucket: bucket(), PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: false, IgnorePublicAcls: true, RestrictPublicBuckets: true}}))
    await putPolicy(bucket(), [httpsOnly(), {Sid: 'VendorRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn()}/*`, Condition: {StringEquals: {'aws:UserAgent': ESCAPE}}}])
    await suite.aws.s3.send(new CreateBucketCommand({Bucket: EXTRA}))
    await suite.aws.s3.send(new PutBucketTaggingCommand({Bucket: EXTRA, Tagging: {TagSet: [{Key: 'ManagedBy', Value: 'ialctl'}]}}))
    await putPolicy(EXTRA, [{Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${EXTRA}/*`, Condition: {Bool: {'aws:SecureTransport': 'false'}}}])

    const {code, items} = await check()
    expect(code).toBe(2)
    const byId = Object.fromEntries(items.map((item) => [item.id, item]))
    expect(items.map((item) => item.id).sort(), JSON.stringify(items, null, 1)).toEqual(['ArtefactsBucketPolicy', EXTRA_POLICY])
    expect(byId.ArtefactsBucketPolicy).toMatchObject({driftType: 'configuration_drift', severity: 'critical', autoHealable: false, recommended: 'revert'})
    const widened = byId.ArtefactsBucketPolicy.differences
    expect(widened.map((difference) => difference.path)).toEqual(['/PolicyDocument/Statement/1'])
    // A statement only in AWS is reported at the Statement key (two lines under PolicyDocument, after Version).
    expect(widened[0].line).toBe(suite.propertyLine(FILE, 'ArtefactsBucketPolicy', '/PolicyDocument') + 2)
    expect(byId[EXTRA_POLICY]).toMatchObject({driftType: 'extra_resource', physicalId: EXTRA})

    const text = await cli('drift', 'check')
    expect(text.stdout).toMatch(/ArtefactsBucketPolicy +AWS::S3::BucketPolicy · configuration drift · .*security/)
    expect(text.stdout).toContain(`ialctl drift revert`)
    // The condition value a person (or an attacker) wrote reaches the terminal as text, never as an escape sequence.
    expect(text.stdout).not.toContain('\u001B]8')
    expect(text.stdout).not.toContain('\u0007')
  })

  it('GIVEN that drift WHEN `drift revert` runs without a terminal THEN it needs --approve-critical, then puts Git\'s whole document back, read with the SDK', async () => {
    suite.proxy.calls.length = 0
    const refused = await runCli(suite.workspace, ['drift', 'revert', 'ArtefactsBucketPolicy', '--auto-approve'], {endpoint: suite.proxy.endpoint})
    expect(refused.code, `${refused.stdout}\n${refused.stderr}`).toBe(2)
    expect(`${refused.stdout}${refused.stderr}`).toContain('--approve-critical')
    expect(suite.proxy.writes()).toEqual([])
    expect((await policy()).Statement).toHaveLength(2)

    const reverted = await cli('drift', 'revert', 'ArtefactsBucketPolicy', '--auto-approve', '--approve-critical')
    expect(reverted.code, `${reverted.stdout}\n${reverted.stderr}`).toBe(0)
    expect((await policy()).Statement).toEqual([httpsOnly()])
    const {items} = await check()
    expect(items.map((item) => item.id)).toEqual([EXTRA_POLICY])
  })

  it('GIVEN a person narrowed the policy on purpose WHEN `reverse-sync --dry-run` adopts it THEN the template gets the statement, the console bucket and its policy are codified, and all pass `phases validate` and cfn-lint', async () => {
    const denyDeletes = {Sid: 'DenyObjectDeletes', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `${arn()}/*`}
    await putPolicy(bucket(), [httpsOnly(), denyDeletes])
    const result = await cli('reverse-sync', '--dry-run', '--all', '--include-critical')
    expect(result.code, result.stderr).toBe(0)
    const diff = result.stdout.split('\n--- pull request body ---')[0]
    expect(diff, result.stdout).toContain(`--- a/${FILE}`)
    expect(diff).toMatch(/^\+\s+- Sid: DenyObjectDeletes$/m)
    expect(diff).toMatch(/^\+\s+BucketName: ial-prod-artefacts-mirror$/m)
    // The console bucket and its policy, one each: an extra bucket and an extra policy share a name, never an entry.
    expect(diff.match(/^\+\s+Type: AWS::S3::BucketPolicy$/gm)).toHaveLength(1)
    expect(diff.match(/^\+\s+Type: AWS::S3::Bucket$/gm)).toHaveLength(1)

    const applied = spawnSync('git', ['apply', '-p1', '-'], {cwd: suite.workspace.dir, input: `${diff.trimEnd()}\n`, encoding: 'utf8'})
    expect(applied.status, applied.stderr).toBe(0)
    const validate = await cli('phases', 'validate')
    expect(validate.code, `${validate.stdout}\n${validate.stderr}`).toBe(0)
    const imported = diff.match(/^\+\+\+ b\/(phases\/99-imported\/.*\.yaml)$/m)![1]
    for (const file of [FILE, imported]) {
      const lint = spawnSync('cfn-lint', [path.join(suite.workspace.dir, file)], {encoding: 'utf8'})
      expect(lint.error === undefined ? lint.status : 0, `${file}: ${lint.stdout}`).toBe(0)
    }

    expect((await check()).items).toEqual([])
  })

  it('GIVEN the policy deleted by hand WHEN checked THEN it is missing at its file:line, and a revert never creates it', async () => {
    await suite.aws.s3.send(new DeleteBucketPolicyCommand({Bucket: bucket()}))
    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items.filter((item) => item.id === 'ArtefactsBucketPolicy')).toEqual([expect.objectContaining({driftType: 'missing_resource', location: expect.objectContaining({file: FILE})})])
    suite.proxy.calls.length = 0
    const revert = await runCli(suite.workspace, ['drift', 'revert', 'ArtefactsBucketPolicy', '--auto-approve', '--approve-critical'], {endpoint: suite.proxy.endpoint})
    expect(suite.proxy.writes()).toEqual([])
    expect(`${revert.stdout}${revert.stderr}`).toMatch(/cannot revert|missing/i)
  })
})
