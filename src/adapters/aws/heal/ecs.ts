import {TagResourceCommand, type TagResourceCommandInput, UntagResourceCommand, type UntagResourceCommandInput, UpdateServiceCommand} from '@aws-sdk/client-ecs'

import {awsCall} from '../call.js'
import type {HealExecutor} from './types.js'

/** Tag calls of every ECS type. */
export const ecsTagExecutors: Record<string, HealExecutor> = {
  async 'ECS.TagResource'(clients, params, region) {
    await awsCall({service: 'ECS', operation: 'TagResource', region}, () => clients.ecs.send(new TagResourceCommand(params as unknown as TagResourceCommandInput)))
  },

  async 'ECS.UntagResource'(clients, params, region) {
    await awsCall({service: 'ECS', operation: 'UntagResource', region}, () => clients.ecs.send(new UntagResourceCommand(params as unknown as UntagResourceCommandInput)))
  },
}

export const ecsServiceExecutors: Record<string, HealExecutor> = {
  async 'ECS.UpdateService'(clients, params, region) {
    const {cluster, service, desiredCount} = params as {cluster: string; service: string; desiredCount: number}
    await awsCall({service: 'ECS', operation: 'UpdateService', region}, () => clients.ecs.send(new UpdateServiceCommand({cluster, service, desiredCount})))
  },
}
