import type {QueueAttributeName} from '@aws-sdk/client-sqs'
import {describe, expect, it} from 'vitest'

import {queueFromAws, sqsQueue} from '../../../src/core/resources/sqs-queue.js'
import {callsOf, change, refusal, resource} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/ial-prod-orders'
const DLQ_ARN = 'arn:aws:sqs:us-east-1:123456789012:ial-prod-orders-dlq'

describe('AWS::SQS::Queue mapping', () => {
  it('GIVEN GetQueueAttributes (All) and ListQueueTags WHEN mapped THEN CloudFormation properties, numbers as numbers and the redrive policy as an object', () => {
    const {Attributes} = fixture<{Attributes: Partial<Record<QueueAttributeName, string>>}>('sqs-get-queue-attributes')
    const {Tags} = fixture<{Tags: Record<string, string>}>('sqs-list-queue-tags')
    const actual = queueFromAws(URL, Attributes, Tags, region)
    expect(actual.physicalId).toBe(URL)
    expect(actual.arn).toBe('arn:aws:sqs:us-east-1:123456789012:ial-prod-orders')
    expect(actual.properties).toEqual({
      QueueName: 'ial-prod-orders',
      VisibilityTimeout: 120,
      MessageRetentionPeriod: 1_209_600,
      DelaySeconds: 0,
      MaximumMessageSize: 262_144,
      ReceiveMessageWaitTimeSeconds: 20,
      KmsMasterKeyId: 'alias/aws/sqs',
      KmsDataKeyReusePeriodSeconds: 300,
      SqsManagedSseEnabled: false,
      RedrivePolicy: {deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 5},
    })
    expect(actual.tags).toEqual(Tags)
    expect(actual.attributes).toEqual({Arn: 'arn:aws:sqs:us-east-1:123456789012:ial-prod-orders', QueueName: 'ial-prod-orders', QueueUrl: URL})
    expectNoAbsentValues(actual)
  })

  it('GIVEN a queue from CloudFormation WHEN matched THEN it is found by its name and by its stack tags', () => {
    const {Tags} = fixture<{Tags: Record<string, string>}>('sqs-list-queue-tags')
    const actual = queueFromAws(URL, {}, Tags, region)
    expect(sqsQueue.actualKeys(actual)).toEqual(['name:ial-prod-orders', 'cfn:ial-prod/OrdersQueue'])
    expect(sqsQueue.desiredKeys({logicalId: 'OrdersQueue', stackName: 'ial-prod', properties: {QueueName: 'ial-prod-orders'}})).toEqual(['name:ial-prod-orders', 'cfn:ial-prod/OrdersQueue'])
    expect(sqsQueue.desiredKeys({logicalId: 'OrdersQueue', stackName: 'ial-prod', properties: {}})).toEqual(['cfn:ial-prod/OrdersQueue'])
  })

  it('GIVEN a FIFO queue and a standard one WHEN mapped THEN only the FIFO queue has FIFO properties', () => {
    const fifo = queueFromAws(`${URL}.fifo`, {FifoQueue: 'true', ContentBasedDeduplication: 'false', DeduplicationScope: 'queue', FifoThroughputLimit: 'perQueue'}, {}, region)
    expect(fifo.properties).toMatchObject({QueueName: 'ial-prod-orders.fifo', FifoQueue: true, ContentBasedDeduplication: false, DeduplicationScope: 'queue', FifoThroughputLimit: 'perQueue'})
    expect(queueFromAws(URL, {FifoQueue: 'false', ContentBasedDeduplication: 'false'}, {}, region).properties).toEqual({QueueName: 'ial-prod-orders'})
  })

  it('GIVEN a redrive policy that is not a JSON object WHEN mapped THEN it stays text (it then differs, visibly), never dropped', () => {
    expect(queueFromAws(URL, {RedrivePolicy: '{not json'}, {}, region).properties.RedrivePolicy).toBe('{not json')
    expect(queueFromAws(URL, {RedrivePolicy: '[1]'}, {}, region).properties.RedrivePolicy).toBe('[1]')
  })
})

