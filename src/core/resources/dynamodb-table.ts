import type {ContinuousBackupsDescription, TableDescription} from '@aws-sdk/client-dynamodb'
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualResource} from './aws-shape.js'
import {type HealApiCall, nonEmptyString, type PropertyHeal, refuse, type TagApi, tagKeyList, tagList, tagPairs} from './heal.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'

// Call budget (SPEC 9): ListTables pages of 100 and the tagging API's GetResources pages of 100 (every table's tags,
// so that the scope is decided by name and tags), then two calls per table the run needs (declared, or an extra
// inside the scope): DescribeTable and DescribeContinuousBackups (point-in-time recovery is only there). DynamoDB
// has no batch describe. 2 calls per region + 2 per needed table + 0.02 per table.

const PITR = '/PointInTimeRecoverySpecification'
const PITR_ENABLED = '/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled'
const DELETION_PROTECTION = '/DeletionProtectionEnabled'

/** DynamoDB tags a table by its ARN, with a Key/Value list, and removes tags by key. */
const tableTags: TagApi = {
  set: (arn, tags) => ({api: 'DynamoDB.TagResource', params: {ResourceArn: arn, Tags: tagPairs(tags)}}),
  remove: (arn, values) => ({api: 'DynamoDB.UntagResource', params: {ResourceArn: arn, TagKeys: Object.keys(values)}}),
  target: (actual) => actual.arn,
  calls: [
    {api: 'DynamoDB.TagResource', params: z.strictObject({ResourceArn: nonEmptyString('ResourceArn'), Tags: tagList('Tags', {key: 'Key', value: 'Value'}, true)})},
    {api: 'DynamoDB.UntagResource', params: z.strictObject({ResourceArn: nonEmptyString('ResourceArn'), TagKeys: tagKeyList('TagKeys')})},
  ],
}

const onlyTrue = (name: string) => z.literal(true, {errorMap: () => ({message: `${name} may only be turned on (true)`})})

/**
 * One-way hardening heals (SPEC 6): point-in-time recovery and deletion protection are only ever turned on. Turning
 * either off is a person's decision (reverse sync). A rollback never weakens: it asks for what the heal set, as the
 * S3 and RDS hardening heals do, so a failed verification shows as not restored instead of undoing the hardening.
 */
const tableHardening: PropertyHeal = {
  paths: [PITR, PITR_ENABLED, DELETION_PROTECTION],
  hardeningPaths: [PITR, PITR_ENABLED, DELETION_PROTECTION],
  calls: [
    {
      api: 'DynamoDB.UpdateContinuousBackups',
      params: z.strictObject({
        TableName: nonEmptyString('TableName'),
        PointInTimeRecoverySpecification: z.strictObject({PointInTimeRecoveryEnabled: onlyTrue('PointInTimeRecoveryEnabled')}),
      }),
    },
    {api: 'DynamoDB.UpdateTable', params: z.strictObject({TableName: nonEmptyString('TableName'), DeletionProtectionEnabled: onlyTrue('DeletionProtectionEnabled')})},
  ],
  build(actual, changes) {
    const table = actual.physicalId
    const actions = []
    const pitr = changes.filter((change) => change.path === PITR || change.path === PITR_ENABLED)
    if (pitr.length > 0) {
      for (const change of pitr) {
        const to = change.path === PITR ? (change.to as {PointInTimeRecoveryEnabled?: unknown} | undefined)?.PointInTimeRecoveryEnabled : change.to
        if (to !== true) return refuse(`${change.path} → ${JSON.stringify(change.to)}: point-in-time recovery is only ever turned on`)
      }

      const call: HealApiCall = {api: 'DynamoDB.UpdateContinuousBackups', params: {TableName: table, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}}
      actions.push({...call, rollback: call})
    }

    const protection = changes.find((change) => change.path === DELETION_PROTECTION)
    if (protection) {
      if (protection.to !== true) return refuse(`${DELETION_PROTECTION} → ${JSON.stringify(protection.to)}: deletion protection is only ever turned on`)
      const call: HealApiCall = {api: 'DynamoDB.UpdateTable', params: {TableName: table, DeletionProtectionEnabled: true}}
      actions.push({...call, rollback: call})
    }

    return {ok: true, actions}
  },
}

