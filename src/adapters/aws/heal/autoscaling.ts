import {CreateOrUpdateTagsCommand, DeleteTagsCommand, type Tag} from '@aws-sdk/client-auto-scaling'

import {awsCall} from '../call.js'
import type {HealExecutor} from './types.js'

export const autoScalingTagExecutors: Record<string, HealExecutor> = {
  async 'AutoScaling.CreateOrUpdateTags'(clients, params, region) {
    const {Tags} = params as {Tags: Tag[]}
    await awsCall({service: 'AutoScaling', operation: 'CreateOrUpdateTags', region}, () => clients.autoscaling.send(new CreateOrUpdateTagsCommand({Tags})))
  },

  async 'AutoScaling.DeleteTags'(clients, params, region) {
    const {Tags} = params as {Tags: Tag[]}
    await awsCall({service: 'AutoScaling', operation: 'DeleteTags', region}, () => clients.autoscaling.send(new DeleteTagsCommand({Tags})))
  },
}
