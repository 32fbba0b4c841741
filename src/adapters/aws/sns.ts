import type {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {GetTopicAttributesCommand, ListTagsForResourceCommand, paginateListTopics, type SNSClient} from '@aws-sdk/client-sns'

import type {ActualResource} from '../../core/model.js'
import {tagMap} from '../../core/resources/aws-shape.js'
import {topicFromAws} from '../../core/resources/sns-topic.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {readTagsByArn} from './cloudwatch.js'
import {orNull, type ReadOne} from './read-context.js'

/** How SNS says "no such topic" (query protocol `NotFound`, the JSON protocol's exception name). */
const TOPIC_NOT_FOUND = ['NotFound', 'NotFoundException']

/**
 * The topics of the region the run needs. SNS has no batch describe: ListTopics (100 per page, a size SNS fixes)
 * gives the ARNs and the Resource Groups Tagging API every topic's tags (100 per page), so the run decides by name
 * and tags which topics it needs (declared, or an extra inside the scope); only those get a GetTopicAttributes and
 * are returned, in parallel under the run's bound. Budget: the module's readBudget.
 */
export async function readTopics(
  sns: SNSClient,
  tagging: ResourceGroupsTaggingAPIClient,
  region: string,
  run: AwsCallRunner = awsCall,
  wanted: (actual: ActualResource) => Promise<boolean> = async () => true,
): Promise<ActualResource[]> {
  const [arns, tagsByArn] = await Promise.all([
    run({service: 'SNS', operation: 'ListTopics', region}, async () => {
      const out: string[] = []
      for await (const page of paginateListTopics({client: sns}, {})) for (const topic of page.Topics ?? []) if (topic.TopicArn) out.push(topic.TopicArn)
      return out
    }),
    readTagsByArn(tagging, region, 'sns', run),
  ])
  const topics = await Promise.all(
    arns.map(async (arn) => {
      const tags = tagMap(tagsByArn.get(arn))
      if (!(await wanted(topicFromAws(arn, {}, tags, region)))) return null
      // A topic deleted between the list and its describe is gone: it is left out, not a failure.
      return orNull(TOPIC_NOT_FOUND, async () => {
        const answer = await run({service: 'SNS', operation: 'GetTopicAttributes', region}, () => sns.send(new GetTopicAttributesCommand({TopicArn: arn})))
        return topicFromAws(arn, answer.Attributes ?? {}, tags, region)
      })
    }),
  )
  return topics.filter((topic): topic is ActualResource => topic !== null)
}

/** One topic by its ARN (the physical id), or null when it no longer exists: for one topic, ListTagsForResource is cheaper than a tagging-API page. */
export const readTopic: ReadOne = (clients, arn, region) =>
  orNull(TOPIC_NOT_FOUND, async () => {
    const call = <T>(operation: string, send: () => Promise<T>) => awsCall({service: 'SNS', operation, region}, send)
    const [attributes, tags] = await Promise.all([
      call('GetTopicAttributes', () => clients.sns.send(new GetTopicAttributesCommand({TopicArn: arn}))),
      call('ListTagsForResource', () => clients.sns.send(new ListTagsForResourceCommand({ResourceArn: arn}))),
    ])
    return topicFromAws(arn, attributes.Attributes ?? {}, tagMap(tags.Tags), region)
  })