describe('AWS::SQS::Queue heal', () => {
  const queue = (properties: Record<string, unknown> = {}) => resource(sqsQueue.type, URL, {QueueName: 'ial-prod-orders', VisibilityTimeout: 300, MessageRetentionPeriod: 345_600, ...properties})

  it('GIVEN a changed visibility timeout WHEN built THEN SetQueueAttributes sets that one attribute and the rollback puts the old one back', () => {
    expect(callsOf(sqsQueue.heal!.build(queue(), [change('/VisibilityTimeout', 300, 120)]))).toEqual([
      {api: 'SQS.SetQueueAttributes', params: {QueueUrl: URL, Attributes: {VisibilityTimeout: '120'}}},
      {api: 'SQS.SetQueueAttributes', params: {QueueUrl: URL, Attributes: {VisibilityTimeout: '300'}}},
    ])
  })

  it('GIVEN a retention lowered in AWS WHEN built THEN the heal raises it back, records what it saw, and the rollback never lowers it', () => {
    expect(callsOf(sqsQueue.heal!.build(queue(), [change('/MessageRetentionPeriod', 345_600, 1_209_600)]))).toEqual([
      {api: 'SQS.SetQueueAttributes', params: {QueueUrl: URL, Attributes: {MessageRetentionPeriod: '1209600'}, MessageRetentionPeriodBefore: '345600'}},
      {api: 'SQS.SetQueueAttributes', params: {QueueUrl: URL, Attributes: {MessageRetentionPeriod: '1209600'}, MessageRetentionPeriodBefore: '1209600'}},
    ])
    expect(callsOf(sqsQueue.heal!.build(queue(), [change('/VisibilityTimeout', 300, 60), change('/MessageRetentionPeriod', 345_600, 604_800)]))).toEqual([
      {api: 'SQS.SetQueueAttributes', params: {QueueUrl: URL, Attributes: {VisibilityTimeout: '60', MessageRetentionPeriod: '604800'}, MessageRetentionPeriodBefore: '345600'}},
      {api: 'SQS.SetQueueAttributes', params: {QueueUrl: URL, Attributes: {VisibilityTimeout: '300'}}},
    ])
  })

  it('GIVEN a template with a lower retention than AWS WHEN built THEN it is refused: a heal never deletes messages', () => {
    expect(refusal(sqsQueue.heal!.build(queue(), [change('/MessageRetentionPeriod', 345_600, 60)]))).toBe(
      '/MessageRetentionPeriod 345600 → 60: retention is only ever raised (a lower retention deletes messages)',
    )
  })

  it('GIVEN values outside what SQS accepts WHEN built THEN they are refused', () => {
    expect(refusal(sqsQueue.heal!.build(queue(), [change('/VisibilityTimeout', 300, 50_000)]))).toBe('/VisibilityTimeout 50000 is not 0 to 43200 seconds')
    expect(refusal(sqsQueue.heal!.build(queue(), [change('/VisibilityTimeout', 300, 'soon')]))).toBe('/VisibilityTimeout soon is not 0 to 43200 seconds')
    expect(refusal(sqsQueue.heal!.build(queue(), [change('/MessageRetentionPeriod', 345_600, 2_000_000)]))).toBe('/MessageRetentionPeriod 2000000 is not 60 to 1209600 seconds')
  })

  it('GIVEN encryption drift WHEN planned THEN it is never healed, and the key is rated critical', () => {
    expect(sqsQueue.heal!.paths).not.toContain('/KmsMasterKeyId')
    expect(sqsQueue.neverHealed['/KmsMasterKeyId']).toMatch(/encryption/)
    expect(sqsQueue.ratings.find((rating) => rating.path === '/KmsMasterKeyId')).toMatchObject({severity: 'critical', impact: ['security']})
  })

  it('GIVEN tag changes WHEN their calls are built THEN SQS tags the queue URL with a map and untags by key', () => {
    expect(sqsQueue.tags.set(URL, {Owner: 'a'})).toEqual({api: 'SQS.TagQueue', params: {QueueUrl: URL, Tags: {Owner: 'a'}}})
    expect(sqsQueue.tags.remove(URL, {Stray: 'x'})).toEqual({api: 'SQS.UntagQueue', params: {QueueUrl: URL, TagKeys: ['Stray']}})
    expect(sqsQueue.tags.target(queue())).toBe(URL)
  })
})
