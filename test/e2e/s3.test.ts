// S3 buckets against moto, through the built CLI: the example estate's artefacts bucket in sync, then drift a person
// makes by hand: one public access block setting turned off, versioning suspended, a tag changed, a bucket created
// in the console. The heal turns the block back on and versioning back to Enabled (one-way hardening heals, exempt
// from the severity limit) and puts the tag back, read with the SDK; a saved plan edited to send the opposite calls
// is refused with no write reaching AWS; reverse sync writes what a person decided into the template and codifies the
// extra, and `phases validate` and cfn-lint accept the result.
//
// moto and AWS: moto creates a bucket without the public access block and ownership controls AWS has applied to new
// buckets since April 2023, and answers ListBuckets in one page (pagination is covered by the adapter's unit test);
// moto reports lifecycle's TransitionDefaultMinimumObjectSize as AWS does (its default, all_storage_classes_128K).
// AWS's documented behaviour is what the product follows.
import {spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  type LifecycleRule,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3'
import {afterAll, beforeAll, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import type {HealPlan} from '../../src/core/plan/heal-plan.js'
import {e2eConfigText} from './fixtures/config.js'
import {createExampleEstate, type Estate} from './fixtures/estate.js'
import {awsClients, type AwsClients} from './helpers/aws-clients.js'
import {type AwsProxy, startCountingProxy} from './helpers/aws-proxy.js'
import {createWorkspace, runCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {propertyLine, resourceLine} from './helpers/template-lines.js'

const BUCKET_TYPE = 'AWS::S3::Bucket'
const FILE = 'phases/40-data/04-artefacts-bucket.yaml'
const EXTRA = 'ial-prod-artefacts-scratch'
const ALL_ON = {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
// What phases/40-data/04-artefacts-bucket.yaml declares, in the API's shape: SSE-KMS with a bucket key, ACLs off,
// old versions pruned after 90 days.
const GIT_ENCRYPTION = [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}, BucketKeyEnabled: true}]
const GIT_LIFECYCLE = [{ID: 'expire-old-versions', Status: 'Enabled', Filter: {Prefix: ''}, NoncurrentVersionExpiration: {NoncurrentDays: 90}, AbortIncompleteMultipartUpload: {DaysAfterInitiation: 7}}]
// A rule a person adds by hand whose Id carries Markdown and a CI workflow command (SPEC 10); XML 1.0, so S3, cannot
// carry a terminal escape (the planner's table covers that one).
const HOSTILE_ID = '**tmp** [x](https://evil.example)\n::warning::x'

interface RevertJson {
  plan: {entries: Array<{itemId: string; decision: string; reason: string; weakens?: string}>}
  items: Array<{itemId: string; state: string; error?: string}>
}

describeE2e('S3 buckets against moto', () => {
  let estate: Estate
  let workspace: Workspace
  let aws: AwsClients
  let proxy: AwsProxy
  const cli = (...args: string[]) => runCli(workspace, args, {endpoint: motoEndpoint()})
  const check = async () => {
    const result = await cli('drift', 'check', '--json')
    return {code: result.code, stderr: result.stderr, report: JSON.parse(result.stdout) as DriftReport}
  }

  const bucket = () => estate.resources.ArtefactsBucket.physicalId
  const s3Items = (report: DriftReport) => report.items.filter((item) => item.type === BUCKET_TYPE)
  const publicAccess = async () => (await aws.s3.send(new GetPublicAccessBlockCommand({Bucket: bucket()}))).PublicAccessBlockConfiguration
  const versioning = async () => (await aws.s3.send(new GetBucketVersioningCommand({Bucket: bucket()}))).Status
  const settings = async () => ({
    encryption: (await aws.s3.send(new GetBucketEncryptionCommand({Bucket: bucket()}))).ServerSideEncryptionConfiguration?.Rules,
    ownership: (await aws.s3.send(new GetBucketOwnershipControlsCommand({Bucket: bucket()}))).OwnershipControls?.Rules,
    lifecycle: (await aws.s3.send(new GetBucketLifecycleConfigurationCommand({Bucket: bucket()}))).Rules,
  })
  const revert = async (...flags: string[]) => {
    proxy.calls.length = 0
    const result = await runCli(workspace, ['drift', 'revert', 'ArtefactsBucket', '--auto-approve', '--json', ...flags], {endpoint: proxy.endpoint})
    return {code: result.code, stderr: result.stderr, json: JSON.parse(result.stdout) as RevertJson, writes: proxy.writes().map((call) => call.operation)}
  }

  const tags = async (): Promise<Record<string, string>> => Object.fromEntries(((await aws.s3.send(new GetBucketTaggingCommand({Bucket: bucket()}))).TagSet ?? []).map((tag) => [tag.Key!, tag.Value!]))

  beforeAll(async () => {
    aws = awsClients(motoEndpoint())
    estate = await createExampleEstate(motoEndpoint())
    workspace = createWorkspace({config: e2eConfigText()})
    proxy = await startCountingProxy(motoEndpoint())
  })
  afterAll(async () => {
    aws.destroy()
    await proxy.close()
  })

  it('GIVEN the artefacts bucket as the phases declare it WHEN checked THEN it is read, settings and tags, and in sync', async () => {
    expect(bucket()).toBe('ial-prod-artefacts-123456789012')
    expect(await publicAccess()).toEqual(ALL_ON)
    const {code, stderr, report} = await check()
    expect(code, stderr).toBe(0)
    expect(s3Items(report)).toEqual([])
  })

  it('GIVEN BlockPublicAcls turned off, versioning suspended, a tag changed and a console bucket in scope WHEN checked THEN each at its file:line, critical and still auto-healable, and the extra', async () => {
    await aws.s3.send(new PutPublicAccessBlockCommand({Bucket: bucket(), PublicAccessBlockConfiguration: {...ALL_ON, BlockPublicAcls: false}}))
    await aws.s3.send(new PutBucketVersioningCommand({Bucket: bucket(), VersioningConfiguration: {Status: 'Suspended'}}))
    // S3 writes the tag set whole: the other tags stay as they are.
    await aws.s3.send(new PutBucketTaggingCommand({Bucket: bucket(), Tagging: {TagSet: [...Object.entries({...(await tags()), Owner: 'someone-in-the-console'})].map(([Key, Value]) => ({Key, Value}))}}))
    await aws.s3.send(new CreateBucketCommand({Bucket: EXTRA}))
    await aws.s3.send(new PutBucketVersioningCommand({Bucket: EXTRA, VersioningConfiguration: {Status: 'Enabled'}}))
    await aws.s3.send(new PutBucketTaggingCommand({Bucket: EXTRA, Tagging: {TagSet: [{Key: 'ManagedBy', Value: 'ialctl'}, {Key: 'Owner', Value: 'platform-team'}]}}))

    const {code, report} = await check()
    expect(code).toBe(2)
    const byId = Object.fromEntries(s3Items(report).map((item) => [item.id, item]))
    expect(Object.keys(byId).sort()).toEqual(['ArtefactsBucket', EXTRA])
    // A public access setting off is critical (exposure); both heals only harden and the third change is a tag, so the
    // item is auto-healable whatever autoHeal.severityLimit says (SPEC 6).
    expect(byId.ArtefactsBucket).toMatchObject({driftType: 'configuration_drift', severity: 'critical', autoHealable: true, location: {file: FILE, line: resourceLine(workspace.dir, FILE, 'ArtefactsBucket')}})
    expect([...byId.ArtefactsBucket.differences].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      // The nested keys, on the line below their parent.
      {path: '/PublicAccessBlockConfiguration/BlockPublicAcls', expected: true, actual: false, kind: 'NOT_EQUAL', line: propertyLine(workspace.dir, FILE, 'ArtefactsBucket', '/PublicAccessBlockConfiguration') + 1},
      {path: '/Tags/Owner', expected: 'platform-team', actual: 'someone-in-the-console', kind: 'NOT_EQUAL', line: propertyLine(workspace.dir, FILE, 'ArtefactsBucket', '/Tags/Owner')},
      {path: '/VersioningConfiguration/Status', expected: 'Enabled', actual: 'Suspended', kind: 'NOT_EQUAL', line: propertyLine(workspace.dir, FILE, 'ArtefactsBucket', '/VersioningConfiguration') + 1},
    ])
    expect(byId[EXTRA]).toMatchObject({driftType: 'extra_resource', severity: 'medium', autoHealable: false})

    const text = await cli('drift', 'check')
    expect(text.stdout).toMatch(/ArtefactsBucket +AWS::S3::Bucket · configuration drift · .*security.* · auto-healable/)
    expect(text.stdout).toContain(`${FILE}:${propertyLine(workspace.dir, FILE, 'ArtefactsBucket', '/PublicAccessBlockConfiguration') + 1}`)
  })

  it('GIVEN that drift WHEN a saved plan is edited to send the opposite calls (a block setting off, versioning Suspended) THEN it is refused whole and no write reaches AWS', async () => {
    const planned = await cli('drift', 'plan', '--out', 'plan.json')
    expect(planned.code, planned.stderr).toBe(0)
    const plan = JSON.parse(readFileSync(path.join(workspace.dir, 'plan.json'), 'utf8')) as HealPlan
    const entry = plan.entries.find((candidate) => candidate.itemId === 'ArtefactsBucket')!
    expect(entry.decision).toBe('heal')
    expect(entry.actions.map((action) => action.api).sort()).toEqual(['S3.PutBucketTagging', 'S3.PutBucketVersioning', 'S3.PutPublicAccessBlock'])
    for (const action of entry.actions) {
      if (action.api === 'S3.PutPublicAccessBlock') action.params.PublicAccessBlockConfiguration = {...ALL_ON, BlockPublicPolicy: false}
      if (action.api === 'S3.PutBucketVersioning') action.params.VersioningConfiguration = {Status: 'Suspended'}
    }

    writeFileSync(path.join(workspace.dir, 'forged.json'), JSON.stringify(plan, null, 2))
    proxy.calls.length = 0
    const forged = await runCli(workspace, ['drift', 'heal', '--plan', 'forged.json', '--auto-approve'], {endpoint: proxy.endpoint})
    expect(forged.code).toBe(1)
    expect(forged.stderr).toMatch(/^Error: the plan in forged\.json was edited: ArtefactsBucket: .* its calls; nothing was sent/)
    expect(proxy.writes()).toEqual([])
    expect(await publicAccess()).toEqual({...ALL_ON, BlockPublicAcls: false})
    expect(await versioning()).toBe('Suspended')
  })

  it('GIVEN that drift WHEN `drift heal --auto-approve` runs THEN the block is all on, versioning Enabled and the tag back, read with the SDK; the extra stays', async () => {
    const heal = await cli('drift', 'heal', '--auto-approve')
    expect(heal.code, `${heal.stdout}\n${heal.stderr}`).toBe(0)
    expect(await publicAccess()).toEqual(ALL_ON)
    expect(await versioning()).toBe('Enabled')
    expect(await tags()).toEqual({Environment: 'production', Owner: 'platform-team', ManagedBy: 'ialctl'})
    // An extra is never deleted.
    expect((await aws.s3.send(new GetBucketVersioningCommand({Bucket: EXTRA}))).Status).toBe('Enabled')
    expect(s3Items((await check()).report).map((item) => [item.id, item.driftType])).toEqual([[EXTRA, 'extra_resource']])
  })

  // moto and AWS: moto accepts any encryption, ownership and lifecycle write here; AWS additionally refuses to turn
  // default encryption off (there is no DeleteBucketEncryption effect since January 2023), which ialctl never asks.
  it('GIVEN default encryption moved to SSE-S3 and ACLs turned back on (ObjectWriter) by hand WHEN `drift revert` runs THEN without a terminal it needs --approve-critical (nothing sent); with it Git\'s encryption and ownership are back, read with the SDK', async () => {
    await aws.s3.send(new PutBucketEncryptionCommand({Bucket: bucket(), ServerSideEncryptionConfiguration: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'AES256'}, BucketKeyEnabled: false}]}}))
    await aws.s3.send(new PutBucketOwnershipControlsCommand({Bucket: bucket(), OwnershipControls: {Rules: [{ObjectOwnership: 'ObjectWriter'}]}}))

    const refused = await revert()
    expect(refused.code, refused.stderr).toBe(2)
    expect(refused.json.plan.entries).toEqual([expect.objectContaining({itemId: 'ArtefactsBucket', decision: 'refused', reason: 'critical: without a terminal to confirm on, pass --approve-critical with --auto-approve'})])
    expect(refused.writes).toEqual([])

    const reverted = await revert('--approve-critical')
    expect(reverted.code, reverted.stderr).toBe(0)
    // Moving back to SSE-KMS and turning ACLs off only harden: no weakening to approve.
    expect(reverted.json.plan.entries).toEqual([expect.objectContaining({itemId: 'ArtefactsBucket', decision: 'revert', reason: 'in place by S3.PutBucketEncryption, S3.PutBucketOwnershipControls'})])
    expect(reverted.json.plan.entries[0].weakens).toBeUndefined()
    expect(reverted.json.items).toEqual([expect.objectContaining({itemId: 'ArtefactsBucket', state: 'applied'})])
    // The proxy names an S3 call by method and path (the subresource is in the query): the plan's reason says which.
    expect(reverted.writes).toEqual([`PUT /${bucket()}/`, `PUT /${bucket()}/`])
    // The plan printed after the run holds the calls as planned: nothing the SDK added on the way out (S3's checksum).
    expect(JSON.stringify(reverted.json.plan)).not.toContain('ChecksumAlgorithm')
    const now = await settings()
    expect(now.encryption).toEqual(GIT_ENCRYPTION)
    expect(now.ownership).toEqual([{ObjectOwnership: 'BucketOwnerEnforced'}])
    expect(now.lifecycle).toEqual(GIT_LIFECYCLE)
  })

  it('GIVEN the bucket key turned off, old versions kept a year and a rule with a hostile Id added by hand WHEN `drift revert` runs THEN it is refused as a weakening that deletes data without --approve-critical (nothing sent), the Id stays inert; with it Git\'s whole configuration is back', async () => {
    await aws.s3.send(new PutBucketEncryptionCommand({Bucket: bucket(), ServerSideEncryptionConfiguration: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}, BucketKeyEnabled: false}]}}))
    const kept: LifecycleRule = {...GIT_LIFECYCLE[0], Status: 'Enabled', NoncurrentVersionExpiration: {NoncurrentDays: 365}}
    const hostile: LifecycleRule = {ID: HOSTILE_ID, Status: 'Enabled', Filter: {Prefix: 'tmp/'}, Transitions: [{Days: 30, StorageClass: 'GLACIER'}]}
    await aws.s3.send(new PutBucketLifecycleConfigurationCommand({Bucket: bucket(), LifecycleConfiguration: {Rules: [kept, hostile]}}))

    const refused = await revert()
    expect(refused.code, refused.stderr).toBe(2)
    const [entry] = refused.json.plan.entries
    expect(entry).toMatchObject({itemId: 'ArtefactsBucket', decision: 'refused'})
    expect(entry.reason).toContain('it weakens security although Git says so (turns S3 Bucket Keys on: KMS then sees and logs one bucket-level key instead of each object; ')
    expect(entry.reason).toContain('deletes objects: rule "expire-old-versions" expires noncurrent versions after 90 days (AWS: after 365 days)): pass --approve-critical to revert it even so')
    expect(refused.writes).toEqual([])
    expect((await settings()).lifecycle).toEqual([kept, hostile])

    // The hand-made Id reaches the terminal, the plan and the Markdown report unable to form a CI workflow command.
    const text = await cli('drift', 'plan', '--revert')
    expect(text.stdout).toContain('deletes objects: rule "expire-old-versions"')
    for (const output of [text.stdout, (await cli('drift', 'check')).stdout, (await cli('drift', 'check', '--output', 'markdown')).stdout]) expect(output).not.toMatch(/^\s*::warning::/m)

    const reverted = await revert('--approve-critical')
    expect(reverted.code, JSON.stringify(reverted.json)).toBe(0)
    expect(reverted.json.items).toEqual([expect.objectContaining({itemId: 'ArtefactsBucket', state: 'applied'})])
    expect(reverted.json.plan.entries).toEqual([expect.objectContaining({decision: 'revert', reason: 'in place by S3.PutBucketEncryption, S3.PutBucketLifecycleConfiguration'})])
    expect(reverted.writes).toEqual([`PUT /${bucket()}/`, `PUT /${bucket()}/`])
    const now = await settings()
    expect(now.encryption).toEqual(GIT_ENCRYPTION)
    expect(now.lifecycle).toEqual(GIT_LIFECYCLE)
    expect(s3Items((await check()).report).map((item) => item.id)).toEqual([EXTRA])
  })

  it('GIVEN a person suspended versioning and added a lifecycle rule with a hostile Id on purpose WHEN `reverse-sync --dry-run --all` runs THEN the template gets both (the Id inert), the console bucket is codified, and all pass `phases validate` and cfn-lint', async () => {
    await aws.s3.send(new PutBucketVersioningCommand({Bucket: bucket(), VersioningConfiguration: {Status: 'Suspended'}}))
    const hostile: LifecycleRule = {ID: HOSTILE_ID, Status: 'Enabled', Filter: {Prefix: 'tmp/'}, Transitions: [{Days: 30, StorageClass: 'GLACIER'}]}
    await aws.s3.send(new PutBucketLifecycleConfigurationCommand({Bucket: bucket(), LifecycleConfiguration: {Rules: [...(GIT_LIFECYCLE as LifecycleRule[]), hostile]}}))
    // A heal would turn versioning back on, so reverse sync leaves it out unless asked for everything (--all).
    const result = await cli('reverse-sync', '--dry-run', '--all')
    expect(result.code, result.stderr).toBe(0)
    // The Id's newline never lets its CI workflow command start a line of the output or of the template.
    expect(result.stdout).not.toMatch(/^[\s+-]*::warning::/m)
    expect(result.stdout).toMatch(/^\+\s+- Id: .*\*\*tmp\*\* \[x\]\(https:\/\/evil\.example\)\\n::warning::x/m)
    const diff = result.stdout.split('\n--- pull request body ---')[0]
    expect(diff, result.stdout).toContain(`--- a/${FILE}`)
    expect(diff).toMatch(/^-\s+Status: Enabled$/m)
    expect(diff).toMatch(/^\+\s+Status: Suspended$/m)
    expect(diff).toMatch(/^\+\+\+ b\/phases\/99-imported\/.*\.yaml$/m)
    expect(diff).toMatch(/^\+\s+BucketName: ial-prod-artefacts-scratch$/m)
    // What AWS chose itself (lifecycle's default minimum object size, the account's ARN) is not written.
    expect(diff).not.toMatch(/TransitionDefaultMinimumObjectSize|arn:aws:s3/)

    const applied = spawnSync('git', ['apply', '-p1', '-'], {cwd: workspace.dir, input: `${diff.trimEnd()}\n`, encoding: 'utf8'})
    expect(applied.status, applied.stderr).toBe(0)
    const validate = await cli('phases', 'validate')
    expect(validate.code, `${validate.stdout}\n${validate.stderr}`).toBe(0)
    const imported = diff.match(/^\+\+\+ b\/(phases\/99-imported\/.*\.yaml)$/m)![1]
    for (const file of [FILE, imported]) {
      const lint = spawnSync('cfn-lint', [path.join(workspace.dir, file)], {encoding: 'utf8'})
      expect(lint.error === undefined ? lint.status : 0, `${file}: ${lint.stdout}`).toBe(0)
    }

    const template = readFileSync(path.join(workspace.dir, FILE), 'utf8')
    expect(template).toMatch(/^ {8}Status: Suspended$/m)
    expect(template).not.toMatch(/^\s*::warning::/m)
    // Codified exactly: the bucket is in sync with the rule as AWS holds it.
    expect(s3Items((await check()).report)).toEqual([])
  })

  it('GIVEN the declared bucket deleted by hand WHEN checked THEN it is missing at its file:line', async () => {
    await aws.s3.send(new DeleteBucketCommand({Bucket: bucket()}))
    const {code, report} = await check()
    expect(code).toBe(2)
    expect(s3Items(report)).toEqual([
      expect.objectContaining({id: 'ArtefactsBucket', driftType: 'missing_resource', location: {file: FILE, line: resourceLine(workspace.dir, FILE, 'ArtefactsBucket')}}),
    ])
  })
})
