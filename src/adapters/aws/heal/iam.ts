import {TagRoleCommand, UntagRoleCommand} from '@aws-sdk/client-iam'

import {awsCall} from '../call.js'
import type {HealExecutor} from './types.js'

export const roleTagExecutors: Record<string, HealExecutor> = {
  async 'IAM.TagRole'(clients, params, region) {
    const {RoleName, Tags} = params as {RoleName: string; Tags: Array<{Key: string; Value: string}>}
    await awsCall({service: 'IAM', operation: 'TagRole', region}, () => clients.iam.send(new TagRoleCommand({RoleName, Tags})))
  },

  async 'IAM.UntagRole'(clients, params, region) {
    const {RoleName, TagKeys} = params as {RoleName: string; TagKeys: string[]}
    await awsCall({service: 'IAM', operation: 'UntagRole', region}, () => clients.iam.send(new UntagRoleCommand({RoleName, TagKeys})))
  },
}
