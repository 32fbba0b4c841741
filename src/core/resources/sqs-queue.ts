import type {QueueAttributeName} from '@aws-sdk/client-sqs'

import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualResource, jsonObjectOrText} from './aws-shape.js'
import {asCount, currentValue, type HealApiCall, NEVER_HEALED, NEVER_REVERTED, nonEmptyString, type PropertyHeal, type PropertyRevert, refuse, type TagApi, tagKeyList} from './heal.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'

// Call budget (SPEC 9): ListQueues pages of 1000 and the tagging API's GetResources pages of 100 (every queue's tags,
// so that the scope can be decided by name and tags), then one GetQueueAttributes (All) per queue the run needs
// (declared, or an extra inside the scope): SQS has no batch describe. 1 call per needed queue + 0.011 per queue.

/** SQS's limits for the healed attributes, in seconds. */
const VISIBILITY_TIMEOUT_MAX = 43_200
const RETENTION_MIN = 60
const RETENTION_MAX = 1_209_600

const queueTags: TagApi = {
  set: (url, tags) => ({api: 'SQS.TagQueue', params: {QueueUrl: url, Tags: tags}}),
  remove: (url, values) => ({api: 'SQS.UntagQueue', params: {QueueUrl: url, TagKeys: Object.keys(values)}}),
  target: (actual) => actual.physicalId,
  calls: [
    {
      api: 'SQS.TagQueue',
      // SQS takes tags as a map, so the list helpers do not fit: the same rules, written for a map.
      params: z.strictObject({
        QueueUrl: nonEmptyString('QueueUrl'),
        Tags: z
          .record(z.string(), {errorMap: () => ({message: 'Tags must set at least one tag (aws: tags excluded)'})})
          .refine((tags) => Object.keys(tags).length > 0 && Object.keys(tags).every((key) => key !== '' && !key.startsWith('aws:')), 'Tags must set at least one tag (aws: tags excluded)'),
      }),
    },
    {api: 'SQS.UntagQueue', params: z.strictObject({QueueUrl: nonEmptyString('QueueUrl'), TagKeys: tagKeyList('TagKeys')})},
  ],
}

/** Whole seconds as SQS takes them (a string), within `min`..`max`. */
const seconds = (name: string, min: number, max: number) => {
  const message = `${name} must be a whole number of seconds from ${min} to ${max}`
  return z
    .string({errorMap: () => ({message})})
    .regex(/^\d+$/, message)
    .refine((value) => Number(value) >= min && Number(value) <= max, message)
}

/**
 * SetQueueAttributes with exactly the healed attributes. A retention change carries the retention the plan saw
 * (`MessageRetentionPeriodBefore`, never sent to SQS): a heal only ever raises retention, so the schema refuses a
 * value below it, and the executor refuses it again when the queue's retention is now higher than the new value.
 */
const setQueueAttributes = {
  api: 'SQS.SetQueueAttributes',
  params: z
    .strictObject({
      QueueUrl: nonEmptyString('QueueUrl'),
      Attributes: z
        .strictObject({
          VisibilityTimeout: seconds('VisibilityTimeout', 0, VISIBILITY_TIMEOUT_MAX).optional(),
          MessageRetentionPeriod: seconds('MessageRetentionPeriod', RETENTION_MIN, RETENTION_MAX).optional(),
        })
        .refine((attributes) => attributes.VisibilityTimeout !== undefined || attributes.MessageRetentionPeriod !== undefined, 'Attributes must change VisibilityTimeout or MessageRetentionPeriod'),
      MessageRetentionPeriodBefore: seconds('MessageRetentionPeriodBefore', RETENTION_MIN, RETENTION_MAX).optional(),
    })
    .refine(
      ({Attributes, MessageRetentionPeriodBefore}) =>
        Attributes.MessageRetentionPeriod === undefined ||
        (MessageRetentionPeriodBefore !== undefined && Number(Attributes.MessageRetentionPeriod) >= Number(MessageRetentionPeriodBefore)),
      'MessageRetentionPeriod may only be raised (a lower retention deletes messages)',
    ),
}

const RETENTION = '/MessageRetentionPeriod'
const VISIBILITY = '/VisibilityTimeout'

