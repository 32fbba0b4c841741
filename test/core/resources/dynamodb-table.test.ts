import type {ContinuousBackupsDescription, TableDescription} from '@aws-sdk/client-dynamodb'
import {describe, expect, it} from 'vitest'

import {healCallProblem} from '../../../src/core/resources/heal.js'
import {healCall} from '../../../src/core/resources/index.js'
import {dynamodbTable, tableFromAws} from '../../../src/core/resources/dynamodb-table.js'
import {callsOf, change, refusal, resource} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/ial-prod-orders'
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6'

describe('AWS::DynamoDB::Table mapping', () => {
  const {Table} = fixture<{Table: TableDescription}>('dynamodb-describe-table')
  const {ContinuousBackupsDescription: backups} = fixture<{ContinuousBackupsDescription: ContinuousBackupsDescription}>('dynamodb-describe-continuous-backups')

  it('GIVEN DescribeTable and DescribeContinuousBackups of an on-demand, KMS-encrypted table WHEN mapped THEN CloudFormation properties, without the 0/0 throughput, sizes or counts', () => {
    const actual = tableFromAws(Table, backups, {Owner: 'orders-team'}, region)
    expect(actual.physicalId).toBe('ial-prod-orders')
    expect(actual.arn).toBe(ARN)
    expect(actual.properties).toEqual({
      TableName: 'ial-prod-orders',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        {AttributeName: 'customerId', KeyType: 'HASH'},
        {AttributeName: 'orderId', KeyType: 'RANGE'},
      ],
      AttributeDefinitions: [
        {AttributeName: 'orderId', AttributeType: 'S'},
        {AttributeName: 'customerId', AttributeType: 'S'},
      ],
      SSESpecification: {SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY_ARN},
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35},
      DeletionProtectionEnabled: true,
      TableClass: 'STANDARD',
    })
    expect(actual.tags).toEqual({Owner: 'orders-team'})
    expect(actual.attributes).toEqual({Arn: ARN})
    expectNoAbsentValues(actual)
  })

  it('GIVEN an old provisioned table with an AWS-owned key and recovery off WHEN mapped THEN PROVISIONED with its throughput, SSEEnabled false, recovery false', () => {
    const old: TableDescription = {TableName: 'legacy', TableArn: `${ARN}-legacy`, ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 2, NumberOfDecreasesToday: 0}}
    expect(tableFromAws(old, {ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: 'DISABLED'}}, {}, region).properties).toEqual({
      TableName: 'legacy',
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 2},
      SSESpecification: {SSEEnabled: false},
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: false},
    })
  })

  it('GIVEN a table from CloudFormation WHEN matched THEN by TableName, else by stack and logical id', () => {
    expect(dynamodbTable.actualKeys(tableFromAws(Table, backups, {'aws:cloudformation:stack-name': 'ial-prod', 'aws:cloudformation:logical-id': 'OrdersTable'}, region))).toEqual([
      'name:ial-prod-orders',
      'cfn:ial-prod/OrdersTable',
    ])
    expect(dynamodbTable.desiredKeys({logicalId: 'OrdersTable', stackName: 'ial-prod', properties: {}})).toEqual(['cfn:ial-prod/OrdersTable'])
  })
})

describe('AWS::DynamoDB::Table heal', () => {
  const table = resource(dynamodbTable.type, 'ial-prod-orders', {TableName: 'ial-prod-orders', PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: false}, DeletionProtectionEnabled: false}, {arn: ARN})

  it('GIVEN recovery and deletion protection turned off WHEN healed THEN each is turned back on, and the rollback never turns it off', () => {
    expect(callsOf(dynamodbTable.heal!.build(table, [change('/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled', false, true), change('/DeletionProtectionEnabled', false, true)]))).toEqual([
      {api: 'DynamoDB.UpdateContinuousBackups', params: {TableName: 'ial-prod-orders', PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}},
      {api: 'DynamoDB.UpdateContinuousBackups', params: {TableName: 'ial-prod-orders', PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}},
      {api: 'DynamoDB.UpdateTable', params: {TableName: 'ial-prod-orders', DeletionProtectionEnabled: true}},
      {api: 'DynamoDB.UpdateTable', params: {TableName: 'ial-prod-orders', DeletionProtectionEnabled: true}},
    ])
    expect(dynamodbTable.heal!.hardeningPaths).toEqual(expect.arrayContaining(['/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled', '/DeletionProtectionEnabled']))
  })

  it('GIVEN a template that turns recovery or protection off WHEN healed THEN refused: only ever on', () => {
    const on = resource(dynamodbTable.type, 'ial-prod-orders', {PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}, DeletionProtectionEnabled: true})
    expect(refusal(dynamodbTable.heal!.build(on, [change('/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled', true, false)]))).toMatch(/only ever turned on/)
    expect(refusal(dynamodbTable.heal!.build(on, [change('/DeletionProtectionEnabled', true, false)]))).toMatch(/only ever turned on/)
    expect(refusal(dynamodbTable.heal!.build(on, [change('/PointInTimeRecoverySpecification', {PointInTimeRecoveryEnabled: true}, {PointInTimeRecoveryEnabled: false})]))).toMatch(/only ever turned on/)
  })

  it.each([
    ['recovery turned off', 'DynamoDB.UpdateContinuousBackups', {TableName: 'ial-prod-orders', PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: false}}],
    ['protection turned off', 'DynamoDB.UpdateTable', {TableName: 'ial-prod-orders', DeletionProtectionEnabled: false}],
    ['a billing change smuggled in', 'DynamoDB.UpdateTable', {TableName: 'ial-prod-orders', DeletionProtectionEnabled: true, BillingMode: 'PROVISIONED'}],
    ['an aws: tag set', 'DynamoDB.TagResource', {ResourceArn: ARN, Tags: [{Key: 'aws:cloudformation:stack-name', Value: 'x'}]}],
    ['an untag with no keys', 'DynamoDB.UntagResource', {ResourceArn: ARN, TagKeys: []}],
  ])('GIVEN %s WHEN checked against the schema THEN it is refused', (_name, api, params) => {
    expect(healCallProblem(healCall(api)!, params)).toBeDefined()
  })

  it('GIVEN encryption drift WHEN asked THEN it is critical and never healed', () => {
    expect(dynamodbTable.ratings.find((rating) => rating.path === '/SSESpecification')?.severity).toBe('critical')
    expect(dynamodbTable.neverHealed['/SSESpecification']).toMatch(/never healed/)
  })
})
