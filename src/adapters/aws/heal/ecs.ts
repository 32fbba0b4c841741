import {TagResourceCommand, UntagResourceCommand, UpdateClusterSettingsCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs'

import {sendAsValidated} from './senders.js'

/** Tag calls of every ECS type. */
export const ecsTagExecutors = sendAsValidated('ECS', 'ecs', {TagResource: TagResourceCommand, UntagResource: UntagResourceCommand})

export const ecsServiceExecutors = sendAsValidated('ECS', 'ecs', {UpdateService: UpdateServiceCommand})

export const ecsClusterExecutors = sendAsValidated('ECS', 'ecs', {UpdateClusterSettings: UpdateClusterSettingsCommand})
