import type {DBCluster} from '@aws-sdk/client-rds'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, AWS_ASSIGNED, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'
import {NEVER_HEALED, NEVER_REVERTED} from './heal.js'
import {actualResource, numberString, tagMap} from './aws-shape.js'
import {RDS_DEFAULT_GROUP, RDS_ENGINE_PORT, RDS_NEVER_HEALED, RDS_RATINGS, rdsIdentifierKey, rdsInPlaceRevert, rdsMinorVersion, rdsSettingsHeal, rdsTags} from './rds-shared.js'
export const rdsDbCluster: ResourceTypeModule = {
  type: 'AWS::RDS::DBCluster',
  service: 'rds',
  readBudget: {fixedCalls: 1, callsPerResource: 0.01, basis: 'DescribeDBClusters, 100 per page, tags inline'},
  actualKeys: (actual: ActualResource) => [...rdsIdentifierKey(actual.properties.DBClusterIdentifier), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...rdsIdentifierKey(properties.DBClusterIdentifier), cloudFormationKey(stackName, logicalId)],
  // CloudFormation records the identifier; RDS keeps identifiers in lower case.
  stackPhysicalIdKeys: rdsIdentifierKey,
  setPaths: ['/VpcSecurityGroupIds', '/EnableCloudwatchLogsExports', '/AvailabilityZones'],
  arnOrNamePaths: ['/KmsKeyId', '/DBSubnetGroupName', '/DBClusterParameterGroupName'],
  notReturnedPaths: ['/MasterUserPassword', '/ManageMasterUserPassword', '/SnapshotIdentifier'],
  ratings: [critical('/VpcSecurityGroupIds'), ...RDS_RATINGS],
  neverHealed: {...RDS_NEVER_HEALED, '/DBClusterInstanceClass': NEVER_HEALED.resourceClass},
  tags: rdsTags,
  heal: rdsSettingsHeal('RDS.ModifyDBCluster', 'DBClusterIdentifier'),
  revert: rdsInPlaceRevert('RDS.ModifyDBCluster', 'DBClusterIdentifier', '/VpcSecurityGroupIds'),
  neverReverted: {
    '/StorageEncrypted': NEVER_REVERTED.encryption,
    '/KmsKeyId': NEVER_REVERTED.encryption,
    '/EngineVersion': `${NEVER_HEALED.engineVersion}: upgrade it through your pipeline`,
    '/Engine': NEVER_REVERTED.replacement,
    '/DatabaseName': NEVER_REVERTED.replacement,
    '/MasterUsername': NEVER_REVERTED.replacement,
  },
  expectedDrift: {minorVersion: rdsMinorVersion},
  awsDefaults: {
    '/BackupRetentionPeriod': 1,
    '/DeletionProtection': false,
    '/CopyTagsToSnapshot': false,
    '/StorageEncrypted': false,
    '/AutoMinorVersionUpgrade': true,
    '/PubliclyAccessible': false,
    '/EnableIAMDatabaseAuthentication': false,
    '/EnableHttpEndpoint': false,
    '/EngineMode': 'provisioned',
    '/NetworkType': 'IPV4',
    '/MonitoringInterval': 0,
    '/PerformanceInsightsEnabled': false,
    '/AvailabilityZones': AWS_ASSIGNED,
    '/DBClusterParameterGroupName': RDS_DEFAULT_GROUP,
    '/Port': RDS_ENGINE_PORT,
  },
  displayName: (actual) => str(actual.properties.DBClusterIdentifier) ?? actual.physicalId,
}

/** DescribeDBClusters -> CloudFormation `AWS::RDS::DBCluster`; `!Ref` is the identifier. */
export function dbClusterFromAws(cluster: DBCluster, region: string): ActualResource {
  const id = cluster.DBClusterIdentifier ?? ''
  const serverless = cluster.ServerlessV2ScalingConfiguration
  return actualResource({
    type: rdsDbCluster.type,
    region,
    physicalId: id,
    arn: cluster.DBClusterArn,
    properties: {
      DBClusterIdentifier: id,
      Engine: cluster.Engine,
      EngineVersion: cluster.EngineVersion,
      EngineMode: cluster.EngineMode,
      DatabaseName: cluster.DatabaseName,
      MasterUsername: cluster.MasterUsername,
      Port: cluster.Port,
      StorageEncrypted: cluster.StorageEncrypted,
      KmsKeyId: cluster.KmsKeyId,
      StorageType: cluster.StorageType,
      Iops: cluster.Iops,
      AllocatedStorage: cluster.DBClusterInstanceClass ? cluster.AllocatedStorage : undefined,
      DBClusterInstanceClass: cluster.DBClusterInstanceClass,
      BackupRetentionPeriod: cluster.BackupRetentionPeriod,
      PreferredBackupWindow: cluster.PreferredBackupWindow,
      PreferredMaintenanceWindow: cluster.PreferredMaintenanceWindow,
      DeletionProtection: cluster.DeletionProtection,
      CopyTagsToSnapshot: cluster.CopyTagsToSnapshot,
      AutoMinorVersionUpgrade: cluster.AutoMinorVersionUpgrade,
      PubliclyAccessible: cluster.PubliclyAccessible,
      VpcSecurityGroupIds: cluster.VpcSecurityGroups?.map((group) => group.VpcSecurityGroupId),
      DBSubnetGroupName: cluster.DBSubnetGroup,
      DBClusterParameterGroupName: cluster.DBClusterParameterGroup,
      AvailabilityZones: cluster.AvailabilityZones,
      EnableIAMDatabaseAuthentication: cluster.IAMDatabaseAuthenticationEnabled,
      EnableCloudwatchLogsExports: cluster.EnabledCloudwatchLogsExports,
      EnableHttpEndpoint: cluster.HttpEndpointEnabled,
      BacktrackWindow: cluster.BacktrackWindow,
      NetworkType: cluster.NetworkType,
      GlobalClusterIdentifier: cluster.GlobalClusterIdentifier,
      MonitoringInterval: cluster.MonitoringInterval,
      MonitoringRoleArn: cluster.MonitoringRoleArn,
      PerformanceInsightsEnabled: cluster.PerformanceInsightsEnabled,
      ServerlessV2ScalingConfiguration: serverless && {MinCapacity: serverless.MinCapacity, MaxCapacity: serverless.MaxCapacity},
    },
    tags: tagMap(cluster.TagList),
    attributes: {
      'Endpoint.Address': cluster.Endpoint,
      'Endpoint.Port': numberString(cluster.Port),
      'ReadEndpoint.Address': cluster.ReaderEndpoint,
      DBClusterArn: cluster.DBClusterArn,
      DBClusterResourceId: cluster.DbClusterResourceId,
      Status: cluster.Status,
    },
  })
}
