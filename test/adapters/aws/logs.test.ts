// The CloudWatch Logs adapter against aws-sdk-client-mock: DescribeLogGroups pages with tags from the tagging API
// (never one call per group), read-one, and the heal executors with their one-way rule (retention only up).
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {awsCallRunner} from '../../../src/adapters/aws/call.js'
import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {executeHealCall} from '../../../src/adapters/aws/heal/index.js'
import {readLogGroups} from '../../../src/adapters/aws/logs.js'
import {readActualResource} from '../../../src/adapters/aws/read-one.js'
import {AwsError} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'
import {fixture} from './fixtures.js'

const REGION = 'us-east-1'
const logs = mockClient(CloudWatchLogsClient)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const clients = awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), endpoint: 'http://127.0.0.1:9', network: testNetwork()}).clientsFor({region: REGION})
const awsError = (name: string, httpStatusCode = 400) => Object.assign(new Error(name), {name, $fault: 'client', $metadata: {httpStatusCode}})
const groups = fixture<{logGroups: Array<Record<string, unknown>>}>('logs-describe-log-groups').logGroups
const API_ARN = 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/ial-prod-api'

beforeEach(() => {
  logs.reset()
  tagging.reset()
})

/** Records each call's input as it was sent (the paginators reuse one input object). */
function recorded(mock: typeof logs | typeof tagging, command: unknown, answer: (input: Record<string, unknown>) => object): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = []
  ;(mock as unknown as {on(command: unknown): {callsFake(fake: (input: Record<string, unknown>) => unknown): void}}).on(command).callsFake((input) => {
    seen.push(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)))
    return answer(input)
  })
  return seen
}

describe('readLogGroups', () => {
  it('GIVEN groups on two DescribeLogGroups pages and tags on two tagging pages WHEN read THEN limit is 50, tokens are followed, tags come from GetResources and no group costs a call of its own', async () => {
    const described = recorded(logs, DescribeLogGroupsCommand, (input) => (input.nextToken ? {logGroups: [groups[1]]} : {logGroups: [groups[0]], nextToken: 'p2'}))
    const tagged = recorded(tagging, GetResourcesCommand, (input) =>
      input.PaginationToken
        ? fixture('tagging-get-resources-logs')
        : {ResourceTagMappingList: [{ResourceARN: 'arn:aws:logs:us-east-1:123456789012:log-group:/other', Tags: [{Key: 'x', Value: 'y'}]}], PaginationToken: 't2'},
    )

    const read = await readLogGroups(clients.logs, clients.tagging, REGION, awsCallRunner(4))

    expect(described).toEqual([{limit: 50}, {limit: 50, nextToken: 'p2'}])
    expect(tagged).toEqual([
      {ResourceTypeFilters: ['logs'], ResourcesPerPage: 100},
      {ResourceTypeFilters: ['logs'], ResourcesPerPage: 100, PaginationToken: 't2'},
    ])
    expect(logs.commandCalls(ListTagsForResourceCommand)).toHaveLength(0)
    expect(read.map((group) => [group.physicalId, group.properties.RetentionInDays, group.tags])).toEqual([
      ['/ecs/ial-prod-api', 30, {Environment: 'production', 'aws:cloudformation:logical-id': 'ApiLogGroup'}],
      // Not among the tagged resources: no tags. The destination's tags belong to no group.
      ['/aws/lambda/nightly-export', undefined, {}],
    ])
  })
})

