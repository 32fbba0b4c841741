import {GetQueueAttributesCommand, SetQueueAttributesCommand, TagQueueCommand, UntagQueueCommand} from '@aws-sdk/client-sqs'

import {awsCall} from '../call.js'
import {sendAsValidated} from './senders.js'
import {type HealExecutor, UnsafeHealCallError} from './types.js'

export const queueExecutors: Record<string, HealExecutor> = {
  ...sendAsValidated('SQS', 'sqs', {TagQueue: TagQueueCommand, UntagQueue: UntagQueueCommand}),

  async 'SQS.SetQueueAttributes'(clients, params, region) {
    const {QueueUrl, Attributes} = params as {QueueUrl: string; Attributes: Record<string, string>}
    if (Attributes.MessageRetentionPeriod !== undefined) {
      // The schema checked the new retention against the one the plan saw; what counts is the queue's retention
      // now: a heal never lowers it, whatever the plan says it saw.
      const now = await awsCall({service: 'SQS', operation: 'GetQueueAttributes', region}, () =>
        clients.sqs.send(new GetQueueAttributesCommand({QueueUrl, AttributeNames: ['MessageRetentionPeriod']})),
      )
      const current = Number(now.Attributes?.MessageRetentionPeriod)
      if (Number.isFinite(current) && Number(Attributes.MessageRetentionPeriod) < current) {
        throw new UnsafeHealCallError(`refusing SQS.SetQueueAttributes: MessageRetentionPeriod ${Attributes.MessageRetentionPeriod} would lower the queue's retention of ${current} seconds`)
      }
    }

    // MessageRetentionPeriodBefore is the plan's record, not an SQS attribute: only Attributes are sent.
    await awsCall({service: 'SQS', operation: 'SetQueueAttributes', region}, () => clients.sqs.send(new SetQueueAttributesCommand({QueueUrl, Attributes})))
  },
}