/** VisibilityTimeout (either way) and MessageRetentionPeriod (only up), healed in place by one SetQueueAttributes. */
const queueSettingsHeal: PropertyHeal = {
  paths: [VISIBILITY, RETENTION],
  calls: [setQueueAttributes],
  build(actual, changes) {
    const to: Record<string, string> = {}
    const from: Record<string, string> = {}
    let retentionBefore: number | undefined
    for (const change of changes) {
      const [before, after] = [asCount(currentValue(actual, change.path)), asCount(change.to)]
      if (change.path === VISIBILITY) {
        if (before === undefined || after === undefined || after > VISIBILITY_TIMEOUT_MAX) return refuse(`${VISIBILITY} ${String(change.to)} is not 0 to ${VISIBILITY_TIMEOUT_MAX} seconds`)
        ;[to.VisibilityTimeout, from.VisibilityTimeout] = [String(after), String(before)]
      } else {
        if (before === undefined || after === undefined || after < RETENTION_MIN || after > RETENTION_MAX) {
          return refuse(`${RETENTION} ${String(change.to)} is not ${RETENTION_MIN} to ${RETENTION_MAX} seconds`)
        }

        if (after < before) return refuse(`${RETENTION} ${before} → ${after}: retention is only ever raised (a lower retention deletes messages)`)
        to.MessageRetentionPeriod = String(after)
        retentionBefore = before
      }
    }

    const call = (attributes: Record<string, string>, before: number | undefined): HealApiCall => ({
      api: 'SQS.SetQueueAttributes',
      params: {QueueUrl: actual.physicalId, Attributes: attributes, ...(before === undefined ? {} : {MessageRetentionPeriodBefore: String(before)})},
    })
    // The rollback never lowers retention either: it leaves the raised retention as it is (asking for it again when
    // it is the only change), and puts back the visibility timeout.
    const raised = to.MessageRetentionPeriod
    const rollback = Object.keys(from).length > 0 ? call(from, undefined) : call({MessageRetentionPeriod: raised}, Number(raised))
    return {ok: true, actions: [{...call(to, retentionBefore), rollback}]}
  },
}

/** The queue attributes a revert puts back beyond a heal, with SQS's limits (seconds, bytes). */
const REVERTED_ATTRIBUTES = {
  DelaySeconds: {min: 0, max: 900},
  MaximumMessageSize: {min: 1024, max: 1_048_576},
  ReceiveMessageWaitTimeSeconds: {min: 0, max: 20},
} as const

type RevertedAttribute = keyof typeof REVERTED_ATTRIBUTES

const wholeNumber = (name: string, min: number, max: number) => {
  const message = `${name} must be a whole number from ${min} to ${max}`
  return z
    .string({errorMap: () => ({message})})
    .regex(/^\d+$/, message)
    .refine((value) => Number(value) >= min && Number(value) <= max, message)
}

/**
 * Delivery delay, maximum message size and long-polling wait, put back by one SetQueueAttributes: the queue and its
 * messages stay, only new sends and receives follow (no restart). A lower retention is never a revert: it deletes
 * messages (the `never` rule); encryption is never changed.
 */
