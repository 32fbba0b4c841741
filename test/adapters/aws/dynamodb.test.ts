// The DynamoDB adapter against aws-sdk-client-mock: ListTables pages, tags in bulk, the two describe calls only for
// the tables a run needs, read-one, and the executors (the one-way rules refused before any AWS call).
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {awsCallRunner} from '../../../src/adapters/aws/call.js'
import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {readTables} from '../../../src/adapters/aws/dynamodb.js'
import {executeHealCall} from '../../../src/adapters/aws/heal/index.js'
import {readActualResource} from '../../../src/adapters/aws/read-one.js'
import {AwsError} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'
import {fixture} from './fixtures.js'

const REGION = 'us-east-1'
const dynamodb = mockClient(DynamoDBClient)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const clients = awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), endpoint: 'http://127.0.0.1:9', network: testNetwork()}).clientsFor({region: REGION})
const arn = (name: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${name}`
const awsError = (name: string, httpStatusCode = 400) => Object.assign(new Error(name), {name, $fault: 'client', $metadata: {httpStatusCode}})

beforeEach(() => {
  dynamodb.reset()
  tagging.reset()
})

describe('readTables', () => {
  it('GIVEN tables on two ListTables pages and their tags from the tagging API WHEN read THEN Limit 100, tokens followed, DescribeTable and DescribeContinuousBackups per table, no ListTagsOfResource', async () => {
    const listed: Record<string, unknown>[] = []
    dynamodb.on(ListTablesCommand).callsFake((input: Record<string, unknown>) => {
      listed.push({...input})
      return input.ExclusiveStartTableName ? {TableNames: ['ial-prod-sessions']} : {TableNames: ['ial-prod-orders'], LastEvaluatedTableName: 'ial-prod-orders'}
    })
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: [{ResourceARN: arn('ial-prod-orders'), Tags: [{Key: 'Owner', Value: 'orders-team'}]}]})
    dynamodb.on(DescribeTableCommand, {TableName: 'ial-prod-orders'}).resolves(fixture('dynamodb-describe-table'))
    dynamodb.on(DescribeTableCommand, {TableName: 'ial-prod-sessions'}).resolves({Table: {TableName: 'ial-prod-sessions', TableArn: arn('ial-prod-sessions')}})
    dynamodb.on(DescribeContinuousBackupsCommand).resolves(fixture('dynamodb-describe-continuous-backups'))

    const tables = await readTables(clients.dynamodb, clients.tagging, REGION, awsCallRunner(4))

    expect(listed).toEqual([{Limit: 100}, {Limit: 100, ExclusiveStartTableName: 'ial-prod-orders'}])
    expect(tagging.commandCalls(GetResourcesCommand)[0].args[0].input).toMatchObject({ResourceTypeFilters: ['dynamodb:table'], ResourcesPerPage: 100})
    expect(dynamodb.commandCalls(DescribeTableCommand)).toHaveLength(2)
    expect(dynamodb.commandCalls(DescribeContinuousBackupsCommand)).toHaveLength(2)
    expect(dynamodb.commandCalls(ListTagsOfResourceCommand)).toHaveLength(0)
    expect(tables.map((table) => [table.physicalId, table.properties.BillingMode, table.tags.Owner])).toEqual([
      ['ial-prod-orders', 'PAY_PER_REQUEST', 'orders-team'],
      ['ial-prod-sessions', 'PROVISIONED', undefined],
    ])
  })

  it('GIVEN 300 tables of which the run needs one WHEN read THEN 3 list pages and 2 describe calls; the others are left out', async () => {
    const names = Array.from({length: 300}, (_, index) => `table-${String(index).padStart(3, '0')}`)
    dynamodb.on(ListTablesCommand).callsFake((input: {ExclusiveStartTableName?: string}) => {
      const start = input.ExclusiveStartTableName ? names.indexOf(input.ExclusiveStartTableName) + 1 : 0
      const slice = names.slice(start, start + 100)
      return {TableNames: slice, ...(start + 100 < names.length ? {LastEvaluatedTableName: slice.at(-1)} : {})}
    })
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: []})
    dynamodb.on(DescribeTableCommand).resolves({Table: {TableName: 'table-123', TableArn: arn('table-123')}})
    dynamodb.on(DescribeContinuousBackupsCommand).resolves({})

    const tables = await readTables(clients.dynamodb, clients.tagging, REGION, awsCallRunner(4), async (listed) => listed.properties.TableName === 'table-123')

    expect(dynamodb.commandCalls(ListTablesCommand)).toHaveLength(3)
    expect(dynamodb.commandCalls(DescribeTableCommand).map((call) => call.args[0].input)).toEqual([{TableName: 'table-123'}])
    expect(tables.map((table) => table.physicalId)).toEqual(['table-123'])
  })

  it('GIVEN a table deleted between the list and its describe WHEN read THEN it is left out; GIVEN access denied THEN the read fails naming dynamodb:', async () => {
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: []})
    dynamodb.on(ListTablesCommand).resolves({TableNames: ['gone', 'kept']})
    dynamodb.on(DescribeTableCommand, {TableName: 'gone'}).rejects(awsError('ResourceNotFoundException'))
    dynamodb.on(DescribeTableCommand, {TableName: 'kept'}).resolves({Table: {TableName: 'kept', TableArn: arn('kept')}})
    dynamodb.on(DescribeContinuousBackupsCommand, {TableName: 'gone'}).rejects(awsError('TableNotFoundException'))
    dynamodb.on(DescribeContinuousBackupsCommand, {TableName: 'kept'}).resolves({})
    expect((await readTables(clients.dynamodb, clients.tagging, REGION)).map((table) => table.physicalId)).toEqual(['kept'])

    dynamodb.reset()
    dynamodb.on(ListTablesCommand).rejects(awsError('AccessDeniedException', 400))
    await expect(readTables(clients.dynamodb, clients.tagging, REGION)).rejects.toThrow(/dynamodb:ListTables/)
  })
})

describe('readActualResource: DynamoDB', () => {
  it('GIVEN a table name WHEN re-read THEN its settings, recovery and tags; GIVEN a deleted table THEN null; GIVEN access denied THEN an AWS error', async () => {
    dynamodb.on(DescribeTableCommand, {TableName: 'ial-prod-orders'}).resolves(fixture('dynamodb-describe-table'))
    dynamodb.on(DescribeContinuousBackupsCommand, {TableName: 'ial-prod-orders'}).resolves(fixture('dynamodb-describe-continuous-backups'))
    dynamodb.on(ListTagsOfResourceCommand).resolves({Tags: [{Key: 'Owner', Value: 'orders-team'}]})
    dynamodb.on(DescribeTableCommand, {TableName: 'gone'}).rejects(awsError('ResourceNotFoundException'))
    dynamodb.on(DescribeContinuousBackupsCommand, {TableName: 'gone'}).rejects(awsError('TableNotFoundException'))
    dynamodb.on(DescribeTableCommand, {TableName: 'denied'}).rejects(awsError('AccessDeniedException'))
    dynamodb.on(DescribeContinuousBackupsCommand, {TableName: 'denied'}).resolves({})

    expect(await readActualResource(clients, 'AWS::DynamoDB::Table', 'ial-prod-orders', REGION)).toMatchObject({
      properties: {PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}, DeletionProtectionEnabled: true},
      tags: {Owner: 'orders-team'},
    })
    expect(await readActualResource(clients, 'AWS::DynamoDB::Table', 'gone', REGION)).toBeNull()
    await expect(readActualResource(clients, 'AWS::DynamoDB::Table', 'denied', REGION)).rejects.toBeInstanceOf(AwsError)
  })
})

describe('DynamoDB executors', () => {
  it('GIVEN the hardening and tag heals WHEN executed THEN UpdateContinuousBackups, UpdateTable and TagResource go out with only what the heal sets', async () => {
    dynamodb.on(UpdateContinuousBackupsCommand).resolves({})
    dynamodb.on(UpdateTableCommand).resolves({})
    dynamodb.on(TagResourceCommand).resolves({})
    await executeHealCall(clients, {api: 'DynamoDB.UpdateContinuousBackups', params: {TableName: 'ial-prod-orders', PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}}, REGION)
    await executeHealCall(clients, {api: 'DynamoDB.UpdateTable', params: {TableName: 'ial-prod-orders', DeletionProtectionEnabled: true}}, REGION)
    await executeHealCall(clients, {api: 'DynamoDB.TagResource', params: {ResourceArn: arn('ial-prod-orders'), Tags: [{Key: 'Owner', Value: 'orders-team'}]}}, REGION)
    expect(dynamodb.commandCalls(UpdateContinuousBackupsCommand)[0].args[0].input).toEqual({TableName: 'ial-prod-orders', PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}})
    expect(dynamodb.commandCalls(UpdateTableCommand)[0].args[0].input).toEqual({TableName: 'ial-prod-orders', DeletionProtectionEnabled: true})
    expect(dynamodb.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({ResourceArn: arn('ial-prod-orders'), Tags: [{Key: 'Owner', Value: 'orders-team'}]})
  })

  it.each([
    ['recovery turned off', 'DynamoDB.UpdateContinuousBackups', {TableName: 'ial-prod-orders', PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: false}}, 'PointInTimeRecoveryEnabled may only be turned on'],
    ['protection turned off', 'DynamoDB.UpdateTable', {TableName: 'ial-prod-orders', DeletionProtectionEnabled: false}, 'DeletionProtectionEnabled may only be turned on'],
    ['a throughput change smuggled into UpdateTable', 'DynamoDB.UpdateTable', {TableName: 'ial-prod-orders', DeletionProtectionEnabled: true, ProvisionedThroughput: {ReadCapacityUnits: 1}}, 'ProvisionedThroughput'],
  ])('GIVEN a forged call with %s WHEN executed THEN it is refused and no AWS call is sent', async (_name, api, params, message) => {
    await expect(executeHealCall(clients, {api, params}, REGION)).rejects.toThrow(message)
    expect(dynamodb.calls()).toHaveLength(0)
  })
})