export const dynamodbTable: ResourceTypeModule = {
  type: 'AWS::DynamoDB::Table',
  service: 'dynamodb',
  readBudget: {
    fixedCalls: 2,
    callsPerResource: 2.02,
    basis: 'ListTables, 100 per page, and tags from the tagging API, 100 per page, then DescribeTable and DescribeContinuousBackups per declared or in-scope table: DynamoDB has no batch describe',
  },
  actualKeys: (actual) => [`name:${str(actual.properties.TableName)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...(str(properties.TableName) ? [`name:${str(properties.TableName)}`] : []), cloudFormationKey(stackName, logicalId)],
  // DynamoDB returns attribute definitions in its own order.
  setPaths: ['/AttributeDefinitions'],
  // AWS answers the key's ARN; a template may name it by id or ARN.
  arnOrNamePaths: ['/SSESpecification/KMSMasterKeyId'],
  // TimeToLive has its own call (DescribeTimeToLive), Kinesis streaming, contributor insights and resource policies
  // theirs, an import source is never returned; indexes and throughput settings are not mapped yet: all reported
  // "not checked" rather than guessed.
  notReturnedPaths: [
    '/TimeToLiveSpecification',
    '/KinesisStreamSpecification',
    '/ResourcePolicy',
    '/ContributorInsightsSpecification',
    '/ImportSourceSpecification',
    '/GlobalSecondaryIndexes',
    '/LocalSecondaryIndexes',
    '/OnDemandThroughput',
    '/WarmThroughput',
  ],
  ratings: [
    critical('/SSESpecification'),
    {path: PITR, severity: 'high', impact: ['availability', 'security']},
    {path: DELETION_PROTECTION, severity: 'high', impact: ['availability']},
    {path: '/KeySchema', severity: 'high', impact: ['availability']},
    {path: '/BillingMode', severity: 'medium', impact: ['cost']},
    {path: '/ProvisionedThroughput', severity: 'medium', impact: ['availability', 'cost']},
  ],
  neverHealed: {'/SSESpecification': 'table encryption is never healed (which key protects the data is a person’s decision)'},
  tags: tableTags,
  heal: tableHardening,
  awsDefaults: {'/TableClass': 'STANDARD', '/DeletionProtectionEnabled': false, '/BillingMode': 'PROVISIONED'},
  displayName: (actual) => str(actual.properties.TableName) ?? actual.physicalId,
}

/**
 * DescribeTable + DescribeContinuousBackups -> CloudFormation `AWS::DynamoDB::Table`; `!Ref` is the table name. A
 * table without an SSE description is encrypted with a key AWS owns: CloudFormation's `SSEEnabled: false`. A table
 * created before billing modes existed has no BillingModeSummary: it is PROVISIONED. On-demand tables answer a
 * throughput of 0/0, which CloudFormation leaves out.
 */
export function tableFromAws(table: TableDescription, backups: ContinuousBackupsDescription | undefined, tags: Record<string, string> | undefined, region: string): ActualResource {
  const name = table.TableName ?? ''
  const billingMode = table.BillingModeSummary?.BillingMode ?? 'PROVISIONED'
  const sse = table.SSEDescription
  const sseOn = sse?.Status === 'ENABLED' || sse?.Status === 'ENABLING' || sse?.Status === 'UPDATING'
  const pitr = backups?.PointInTimeRecoveryDescription
  return actualResource({
    type: dynamodbTable.type,
    region,
    physicalId: name,
    arn: table.TableArn,
    properties: {
      TableName: name,
      BillingMode: billingMode,
      KeySchema: table.KeySchema?.map((key) => ({AttributeName: key.AttributeName, KeyType: key.KeyType})),
      AttributeDefinitions: table.AttributeDefinitions?.map((attribute) => ({AttributeName: attribute.AttributeName, AttributeType: attribute.AttributeType})),
      ProvisionedThroughput:
        billingMode === 'PROVISIONED' && table.ProvisionedThroughput
          ? {ReadCapacityUnits: table.ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: table.ProvisionedThroughput.WriteCapacityUnits}
          : undefined,
      SSESpecification: sse === undefined ? {SSEEnabled: false} : sseOn ? {SSEEnabled: true, SSEType: sse.SSEType, KMSMasterKeyId: sse.KMSMasterKeyArn} : {SSEEnabled: false},
      PointInTimeRecoverySpecification: pitr?.PointInTimeRecoveryStatus
        ? {PointInTimeRecoveryEnabled: pitr.PointInTimeRecoveryStatus === 'ENABLED', ...(pitr.PointInTimeRecoveryStatus === 'ENABLED' && pitr.RecoveryPeriodInDays !== undefined ? {RecoveryPeriodInDays: pitr.RecoveryPeriodInDays} : {})}
        : undefined,
      DeletionProtectionEnabled: table.DeletionProtectionEnabled,
      TableClass: table.TableClassSummary?.TableClass,
      StreamSpecification: table.StreamSpecification?.StreamEnabled ? {StreamViewType: table.StreamSpecification.StreamViewType} : undefined,
    },
    tags: tags ?? {},
    attributes: {Arn: table.TableArn, StreamArn: table.LatestStreamArn},
  })
}