const queueAttributesRevert: PropertyRevert = {
  paths: Object.keys(REVERTED_ATTRIBUTES).map((name) => `/${name}`),
  restartPaths: [],
  calls: [
    {
      api: 'SQS.SetQueueAttributes',
      params: z.strictObject({
        QueueUrl: nonEmptyString('QueueUrl'),
        Attributes: z
          .strictObject(Object.fromEntries(Object.entries(REVERTED_ATTRIBUTES).map(([name, {min, max}]) => [name, wholeNumber(name, min, max).optional()])))
          .refine((attributes) => Object.values(attributes).some((value) => value !== undefined), 'Attributes must change an attribute'),
      }),
    },
  ],
  build(actual, changes) {
    const to: Record<string, string> = {}
    const from: Record<string, string> = {}
    for (const change of changes) {
      const name = change.path.slice(1) as RevertedAttribute
      const {min, max} = REVERTED_ATTRIBUTES[name]
      const [before, after] = [asCount(currentValue(actual, change.path)), asCount(change.to)]
      if (after === undefined || after < min || after > max) return refuse(`${change.path} ${String(change.to)} is not ${min} to ${max}`)
      if (before === undefined) return refuse(`${change.path}: the queue's value was not read`)
      ;[to[name], from[name]] = [String(after), String(before)]
    }

    const call = (attributes: Record<string, string>): HealApiCall => ({api: 'SQS.SetQueueAttributes', params: {QueueUrl: actual.physicalId, Attributes: attributes}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
  never(change, actual) {
    if (change.path !== RETENTION) return undefined
    const [before, after] = [asCount(currentValue(actual, RETENTION)), asCount(change.to)]
    return before !== undefined && after !== undefined && after < before ? `${NEVER_REVERTED.retentionDown} (messages older than the new retention are deleted)` : undefined
  },
}

export const sqsQueue: ResourceTypeModule = {
  type: 'AWS::SQS::Queue',
  service: 'sqs',
  readBudget: {fixedCalls: 2, callsPerResource: 1.011, basis: 'ListQueues, 1,000 per page, and tags from the tagging API, 100 per page, then one GetQueueAttributes per declared or in-scope queue: SQS has no batch describe'},
  actualKeys: (actual) => [`name:${str(actual.properties.QueueName)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...(str(properties.QueueName) ? [`name:${str(properties.QueueName)}`] : []), cloudFormationKey(stackName, logicalId)],
  // A stack records the queue URL on the endpoint CloudFormation used; the name (unique in its account and region) is what counts.
  stackPhysicalIdKeys: (url) => [`name:${queueNameOf(url)}`],
  setPaths: [],
  // An alias, a key ARN or a key id: compared by the name part.
  arnOrNamePaths: ['/KmsMasterKeyId'],
  notReturnedPaths: [],
  ratings: [
    critical('/KmsMasterKeyId'),
    critical('/SqsManagedSseEnabled'),
    {path: '/RedrivePolicy', severity: 'high', impact: ['availability']},
    {path: VISIBILITY, severity: 'medium', impact: ['availability']},
    {path: RETENTION, severity: 'medium', impact: ['availability']},
    {path: '/DelaySeconds', severity: 'medium', impact: ['availability']},
  ],
  neverHealed: {'/KmsMasterKeyId': NEVER_HEALED.encryption, '/SqsManagedSseEnabled': NEVER_HEALED.encryption},
  tags: queueTags,
  heal: queueSettingsHeal,
  revert: queueAttributesRevert,
  neverReverted: {'/KmsMasterKeyId': NEVER_REVERTED.encryption, '/SqsManagedSseEnabled': NEVER_REVERTED.encryption, '/QueueName': NEVER_REVERTED.replacement, '/FifoQueue': NEVER_REVERTED.replacement},
  awsDefaults: {
    '/DelaySeconds': 0,
    '/MaximumMessageSize': 262_144,
    '/MessageRetentionPeriod': 345_600,
    '/ReceiveMessageWaitTimeSeconds': 0,
    '/VisibilityTimeout': 30,
    '/SqsManagedSseEnabled': true,
    '/KmsDataKeyReusePeriodSeconds': 300,
  },
  displayName: (actual) => str(actual.properties.QueueName) ?? actual.physicalId,
}

const numberOf = (value: string | undefined): number | undefined => (value === undefined || value.trim() === '' || !Number.isFinite(Number(value)) ? undefined : Number(value))
const booleanOf = (value: string | undefined): boolean | undefined => (value === 'true' ? true : value === 'false' ? false : undefined)

/** `https://sqs.us-east-1.amazonaws.com/123456789012/orders` -> `orders`. */
export const queueNameOf = (url: string): string => url.split('/').at(-1) ?? url

/** GetQueueAttributes (All) + ListQueueTags -> CloudFormation `AWS::SQS::Queue`; `!Ref` is the queue URL. */
export function queueFromAws(url: string, attributes: Partial<Record<QueueAttributeName, string>>, tags: Record<string, string> | undefined, region: string): ActualResource {
  const name = queueNameOf(url)
  const fifo = booleanOf(attributes.FifoQueue)
  return actualResource({
    type: sqsQueue.type,
    region,
    physicalId: url,
    arn: attributes.QueueArn,
    properties: {
      QueueName: name,
      VisibilityTimeout: numberOf(attributes.VisibilityTimeout),
      MessageRetentionPeriod: numberOf(attributes.MessageRetentionPeriod),
      DelaySeconds: numberOf(attributes.DelaySeconds),
      MaximumMessageSize: numberOf(attributes.MaximumMessageSize),
      ReceiveMessageWaitTimeSeconds: numberOf(attributes.ReceiveMessageWaitTimeSeconds),
      KmsMasterKeyId: attributes.KmsMasterKeyId,
      KmsDataKeyReusePeriodSeconds: attributes.KmsMasterKeyId ? numberOf(attributes.KmsDataKeyReusePeriodSeconds) : undefined,
      SqsManagedSseEnabled: booleanOf(attributes.SqsManagedSseEnabled),
      RedrivePolicy: jsonObjectOrText(attributes.RedrivePolicy),
      RedriveAllowPolicy: jsonObjectOrText(attributes.RedriveAllowPolicy),
      // Only a FIFO queue answers these; a standard queue leaves them out, as its template does.
      FifoQueue: fifo ? true : undefined,
      ContentBasedDeduplication: fifo ? booleanOf(attributes.ContentBasedDeduplication) : undefined,
      DeduplicationScope: fifo ? attributes.DeduplicationScope : undefined,
      FifoThroughputLimit: fifo ? attributes.FifoThroughputLimit : undefined,
    },
    tags: tags ?? {},
    attributes: {Arn: attributes.QueueArn, QueueName: name, QueueUrl: url},
  })
}
