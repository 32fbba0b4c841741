import {TagResourceCommand, UntagResourceCommand} from '@aws-sdk/client-sns'

import {awsCall} from '../call.js'
import type {HealExecutor} from './types.js'

export const topicTagExecutors: Record<string, HealExecutor> = {
  async 'SNS.TagResource'(clients, params, region) {
    const {ResourceArn, Tags} = params as {ResourceArn: string; Tags: Array<{Key: string; Value: string}>}
    await awsCall({service: 'SNS', operation: 'TagResource', region}, () => clients.sns.send(new TagResourceCommand({ResourceArn, Tags})))
  },

  async 'SNS.UntagResource'(clients, params, region) {
    const {ResourceArn, TagKeys} = params as {ResourceArn: string; TagKeys: string[]}
    await awsCall({service: 'SNS', operation: 'UntagResource', region}, () => clients.sns.send(new UntagResourceCommand({ResourceArn, TagKeys})))
  },
}