describe('readActualResource: AWS::Logs::LogGroup', () => {
  it('GIVEN a group whose name prefixes others WHEN re-read THEN the exact name is taken and its tags come from ListTagsForResource by ARN', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({logGroups: [groups[0], {...groups[0], logGroupName: '/ecs/ial-prod-api-canary', logGroupArn: `${API_ARN}-canary`}]})
    logs.on(ListTagsForResourceCommand, {resourceArn: API_ARN}).resolves({tags: {Environment: 'production'}})

    const group = await readActualResource(clients, 'AWS::Logs::LogGroup', '/ecs/ial-prod-api', REGION)

    expect(logs.commandCalls(DescribeLogGroupsCommand)[0].args[0].input).toMatchObject({logGroupNamePrefix: '/ecs/ial-prod-api', limit: 50})
    expect(group).toMatchObject({physicalId: '/ecs/ial-prod-api', properties: {RetentionInDays: 30}, tags: {Environment: 'production'}})
  })

  it('GIVEN a deleted group WHEN re-read THEN null; GIVEN access denied THEN exit 3 naming the action', async () => {
    logs.on(DescribeLogGroupsCommand, {logGroupNamePrefix: '/gone'}).resolves({logGroups: []})
    logs.on(DescribeLogGroupsCommand, {logGroupNamePrefix: '/secret'}).rejects(awsError('AccessDeniedException', 403))
    expect(await readActualResource(clients, 'AWS::Logs::LogGroup', '/gone', REGION)).toBeNull()
    await expect(readActualResource(clients, 'AWS::Logs::LogGroup', '/secret', REGION)).rejects.toThrow(AwsError)
    await expect(readActualResource(clients, 'AWS::Logs::LogGroup', '/secret', REGION)).rejects.toThrow('logs:DescribeLogGroups')
  })

  it('GIVEN a group deleted between the two calls WHEN re-read THEN null', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({logGroups: [groups[0]]})
    logs.on(ListTagsForResourceCommand).rejects(awsError('ResourceNotFoundException'))
    expect(await readActualResource(clients, 'AWS::Logs::LogGroup', '/ecs/ial-prod-api', REGION)).toBeNull()
  })
})

describe('CloudWatch Logs heal executors', () => {
  const retention = (days: number, before: number) => ({api: 'Logs.PutRetentionPolicy', params: {logGroupName: '/ecs/ial-prod-api', retentionInDays: days, retentionInDaysBefore: before}})

  it('GIVEN tag calls WHEN executed THEN TagResource and UntagResource go out by ARN as planned', async () => {
    logs.on(TagResourceCommand).resolves({})
    logs.on(UntagResourceCommand).resolves({})
    await executeHealCall(clients, {api: 'Logs.TagResource', params: {resourceArn: API_ARN, tags: {Owner: 'platform'}}}, REGION)
    await executeHealCall(clients, {api: 'Logs.UntagResource', params: {resourceArn: API_ARN, tagKeys: ['Stray']}}, REGION)
    expect(logs.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({resourceArn: API_ARN, tags: {Owner: 'platform'}})
    expect(logs.commandCalls(UntagResourceCommand)[0].args[0].input).toEqual({resourceArn: API_ARN, tagKeys: ['Stray']})
  })

  it('GIVEN a raise from what the group keeps now WHEN executed THEN PutRetentionPolicy is sent without the plan record', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({logGroups: [{...groups[0], retentionInDays: 7}]})
    logs.on(PutRetentionPolicyCommand).resolves({})
    await executeHealCall(clients, retention(30, 7), REGION)
    expect(logs.commandCalls(PutRetentionPolicyCommand).map((call) => call.args[0].input)).toEqual([{logGroupName: '/ecs/ial-prod-api', retentionInDays: 30}])
  })

  it('GIVEN a forged call that lowers retention WHEN executed THEN its schema refuses it and nothing reaches AWS', async () => {
    await expect(executeHealCall(clients, retention(7, 30), REGION)).rejects.toThrow('refusing Logs.PutRetentionPolicy: retentionInDays may only be raised')
    expect(logs.calls()).toHaveLength(0)
  })

  it.each([
    ['keeps more than the call asks for', {retentionInDays: 365}, /keeps events 365 days, and 30 days would lower that/],
    ['never expires its events', {retentionInDays: undefined}, /never expires, and 30 days would lower that/],
  ])('GIVEN a plan whose record is wrong: the group now %s WHEN executed THEN it is refused before any write', async (_name, now, message) => {
    logs.on(DescribeLogGroupsCommand).resolves({logGroups: [{...groups[0], ...now}]})
    await expect(executeHealCall(clients, retention(30, 7), REGION)).rejects.toThrow(message)
    expect(logs.commandCalls(PutRetentionPolicyCommand)).toHaveLength(0)
  })

  it('GIVEN an untag call with no keys WHEN executed THEN it is refused and never sent', async () => {
    await expect(executeHealCall(clients, {api: 'Logs.UntagResource', params: {resourceArn: API_ARN, tagKeys: []}}, REGION)).rejects.toThrow(/at least one tag key/)
    expect(logs.calls()).toHaveLength(0)
  })
})
