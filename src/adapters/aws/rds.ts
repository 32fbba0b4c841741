import {DescribeDBClustersCommand, DescribeDBInstancesCommand, paginateDescribeDBClusters, paginateDescribeDBInstances, type RDSClient} from '@aws-sdk/client-rds'

import type {ActualResource} from '../../core/model.js'
import {dbClusterFromAws} from '../../core/resources/rds-db-cluster.js'
import {dbInstanceFromAws} from '../../core/resources/rds-db-instance.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {orNull, type ReadOne} from './read-context.js'

/** The largest MaxRecords the RDS Describe* calls accept. */
export const RDS_PAGE_SIZE = 100

// The RDS API also answers for Neptune and DocumentDB, which CloudFormation models as other types
// (AWS::Neptune::*, AWS::DocDB::*): they are not RDS resources here, or they would show as extra.
const OTHER_SERVICES = new Set(['neptune', 'docdb'])

export async function readDbInstances(rds: RDSClient, region: string, run: AwsCallRunner = awsCall): Promise<ActualResource[]> {
  return run({service: 'RDS', operation: 'DescribeDBInstances', region}, async () => {
    const out: ActualResource[] = []
    for await (const page of paginateDescribeDBInstances({client: rds, pageSize: RDS_PAGE_SIZE}, {})) {
      for (const instance of page.DBInstances ?? []) if (!OTHER_SERVICES.has(instance.Engine ?? '')) out.push(dbInstanceFromAws(instance, region))
    }

    return out
  })
}

export async function readDbClusters(rds: RDSClient, region: string, run: AwsCallRunner = awsCall): Promise<ActualResource[]> {
  return run({service: 'RDS', operation: 'DescribeDBClusters', region}, async () => {
    const out: ActualResource[] = []
    for await (const page of paginateDescribeDBClusters({client: rds, pageSize: RDS_PAGE_SIZE}, {})) {
      for (const cluster of page.DBClusters ?? []) if (!OTHER_SERVICES.has(cluster.Engine ?? '')) out.push(dbClusterFromAws(cluster, region))
    }

    return out
  })
}

export const readDbInstance: ReadOne = (clients, id, region) =>
  orNull(['DBInstanceNotFound', 'DBInstanceNotFoundFault'], async () => {
    const answer = await awsCall({service: 'RDS', operation: 'DescribeDBInstances', region}, () => clients.rds.send(new DescribeDBInstancesCommand({DBInstanceIdentifier: id})))
    const instance = answer.DBInstances?.[0]
    return instance ? dbInstanceFromAws(instance, region) : null
  })

export const readDbCluster: ReadOne = (clients, id, region) =>
  orNull(['DBClusterNotFoundFault', 'DBClusterNotFound'], async () => {
    const answer = await awsCall({service: 'RDS', operation: 'DescribeDBClusters', region}, () => clients.rds.send(new DescribeDBClustersCommand({DBClusterIdentifier: id})))
    const cluster = answer.DBClusters?.[0]
    return cluster ? dbClusterFromAws(cluster, region) : null
  })
