// The Lambda adapter against aws-sdk-client-mock: ListFunctions pages of 50 with tags from the tagging API (never one
// call per function), the environment's values digested before anything else sees them, read-one through GetFunction,
// and the executors (tags; memory and timeout for a revert), with forged calls refused before any AWS call.
import {
  type FunctionConfiguration,
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {awsCallRunner} from '../../../src/adapters/aws/call.js'
import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {executeHealCall} from '../../../src/adapters/aws/heal/index.js'
import {readFunctions} from '../../../src/adapters/aws/lambda.js'
import {readActualResource} from '../../../src/adapters/aws/read-one.js'
import {AwsError} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'
import {fixture} from './fixtures.js'

const REGION = 'us-east-1'
const lambda = mockClient(LambdaClient)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const clients = awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), endpoint: 'http://127.0.0.1:9', network: testNetwork()}).clientsFor({region: REGION})
const awsError = (name: string, httpStatusCode = 400) => Object.assign(new Error(name), {name, $fault: 'client', $metadata: {httpStatusCode}})
const functions = fixture<{Functions: FunctionConfiguration[]}>('lambda-list-functions').Functions
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:ial-prod-orders-processor'
const SECRET = 'sk_live_51Hx-real-looking-secret'

beforeEach(() => {
  lambda.reset()
  tagging.reset()
})

/** Records each call's input as it was sent (the paginators reuse one input object). */
function recorded(mock: typeof lambda | typeof tagging, command: unknown, answer: (input: Record<string, unknown>) => object): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = []
  ;(mock as unknown as {on(command: unknown): {callsFake(fake: (input: Record<string, unknown>) => unknown): void}}).on(command).callsFake((input) => {
    seen.push(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)))
    return answer(input)
  })
  return seen
}

describe('readFunctions', () => {
  it('GIVEN functions on two ListFunctions pages and tags on two tagging pages WHEN read THEN MaxItems is 50, markers are followed, tags come from GetResources and no function costs a call of its own', async () => {
    const listed = recorded(lambda, ListFunctionsCommand, (input) => (input.Marker ? {Functions: functions.slice(1)} : {Functions: [functions[0]], NextMarker: 'm2'}))
    const tagged = recorded(tagging, GetResourcesCommand, (input) =>
      input.PaginationToken ? fixture('tagging-get-resources-functions') : {ResourceTagMappingList: [{ResourceARN: 'arn:aws:lambda:us-east-1:123456789012:function:other', Tags: [{Key: 'x', Value: 'y'}]}], PaginationToken: 't2'},
    )

    const read = await readFunctions(clients.lambda, clients.tagging, REGION, awsCallRunner(4))

    expect(listed).toEqual([{MaxItems: 50}, {MaxItems: 50, Marker: 'm2'}])
    expect(tagged).toEqual([
      {ResourceTypeFilters: ['lambda:function'], ResourcesPerPage: 100},
      {ResourceTypeFilters: ['lambda:function'], ResourcesPerPage: 100, PaginationToken: 't2'},
    ])
    expect(lambda.commandCalls(GetFunctionCommand)).toHaveLength(0)
    expect(lambda.commandCalls(ListTagsCommand)).toHaveLength(0)
    expect(read.map((fn) => [fn.physicalId, fn.properties.MemorySize, fn.tags])).toEqual([
      [
        'ial-prod-orders-processor',
        256,
        {Owner: 'orders-team', 'aws:cloudformation:stack-name': '30-compute-07-orders-processor', 'aws:cloudformation:logical-id': 'OrdersProcessorFunction'},
      ],
      ['nightly-export', 128, {}],
      ['legacy-billing', 512, {}],
    ])
    // The clear value never leaves the reader.
    expect(JSON.stringify(read)).not.toContain(SECRET)
  })
})

