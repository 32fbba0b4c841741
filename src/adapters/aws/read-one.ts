import {DescribeAlarmsCommand, ListTagsForResourceCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand} from '@aws-sdk/client-ec2'
import {DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {DescribeDBClustersCommand, DescribeDBInstancesCommand} from '@aws-sdk/client-rds'

import type {ActualResource} from '../../core/model.js'
import {alarmFromAws} from '../../core/resources/cloudwatch-alarm.js'
import {instanceFromAws} from '../../core/resources/ec2-instance.js'
import {securityGroupFromAws} from '../../core/resources/ec2-security-group.js'
import {subnetFromAws} from '../../core/resources/ec2-subnet.js'
import {vpcFromAws} from '../../core/resources/ec2-vpc.js'
import {clusterFromAws} from '../../core/resources/ecs-cluster.js'
import {serviceFromAws} from '../../core/resources/ecs-service.js'
import {taskDefinitionFromAws} from '../../core/resources/ecs-task-definition.js'
import {dbClusterFromAws} from '../../core/resources/rds-db-cluster.js'
import {dbInstanceFromAws} from '../../core/resources/rds-db-instance.js'
import {UsageError} from '../../errors.js'
import {awsCall} from './call.js'
import type {AwsClients} from './clients.js'
import {LIVE_INSTANCE_STATES} from './ec2.js'

// How each API says "no such resource" when asked for one by id: that is an answer (null), not a failure.
const NOT_FOUND = new Set([
  'InvalidVpcID.NotFound',
  'InvalidSubnetID.NotFound',
  'InvalidGroup.NotFound',
  'InvalidGroupId.Malformed',
  'InvalidInstanceID.NotFound',
  'DBInstanceNotFound',
  'DBInstanceNotFoundFault',
  'DBClusterNotFoundFault',
  'DBClusterNotFound',
  'ClusterNotFoundException',
  'ResourceNotFound',
  'ResourceNotFoundException',
])

async function orNull<T>(read: () => Promise<T | null>): Promise<T | null> {
  try {
    return await read()
  } catch (error) {
    const name = (error as {cause?: {name?: string}}).cause?.name ?? (error as {name?: string}).name
    if (name && NOT_FOUND.has(name)) return null
    // ECS answers an unknown task definition revision with a generic ClientException.
    if (name === 'ClientException' && /unable to describe task definition/i.test(String((error as {cause?: {message?: string}}).cause?.message))) return null
    throw error
  }
}

/**
 * Re-reads one resource with the same mapping as the snapshot (heal's safety check before acting and its
 * verification after). Returns null when the resource no longer exists (or is terminated/deleted/INACTIVE).
 */
export async function readActualResource(
  clients: AwsClients,
  type: string,
  physicalId: string,
  region: string,
  /** The ECS service's cluster (its `Cluster` property), needed only for services with an old-format ARN. */
  hint?: {cluster?: string},
): Promise<ActualResource | null> {
  const call = <T>(service: string, operation: string, send: () => Promise<T>) => awsCall({service, operation, region}, send)
  switch (type) {
    case 'AWS::EC2::VPC':
      return orNull(async () => {
        const answer = await call('EC2', 'DescribeVpcs', () => clients.ec2.send(new DescribeVpcsCommand({VpcIds: [physicalId]})))
        const vpc = answer.Vpcs?.[0]
        return vpc ? vpcFromAws(vpc, region) : null
      })
    case 'AWS::EC2::Subnet':
      return orNull(async () => {
        const answer = await call('EC2', 'DescribeSubnets', () => clients.ec2.send(new DescribeSubnetsCommand({SubnetIds: [physicalId]})))
        const subnet = answer.Subnets?.[0]
        return subnet ? subnetFromAws(subnet, region) : null
      })
    case 'AWS::EC2::SecurityGroup':
      return orNull(async () => {
        const answer = await call('EC2', 'DescribeSecurityGroups', () => clients.ec2.send(new DescribeSecurityGroupsCommand({GroupIds: [physicalId]})))
        const group = answer.SecurityGroups?.[0]
        return group ? securityGroupFromAws(group, region) : null
      })
    case 'AWS::EC2::Instance':
      return orNull(async () => {
        const answer = await call('EC2', 'DescribeInstances', () => clients.ec2.send(new DescribeInstancesCommand({InstanceIds: [physicalId]})))
        const reservation = answer.Reservations?.[0]
        const instance = reservation?.Instances?.[0]
        if (!instance || !LIVE_INSTANCE_STATES.includes(instance.State?.Name ?? '')) return null
        return instanceFromAws(instance, region, reservation?.OwnerId)
      })
    case 'AWS::ECS::Cluster':
      return orNull(async () => {
        const answer = await call('ECS', 'DescribeClusters', () =>
          clients.ecs.send(new DescribeClustersCommand({clusters: [physicalId], include: ['TAGS', 'SETTINGS', 'CONFIGURATIONS']})),
        )
        const cluster = answer.clusters?.[0]
        return cluster && cluster.status !== 'INACTIVE' ? clusterFromAws(cluster, region) : null
      })
    case 'AWS::ECS::Service':
      return orNull(async () => {
        const answer = await call('ECS', 'DescribeServices', () =>
          clients.ecs.send(new DescribeServicesCommand({cluster: clusterOfService(physicalId) ?? hint?.cluster, services: [physicalId], include: ['TAGS']})),
        )
        const service = answer.services?.[0]
        return service && service.status !== 'INACTIVE' ? serviceFromAws(service, region) : null
      })
    case 'AWS::ECS::TaskDefinition':
      return orNull(async () => {
        const answer = await call('ECS', 'DescribeTaskDefinition', () =>
          clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: physicalId, include: ['TAGS']})),
        )
        const definition = answer.taskDefinition
        return definition && definition.status === 'ACTIVE' ? taskDefinitionFromAws(definition, answer.tags, region) : null
      })
    case 'AWS::RDS::DBInstance':
      return orNull(async () => {
        const answer = await call('RDS', 'DescribeDBInstances', () => clients.rds.send(new DescribeDBInstancesCommand({DBInstanceIdentifier: physicalId})))
        const instance = answer.DBInstances?.[0]
        return instance ? dbInstanceFromAws(instance, region) : null
      })
    case 'AWS::RDS::DBCluster':
      return orNull(async () => {
        const answer = await call('RDS', 'DescribeDBClusters', () => clients.rds.send(new DescribeDBClustersCommand({DBClusterIdentifier: physicalId})))
        const cluster = answer.DBClusters?.[0]
        return cluster ? dbClusterFromAws(cluster, region) : null
      })
    case 'AWS::CloudWatch::Alarm':
      return orNull(async () => {
        const answer = await call('CloudWatch', 'DescribeAlarms', () =>
          clients.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [physicalId], AlarmTypes: ['MetricAlarm']})),
        )
        const alarm = answer.MetricAlarms?.[0]
        if (!alarm) return null
        // One resource: ListTagsForResource is one call, cheaper than a tagging-API page.
        const tags = alarm.AlarmArn
          ? (await call('CloudWatch', 'ListTagsForResource', () => clients.cloudwatch.send(new ListTagsForResourceCommand({ResourceARN: alarm.AlarmArn})))).Tags
          : undefined
        return alarmFromAws(alarm, tags, region)
      })
    default:
      throw new UsageError(`cannot read resources of type ${type}`, 'supported types are listed in SPEC 1')
  }
}

/**
 * The cluster of a service from its ARN: `arn:aws:ecs:r:a:service/CLUSTER/NAME`. The old ARN format
 * (`service/NAME`) does not say; without a hint DescribeServices looks in `default`.
 */
function clusterOfService(serviceArn: string): string | undefined {
  const resource = serviceArn.split(':').slice(5).join(':')
  const parts = resource.split('/')
  return parts.length === 3 ? parts[1] : undefined
}
