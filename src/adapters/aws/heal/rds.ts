import {AddTagsToResourceCommand, ModifyDBClusterCommand, ModifyDBInstanceCommand, RemoveTagsFromResourceCommand} from '@aws-sdk/client-rds'

import {awsCall} from '../call.js'
import {type HealExecutor, onlyParams, requireString, requireStrings, requireTags, UnsafeHealCallError} from './types.js'

// The only settings a heal changes on a database: none of them restarts it or touches its data.
const SAFE_SETTINGS = ['PreferredBackupWindow', 'BackupRetentionPeriod', 'PreferredMaintenanceWindow', 'DeletionProtection'] as const

interface SafeSettings {
  PreferredBackupWindow?: string
  BackupRetentionPeriod?: number
  PreferredMaintenanceWindow?: string
  DeletionProtection?: boolean
}

function safeSettings(api: string, params: Record<string, unknown>): SafeSettings {
  const settings: SafeSettings = {}
  for (const key of SAFE_SETTINGS) {
    const value = params[key]
    if (value === undefined) continue
    if (key === 'BackupRetentionPeriod') {
      // 0 disables automated backups and deletes the existing ones.
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new UnsafeHealCallError(`refusing ${api}: BackupRetentionPeriod must be 1 or more`)
      settings.BackupRetentionPeriod = value
    } else if (key === 'DeletionProtection') {
      if (typeof value !== 'boolean') throw new UnsafeHealCallError(`refusing ${api}: DeletionProtection must be true or false`)
      settings.DeletionProtection = value
    } else {
      settings[key] = requireString(api, params, key)
    }
  }

  if (Object.keys(settings).length === 0) throw new UnsafeHealCallError(`refusing ${api}: no setting to change`)
  if (params.ApplyImmediately !== true) throw new UnsafeHealCallError(`refusing ${api}: ApplyImmediately must be true (a pending change cannot be verified)`)
  return settings
}

export const rdsExecutors: Record<string, HealExecutor> = {
  async 'RDS.AddTagsToResource'(clients, params, region) {
    onlyParams('RDS.AddTagsToResource', params, ['ResourceName', 'Tags'])
    const ResourceName = requireString('RDS.AddTagsToResource', params, 'ResourceName')
    const Tags = requireTags('RDS.AddTagsToResource', params, 'Tags', {key: 'Key', value: 'Value'}, true)
    await awsCall({service: 'RDS', operation: 'AddTagsToResource', region}, () => clients.rds.send(new AddTagsToResourceCommand({ResourceName, Tags})))
  },

  async 'RDS.RemoveTagsFromResource'(clients, params, region) {
    onlyParams('RDS.RemoveTagsFromResource', params, ['ResourceName', 'TagKeys'])
    const ResourceName = requireString('RDS.RemoveTagsFromResource', params, 'ResourceName')
    const TagKeys = requireStrings('RDS.RemoveTagsFromResource', params, 'TagKeys')
    await awsCall({service: 'RDS', operation: 'RemoveTagsFromResource', region}, () => clients.rds.send(new RemoveTagsFromResourceCommand({ResourceName, TagKeys})))
  },

  async 'RDS.ModifyDBInstance'(clients, params, region) {
    onlyParams('RDS.ModifyDBInstance', params, ['DBInstanceIdentifier', 'ApplyImmediately', ...SAFE_SETTINGS])
    const DBInstanceIdentifier = requireString('RDS.ModifyDBInstance', params, 'DBInstanceIdentifier')
    const settings = safeSettings('RDS.ModifyDBInstance', params)
    await awsCall({service: 'RDS', operation: 'ModifyDBInstance', region}, () =>
      clients.rds.send(new ModifyDBInstanceCommand({DBInstanceIdentifier, ...settings, ApplyImmediately: true})),
    )
  },

  async 'RDS.ModifyDBCluster'(clients, params, region) {
    onlyParams('RDS.ModifyDBCluster', params, ['DBClusterIdentifier', 'ApplyImmediately', ...SAFE_SETTINGS])
    const DBClusterIdentifier = requireString('RDS.ModifyDBCluster', params, 'DBClusterIdentifier')
    const settings = safeSettings('RDS.ModifyDBCluster', params)
    await awsCall({service: 'RDS', operation: 'ModifyDBCluster', region}, () =>
      clients.rds.send(new ModifyDBClusterCommand({DBClusterIdentifier, ...settings, ApplyImmediately: true})),
    )
  },
}
