// The SQS adapter against aws-sdk-client-mock: ListQueues pages, per-queue calls only for the queues a run needs,
// read-one, and the heal executors with their one-way rule (retention only up).
import {GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, SetQueueAttributesCommand, SQSClient, TagQueueCommand, UntagQueueCommand} from '@aws-sdk/client-sqs'
import {mockClient} from 'aws-sdk-client-mock'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {beforeEach, describe, expect, it} from 'vitest'

import {awsCallRunner} from '../../../src/adapters/aws/call.js'
import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {executeHealCall} from '../../../src/adapters/aws/heal/index.js'
import {readActualResource} from '../../../src/adapters/aws/read-one.js'
import {readQueues} from '../../../src/adapters/aws/sqs.js'
import {AwsError} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'
import {fixture} from './fixtures.js'

const REGION = 'us-east-1'
const sqs = mockClient(SQSClient)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const clients = awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), endpoint: 'http://127.0.0.1:9', network: testNetwork()}).clientsFor({region: REGION})
const url = (name: string) => `https://sqs.us-east-1.amazonaws.com/123456789012/${name}`
const awsError = (name: string, httpStatusCode = 400) => Object.assign(new Error(name), {name, $fault: 'client', $metadata: {httpStatusCode}})

beforeEach(() => {
  sqs.reset()
  tagging.reset()
})

describe('readQueues', () => {
  const arn = (name: string) => `arn:aws:sqs:us-east-1:123456789012:${name}`

  it('GIVEN queues on two ListQueues pages and their tags on two GetResources pages WHEN read THEN MaxResults 1000 and 100, tokens followed, one GetQueueAttributes (All) per queue and no ListQueueTags', async () => {
    const listed: Record<string, unknown>[] = []
    sqs.on(ListQueuesCommand).callsFake((input: Record<string, unknown>) => {
      listed.push({...input})
      return input.NextToken ? {QueueUrls: [url('ial-prod-orders-dlq')]} : {QueueUrls: [url('ial-prod-orders')], NextToken: 'page-2'}
    })
    const tagPages: Record<string, unknown>[] = []
    tagging.on(GetResourcesCommand).callsFake((input: Record<string, unknown>) => {
      tagPages.push(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)))
      return input.PaginationToken
        ? {ResourceTagMappingList: [{ResourceARN: arn('ial-prod-orders'), Tags: [{Key: 'Owner', Value: 'orders-team'}]}], PaginationToken: ''}
        : {ResourceTagMappingList: [{ResourceARN: arn('ial-prod-orders-dlq'), Tags: [{Key: 'Owner', Value: 'dlq-team'}]}], PaginationToken: 't2'}
    })
    sqs.on(GetQueueAttributesCommand, {QueueUrl: url('ial-prod-orders')}).resolves(fixture('sqs-get-queue-attributes'))
    sqs.on(GetQueueAttributesCommand, {QueueUrl: url('ial-prod-orders-dlq')}).resolves({Attributes: {QueueArn: arn('ial-prod-orders-dlq'), VisibilityTimeout: '30'}})

    const queues = await readQueues(clients.sqs, clients.tagging, REGION, awsCallRunner(4))

    expect(listed).toEqual([{MaxResults: 1000}, {MaxResults: 1000, NextToken: 'page-2'}])
    expect(tagPages).toEqual([
      {ResourceTypeFilters: ['sqs'], ResourcesPerPage: 100},
      {ResourceTypeFilters: ['sqs'], ResourcesPerPage: 100, PaginationToken: 't2'},
    ])
    expect(sqs.commandCalls(GetQueueAttributesCommand).map((call) => call.args[0].input)).toEqual([
      {QueueUrl: url('ial-prod-orders'), AttributeNames: ['All']},
      {QueueUrl: url('ial-prod-orders-dlq'), AttributeNames: ['All']},
    ])
    expect(sqs.commandCalls(ListQueueTagsCommand)).toHaveLength(0)
    expect(queues.map((queue) => [queue.physicalId, queue.properties.VisibilityTimeout, queue.tags.Owner])).toEqual([
      [url('ial-prod-orders'), 120, 'orders-team'],
      [url('ial-prod-orders-dlq'), 30, 'dlq-team'],
    ])
  })

  it('GIVEN 2,500 queues of which the run needs the one named and the one tagged in scope WHEN read THEN 3 list pages and 2 GetQueueAttributes, the others left out (as S3 buckets are)', async () => {
    const names = Array.from({length: 2500}, (_, index) => `queue-${String(index).padStart(4, '0')}`)
    sqs.on(ListQueuesCommand).callsFake((input: {NextToken?: string}) => {
      const start = Number(input.NextToken ?? 0)
      const next = start + 1000
      return {QueueUrls: names.slice(start, next).map(url), ...(next < names.length ? {NextToken: String(next)} : {})}
    })
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: [{ResourceARN: arn('queue-2000'), Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]}]})
    sqs.on(GetQueueAttributesCommand).resolves({Attributes: {VisibilityTimeout: '45'}})

    const wanted = async (listed: {properties: Record<string, unknown>; tags: Record<string, string>}) => listed.properties.QueueName === 'queue-1234' || listed.tags.ManagedBy === 'ialctl'
    const queues = await readQueues(clients.sqs, clients.tagging, REGION, awsCallRunner(4), wanted)

    expect(sqs.commandCalls(ListQueuesCommand)).toHaveLength(3)
    expect(sqs.commandCalls(GetQueueAttributesCommand).map((call) => call.args[0].input.QueueUrl).sort()).toEqual([url('queue-1234'), url('queue-2000')])
    expect(queues.map((queue) => queue.properties.QueueName).sort()).toEqual(['queue-1234', 'queue-2000'])
    expect(queues.find((queue) => queue.properties.QueueName === 'queue-2000')).toMatchObject({properties: {VisibilityTimeout: 45}, tags: {ManagedBy: 'ialctl'}})
  })

  it('GIVEN a queue deleted between the list and its describe WHEN read THEN it is left out; GIVEN access denied THEN the read fails naming sqs:', async () => {
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: []})
    sqs.on(ListQueuesCommand).resolves({QueueUrls: [url('gone'), url('kept')]})
    sqs.on(GetQueueAttributesCommand, {QueueUrl: url('gone')}).rejects(awsError('QueueDoesNotExist'))
    sqs.on(GetQueueAttributesCommand, {QueueUrl: url('kept')}).resolves({Attributes: {}})
    expect((await readQueues(clients.sqs, clients.tagging, REGION)).map((queue) => queue.physicalId)).toEqual([url('kept')])

    sqs.reset()
    sqs.on(ListQueuesCommand).rejects(awsError('AccessDenied', 403))
    await expect(readQueues(clients.sqs, clients.tagging, REGION)).rejects.toThrow(/sqs:ListQueues/)
  })
})

