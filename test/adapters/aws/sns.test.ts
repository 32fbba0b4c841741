// The SNS adapter against aws-sdk-client-mock: ListTopics pages, tags in bulk, GetTopicAttributes only for the topics
// a run needs, read-one, and the tag executors (every forged call refused before any AWS call).
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {GetTopicAttributesCommand, ListTagsForResourceCommand, ListTopicsCommand, SNSClient, TagResourceCommand, UntagResourceCommand} from '@aws-sdk/client-sns'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {awsCallRunner} from '../../../src/adapters/aws/call.js'
import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {executeHealCall} from '../../../src/adapters/aws/heal/index.js'
import {readActualResource} from '../../../src/adapters/aws/read-one.js'
import {readTopics} from '../../../src/adapters/aws/sns.js'
import {AwsError} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'
import {fixture} from './fixtures.js'

const REGION = 'us-east-1'
const sns = mockClient(SNSClient)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const clients = awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), endpoint: 'http://127.0.0.1:9', network: testNetwork()}).clientsFor({region: REGION})
const arn = (name: string) => `arn:aws:sns:us-east-1:123456789012:${name}`
const awsError = (name: string, httpStatusCode = 400) => Object.assign(new Error(name), {name, $fault: 'client', $metadata: {httpStatusCode}})

beforeEach(() => {
  sns.reset()
  tagging.reset()
})

describe('readTopics', () => {
  it('GIVEN topics on two ListTopics pages and their tags on two GetResources pages WHEN read THEN tokens followed, tags by ARN, one GetTopicAttributes per topic and no ListTagsForResource', async () => {
    const listed: Record<string, unknown>[] = []
    sns.on(ListTopicsCommand).callsFake((input: Record<string, unknown>) => {
      listed.push({...input})
      return input.NextToken ? {Topics: [{TopicArn: arn('ial-prod-builds')}]} : {Topics: [{TopicArn: arn('ial-prod-alarms')}], NextToken: 'page-2'}
    })
    const tagPages: Record<string, unknown>[] = []
    tagging.on(GetResourcesCommand).callsFake((input: Record<string, unknown>) => {
      tagPages.push(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)))
      return input.PaginationToken
        ? {ResourceTagMappingList: [{ResourceARN: arn('ial-prod-alarms'), Tags: [{Key: 'Owner', Value: 'platform-team'}]}], PaginationToken: ''}
        : {ResourceTagMappingList: [{ResourceARN: arn('ial-prod-builds'), Tags: [{Key: 'Owner', Value: 'ci-team'}]}], PaginationToken: 't2'}
    })
    sns.on(GetTopicAttributesCommand, {TopicArn: arn('ial-prod-alarms')}).resolves(fixture('sns-get-topic-attributes'))
    sns.on(GetTopicAttributesCommand, {TopicArn: arn('ial-prod-builds')}).resolves({Attributes: {TopicArn: arn('ial-prod-builds'), DisplayName: ''}})

    const topics = await readTopics(clients.sns, clients.tagging, REGION, awsCallRunner(4))

    expect(listed).toEqual([{}, {NextToken: 'page-2'}])
    expect(tagPages).toEqual([
      {ResourceTypeFilters: ['sns'], ResourcesPerPage: 100},
      {ResourceTypeFilters: ['sns'], ResourcesPerPage: 100, PaginationToken: 't2'},
    ])
    expect(sns.commandCalls(GetTopicAttributesCommand).map((call) => call.args[0].input)).toEqual([{TopicArn: arn('ial-prod-alarms')}, {TopicArn: arn('ial-prod-builds')}])
    expect(sns.commandCalls(ListTagsForResourceCommand)).toHaveLength(0)
    expect(topics.map((topic) => [topic.physicalId, topic.properties.DisplayName, topic.tags.Owner])).toEqual([
      [arn('ial-prod-alarms'), 'ial prod alarms', 'platform-team'],
      [arn('ial-prod-builds'), undefined, 'ci-team'],
    ])
  })

  it('GIVEN 250 topics of which the run needs the one named and the one tagged in scope WHEN read THEN 3 list pages and 2 GetTopicAttributes; the others are left out', async () => {
    const names = Array.from({length: 250}, (_, index) => `topic-${String(index).padStart(3, '0')}`)
    sns.on(ListTopicsCommand).callsFake((input: {NextToken?: string}) => {
      const start = Number(input.NextToken ?? 0)
      const next = start + 100
      return {Topics: names.slice(start, next).map((name) => ({TopicArn: arn(name)})), ...(next < names.length ? {NextToken: String(next)} : {})}
    })
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: [{ResourceARN: arn('topic-200'), Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]}]})
    sns.on(GetTopicAttributesCommand).resolves({Attributes: {DisplayName: 'needed'}})

    const wanted = async (listed: {properties: Record<string, unknown>; tags: Record<string, string>}) => listed.properties.TopicName === 'topic-123' || listed.tags.ManagedBy === 'ialctl'
    const topics = await readTopics(clients.sns, clients.tagging, REGION, awsCallRunner(4), wanted)

    expect(sns.commandCalls(ListTopicsCommand)).toHaveLength(3)
    expect(sns.commandCalls(GetTopicAttributesCommand).map((call) => call.args[0].input.TopicArn).sort()).toEqual([arn('topic-123'), arn('topic-200')])
    expect(topics.map((topic) => topic.properties.TopicName).sort()).toEqual(['topic-123', 'topic-200'])
    expect(topics.find((topic) => topic.properties.TopicName === 'topic-200')).toMatchObject({properties: {DisplayName: 'needed'}, tags: {ManagedBy: 'ialctl'}})
  })

  it('GIVEN a topic deleted between the list and its describe WHEN read THEN it is left out; GIVEN access denied THEN the read fails naming sns:', async () => {
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: []})
    sns.on(ListTopicsCommand).resolves({Topics: [{TopicArn: arn('gone')}, {TopicArn: arn('kept')}]})
    sns.on(GetTopicAttributesCommand, {TopicArn: arn('gone')}).rejects(awsError('NotFoundException', 404))
    sns.on(GetTopicAttributesCommand, {TopicArn: arn('kept')}).resolves({Attributes: {}})
    expect((await readTopics(clients.sns, clients.tagging, REGION)).map((topic) => topic.physicalId)).toEqual([arn('kept')])

    sns.reset()
    sns.on(ListTopicsCommand).rejects(awsError('AuthorizationError', 403))
    await expect(readTopics(clients.sns, clients.tagging, REGION)).rejects.toThrow(/sns:ListTopics/)
  })
})

