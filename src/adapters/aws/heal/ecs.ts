import {TagResourceCommand, UntagResourceCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs'

import {awsCall} from '../call.js'
import {type HealExecutor, onlyParams, requireString, requireStrings, requireTags, UnsafeHealCallError} from './types.js'

/** ECS tags only an ARN (a short name is rejected, and an old-format service ARN cannot carry tags). */
function requireArn(api: string, params: Record<string, unknown>): string {
  const arn = requireString(api, params, 'resourceArn')
  if (!arn.startsWith('arn:')) throw new UnsafeHealCallError(`refusing ${api}: resourceArn must be a full ARN, got ${arn}`)
  return arn
}

export const ecsExecutors: Record<string, HealExecutor> = {
  async 'ECS.TagResource'(clients, params, region) {
    onlyParams('ECS.TagResource', params, ['resourceArn', 'tags'])
    const resourceArn = requireArn('ECS.TagResource', params)
    const tags = requireTags('ECS.TagResource', params, 'tags', {key: 'key', value: 'value'}, true)
    await awsCall({service: 'ECS', operation: 'TagResource', region}, () => clients.ecs.send(new TagResourceCommand({resourceArn, tags})))
  },

  async 'ECS.UntagResource'(clients, params, region) {
    onlyParams('ECS.UntagResource', params, ['resourceArn', 'tagKeys'])
    const resourceArn = requireArn('ECS.UntagResource', params)
    const tagKeys = requireStrings('ECS.UntagResource', params, 'tagKeys')
    await awsCall({service: 'ECS', operation: 'UntagResource', region}, () => clients.ecs.send(new UntagResourceCommand({resourceArn, tagKeys})))
  },

  async 'ECS.UpdateService'(clients, params, region) {
    // desiredCount only: any other UpdateService field (task definition, network, deployment) starts a deployment.
    onlyParams('ECS.UpdateService', params, ['cluster', 'service', 'desiredCount'])
    const cluster = requireString('ECS.UpdateService', params, 'cluster')
    const service = requireString('ECS.UpdateService', params, 'service')
    const {desiredCount} = params
    if (typeof desiredCount !== 'number' || !Number.isInteger(desiredCount) || desiredCount < 0) {
      throw new UnsafeHealCallError('refusing ECS.UpdateService: desiredCount must be a whole number')
    }

    await awsCall({service: 'ECS', operation: 'UpdateService', region}, () => clients.ecs.send(new UpdateServiceCommand({cluster, service, desiredCount})))
  },
}
