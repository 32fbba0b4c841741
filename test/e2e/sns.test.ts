// SNS topics against moto, through the built CLI: the example estate's alarm topic in sync, then drift a person
// makes by hand: a tag changed, a topic created in the console (with a hostile display name), the display name and
// the KMS key changed, the topic deleted. Heal puts the tag back (tags are SNS's only safe heal) and leaves the key
// to a person; reverse sync writes the rest into the templates, which `phases validate` and cfn-lint accept.
//
// moto and AWS: moto answers every ListTopics in one page (pagination is covered by the adapter's unit test), keeps
// any string as KmsMasterKeyId without checking that the key exists, and does not return SignatureVersion or
// TracingConfig (AWS does; the example template sets neither). AWS's documented behaviour is what the product follows.
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {CreateTopicCommand, DeleteTopicCommand, GetTopicAttributesCommand, ListTagsForResourceCommand, SetTopicAttributesCommand, TagResourceCommand} from '@aws-sdk/client-sns'
import {expect, it} from 'vitest'

import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const TOPIC = 'AWS::SNS::Topic'
const FILE = 'phases/25-messaging/02-alarm-topic.yaml'
const EXTRA = 'ial-prod-deploys'
const HOSTILE_NAME = 'deploys "ops"\n::error::injected `$(id)`'

