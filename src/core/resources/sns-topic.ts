import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualResource, jsonObjectOrText} from './aws-shape.js'
import {currentValue, type HealApiCall, NEVER_REVERTED, nonEmptyString, type PropertyRevert, refuse, type TagApi, tagKeyList, tagList, tagPairs} from './heal.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'

// Call budget (SPEC 9): ListTopics pages of 100 (SNS's fixed page; the API takes no page size) and the tagging API's
// GetResources pages of 100 (every topic's tags, so that the scope is decided by name and tags), then one
// GetTopicAttributes per topic the run needs (declared, or an extra inside the scope): SNS has no batch describe.
// 2 calls per region + 1 per needed topic + 0.02 per topic.

/** SNS tags a topic by its ARN, with a Key/Value list (TagResource), and removes tags by key (UntagResource). */
const topicTags: TagApi = {
  set: (arn, tags) => ({api: 'SNS.TagResource', params: {ResourceArn: arn, Tags: tagPairs(tags)}}),
  remove: (arn, values) => ({api: 'SNS.UntagResource', params: {ResourceArn: arn, TagKeys: Object.keys(values)}}),
  target: (actual) => actual.arn,
  calls: [
    {api: 'SNS.TagResource', params: z.strictObject({ResourceArn: nonEmptyString('ResourceArn'), Tags: tagList('Tags', {key: 'Key', value: 'Value'}, true)})},
    {api: 'SNS.UntagResource', params: z.strictObject({ResourceArn: nonEmptyString('ResourceArn'), TagKeys: tagKeyList('TagKeys')})},
  ],
}

/** The topic attributes a revert puts back, each with the values SetTopicAttributes takes. */
const TOPIC_ATTRIBUTES = {
  DisplayName: z.string({errorMap: () => ({message: 'DisplayName must be text'})}).max(100, 'DisplayName must be at most 100 characters'),
  TracingConfig: z.enum(['PassThrough', 'Active'], {errorMap: () => ({message: 'TracingConfig must be PassThrough or Active'})}),
  SignatureVersion: z.enum(['1', '2'], {errorMap: () => ({message: 'SignatureVersion must be 1 or 2'})}),
} as const

type TopicAttribute = keyof typeof TOPIC_ATTRIBUTES

const TOPIC_DEFAULTS: Record<TopicAttribute, string> = {DisplayName: '', TracingConfig: 'PassThrough', SignatureVersion: '1'}

/**
 * Display name, X-Ray tracing and message signature version, put back by SetTopicAttributes (one attribute per
 * call, as the API takes them): the topic and its subscriptions stay, nothing restarts. Signing with SHA1 again
 * (version 1) weakens what subscribers can verify: --approve-critical. Encryption is never changed.
 */
const topicAttributesRevert: PropertyRevert = {
  paths: Object.keys(TOPIC_ATTRIBUTES).map((name) => `/${name}`),
  restartPaths: [],
  calls: (Object.keys(TOPIC_ATTRIBUTES) as TopicAttribute[]).map((name) => ({
    api: 'SNS.SetTopicAttributes',
    params: z.strictObject({TopicArn: nonEmptyString('TopicArn'), AttributeName: z.literal(name), AttributeValue: TOPIC_ATTRIBUTES[name]}),
  })),
  build(actual, changes) {
    const topicArn = actual.arn ?? actual.physicalId
    const actions = []
    for (const change of changes) {
      const name = change.path.slice(1) as TopicAttribute
      const to = typeof change.to === 'number' ? String(change.to) : change.to
      const before = currentValue(actual, change.path)
      // An attribute SNS did not answer has its default (an unset display name is empty), which is what a rollback puts back.
      const from = before === undefined ? TOPIC_DEFAULTS[name] : typeof before === 'number' ? String(before) : before
      if (!TOPIC_ATTRIBUTES[name].safeParse(to).success) return refuse(`${change.path} ${JSON.stringify(change.to)} is not a value SetTopicAttributes takes`)
      if (!TOPIC_ATTRIBUTES[name].safeParse(from).success) return refuse(`${change.path}: the topic's value ${JSON.stringify(before)} could not be put back on rollback`)
      const call = (value: unknown): HealApiCall => ({api: 'SNS.SetTopicAttributes', params: {TopicArn: topicArn, AttributeName: name, AttributeValue: value}})
      actions.push({...call(to), rollback: call(from)})
    }

    return {ok: true, actions}
  },
  weakens: (change) => (change.path === '/SignatureVersion' && String(change.to) === '1' ? 'signs messages with SHA1 again (SignatureVersion 1)' : undefined),
}

