import type {LogGroup} from '@aws-sdk/client-cloudwatch-logs'
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualResource} from './aws-shape.js'
import {asCount, currentValue, type HealApiCall, NEVER_REVERTED, nonEmptyString, type PropertyHeal, refuse, revertNever, type TagApi, tagKeyList} from './heal.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'

// Reading budget (SPEC 9): DescribeLogGroups returns 50 groups per call with retention and key; tags come from
// the Resource Groups Tagging API, 100 tagged resources per call. No call per log group: about 0.03 calls per group.

/** The only values CloudWatch Logs accepts for a retention (PutRetentionPolicy), in days. Absent: never expire. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const

const RETENTION = '/RetentionInDays'

const isRetention = (value: number | undefined): value is number => value !== undefined && (LOG_RETENTION_DAYS as readonly number[]).includes(value)

const retentionDays = (name: string) => {
  const message = `${name} must be one of CloudWatch Logs' retention values (${LOG_RETENTION_DAYS.join(', ')} days)`
  return z.number({errorMap: () => ({message})}).refine((days) => isRetention(days), message)
}

/** CloudWatch Logs tags take a map; the rules are tagList's (at least one, no empty or `aws:` key), for a map. */
const tagMap = (name: string) =>
  z
    .record(z.string(), z.string(), {errorMap: () => ({message: `${name} must map at least one tag key to a value (aws: tags excluded)`})})
    .refine(
      (tags) => Object.keys(tags).length > 0 && Object.keys(tags).every((key) => key !== '' && !key.startsWith('aws:')),
      `${name} must map at least one tag key to a value (aws: tags excluded)`,
    )

const logGroupTags: TagApi = {
  set: (arn, tags) => ({api: 'Logs.TagResource', params: {resourceArn: arn, tags}}),
  remove: (arn, values) => ({api: 'Logs.UntagResource', params: {resourceArn: arn, tagKeys: Object.keys(values)}}),
  target: (actual) => actual.arn,
  calls: [
    {api: 'Logs.TagResource', params: z.strictObject({resourceArn: nonEmptyString('resourceArn'), tags: tagMap('tags')})},
    {api: 'Logs.UntagResource', params: z.strictObject({resourceArn: nonEmptyString('resourceArn'), tagKeys: tagKeyList('tagKeys')})},
  ],
}

/**
 * PutRetentionPolicy, raising only. The call carries the retention the plan saw (`retentionInDaysBefore`, never sent
 * to AWS) so that this schema, the last gate, refuses a lower value whatever built the call; the executor refuses it
 * again when the group's retention is now higher, or never expires.
 */
const putRetentionPolicy = {
  api: 'Logs.PutRetentionPolicy',
  params: z
    .strictObject({
      logGroupName: nonEmptyString('logGroupName'),
      retentionInDays: retentionDays('retentionInDays'),
      retentionInDaysBefore: retentionDays('retentionInDaysBefore'),
    })
    .refine(
      ({retentionInDays, retentionInDaysBefore}) => retentionInDays >= retentionInDaysBefore,
      'retentionInDays may only be raised (a lower retention deletes log events)',
    ),
}

/**
 * RetentionInDays, only upward (SPEC 6). A group without a retention keeps its events forever: no heal gives it one,
 * whatever the template says, since any retention would be lower. A lower value deletes events, so it goes to
 * reverse sync (or revert, decided by a person).
 */
const retentionHeal: PropertyHeal = {
  paths: [RETENTION],
  calls: [putRetentionPolicy],
  build(actual, changes) {
    const change = changes[0]
    const [from, to] = [asCount(currentValue(actual, RETENTION)), asCount(change.to)]
    if (from === undefined) return refuse(`${RETENTION}: the log group never expires its events, and a heal never sets a retention where AWS keeps them forever`)
    if (!isRetention(to)) return refuse(`${RETENTION} ${String(change.to)} is not a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(', ')} days)`)
    if (to < from) return refuse(`${RETENTION} ${from} → ${to}: retention is only ever raised (a lower retention deletes log events)`)
    const call = (days: number, before: number): HealApiCall => ({
      api: 'Logs.PutRetentionPolicy',
      params: {logGroupName: actual.physicalId, retentionInDays: days, retentionInDaysBefore: before},
    })
    // The rollback never lowers retention either: it asks for the raised retention again (as RDS protection).
    return {ok: true, actions: [{...call(to, from), rollback: call(to, to)}]}
  },
}

