import {type AutoScalingClient, type AutoScalingGroup, DescribeAutoScalingGroupsCommand, paginateDescribeAutoScalingGroups} from '@aws-sdk/client-auto-scaling'

import type {ActualResource} from '../../core/model.js'
import {autoScalingGroupFromAws} from '../../core/resources/autoscaling-group.js'
import {awsCall, type AwsCallRunner} from './call.js'
import type {ReadOne} from './read-context.js'

/** DescribeAutoScalingGroups MaxRecords tops out at 100. */
export const AUTOSCALING_PAGE_SIZE = 100

/**
 * Every auto scaling group of the region with its tags. Call budget: one DescribeAutoScalingGroups per 100 groups
 * (0.01 calls per group), no per-group call: the answer carries the tags, the launch template and the subnets.
 */
export async function readAutoScalingGroups(client: AutoScalingClient, region: string, run: AwsCallRunner = awsCall): Promise<ActualResource[]> {
  const groups = await run({service: 'AutoScaling', operation: 'DescribeAutoScalingGroups', region}, async () => {
    const out: AutoScalingGroup[] = []
    for await (const page of paginateDescribeAutoScalingGroups({client, pageSize: AUTOSCALING_PAGE_SIZE}, {})) out.push(...(page.AutoScalingGroups ?? []))
    return out
  })
  return groups.map((group) => autoScalingGroupFromAws(group, region))
}

/**
 * One group by name. The API has no not-found error: an unknown name is an empty answer. A group being deleted
 * (`Status: Delete in progress`) is gone as far as a heal is concerned.
 */
export const readAutoScalingGroup: ReadOne = async (clients, name, region) => {
  const answer = await awsCall({service: 'AutoScaling', operation: 'DescribeAutoScalingGroups', region}, () =>
    clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({AutoScalingGroupNames: [name]})),
  )
  const group = answer.AutoScalingGroups?.find((candidate) => candidate.AutoScalingGroupName === name)
  return group && group.Status !== 'Delete in progress' ? autoScalingGroupFromAws(group, region) : null
}
