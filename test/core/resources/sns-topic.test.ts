import {describe, expect, it} from 'vitest'

import {tagMap} from '../../../src/core/resources/aws-shape.js'
import {healCallProblem} from '../../../src/core/resources/heal.js'
import {healCall} from '../../../src/core/resources/index.js'
import {snsTopic, topicFromAws} from '../../../src/core/resources/sns-topic.js'
import {resource} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const ARN = 'arn:aws:sns:us-east-1:123456789012:ial-prod-alarms'

describe('AWS::SNS::Topic mapping', () => {
  it('GIVEN GetTopicAttributes and ListTagsForResource WHEN mapped THEN CloudFormation properties, without counts, owner or the effective policies', () => {
    const {Attributes} = fixture<{Attributes: Record<string, string>}>('sns-get-topic-attributes')
    const {Tags} = fixture<{Tags: Array<{Key: string; Value: string}>}>('sns-list-tags-for-resource')
    const actual = topicFromAws(ARN, Attributes, tagMap(Tags), region)
    expect(actual.physicalId).toBe(ARN)
    expect(actual.arn).toBe(ARN)
    expect(actual.properties).toEqual({TopicName: 'ial-prod-alarms', DisplayName: 'ial prod alarms', KmsMasterKeyId: 'alias/aws/sns', SignatureVersion: '1', TracingConfig: 'PassThrough'})
    expect(actual.attributes).toEqual({TopicArn: ARN, TopicName: 'ial-prod-alarms'})
    expect(snsTopic.actualKeys(actual)).toEqual(['name:ial-prod-alarms', 'cfn:ial-prod/AlarmTopic'])
    expectNoAbsentValues(actual)
  })

  it('GIVEN a topic without a display name or key WHEN mapped THEN both are absent (AWS answers "" for an unset DisplayName), so a template that sets a key sees it removed', () => {
    expect(topicFromAws(ARN, {TopicArn: ARN, DisplayName: '', SignatureVersion: '1'}, {}, region).properties).toEqual({TopicName: 'ial-prod-alarms', SignatureVersion: '1'})
  })

  it('GIVEN a FIFO topic with an archive policy WHEN mapped THEN the FIFO properties and the policy as an object; a delivery policy is not a topic property; a standard topic has no FIFO properties', () => {
    const fifo = topicFromAws(`${ARN}.fifo`, {FifoTopic: 'true', ContentBasedDeduplication: 'false', ArchivePolicy: '{"MessageRetentionPeriod":"30"}', DeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"numRetries":5}}}'}, {}, region)
    expect(fifo.properties).toEqual({
      TopicName: 'ial-prod-alarms.fifo',
      FifoTopic: true,
      ContentBasedDeduplication: false,
      ArchivePolicy: {MessageRetentionPeriod: '30'},
    })
    expect(topicFromAws(ARN, {FifoTopic: 'false', ContentBasedDeduplication: 'false', ArchivePolicy: '{}'}, {}, region).properties).toEqual({TopicName: 'ial-prod-alarms'})
  })

  it('GIVEN a declared topic WHEN matched THEN by its TopicName, else by its stack and logical id', () => {
    expect(snsTopic.desiredKeys({logicalId: 'AlarmTopic', stackName: 'ial-prod', properties: {TopicName: 'ial-prod-alarms'}})).toEqual(['name:ial-prod-alarms', 'cfn:ial-prod/AlarmTopic'])
    expect(snsTopic.desiredKeys({logicalId: 'AlarmTopic', stackName: 'ial-prod', properties: {}})).toEqual(['cfn:ial-prod/AlarmTopic'])
  })
})

describe('AWS::SNS::Topic heal', () => {
  const topic = resource(snsTopic.type, ARN, {TopicName: 'ial-prod-alarms', KmsMasterKeyId: 'alias/aws/sns'}, {arn: ARN})

  it('GIVEN tag drift WHEN the tag calls are built THEN TagResource with a Key/Value list and UntagResource by key, on the ARN, each passing its schema', () => {
    const set = snsTopic.tags.set(snsTopic.tags.target(topic)!, {Owner: 'platform-team'})
    const remove = snsTopic.tags.remove(snsTopic.tags.target(topic)!, {Stray: 'x'})
    expect(set).toEqual({api: 'SNS.TagResource', params: {ResourceArn: ARN, Tags: [{Key: 'Owner', Value: 'platform-team'}]}})
    expect(remove).toEqual({api: 'SNS.UntagResource', params: {ResourceArn: ARN, TagKeys: ['Stray']}})
    for (const call of [set, remove]) expect(healCallProblem(healCall(call.api)!, call.params)).toBeUndefined()
  })

  it('GIVEN the key or the display name changed WHEN asked what heals THEN only tags: no property heal, and the key says why it is never healed', () => {
    expect(snsTopic.heal).toBeUndefined()
    expect(snsTopic.neverHealed['/KmsMasterKeyId']).toMatch(/never healed/)
    expect(snsTopic.ratings.find((rating) => rating.path === '/KmsMasterKeyId')?.severity).toBe('critical')
  })

  it.each([
    ['an aws: tag set', 'SNS.TagResource', {ResourceArn: ARN, Tags: [{Key: 'aws:cloudformation:stack-name', Value: 'x'}]}],
    ['no tags', 'SNS.TagResource', {ResourceArn: ARN, Tags: []}],
    ['an attribute smuggled in', 'SNS.TagResource', {ResourceArn: ARN, Tags: [{Key: 'Owner', Value: 'x'}], AttributeName: 'KmsMasterKeyId'}],
    ['an untag with no keys', 'SNS.UntagResource', {ResourceArn: ARN, TagKeys: []}],
    ['an aws: tag removed', 'SNS.UntagResource', {ResourceArn: ARN, TagKeys: ['aws:cloudformation:logical-id']}],
    ['no topic', 'SNS.UntagResource', {ResourceArn: '', TagKeys: ['Owner']}],
  ])('GIVEN %s WHEN checked against the schema THEN it is refused', (_name, api, params) => {
    expect(healCallProblem(healCall(api)!, params)).toBeDefined()
  })
})
