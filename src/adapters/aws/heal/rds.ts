import {
  AddTagsToResourceCommand,
  type AddTagsToResourceCommandInput,
  ModifyDBClusterCommand,
  type ModifyDBClusterCommandInput,
  ModifyDBInstanceCommand,
  type ModifyDBInstanceCommandInput,
  RemoveTagsFromResourceCommand,
  type RemoveTagsFromResourceCommandInput,
} from '@aws-sdk/client-rds'

import {awsCall} from '../call.js'
import type {HealExecutor} from './types.js'

/** Tag calls of every RDS type. */
export const rdsTagExecutors: Record<string, HealExecutor> = {
  async 'RDS.AddTagsToResource'(clients, params, region) {
    await awsCall({service: 'RDS', operation: 'AddTagsToResource', region}, () => clients.rds.send(new AddTagsToResourceCommand(params as unknown as AddTagsToResourceCommandInput)))
  },

  async 'RDS.RemoveTagsFromResource'(clients, params, region) {
    await awsCall({service: 'RDS', operation: 'RemoveTagsFromResource', region}, () =>
      clients.rds.send(new RemoveTagsFromResourceCommand(params as unknown as RemoveTagsFromResourceCommandInput)),
    )
  },
}

export const dbInstanceExecutors: Record<string, HealExecutor> = {
  async 'RDS.ModifyDBInstance'(clients, params, region) {
    await awsCall({service: 'RDS', operation: 'ModifyDBInstance', region}, () => clients.rds.send(new ModifyDBInstanceCommand(params as unknown as ModifyDBInstanceCommandInput)))
  },
}

export const dbClusterExecutors: Record<string, HealExecutor> = {
  async 'RDS.ModifyDBCluster'(clients, params, region) {
    await awsCall({service: 'RDS', operation: 'ModifyDBCluster', region}, () => clients.rds.send(new ModifyDBClusterCommand(params as unknown as ModifyDBClusterCommandInput)))
  },
}
