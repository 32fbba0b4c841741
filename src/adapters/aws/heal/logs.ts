import {DescribeLogGroupsCommand, PutRetentionPolicyCommand, TagResourceCommand, UntagResourceCommand} from '@aws-sdk/client-cloudwatch-logs'

import {awsCall} from '../call.js'
import {AwsCallError} from '../errors.js'
import {sendAsValidated} from './senders.js'
import {type HealExecutor, UnsafeHealCallError} from './types.js'

export const logGroupExecutors: Record<string, HealExecutor> = {
  ...sendAsValidated('Logs', 'logs', {TagResource: TagResourceCommand, UntagResource: UntagResourceCommand}),

  async 'Logs.PutRetentionPolicy'(clients, params, region) {
    const {logGroupName, retentionInDays} = params as {logGroupName: string; retentionInDays: number}
    // The schema checked the new retention against the one the plan saw; what counts is the group's retention now:
    // a heal never lowers it and never gives a retention to a group that keeps its events forever.
    // Names sort in order, so the exact name comes first among those it prefixes.
    const answer = await awsCall({service: 'Logs', operation: 'DescribeLogGroups', region}, () =>
      clients.logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: logGroupName, limit: 50})),
    )
    const group = answer.logGroups?.find((candidate) => candidate.logGroupName === logGroupName)
    if (!group) throw new AwsCallError(`log group ${logGroupName} not found in ${region}`, 'log group not found')
    if (group.retentionInDays === undefined || group.retentionInDays > retentionInDays) {
      const now = group.retentionInDays === undefined ? 'never expires' : `keeps events ${group.retentionInDays} days`
      throw new UnsafeHealCallError(`refusing Logs.PutRetentionPolicy: the log group ${now}, and ${retentionInDays} days would lower that`)
    }

    // retentionInDaysBefore is the plan's record, not a CloudWatch Logs parameter: it is not sent.
    await awsCall({service: 'Logs', operation: 'PutRetentionPolicy', region}, () => clients.logs.send(new PutRetentionPolicyCommand({logGroupName, retentionInDays})))
  },
}
