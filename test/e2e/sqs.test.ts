// SQS queues against moto, through the built CLI: the example estate's orders queue and its DLQ in sync, then
// drift a person makes by hand: a shorter visibility timeout and retention, a tag changed, a redrive policy with
// more retries, a replay queue created in the console (with a hostile tag value), a queue deleted. Heal puts the
// safe settings and the tag back; reverse sync writes the rest into the templates, which `phases validate` accepts.
//
// moto and AWS: moto returns RedrivePolicy as JSON text as AWS does, and answers every ListQueues in one page
// whatever MaxResults says (pagination is covered by the adapter's unit test). AWS's documented behaviour is what
// the product follows.
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ListQueueTagsCommand, SetQueueAttributesCommand, TagQueueCommand} from '@aws-sdk/client-sqs'
import {expect, it} from 'vitest'

import {SUPPORTED_TYPES} from './fixtures/estate.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const QUEUE = 'AWS::SQS::Queue'
const FILE = 'phases/25-messaging/01-orders-queue.yaml'
const HOSTILE_OWNER = 'ops"\n::error::injected\n- key: !Ref x'

describeE2e('SQS queues against moto', () => {
  const suite = exampleEstateSuite()
  const {cli, check} = suite

  const url = (logicalId: string) => suite.estate.resources[logicalId].physicalId
  const attributesOf = async (logicalId: string) => (await suite.aws.sqs.send(new GetQueueAttributesCommand({QueueUrl: url(logicalId), AttributeNames: ['All']}))).Attributes ?? {}
  const declaredCount = () => suite.estate.model.resources.filter((resource) => SUPPORTED_TYPES.has(resource.type)).length

  it('GIVEN the queues as the phases declare them WHEN checked THEN everything is in sync, the redrive policy included', async () => {
    const {code, stderr, report} = await check()
    expect(code, stderr).toBe(0)
    expect(report.items).toEqual([])
    expect(report.summary).toMatchObject({resources: declaredCount(), inSync: declaredCount(), missing: 0, extra: 0})
  })

  it('GIVEN settings, a tag and the redrive policy changed by hand and a console queue WHEN checked THEN each at its file:line, and the extra queue', async () => {
    await suite.aws.sqs.send(new SetQueueAttributesCommand({QueueUrl: url('OrdersQueue'), Attributes: {VisibilityTimeout: '60', MessageRetentionPeriod: '86400'}}))
    await suite.aws.sqs.send(new TagQueueCommand({QueueUrl: url('OrdersDeadLetterQueue'), Tags: {Owner: HOSTILE_OWNER}}))
    await suite.aws.sqs.send(new CreateQueueCommand({QueueName: 'ial-prod-orders-replay', Attributes: {VisibilityTimeout: '45'}, tags: {ManagedBy: 'ialctl', Owner: HOSTILE_OWNER}}))

    const {code, report} = await check()
    expect(code).toBe(2)
    const byId = Object.fromEntries(report.items.map((item) => [item.id, item]))
    // An extra is named by its physical id, as every type's extras are: for a queue, its URL.
    const replay = Object.keys(byId).find((id) => id.endsWith('/123456789012/ial-prod-orders-replay'))!
    expect(Object.keys(byId).sort()).toEqual(['OrdersDeadLetterQueue', 'OrdersQueue', replay])

    expect(byId.OrdersQueue).toMatchObject({driftType: 'configuration_drift', severity: 'medium', autoHealable: true, location: {file: FILE, line: suite.resourceLine(FILE, 'OrdersQueue')}})
    expect(byId.OrdersQueue.differences).toEqual([
      {path: '/VisibilityTimeout', expected: 180, actual: 60, kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'OrdersQueue', '/VisibilityTimeout')},
      {path: '/MessageRetentionPeriod', expected: 345_600, actual: 86_400, kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'OrdersQueue', '/MessageRetentionPeriod')},
    ])
    expect(byId.OrdersDeadLetterQueue).toMatchObject({driftType: 'tag_drift', severity: 'low', autoHealable: true})
    expect(byId.OrdersDeadLetterQueue.differences).toEqual([
      {path: '/Tags/Owner', expected: 'orders-team', actual: HOSTILE_OWNER, kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'OrdersDeadLetterQueue', '/Tags/Owner')},
    ])
    expect(byId[replay]).toMatchObject({type: QUEUE, driftType: 'extra_resource', severity: 'medium'})

    // The hostile tag value is data in the text report: no line a CI log would run as a workflow command.
    const text = await cli('drift', 'check')
    expect(text.stdout).toContain('ial-prod-orders-replay')
    expect(text.stdout).not.toMatch(/^\s*::/m)
  })

  it('GIVEN that drift WHEN `drift heal --auto-approve` runs THEN the timeout, the retention and the tag are back in AWS, read with the SDK', async () => {
    const result = await cli('drift', 'heal', '--auto-approve')
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0)

    expect(await attributesOf('OrdersQueue')).toMatchObject({VisibilityTimeout: '180', MessageRetentionPeriod: '345600'})
    const {Tags} = await suite.aws.sqs.send(new ListQueueTagsCommand({QueueUrl: url('OrdersDeadLetterQueue')}))
    expect(Tags).toMatchObject({Owner: 'orders-team', ManagedBy: 'ialctl'})

    const after = await check()
    expect(after.report.items.map((item) => [item.driftType, item.id.split('/').at(-1)])).toEqual([['extra_resource', 'ial-prod-orders-replay']])
  })

  it('GIVEN retention raised and the redrive policy changed by hand WHEN planned THEN neither is healed (retention is never lowered; redrive is a person’s call)', async () => {
    await suite.aws.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: url('OrdersQueue'),
        Attributes: {MessageRetentionPeriod: '604800', RedrivePolicy: JSON.stringify({maxReceiveCount: '10', deadLetterTargetArn: suite.estate.resources.OrdersDeadLetterQueue.attributes.Arn})},
      }),
    )
    const {report} = await check()
    const orders = report.items.find((item) => item.id === 'OrdersQueue')!
    expect(orders).toMatchObject({driftType: 'configuration_drift', severity: 'high', autoHealable: false})
    // The policy's key order and "10" vs 10 are not drift: only the count is.
    expect(orders.differences.map((difference) => [difference.path, difference.expected, difference.actual])).toEqual([
      ['/MessageRetentionPeriod', 345_600, 604_800],
      ['/RedrivePolicy/maxReceiveCount', 5, 10],
    ])

    const plan = await cli('drift', 'plan')
    expect(plan.stdout).toMatch(/OrdersQueue/)
    await cli('drift', 'heal', '--auto-approve')
    expect(await attributesOf('OrdersQueue')).toMatchObject({MessageRetentionPeriod: '604800'})
  })

  it('GIVEN that drift and the console queue WHEN `reverse-sync --dry-run` runs THEN the template gets the values, the queue is codified, and both pass `phases validate`', async () => {
    const result = await cli('reverse-sync', '--dry-run')
    expect(result.code, result.stderr).toBe(0)
    const diff = result.stdout.split('\n--- pull request body ---')[0]
    expect(diff, result.stdout).toContain(`--- a/${FILE}`)
    expect(diff).toMatch(/^\+\s+MessageRetentionPeriod: 604800$/m)
    expect(diff).toMatch(/^\+\s+maxReceiveCount: 10$/m)
    // The DLQ's ARN stays the !GetAtt the template has.
    expect(diff).not.toMatch(/^\+.*deadLetterTargetArn/m)
    expect(diff).toMatch(/^\+\+\+ b\/phases\/99-imported\/.*\.yaml$/m)
    expect(diff).toMatch(/^\+\s+QueueName: ial-prod-orders-replay$/m)
    expect(diff).toMatch(/^\+\s+VisibilityTimeout: 45$/m)
    expect(result.stdout).not.toMatch(/^\s*::/m)

    await suite.applyAndValidate(diff, FILE)
    const synced = await check()
    expect(synced.report.items.map((item) => item.id)).toEqual([])
    expect(synced.report.summary.resources).toBe(declaredCount() + 1)
    expect(readFileSync(path.join(suite.workspace.dir, FILE), 'utf8')).toContain('deadLetterTargetArn: !GetAtt OrdersDeadLetterQueue.Arn')
  })

  it('GIVEN a declared queue deleted by hand WHEN checked THEN it is missing at its file:line', async () => {
    await suite.aws.sqs.send(new DeleteQueueCommand({QueueUrl: url('OrdersQueue')}))
    const {code, report} = await check()
    expect(code).toBe(2)
    expect(report.items.filter((item) => item.type === QUEUE)).toEqual([
      expect.objectContaining({id: 'OrdersQueue', driftType: 'missing_resource', severity: 'high', location: {file: FILE, line: suite.resourceLine(FILE, 'OrdersQueue')}}),
    ])
  })
})
