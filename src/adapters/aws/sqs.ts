import type {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {GetQueueAttributesCommand, ListQueueTagsCommand, paginateListQueues, type SQSClient} from '@aws-sdk/client-sqs'

import type {ActualResource} from '../../core/model.js'
import {tagMap} from '../../core/resources/aws-shape.js'
import {queueFromAws, queueNameOf} from '../../core/resources/sqs-queue.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {readTagsByArn} from './cloudwatch.js'
import {orNull, type ReadOne} from './read-context.js'

/** ListQueues MaxResults tops out at 1000. */
export const SQS_PAGE_SIZE = 1000

/**
 * Every queue of the region. SQS has no batch describe: ListQueues (1000 per page) gives the URLs and the Resource
 * Groups Tagging API every queue's tags (100 per page), so the run decides by name and tags which queues it needs
 * (declared, or an extra inside the scope); only those get a GetQueueAttributes (All) and are returned, in parallel under the run's
 * bound. Budget: 1 call per needed queue + 1 per 1000 queues + 1 per 100 tagged queues.
 */
export async function readQueues(
  sqs: SQSClient,
  tagging: ResourceGroupsTaggingAPIClient,
  region: string,
  run: AwsCallRunner = awsCall,
  wanted: (actual: ActualResource) => Promise<boolean> = async () => true,
): Promise<ActualResource[]> {
  const [urls, tagsByArn] = await Promise.all([
    run({service: 'SQS', operation: 'ListQueues', region}, async () => {
      const out: string[] = []
      for await (const page of paginateListQueues({client: sqs, pageSize: SQS_PAGE_SIZE}, {})) out.push(...(page.QueueUrls ?? []))
      return out
    }),
    readTagsByArn(tagging, region, 'sqs', run),
  ])
  // The tagging API names a queue by its ARN, whose last part is the queue name (unique in an account and region).
  const tagsByName = new Map([...tagsByArn].map(([arn, tags]) => [arn.split(':').at(-1)!, tagMap(tags)]))
  const queues = await Promise.all(
    urls.map(async (url) => {
      const tags = tagsByName.get(queueNameOf(url)) ?? {}
      const listed = queueFromAws(url, {}, tags, region)
      if (!(await wanted(listed))) return null
      // A queue deleted between the list and its describe is gone: it is left out, not a failure.
      return orNull(QUEUE_NOT_FOUND, async () => {
        const answer = await run({service: 'SQS', operation: 'GetQueueAttributes', region}, () => sqs.send(new GetQueueAttributesCommand({QueueUrl: url, AttributeNames: ['All']})))
        return queueFromAws(url, answer.Attributes ?? {}, tags, region)
      })
    }),
  )
  return queues.filter((queue): queue is ActualResource => queue !== null)
}

/** How SQS says "no such queue" (JSON protocol, and the query protocol's code that older endpoints send). */
const QUEUE_NOT_FOUND = ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']

async function readQueueDetails(sqs: SQSClient, url: string, region: string, run: AwsCallRunner): Promise<ActualResource> {
  const [attributes, tags] = await Promise.all([
    run({service: 'SQS', operation: 'GetQueueAttributes', region}, () => sqs.send(new GetQueueAttributesCommand({QueueUrl: url, AttributeNames: ['All']}))),
    run({service: 'SQS', operation: 'ListQueueTags', region}, () => sqs.send(new ListQueueTagsCommand({QueueUrl: url}))),
  ])
  return queueFromAws(url, attributes.Attributes ?? {}, tags.Tags, region)
}

/** One queue by its URL (the physical id), or null when it no longer exists: for one queue, ListQueueTags is cheaper than a tagging-API page. */
export const readQueue: ReadOne = (clients, url, region) => orNull(QUEUE_NOT_FOUND, () => readQueueDetails(clients.sqs, url, region, awsCall))