describe('readActualResource: SNS', () => {
  it('GIVEN a topic ARN WHEN re-read THEN its attributes and tags; GIVEN a deleted topic THEN null', async () => {
    sns.on(GetTopicAttributesCommand, {TopicArn: arn('ial-prod-alarms')}).resolves(fixture('sns-get-topic-attributes'))
    sns.on(ListTagsForResourceCommand, {ResourceArn: arn('ial-prod-alarms')}).resolves(fixture('sns-list-tags-for-resource'))
    sns.on(GetTopicAttributesCommand, {TopicArn: arn('gone')}).rejects(awsError('NotFound', 404))
    sns.on(ListTagsForResourceCommand, {ResourceArn: arn('gone')}).rejects(awsError('ResourceNotFound', 404))

    expect(await readActualResource(clients, 'AWS::SNS::Topic', arn('ial-prod-alarms'), REGION)).toMatchObject({properties: {KmsMasterKeyId: 'alias/aws/sns'}, tags: {Owner: 'platform-team'}})
    expect(await readActualResource(clients, 'AWS::SNS::Topic', arn('gone'), REGION)).toBeNull()
  })

  it('GIVEN access denied WHEN re-read THEN an AWS error (exit 3), not "gone"', async () => {
    sns.on(GetTopicAttributesCommand).rejects(awsError('AuthorizationError', 403))
    sns.on(ListTagsForResourceCommand).resolves({})
    await expect(readActualResource(clients, 'AWS::SNS::Topic', arn('ial-prod-alarms'), REGION)).rejects.toBeInstanceOf(AwsError)
  })
})

describe('SNS executors', () => {
  const TOPIC = arn('ial-prod-alarms')

  it('GIVEN tag heals WHEN executed THEN TagResource and UntagResource go out as planned', async () => {
    sns.on(TagResourceCommand).resolves({})
    sns.on(UntagResourceCommand).resolves({})
    await executeHealCall(clients, {api: 'SNS.TagResource', params: {ResourceArn: TOPIC, Tags: [{Key: 'Owner', Value: 'platform-team'}]}}, REGION)
    await executeHealCall(clients, {api: 'SNS.UntagResource', params: {ResourceArn: TOPIC, TagKeys: ['Stray']}}, REGION)
    expect(sns.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({ResourceArn: TOPIC, Tags: [{Key: 'Owner', Value: 'platform-team'}]})
    expect(sns.commandCalls(UntagResourceCommand)[0].args[0].input).toEqual({ResourceArn: TOPIC, TagKeys: ['Stray']})
  })

  it.each([
    ['an aws: tag set', 'SNS.TagResource', {ResourceArn: TOPIC, Tags: [{Key: 'aws:cloudformation:logical-id', Value: 'x'}]}, 'aws:'],
    ['no tags', 'SNS.TagResource', {ResourceArn: TOPIC, Tags: []}, 'Tags'],
    ['an untag with no keys', 'SNS.UntagResource', {ResourceArn: TOPIC, TagKeys: []}, 'TagKeys must list at least one tag key'],
    ['a topic attribute change (not a safe heal)', 'SNS.SetTopicAttributes', {TopicArn: TOPIC, AttributeName: 'KmsMasterKeyId', AttributeValue: ''}, 'SNS.SetTopicAttributes'],
  ])('GIVEN a forged call with %s WHEN executed THEN it is refused and no AWS call is sent', async (_name, api, params, message) => {
    await expect(executeHealCall(clients, {api, params}, REGION)).rejects.toThrow(message)
    expect(sns.calls()).toHaveLength(0)
  })
})