export const snsTopic: ResourceTypeModule = {
  type: 'AWS::SNS::Topic',
  service: 'sns',
  readBudget: {
    fixedCalls: 2,
    callsPerResource: 1.02,
    basis: 'ListTopics, 100 per page, and tags from the tagging API, 100 per page, then one GetTopicAttributes per declared or in-scope topic: SNS has no batch describe',
  },
  actualKeys: (actual) => [`name:${str(actual.properties.TopicName)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...(str(properties.TopicName) ? [`name:${str(properties.TopicName)}`] : []), cloudFormationKey(stackName, logicalId)],
  setPaths: [],
  // An alias, a key ARN or a key id: compared by the name part.
  arnOrNamePaths: ['/KmsMasterKeyId'],
  // Each has its own call per topic (ListSubscriptionsByTopic, GetDataProtectionPolicy) or comes back as other
  // attributes (delivery status logging as <protocol>SuccessFeedbackRoleArn ...): not read, reported "not checked".
  notReturnedPaths: ['/Subscription', '/DataProtectionPolicy', '/DeliveryStatusLogging'],
  ratings: [
    critical('/KmsMasterKeyId'),
    {path: '/ArchivePolicy', severity: 'high', impact: ['availability']},
    // The sender name of SMS and email notifications: visible to people, harmless to the system.
    {path: '/DisplayName', severity: 'low', impact: ['availability']},
  ],
  // Tags are the only safe heal (issue 17): a key change decides who can read the messages, a person's call.
  neverHealed: {'/KmsMasterKeyId': 'topic encryption is never healed (which key protects the messages is a person’s decision)'},
  tags: topicTags,
  revert: topicAttributesRevert,
  neverReverted: {'/KmsMasterKeyId': NEVER_REVERTED.encryption, '/TopicName': NEVER_REVERTED.replacement, '/FifoTopic': NEVER_REVERTED.replacement},
  awsDefaults: {'/SignatureVersion': '1', '/TracingConfig': 'PassThrough'},
  displayName: (actual) => str(actual.properties.TopicName) ?? actual.physicalId,
}

/** `arn:aws:sns:us-east-1:123456789012:ial-prod-alarms` -> `ial-prod-alarms`. */
export const topicNameOf = (arn: string): string => arn.split(':').at(-1) ?? arn

/**
 * GetTopicAttributes -> CloudFormation `AWS::SNS::Topic`; `!Ref` is the topic ARN. Every attribute comes back as a
 * string; an unset DisplayName as "" (absent here, as in a template that does not set it). Subscription counts,
 * Owner, Policy, DeliveryPolicy and EffectiveDeliveryPolicy are not properties of CloudFormation's topic (the
 * policies are AWS::SNS::TopicPolicy's and the subscriptions') and are left out.
 */
export function topicFromAws(arn: string, attributes: Readonly<Record<string, string>>, tags: Record<string, string> | undefined, region: string): ActualResource {
  const name = topicNameOf(arn)
  const fifo = attributes.FifoTopic === 'true'
  return actualResource({
    type: snsTopic.type,
    region,
    physicalId: arn,
    arn,
    properties: {
      TopicName: name,
      DisplayName: attributes.DisplayName || undefined,
      KmsMasterKeyId: attributes.KmsMasterKeyId || undefined,
      SignatureVersion: attributes.SignatureVersion,
      TracingConfig: attributes.TracingConfig,
      // Only a FIFO topic answers these; a standard topic leaves them out, as its template does.
      FifoTopic: fifo ? true : undefined,
      ContentBasedDeduplication: fifo ? attributes.ContentBasedDeduplication === 'true' : undefined,
      ArchivePolicy: fifo ? jsonObjectOrText(attributes.ArchivePolicy) : undefined,
    },
    tags: tags ?? {},
    attributes: {TopicArn: arn, TopicName: name},
  })
}
