// KMS keys against moto, through the built CLI: the example estate's data key (found by the alias the phases aim at
// it) in sync, then drift a person makes by hand: rotation turned off and a tag changed (healed: rotation only ever
// goes back on), the description rewritten with text that would inject into a terminal, a CI log, Markdown or YAML
// (reverted, then adopted by reverse sync into a template that still validates), the key policy opened to everyone
// (critical: reverted only with --approve-critical), a console key in scope (extra, codified), a key pending deletion
// (never extra), the alias deleted and the key scheduled for deletion (missing). A saved heal plan edited to turn
// rotation off is refused before any write. Every result is read back with the SDK.
//
// moto and AWS: moto's GetKeyRotationStatus answers no RotationPeriodInDays (AWS does, 365 by default; the template
// sets none, so nothing is compared there); moto lists the reserved `alias/aws/*` aliases without keys behind them
// (AWS creates an AWS-managed key on first use: ialctl leaves both out); moto's PutKeyPolicy does not run KMS's
// lockout safety check (AWS refuses a policy that would lock the caller out; ialctl never sends
// BypassPolicyLockoutSafetyCheck); moto answers ListKeys in one page (pagination is covered by the adapter's unit
// test). AWS's documented behaviour is what the product follows.
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms'
import {beforeAll, expect, it} from 'vitest'
import {parseDocument} from 'yaml'

import {samePolicy} from '../../src/core/diff/policy-document.js'
import type {HealPlan} from '../../src/core/plan/heal-plan.js'
import {runCli} from './helpers/cli.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const KEY = 'AWS::KMS::Key'
const FILE = 'phases/10-security/04-data-key.yaml'
const DESCRIPTION = 'Encrypts the orders data at rest.'
/** What a person typed into the console: a terminal escape, a CI log command, a Markdown table row, YAML. */
const HOSTILE = 'temp \u001B[31mRED\u001B[0m\n::error::leaked\n| --- | x |\nkey: !Ref Evil'

