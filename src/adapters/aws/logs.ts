import {type CloudWatchLogsClient, type LogGroup, ListTagsForResourceCommand, paginateDescribeLogGroups} from '@aws-sdk/client-cloudwatch-logs'
import type {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'

import type {ActualResource} from '../../core/model.js'
import {tagMap} from '../../core/resources/aws-shape.js'
import {logGroupArn, logGroupFromAws} from '../../core/resources/logs-log-group.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {readTagsByArn} from './cloudwatch.js'
import {orNull, type ReadOne} from './read-context.js'

/** DescribeLogGroups `limit` tops out at 50. */
export const LOGS_PAGE_SIZE = 50

/**
 * Log groups with their tags: DescribeLogGroups (50 per page) and, in parallel, the tags of every tagged CloudWatch
 * Logs resource from the Resource Groups Tagging API (100 per page) instead of one ListTagsForResource per group.
 * The filter is the service (`logs`): the tagging API then also lists destinations, which no group's ARN matches.
 * A group the tagging API does not list has no tags.
 */
export async function readLogGroups(logs: CloudWatchLogsClient, tagging: ResourceGroupsTaggingAPIClient, region: string, run: AwsCallRunner = awsCall): Promise<ActualResource[]> {
  const [groups, tags] = await Promise.all([
    run({service: 'Logs', operation: 'DescribeLogGroups', region}, async () => {
      const out: LogGroup[] = []
      for await (const page of paginateDescribeLogGroups({client: logs, pageSize: LOGS_PAGE_SIZE}, {})) out.push(...(page.logGroups ?? []))
      return out
    }),
    readTagsByArn(tagging, region, 'logs', run),
  ])
  return groups.map((group) => {
    const arn = logGroupArn(group)
    return logGroupFromAws(group, tagMap(arn ? tags.get(arn) : undefined), region)
  })
}

/** One group by name: DescribeLogGroups by prefix (the exact name among the answers), then its tags. */
export const readLogGroup: ReadOne = (clients, name, region) =>
  orNull(['ResourceNotFoundException'], async () => {
    const call = <T>(operation: string, send: () => Promise<T>) => awsCall({service: 'Logs', operation, region}, send)
    const group = await call('DescribeLogGroups', async () => {
      for await (const page of paginateDescribeLogGroups({client: clients.logs, pageSize: LOGS_PAGE_SIZE}, {logGroupNamePrefix: name})) {
        const found = page.logGroups?.find((candidate) => candidate.logGroupName === name)
        if (found) return found
      }

      return undefined
    })
    const arn = group && logGroupArn(group)
    if (!group || !arn) return null
    const {tags} = await call('ListTagsForResource', () => clients.logs.send(new ListTagsForResourceCommand({resourceArn: arn})))
    return logGroupFromAws(group, tags ?? {}, region)
  })
