import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, str} from './types.js'

// RDS stores identifiers in lower case whatever case the template used.
const idKey = (value: unknown) => {
  const id = str(value)
  return id ? [`id:${id.toLowerCase()}`] : []
}

export const rdsDbCluster: ResourceTypeModule = {
  type: 'AWS::RDS::DBCluster',
  service: 'rds',
  actualKeys: (actual: ActualResource) => [...idKey(actual.properties.DBClusterIdentifier), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...idKey(properties.DBClusterIdentifier), cloudFormationKey(stackName, logicalId)],
  setPaths: ['/VpcSecurityGroupIds', '/EnableCloudwatchLogsExports', '/AvailabilityZones'],
  arnOrNamePaths: ['/KmsKeyId', '/DBSubnetGroupName', '/DBClusterParameterGroupName'],
  safeHealPaths: ['/PreferredBackupWindow', '/BackupRetentionPeriod', '/PreferredMaintenanceWindow', '/DeletionProtection'],
  displayName: (actual) => str(actual.properties.DBClusterIdentifier) ?? actual.physicalId,
}