describe('readActualResource: SQS', () => {
  it('GIVEN a queue URL WHEN re-read THEN its attributes and tags; GIVEN a deleted queue THEN null', async () => {
    sqs.on(GetQueueAttributesCommand, {QueueUrl: url('ial-prod-orders')}).resolves(fixture('sqs-get-queue-attributes'))
    sqs.on(ListQueueTagsCommand, {QueueUrl: url('ial-prod-orders')}).resolves(fixture('sqs-list-queue-tags'))
    sqs.on(GetQueueAttributesCommand, {QueueUrl: url('gone')}).rejects(awsError('QueueDoesNotExist'))
    sqs.on(ListQueueTagsCommand, {QueueUrl: url('gone')}).rejects(awsError('QueueDoesNotExist'))

    expect(await readActualResource(clients, 'AWS::SQS::Queue', url('ial-prod-orders'), REGION)).toMatchObject({properties: {VisibilityTimeout: 120}, tags: {Owner: 'orders-team'}})
    expect(await readActualResource(clients, 'AWS::SQS::Queue', url('gone'), REGION)).toBeNull()
  })

  it('GIVEN access denied WHEN re-read THEN an AWS error (exit 3), not "gone"', async () => {
    sqs.on(GetQueueAttributesCommand).rejects(awsError('AccessDenied', 403))
    sqs.on(ListQueueTagsCommand).resolves({})
    await expect(readActualResource(clients, 'AWS::SQS::Queue', url('ial-prod-orders'), REGION)).rejects.toBeInstanceOf(AwsError)
  })
})

