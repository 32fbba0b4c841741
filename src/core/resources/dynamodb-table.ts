import type {ContinuousBackupsDescription, TableDescription} from '@aws-sdk/client-dynamodb'
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualResource} from './aws-shape.js'
import {asCount, type HealApiCall, NEVER_REVERTED, nonEmptyString, type PropertyHeal, type PropertyRevert, putBack, refuse, type TagApi, tagKeyList, tagList, tagPairs, wholeValueChange} from './heal.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'

// Call budget (SPEC 9): ListTables pages of 100 and the tagging API's GetResources pages of 100 (every table's tags,
// so that the scope is decided by name and tags), then two calls per table the run needs (declared, or an extra
// inside the scope): DescribeTable and DescribeContinuousBackups (point-in-time recovery is only there). DynamoDB
// has no batch describe. 2 calls per region + 2 per needed table + 0.02 per table.

const PITR = '/PointInTimeRecoverySpecification'
const PITR_ENABLED = '/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled'
const DELETION_PROTECTION = '/DeletionProtectionEnabled'
const BILLING_MODE = '/BillingMode'
const THROUGHPUT = '/ProvisionedThroughput'

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

/** DynamoDB's billing modes. */
const BILLING_MODES = ['PROVISIONED', 'PAY_PER_REQUEST'] as const

/** Capacity units a revert writes: DynamoDB's minimum is 1; 40,000 is its default per-table quota (a table raised above it is changed by hand). */
const CAPACITY = {min: 1, max: 40_000}

const capacityUnits = (name: string) => {
  const message = `${name} must be a whole number from ${CAPACITY.min} to ${CAPACITY.max}`
  return z.number({errorMap: () => ({message})}).int(message).min(CAPACITY.min, message).max(CAPACITY.max, message)
}

interface Throughput {
  ReadCapacityUnits: number
  WriteCapacityUnits: number
}

/** A throughput with both units as whole numbers (templates may write them as strings), or undefined. */
function throughputOf(value: unknown): Throughput | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const {ReadCapacityUnits: read, WriteCapacityUnits: write} = value as Record<string, unknown>
  const [r, w] = [asCount(read), asCount(write)]
  return r === undefined || w === undefined ? undefined : {ReadCapacityUnits: r, WriteCapacityUnits: w}
}

/**
 * Billing mode and provisioned throughput put back by one UpdateTable (SPEC 11): in place, no restart (the table
 * serves reads and writes while it is UPDATING). The call carries only these two settings: the deletion protection
 * and encryption of a table are never written by a revert. AWS's rules the plan follows: a switch to PROVISIONED
 * carries the declared throughput; PAY_PER_REQUEST carries none. Two refusals are AWS's to make, and each is a
 * failed revert that changed nothing: a switch to PROVISIONED of a table with global secondary indexes (each index
 * needs its own throughput, which ialctl does not compare), and a switch to on-demand more often than DynamoDB
 * allows in a day. The rollback puts back AWS's mode and throughput as they were.
 */
const capacityRevert: PropertyRevert = {
  paths: [BILLING_MODE, THROUGHPUT],
  restartPaths: [],
  changeOf(actual, path, differences) {
    if (path === BILLING_MODE) return wholeValueChange(path, differences)
    return putBack(actual, path, differences)
  },
  calls: [
    {
      api: 'DynamoDB.UpdateTable',
      params: z
        .strictObject({
          TableName: nonEmptyString('TableName'),
          BillingMode: z.enum(BILLING_MODES, {errorMap: () => ({message: `BillingMode must be ${BILLING_MODES.join(' or ')}`})}).optional(),
          ProvisionedThroughput: z.strictObject({ReadCapacityUnits: capacityUnits('ReadCapacityUnits'), WriteCapacityUnits: capacityUnits('WriteCapacityUnits')}).optional(),
        })
        .refine((params) => params.BillingMode !== undefined || params.ProvisionedThroughput !== undefined, 'UpdateTable must change BillingMode or ProvisionedThroughput')
        .refine((params) => !(params.BillingMode === 'PAY_PER_REQUEST' && params.ProvisionedThroughput), 'PAY_PER_REQUEST takes no ProvisionedThroughput')
        .refine((params) => !(params.BillingMode === 'PROVISIONED' && !params.ProvisionedThroughput), 'a switch to PROVISIONED must carry ProvisionedThroughput'),
    },
  ],
  build(actual, changes) {
    const TableName = actual.physicalId
    const modeChange = changes.find((change) => change.path === BILLING_MODE)
    const throughputChange = changes.find((change) => change.path === THROUGHPUT)
    const mode = (value: unknown) => (value === undefined || value === null ? 'PROVISIONED' : value)
    const before = {mode: mode(actual.properties.BillingMode), throughput: throughputOf(actual.properties.ProvisionedThroughput)}
    // A declared throughput on an on-demand table means PROVISIONED (CloudFormation's default mode).
    const declaredThroughput = throughputChange ? throughputOf(throughputChange.to) : undefined
    const after = {mode: modeChange ? mode(modeChange.to) : declaredThroughput ? 'PROVISIONED' : before.mode, throughput: throughputChange ? declaredThroughput : before.throughput}
    if (!BILLING_MODES.includes(after.mode as never)) return refuse(`${BILLING_MODE} ${JSON.stringify(after.mode)} is not ${BILLING_MODES.join(' or ')}`)
    if (!BILLING_MODES.includes(before.mode as never)) return refuse(`${BILLING_MODE}: the table's billing mode was not read`)
    const write = (state: {mode: unknown; throughput?: Throughput}, switching: boolean): Record<string, unknown> =>
      state.mode === 'PAY_PER_REQUEST' ? {BillingMode: 'PAY_PER_REQUEST'} : {...(switching ? {BillingMode: 'PROVISIONED'} : {}), ProvisionedThroughput: state.throughput}
    if (after.mode === 'PROVISIONED') {
      if (!after.throughput) return refuse(`${THROUGHPUT}: a provisioned table needs the declared read and write capacity units`)
      const bad = [after.throughput.ReadCapacityUnits, after.throughput.WriteCapacityUnits].find((units) => units < CAPACITY.min || units > CAPACITY.max)
      if (bad !== undefined) return refuse(`${THROUGHPUT} ${bad} capacity units is not ${CAPACITY.min} to ${CAPACITY.max}`)
    }

    if (before.mode === 'PROVISIONED' && !before.throughput) return refuse(`${THROUGHPUT}: the table's throughput was not read, so it could not be put back if the revert failed`)
    const switching = before.mode !== after.mode
    const call = (params: Record<string, unknown>): HealApiCall => ({api: 'DynamoDB.UpdateTable', params: {TableName, ...params}})
    return {ok: true, actions: [{...call(write(after, switching)), rollback: call(write(before, switching))}]}
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
  revert: capacityRevert,
  // CloudFormation refuses PROVISIONED without a throughput, and a throughput with PAY_PER_REQUEST (cfn-lint E3639).
  adoptTogether: [[BILLING_MODE, THROUGHPUT]],
  neverReverted: {
    '/SSESpecification': NEVER_REVERTED.encryption,
    '/TableName': NEVER_REVERTED.replacement,
    '/KeySchema': NEVER_REVERTED.replacement,
    '/AttributeDefinitions': 'key attributes change only with the keys (a new table)',
  },
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