describe('readActualResource: AWS::Lambda::Function', () => {
  it('GIVEN a function WHEN re-read THEN one GetFunction answers its configuration and tags, values digested', async () => {
    lambda.on(GetFunctionCommand, {FunctionName: 'ial-prod-orders-processor'}).resolves({Configuration: functions[0], Tags: {Owner: 'orders-team'}})
    const fn = await readActualResource(clients, 'AWS::Lambda::Function', 'ial-prod-orders-processor', REGION)
    expect(lambda.calls()).toHaveLength(1)
    expect(fn).toMatchObject({physicalId: 'ial-prod-orders-processor', arn: ARN, properties: {Timeout: 30}, tags: {Owner: 'orders-team'}})
    expect(JSON.stringify(fn)).not.toContain(SECRET)
  })

  it('GIVEN a deleted function WHEN re-read THEN null; GIVEN access denied THEN exit 3 naming the action', async () => {
    lambda.on(GetFunctionCommand, {FunctionName: 'gone'}).rejects(awsError('ResourceNotFoundException', 404))
    lambda.on(GetFunctionCommand, {FunctionName: 'locked'}).rejects(awsError('AccessDeniedException', 403))
    expect(await readActualResource(clients, 'AWS::Lambda::Function', 'gone', REGION)).toBeNull()
    await expect(readActualResource(clients, 'AWS::Lambda::Function', 'locked', REGION)).rejects.toThrow(AwsError)
    await expect(readActualResource(clients, 'AWS::Lambda::Function', 'locked', REGION)).rejects.toThrow('lambda:GetFunction')
  })
})

describe('Lambda executors', () => {
  it('GIVEN tag calls and a revert call WHEN executed THEN TagResource, UntagResource and UpdateFunctionConfiguration go out as planned', async () => {
    lambda.on(TagResourceCommand).resolves({})
    lambda.on(UntagResourceCommand).resolves({})
    lambda.on(UpdateFunctionConfigurationCommand).resolves({})
    await executeHealCall(clients, {api: 'Lambda.TagResource', params: {Resource: ARN, Tags: {Owner: 'orders-team'}}}, REGION)
    await executeHealCall(clients, {api: 'Lambda.UntagResource', params: {Resource: ARN, TagKeys: ['Stray']}}, REGION)
    await executeHealCall(clients, {api: 'Lambda.UpdateFunctionConfiguration', params: {FunctionName: 'ial-prod-orders-processor', MemorySize: 256, Timeout: 30}}, REGION, 'revert')
    expect(lambda.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({Resource: ARN, Tags: {Owner: 'orders-team'}})
    expect(lambda.commandCalls(UntagResourceCommand)[0].args[0].input).toEqual({Resource: ARN, TagKeys: ['Stray']})
    expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)[0].args[0].input).toEqual({FunctionName: 'ial-prod-orders-processor', MemorySize: 256, Timeout: 30})
  })

  it.each([
    ['an aws: tag', 'heal', {api: 'Lambda.TagResource', params: {Resource: ARN, Tags: {'aws:cloudformation:logical-id': 'X'}}}, /aws: tags excluded/],
    ['an untag without keys', 'heal', {api: 'Lambda.UntagResource', params: {Resource: ARN, TagKeys: []}}, /at least one tag key/],
    ['environment values in a revert', 'revert', {api: 'Lambda.UpdateFunctionConfiguration', params: {FunctionName: 'f', Timeout: 30, Environment: {Variables: {API_KEY: 'x'}}}}, /Environment is not a parameter/],
    ['a configuration update as a heal (tags only)', 'heal', {api: 'Lambda.UpdateFunctionConfiguration', params: {FunctionName: 'f', Timeout: 30}}, /UpdateFunctionConfiguration/],
  ])('GIVEN a forged call with %s WHEN executed THEN refused and nothing reaches AWS', async (_name, kind, call, message) => {
    await expect(executeHealCall(clients, call, REGION, kind as 'heal' | 'revert')).rejects.toThrow(message)
    expect(lambda.calls()).toHaveLength(0)
  })
})