describeE2e('SNS topics against moto', () => {
  const suite = exampleEstateSuite({type: TOPIC})
  const {cli, check} = suite

  const arn = () => suite.estate.resources.AlarmTopic.physicalId
  const attributesOf = async () => (await suite.aws.sns.send(new GetTopicAttributesCommand({TopicArn: arn()}))).Attributes ?? {}
  const tagsOf = async () => Object.fromEntries(((await suite.aws.sns.send(new ListTagsForResourceCommand({ResourceArn: arn()}))).Tags ?? []).map((tag) => [tag.Key, tag.Value]))

  it('GIVEN the topic as the phases declare it WHEN checked THEN it is read and in sync', async () => {
    expect(arn()).toMatch(/^arn:aws:sns:us-east-1:123456789012:ial-prod-alarms$/)
    const {code, stderr, items} = await check()
    expect(code, stderr).toBe(0)
    expect(items).toEqual([])
  })

  it('GIVEN a tag changed and a console topic in scope WHEN checked THEN tag drift at its file:line and the extra; heal puts the tag back, read with the SDK, and keeps the extra', async () => {
    await suite.aws.sns.send(new TagResourceCommand({ResourceArn: arn(), Tags: [{Key: 'Owner', Value: 'someone-in-the-console'}]}))
    await suite.aws.sns.send(new CreateTopicCommand({Name: EXTRA, Attributes: {DisplayName: HOSTILE_NAME}, Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]}))

    const {code, items} = await check()
    expect(code).toBe(2)
    const byId = Object.fromEntries(items.map((item) => [item.id, item]))
    const extra = `arn:aws:sns:us-east-1:123456789012:${EXTRA}`
    expect(Object.keys(byId).sort()).toEqual(['AlarmTopic', extra])
    expect(byId.AlarmTopic).toMatchObject({driftType: 'tag_drift', severity: 'low', autoHealable: true, location: {file: FILE, line: suite.resourceLine(FILE, 'AlarmTopic')}})
    expect(byId.AlarmTopic.differences).toEqual([
      {path: '/Tags/Owner', expected: 'platform-team', actual: 'someone-in-the-console', kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'AlarmTopic', '/Tags/Owner')},
    ])
    expect(byId[extra]).toMatchObject({driftType: 'extra_resource', severity: 'medium', autoHealable: false})

    // The hostile display name is data in the text report: no line a CI log would run as a workflow command.
    const text = await cli('drift', 'check')
    expect(text.stdout).toContain(EXTRA)
    expect(text.stdout).not.toMatch(/^\s*::/m)

    const heal = await cli('drift', 'heal', '--auto-approve')
    expect(heal.code, `${heal.stdout}\n${heal.stderr}`).toBe(0)
    expect(heal.stdout).toContain('SNS.TagResource')
    expect(await tagsOf()).toEqual({Environment: 'production', Owner: 'platform-team', ManagedBy: 'ialctl'})
    // An extra is never deleted.
    expect((await suite.aws.sns.send(new GetTopicAttributesCommand({TopicArn: extra}))).Attributes?.DisplayName).toBe(HOSTILE_NAME)
    expect((await check()).items.map((item) => item.driftType)).toEqual(['extra_resource'])
  })

  it('GIVEN the display name and the KMS key changed by hand WHEN checked and healed THEN critical configuration drift at each file:line, and heal leaves both to a person', async () => {
    await suite.aws.sns.send(new SetTopicAttributesCommand({TopicArn: arn(), AttributeName: 'DisplayName', AttributeValue: 'alarms (old)'}))
    await suite.aws.sns.send(new SetTopicAttributesCommand({TopicArn: arn(), AttributeName: 'KmsMasterKeyId', AttributeValue: 'alias/ial-prod-other'}))

    const {items} = await check()
    const topic = items.find((item) => item.id === 'AlarmTopic')!
    expect(topic).toMatchObject({driftType: 'configuration_drift', severity: 'critical', autoHealable: false})
    expect([...topic.differences].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      {path: '/DisplayName', expected: 'ial prod alarms', actual: 'alarms (old)', kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'AlarmTopic', '/DisplayName')},
      {path: '/KmsMasterKeyId', expected: 'alias/aws/sns', actual: 'alias/ial-prod-other', kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'AlarmTopic', '/KmsMasterKeyId')},
    ])

    const heal = await cli('drift', 'heal', '--auto-approve')
    expect(heal.stdout).not.toContain('SNS.SetTopicAttributes')
    expect(await attributesOf()).toMatchObject({DisplayName: 'alarms (old)', KmsMasterKeyId: 'alias/ial-prod-other'})
  })

  it('GIVEN that drift and the console topic WHEN `reverse-sync --dry-run` runs THEN the critical KMS change is left under "Revert recommended"; with --include-critical the template gets the values, the topic is codified, and both pass `phases validate` and cfn-lint', async () => {
    // By default critical security drift is not adopted into Git: the pull request body recommends putting AWS back.
    const cautious = await cli('reverse-sync', '--dry-run')
    expect(cautious.code, cautious.stderr).toBe(0)
    const [cautiousDiff, cautiousBody = ''] = cautious.stdout.split('\n--- pull request body ---')
    expect(cautiousDiff).not.toMatch(/^\+\s+KmsMasterKeyId: alias\/ial-prod-other$/m)
    // Listed under "Revert recommended"; the type has no in-place revert, so the body says to fix it in AWS by hand.
    expect(cautiousBody).toMatch(/### Revert recommended[\s\S]*`AlarmTopic` .*no in-place revert/)

    const result = await cli('reverse-sync', '--dry-run', '--include-critical')
    expect(result.code, result.stderr).toBe(0)
    const diff = result.stdout.split('\n--- pull request body ---')[0]
    expect(diff, result.stdout).toContain(`--- a/${FILE}`)
    expect(diff).toMatch(/^\+\s+DisplayName: alarms \(old\)$/m)
    expect(diff).toMatch(/^\+\s+KmsMasterKeyId: alias\/ial-prod-other$/m)
    expect(diff).toMatch(/^\+\+\+ b\/phases\/99-imported\/.*\.yaml$/m)
    expect(diff).toMatch(/^\+\s+TopicName: ial-prod-deploys$/m)
    expect(result.stdout).not.toMatch(/^\s*::/m)

    await suite.applyAndValidate(diff, FILE)
    expect(readFileSync(path.join(suite.workspace.dir, FILE), 'utf8')).toMatch(/^ {6}KmsMasterKeyId: alias\/ial-prod-other$/m)
    // The codified topic's hostile display name is a YAML string that reads back as it was.
    expect((await check()).items).toEqual([])
  })

  it('GIVEN the declared topic deleted by hand WHEN checked THEN it is missing at its file:line', async () => {
    await suite.aws.sns.send(new DeleteTopicCommand({TopicArn: arn()}))
    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items).toEqual([
      expect.objectContaining({id: 'AlarmTopic', driftType: 'missing_resource', location: {file: FILE, line: suite.resourceLine(FILE, 'AlarmTopic')}}),
    ])
  })
})