describeE2e('KMS keys against moto', () => {
  const suite = exampleEstateSuite({proxy: true, type: KEY})
  const {cli, check} = suite
  let keyId: string
  let extraKeyId: string
  beforeAll(() => {
    keyId = suite.estate.resources.DataKey.physicalId
  })

  const dataKeyItem = async () => (await check()).items.find((item) => item.id === 'DataKey')
  const rotation = async () => (await suite.aws.kms.send(new GetKeyRotationStatusCommand({KeyId: keyId}))).KeyRotationEnabled
  const tags = async (id = keyId) => Object.fromEntries(((await suite.aws.kms.send(new ListResourceTagsCommand({KeyId: id}))).Tags ?? []).map((tag) => [tag.TagKey, tag.TagValue]))
  const policy = async () => JSON.parse((await suite.aws.kms.send(new GetKeyPolicyCommand({KeyId: keyId, PolicyName: 'default'}))).Policy!) as Record<string, unknown>
  const description = async () => (await suite.aws.kms.send(new DescribeKeyCommand({KeyId: keyId}))).KeyMetadata?.Description
  const line = (pointer: string) => suite.propertyLine(FILE, 'DataKey', pointer)

  it('GIVEN the key and its alias as the phases declare them WHEN checked THEN the key is found by its alias and in sync, its YAML policy equal to the JSON KMS answers', async () => {
    expect(await rotation()).toBe(true)
    const {code, stderr, items} = await check()
    expect(code, stderr).toBe(0)
    expect(items).toEqual([])
  })

  it('GIVEN rotation turned off and a tag changed by hand, a console key in scope and one pending deletion WHEN checked THEN critical drift at file:line and one extra; a plan edited to turn rotation off is refused with no write; heal turns rotation back on and puts the tag back, read with the SDK', async () => {
    await suite.aws.kms.send(new DisableKeyRotationCommand({KeyId: keyId}))
    await suite.aws.kms.send(new TagResourceCommand({KeyId: keyId, Tags: [{TagKey: 'Owner', TagValue: 'someone-in-the-console'}]}))
    const console = await suite.aws.kms.send(new CreateKeyCommand({Description: 'replay tests', Tags: [{TagKey: 'ManagedBy', TagValue: 'ialctl'}, {TagKey: 'Name', TagValue: 'ial-prod-replay'}]}))
    extraKeyId = console.KeyMetadata!.KeyId!
    const leaving = await suite.aws.kms.send(new CreateKeyCommand({Description: 'old data key', Tags: [{TagKey: 'ManagedBy', TagValue: 'ialctl'}]}))
    await suite.aws.kms.send(new ScheduleKeyDeletionCommand({KeyId: leaving.KeyMetadata!.KeyId!, PendingWindowInDays: 7}))

    const {code, items} = await check()
    expect(code).toBe(2)
    const byId = Object.fromEntries(items.map((item) => [item.id, item]))
    // The key pending deletion is on its way out: never an extra.
    expect(Object.keys(byId).sort()).toEqual(['DataKey', extraKeyId].sort())
    // Rotation off is critical, and auto-healable whatever the severity limit: the heal only turns it on (SPEC 6).
    expect(byId.DataKey).toMatchObject({driftType: 'configuration_drift', severity: 'critical', autoHealable: true, location: {file: FILE, line: suite.resourceLine(FILE, 'DataKey')}})
    expect(byId.DataKey.differences).toEqual([
      {path: '/EnableKeyRotation', expected: true, actual: false, kind: 'NOT_EQUAL', line: line('/EnableKeyRotation')},
      {path: '/Tags/Owner', expected: 'platform-team', actual: 'someone-in-the-console', kind: 'NOT_EQUAL', line: line('/Tags/Owner')},
    ])
    expect(byId[extraKeyId]).toMatchObject({driftType: 'extra_resource', physicalId: extraKeyId})

    // A saved plan whose rotation heal was edited into DisableKeyRotation: refused whole, and no write reaches KMS.
    const planned = await cli('drift', 'plan', '--out', 'plan.json')
    expect(planned.code, planned.stderr).toBe(0)
    const plan = JSON.parse(readFileSync(path.join(suite.workspace.dir, 'plan.json'), 'utf8')) as HealPlan
    const entry = plan.entries.find((candidate) => candidate.itemId === 'DataKey')!
    const rotate = entry.actions.find((action) => action.api === 'KMS.EnableKeyRotation')!
    rotate.api = 'KMS.DisableKeyRotation'
    writeFileSync(path.join(suite.workspace.dir, 'edited.json'), JSON.stringify(plan, null, 2))
    suite.proxy.calls.length = 0
    const forged = await runCli(suite.workspace, ['drift', 'heal', '--plan', 'edited.json', '--auto-approve'], {endpoint: suite.proxy.endpoint})
    expect(forged.code, forged.stdout).toBe(1)
    expect(forged.stderr).toContain('DataKey')
    expect(suite.proxy.writes()).toEqual([])
    expect(await rotation()).toBe(false)

    const healed = await cli('drift', 'heal', '--auto-approve')
    expect(healed.code, `${healed.stdout}\n${healed.stderr}`).toBe(0)
    expect(await rotation()).toBe(true)
    expect(await tags()).toMatchObject({Owner: 'platform-team', Name: 'ial-prod-data', ManagedBy: 'ialctl'})
    // An extra key is never disabled nor scheduled for deletion.
    expect((await suite.aws.kms.send(new DescribeKeyCommand({KeyId: extraKeyId}))).KeyMetadata).toMatchObject({Enabled: true, KeyState: 'Enabled'})
    expect((await check()).items.map((item) => item.id)).toEqual([extraKeyId])
  })

  it('GIVEN the description rewritten by hand with hostile text WHEN checked THEN it drifts at its line and the text reaches no output raw; `drift revert` puts it back, read with the SDK', async () => {
    await suite.aws.kms.send(new UpdateKeyDescriptionCommand({KeyId: keyId, Description: HOSTILE}))
    const item = await dataKeyItem()
    expect(item).toMatchObject({driftType: 'configuration_drift', autoHealable: false})
    expect(item?.differences).toEqual([{path: '/Description', expected: DESCRIPTION, actual: HOSTILE, kind: 'NOT_EQUAL', line: line('/Description')}])

    const text = await cli('drift', 'check')
    const markdown = await cli('drift', 'check', '--output', 'markdown')
    for (const output of [text.stdout, markdown.stdout]) {
      expect(output).not.toContain('\u001B')
      expect(output).not.toMatch(/^\s*::error::/m)
      expect(output).not.toMatch(/^\| --- \| x \|/m)
    }

    const reverted = await cli('drift', 'revert', 'DataKey', '--auto-approve')
    expect(reverted.code, `${reverted.stdout}\n${reverted.stderr}`).toBe(0)
    expect(await description()).toBe(DESCRIPTION)
  })

  it('GIVEN the key policy opened to every principal by hand WHEN checked THEN critical drift addressed to the statement; `drift revert` needs --approve-critical, then puts the declared policy back, read with the SDK', async () => {
    const declared = await policy()
    const opened = {...declared, Statement: [...(declared.Statement as object[]), {Sid: 'Anyone', Effect: 'Allow', Principal: {AWS: '*'}, Action: 'kms:Decrypt', Resource: '*'}]}
    await suite.aws.kms.send(new PutKeyPolicyCommand({KeyId: keyId, PolicyName: 'default', Policy: JSON.stringify(opened)}))

    const item = await dataKeyItem()
    expect(item).toMatchObject({driftType: 'configuration_drift', severity: 'critical', autoHealable: false})
    expect(item?.differences.map((difference) => difference.path)).toEqual(['/KeyPolicy/Statement/2'])

    const refused = await cli('drift', 'revert', 'DataKey', '--auto-approve')
    expect(refused.code, refused.stdout).not.toBe(0)
    expect(`${refused.stdout}${refused.stderr}`).toContain('--approve-critical')
    expect(samePolicy(await policy(), opened)).toBe(true)

    const reverted = await cli('drift', 'revert', 'DataKey', '--auto-approve', '--approve-critical')
    expect(reverted.code, `${reverted.stdout}\n${reverted.stderr}`).toBe(0)
    expect(samePolicy(await policy(), declared)).toBe(true)
    expect(await dataKeyItem()).toBeUndefined()
  })

  it('GIVEN a person rewrote the description on purpose (hostile text) and the console key WHEN `reverse-sync --dry-run --all` runs and its diff is applied THEN the template holds the text as written, the key is codified, and both pass `phases validate` and cfn-lint', async () => {
    await suite.aws.kms.send(new UpdateKeyDescriptionCommand({KeyId: keyId, Description: HOSTILE}))
    const result = await cli('reverse-sync', '--dry-run', '--all')
    expect(result.code, result.stderr).toBe(0)
    const diff = result.stdout.split('\n--- pull request body ---')[0]
    expect(diff, result.stdout).toContain(`--- a/${FILE}`)
    expect(diff).toMatch(/^\+\+\+ b\/phases\/99-imported\/.*\.yaml$/m)
    expect(diff).toMatch(/^\+\s+Value: ial-prod-replay$/m)

    await suite.applyAndValidate(diff, FILE)
    // The YAML holds the text, nothing more: no tag, no new key, no escape run.
    const template = parseDocument(readFileSync(path.join(suite.workspace.dir, FILE), 'utf8'))
    expect(template.getIn(['Resources', 'DataKey', 'Properties', 'Description'])).toBe(HOSTILE)
    expect((await check()).items).toEqual([])
  })

  it('GIVEN the alias deleted and the key scheduled for deletion by hand WHEN checked THEN the declared key is missing at its file:line, and the key on its way out is no extra', async () => {
    await suite.aws.kms.send(new DeleteAliasCommand({AliasName: 'alias/ial-prod-data'}))
    await suite.aws.kms.send(new ScheduleKeyDeletionCommand({KeyId: keyId, PendingWindowInDays: 7}))
    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items.filter((item) => item.physicalId !== extraKeyId)).toEqual([
      expect.objectContaining({id: 'DataKey', driftType: 'missing_resource', location: {file: FILE, line: suite.resourceLine(FILE, 'DataKey')}}),
    ])
  })
})