/**
 * What a revert of a log group never does: lower its retention, or give one to a group that keeps its events forever
 * (either deletes events, even when Git says so). Raising it is the heal's, and a revert does that too.
 */
const retentionNeverLowered = revertNever((change, actual) => {
  if (change.path !== RETENTION) return undefined
  const [before, after] = [asCount(currentValue(actual, RETENTION)), asCount(change.to)]
  if (before === undefined) return `${NEVER_REVERTED.retentionDown}: the log group keeps its events forever, and any retention would delete the older ones`
  return after !== undefined && after < before ? `${NEVER_REVERTED.retentionDown} (log events older than ${after} days are deleted)` : undefined
})

export const logsLogGroup: ResourceTypeModule = {
  type: 'AWS::Logs::LogGroup',
  service: 'logs',
  readBudget: {fixedCalls: 2, callsPerResource: 0.03, basis: 'DescribeLogGroups, 50 per page with retention and key, and tags from the tagging API, 100 per page: no call per log group'},
  actualKeys: (actual) => [`name:${str(actual.properties.LogGroupName)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys({logicalId, stackName, properties}) {
    const name = str(properties.LogGroupName)
    return [...(name ? [`name:${name}`] : []), cloudFormationKey(stackName, logicalId)]
  },
  setPaths: [],
  // The key ARN; an id alone names the same key.
  arnOrNamePaths: ['/KmsKeyId'],
  // DescribeLogGroups answers none of these; each has its own per-group call.
  notReturnedPaths: ['/DataProtectionPolicy', '/FieldIndexPolicies', '/ResourcePolicyDocument'],
  ratings: [
    critical('/KmsKeyId'),
    {path: '/DeletionProtectionEnabled', severity: 'high', impact: ['availability', 'security']},
    {path: RETENTION, severity: 'medium', impact: ['security', 'cost']},
    {path: '/LogGroupClass', severity: 'medium', impact: ['cost']},
  ],
  neverHealed: {
    '/KmsKeyId': 'log group encryption is never healed (events written under a wrong key are unreadable without it)',
    '/LogGroupClass': 'the log group class cannot change after creation',
  },
  tags: logGroupTags,
  heal: retentionHeal,
  revert: retentionNeverLowered,
  neverReverted: {'/KmsKeyId': NEVER_REVERTED.encryption, '/LogGroupClass': NEVER_REVERTED.replacement, '/LogGroupName': NEVER_REVERTED.replacement},
  awsDefaults: {'/LogGroupClass': 'STANDARD', '/DeletionProtectionEnabled': false, '/BearerTokenAuthenticationEnabled': false},
  displayName: (actual) => str(actual.properties.LogGroupName) ?? actual.physicalId,
}

/** `arn:...:log-group:NAME:*` (DescribeLogGroups `arn`) -> `arn:...:log-group:NAME`, the form tagging calls take. */
export const logGroupArn = (group: LogGroup): string | undefined => group.logGroupArn ?? group.arn?.replace(/:\*$/, '')

/**
 * DescribeLogGroups -> CloudFormation `AWS::Logs::LogGroup`; `!Ref` is the name. Tags come from the tagging API
 * (DescribeLogGroups has none); an absent retention is absent here too (never expire).
 */
export function logGroupFromAws(group: LogGroup, tags: Readonly<Record<string, string>>, region: string): ActualResource {
  const name = group.logGroupName ?? ''
  const arn = logGroupArn(group)
  return actualResource({
    type: logsLogGroup.type,
    region,
    physicalId: name,
    arn,
    properties: {
      LogGroupName: name,
      RetentionInDays: group.retentionInDays,
      KmsKeyId: group.kmsKeyId,
      LogGroupClass: group.logGroupClass,
      DeletionProtectionEnabled: group.deletionProtectionEnabled,
      BearerTokenAuthenticationEnabled: group.bearerTokenAuthenticationEnabled,
    },
    tags: {...tags},
    // Fn::GetAtt Arn is the `:*` form.
    attributes: {Arn: group.arn ?? (arn ? `${arn}:*` : undefined)},
  })
}
