import type {DBCluster} from '@aws-sdk/client-rds'
import {describe, expect, it} from 'vitest'

import {dbClusterFromAws, rdsDbCluster} from '../../../src/core/resources/rds-db-cluster.js'
import {callsOf, change, resource} from './heal-helpers.js'
import {fixture, region} from './mapping-helpers.js'

describe('AWS::RDS::DBCluster mapping', () => {
  it('GIVEN a DescribeDBClusters Aurora cluster WHEN mapped THEN subnet group and security groups use the CloudFormation names', () => {
    const cluster = dbClusterFromAws(fixture<{DBClusters: DBCluster[]}>('rds-describe-db-clusters').DBClusters[0], region)
    expect(cluster.type).toBe(rdsDbCluster.type)
    expect(cluster.physicalId).toBe('app-aurora')
    expect(cluster.properties).toMatchObject({
      DBClusterIdentifier: 'app-aurora',
      Engine: 'aurora-postgresql',
      EngineVersion: '16.4',
      DatabaseName: 'app',
      Port: 5432,
      StorageEncrypted: true,
      BackupRetentionPeriod: 14,
      DeletionProtection: true,
      VpcSecurityGroupIds: ['sg-0ddddddddddddddddd'],
      DBSubnetGroupName: 'data',
      DBClusterParameterGroupName: 'default.aurora-postgresql16',
      ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 8},
    })
    // Aurora reports AllocatedStorage 1 as a placeholder; it is not a setting of the cluster.
    expect(cluster.properties).not.toHaveProperty('AllocatedStorage')
    expect(cluster.attributes).toMatchObject({'Endpoint.Address': 'app-aurora.cluster-abcdefghij.us-east-1.rds.amazonaws.com', 'ReadEndpoint.Address': 'app-aurora.cluster-ro-abcdefghij.us-east-1.rds.amazonaws.com'})
  })
})

describe('AWS::RDS::DBCluster heal', () => {
  it('GIVEN a cluster whose retention drifted WHEN built THEN ModifyDBCluster addresses the cluster identifier', () => {
    const cluster = resource(rdsDbCluster.type, 'orders', {DBClusterIdentifier: 'orders', BackupRetentionPeriod: 1})
    expect(callsOf(rdsDbCluster.heal!.build(cluster, [change('/BackupRetentionPeriod', 1, 7)]))).toEqual([
      {api: 'RDS.ModifyDBCluster', params: {DBClusterIdentifier: 'orders', BackupRetentionPeriod: 7, ApplyImmediately: true}},
      {api: 'RDS.ModifyDBCluster', params: {DBClusterIdentifier: 'orders', BackupRetentionPeriod: 1, ApplyImmediately: true}},
    ])
  })
})
