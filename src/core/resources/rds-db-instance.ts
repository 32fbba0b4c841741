import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, str} from './types.js'

// RDS stores identifiers in lower case whatever case the template used.
const idKey = (value: unknown) => {
  const id = str(value)
  return id ? [`id:${id.toLowerCase()}`] : []
}

export const rdsDbInstance: ResourceTypeModule = {
  type: 'AWS::RDS::DBInstance',
  service: 'rds',
  actualKeys: (actual: ActualResource) => [...idKey(actual.properties.DBInstanceIdentifier), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...idKey(properties.DBInstanceIdentifier), cloudFormationKey(stackName, logicalId)],
  setPaths: ['/VPCSecurityGroups', '/EnableCloudwatchLogsExports'],
  arnOrNamePaths: ['/KmsKeyId', '/DBSubnetGroupName', '/DBParameterGroupName', '/MonitoringRoleArn'],
  safeHealPaths: ['/PreferredBackupWindow', '/BackupRetentionPeriod', '/PreferredMaintenanceWindow', '/DeletionProtection'],
  displayName: (actual) => str(actual.properties.DBInstanceIdentifier) ?? actual.physicalId,
}
