import {type CloudWatchClient, DescribeAlarmsCommand, ListTagsForResourceCommand, type MetricAlarm, paginateDescribeAlarms} from '@aws-sdk/client-cloudwatch'
import {paginateGetResources, type ResourceGroupsTaggingAPIClient, type Tag} from '@aws-sdk/client-resource-groups-tagging-api'

import type {ActualResource} from '../../core/model.js'
import {alarmFromAws} from '../../core/resources/cloudwatch-alarm.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {orNull, type ReadOne} from './read-context.js'

/** DescribeAlarms MaxRecords and GetResources ResourcesPerPage both top out at 100. */
export const CLOUDWATCH_PAGE_SIZE = 100
export const TAGGING_PAGE_SIZE = 100

/**
 * Metric alarms with their tags. DescribeAlarms does not return tags, and ListTagsForResource would cost one
 * call per alarm; the Resource Groups Tagging API returns the tags of every alarm, 100 per page (SPEC 9).
 * An alarm that never had a tag is absent from GetResources: it has no tags.
 */
export async function readAlarms(
  cloudwatch: CloudWatchClient,
  tagging: ResourceGroupsTaggingAPIClient,
  region: string,
  run: AwsCallRunner = awsCall,
): Promise<ActualResource[]> {
  const [alarms, tags] = await Promise.all([
    run({service: 'CloudWatch', operation: 'DescribeAlarms', region}, async () => {
      const out: MetricAlarm[] = []
      for await (const page of paginateDescribeAlarms({client: cloudwatch, pageSize: CLOUDWATCH_PAGE_SIZE}, {AlarmTypes: ['MetricAlarm']})) {
        out.push(...(page.MetricAlarms ?? []))
      }

      return out
    }),
    readTagsByArn(tagging, region, 'cloudwatch:alarm', run),
  ])
  return alarms.map((alarm) => alarmFromAws(alarm, alarm.AlarmArn ? tags.get(alarm.AlarmArn) : undefined, region))
}

/** The tags of every tagged resource of `resourceType` (`service` or `service:type`), by ARN, 100 per page. */
export async function readTagsByArn(tagging: ResourceGroupsTaggingAPIClient, region: string, resourceType: string, run: AwsCallRunner): Promise<Map<string, Tag[]>> {
  return run({service: 'ResourceGroupsTaggingAPI', operation: 'GetResources', region}, async () => {
    const byArn = new Map<string, Tag[]>()
    const pages = paginateGetResources({client: tagging, pageSize: TAGGING_PAGE_SIZE}, {ResourceTypeFilters: [resourceType]})
    for await (const page of pages) {
      for (const mapping of page.ResourceTagMappingList ?? []) if (mapping.ResourceARN) byArn.set(mapping.ResourceARN, mapping.Tags ?? [])
    }

    return byArn
  })
}

export const readAlarm: ReadOne = (clients, name, region) =>
  orNull(['ResourceNotFound', 'ResourceNotFoundException'], async () => {
    const call = <T>(operation: string, send: () => Promise<T>) => awsCall({service: 'CloudWatch', operation, region}, send)
    const answer = await call('DescribeAlarms', () => clients.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [name], AlarmTypes: ['MetricAlarm']})))
    const alarm = answer.MetricAlarms?.[0]
    if (!alarm) return null
    // One resource: ListTagsForResource is one call, cheaper than a tagging-API page.
    const tags = alarm.AlarmArn ? (await call('ListTagsForResource', () => clients.cloudwatch.send(new ListTagsForResourceCommand({ResourceARN: alarm.AlarmArn})))).Tags : undefined
    return alarmFromAws(alarm, tags, region)
  })