describe('SQS executors', () => {
  const QUEUE = url('ial-prod-orders')

  it('GIVEN tag and visibility heals WHEN executed THEN TagQueue, UntagQueue and SetQueueAttributes go out as planned', async () => {
    sqs.on(TagQueueCommand).resolves({})
    sqs.on(UntagQueueCommand).resolves({})
    sqs.on(SetQueueAttributesCommand).resolves({})
    await executeHealCall(clients, {api: 'SQS.TagQueue', params: {QueueUrl: QUEUE, Tags: {Owner: 'orders-team'}}}, REGION)
    await executeHealCall(clients, {api: 'SQS.UntagQueue', params: {QueueUrl: QUEUE, TagKeys: ['Stray']}}, REGION)
    await executeHealCall(clients, {api: 'SQS.SetQueueAttributes', params: {QueueUrl: QUEUE, Attributes: {VisibilityTimeout: '120'}}}, REGION)
    expect(sqs.commandCalls(TagQueueCommand)[0].args[0].input).toEqual({QueueUrl: QUEUE, Tags: {Owner: 'orders-team'}})
    expect(sqs.commandCalls(UntagQueueCommand)[0].args[0].input).toEqual({QueueUrl: QUEUE, TagKeys: ['Stray']})
    expect(sqs.commandCalls(SetQueueAttributesCommand)[0].args[0].input).toEqual({QueueUrl: QUEUE, Attributes: {VisibilityTimeout: '120'}})
    expect(sqs.commandCalls(GetQueueAttributesCommand)).toHaveLength(0)
  })

  it('GIVEN a retention raise WHEN executed THEN the queue’s retention is read first and only the attribute is sent (the plan’s record is not)', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({Attributes: {MessageRetentionPeriod: '345600'}})
    sqs.on(SetQueueAttributesCommand).resolves({})
    await executeHealCall(clients, {api: 'SQS.SetQueueAttributes', params: {QueueUrl: QUEUE, Attributes: {MessageRetentionPeriod: '1209600'}, MessageRetentionPeriodBefore: '345600'}}, REGION)
    expect(sqs.commandCalls(GetQueueAttributesCommand)[0].args[0].input).toEqual({QueueUrl: QUEUE, AttributeNames: ['MessageRetentionPeriod']})
    expect(sqs.commandCalls(SetQueueAttributesCommand)[0].args[0].input).toEqual({QueueUrl: QUEUE, Attributes: {MessageRetentionPeriod: '1209600'}})
  })

  it.each([
    ['a lowered retention', {QueueUrl: QUEUE, Attributes: {MessageRetentionPeriod: '60'}, MessageRetentionPeriodBefore: '345600'}, 'MessageRetentionPeriod may only be raised'],
    ['a retention without what the plan saw', {QueueUrl: QUEUE, Attributes: {MessageRetentionPeriod: '1209600'}}, 'MessageRetentionPeriod may only be raised'],
    ['another attribute (a queue policy)', {QueueUrl: QUEUE, Attributes: {Policy: '{"Statement":[]}'}}, 'Unrecognized key'],
    ['a KMS key change', {QueueUrl: QUEUE, Attributes: {KmsMasterKeyId: ''}}, 'Unrecognized key'],
    ['nothing to change', {QueueUrl: QUEUE, Attributes: {}}, 'Attributes must change VisibilityTimeout or MessageRetentionPeriod'],
    ['a visibility timeout out of range', {QueueUrl: QUEUE, Attributes: {VisibilityTimeout: '99999'}}, 'VisibilityTimeout must be a whole number of seconds from 0 to 43200'],
  ])('GIVEN a forged SetQueueAttributes with %s WHEN executed THEN it is refused and no AWS call is sent', async (_name, params, message) => {
    await expect(executeHealCall(clients, {api: 'SQS.SetQueueAttributes', params}, REGION)).rejects.toThrow(message)
    expect(sqs.calls()).toHaveLength(0)
  })

  it.each([
    ['an untag with no keys', 'SQS.UntagQueue', {QueueUrl: QUEUE, TagKeys: []}, 'TagKeys must list at least one tag key'],
    ['an aws: tag removed', 'SQS.UntagQueue', {QueueUrl: QUEUE, TagKeys: ['aws:cloudformation:stack-name']}, 'aws: tags excluded'],
    ['an aws: tag set', 'SQS.TagQueue', {QueueUrl: QUEUE, Tags: {'aws:cloudformation:logical-id': 'x'}}, 'aws: tags excluded'],
    ['no tags', 'SQS.TagQueue', {QueueUrl: QUEUE, Tags: {}}, 'Tags must set at least one tag'],
  ])('GIVEN a forged tag call with %s WHEN executed THEN it is refused and no AWS call is sent', async (_name, api, params, message) => {
    await expect(executeHealCall(clients, {api, params}, REGION)).rejects.toThrow(message)
    expect(sqs.calls()).toHaveLength(0)
  })

  it('GIVEN a plan that lies about the retention it saw WHEN executed THEN the queue’s real retention wins: refused after one read, nothing written', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({Attributes: {MessageRetentionPeriod: '1209600'}})
    await expect(
      executeHealCall(clients, {api: 'SQS.SetQueueAttributes', params: {QueueUrl: QUEUE, Attributes: {MessageRetentionPeriod: '86400'}, MessageRetentionPeriodBefore: '60'}}, REGION),
    ).rejects.toThrow("MessageRetentionPeriod 86400 would lower the queue's retention of 1209600 seconds")
    expect(sqs.commandCalls(SetQueueAttributesCommand)).toHaveLength(0)
  })
})
