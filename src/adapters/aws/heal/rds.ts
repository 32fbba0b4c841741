import {AddTagsToResourceCommand, ModifyDBClusterCommand, ModifyDBInstanceCommand, RemoveTagsFromResourceCommand} from '@aws-sdk/client-rds'

import {sendAsValidated} from './senders.js'

/** Tag calls of every RDS type. */
export const rdsTagExecutors = sendAsValidated('RDS', 'rds', {AddTagsToResource: AddTagsToResourceCommand, RemoveTagsFromResource: RemoveTagsFromResourceCommand})

export const dbInstanceExecutors = sendAsValidated('RDS', 'rds', {ModifyDBInstance: ModifyDBInstanceCommand})

export const dbClusterExecutors = sendAsValidated('RDS', 'rds', {ModifyDBCluster: ModifyDBClusterCommand})
