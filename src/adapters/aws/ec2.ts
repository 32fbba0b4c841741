import {
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  paginateDescribeInstances,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2'

import type {ActualResource} from '../../core/model.js'
import {compareCodePoints} from '../../core/shared/compare.js'
import {instanceFromAws} from '../../core/resources/ec2-instance.js'
import {securityGroupFromAws} from '../../core/resources/ec2-security-group.js'
import {subnetFromAws} from '../../core/resources/ec2-subnet.js'
import {vpcFromAws} from '../../core/resources/ec2-vpc.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {orNull, type ReadOne} from './read-context.js'

/** The largest page every EC2 Describe* call accepts. */
export const EC2_PAGE_SIZE = 1000

/** SPEC 1: instances that exist as infrastructure; terminated/shutting-down ones are history, not drift. */
export const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped']

export async function readVpcs(ec2: EC2Client, region: string, run: AwsCallRunner = awsCall): Promise<ActualResource[]> {
  return run({service: 'EC2', operation: 'DescribeVpcs', region}, async () => {
    const out: ActualResource[] = []
    for await (const page of paginateDescribeVpcs({client: ec2, pageSize: EC2_PAGE_SIZE}, {})) {
      for (const vpc of page.Vpcs ?? []) out.push(vpcFromAws(vpc, region))
    }

    return out
  })
}

export async function readSubnets(ec2: EC2Client, region: string, run: AwsCallRunner = awsCall): Promise<ActualResource[]> {
  return run({service: 'EC2', operation: 'DescribeSubnets', region}, async () => {
    const out: ActualResource[] = []
    for await (const page of paginateDescribeSubnets({client: ec2, pageSize: EC2_PAGE_SIZE}, {})) {
      for (const subnet of page.Subnets ?? []) out.push(subnetFromAws(subnet, region))
    }

    return out
  })
}

export async function readSecurityGroups(ec2: EC2Client, region: string, run: AwsCallRunner = awsCall): Promise<ActualResource[]> {
  return run({service: 'EC2', operation: 'DescribeSecurityGroups', region}, async () => {
    const out: ActualResource[] = []
    for await (const page of paginateDescribeSecurityGroups({client: ec2, pageSize: EC2_PAGE_SIZE}, {})) {
      for (const group of page.SecurityGroups ?? []) out.push(securityGroupFromAws(group, region))
    }

    return out
  })
}

export async function readInstances(ec2: EC2Client, region: string, run: AwsCallRunner = awsCall): Promise<ActualResource[]> {
  return run({service: 'EC2', operation: 'DescribeInstances', region}, async () => {
    const out: ActualResource[] = []
    const input = {Filters: [{Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES}]}
    for await (const page of paginateDescribeInstances({client: ec2, pageSize: EC2_PAGE_SIZE}, input)) {
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) out.push(instanceFromAws(instance, region, reservation.OwnerId))
      }
    }

    return out
  })
}

/**
 * The availability zone names `Fn::GetAZs` returns for `region`: one call, no pagination (the API has none).
 * Without `AllAvailabilityZones` AWS answers only the zones the account can use (opted in); Local and Wavelength
 * Zones and zones that are not `available` are left out here rather than by request filters, which costs the
 * same one call and works against every endpoint. Alphabetical, as CloudFormation returns them.
 */
export async function readAvailabilityZones(ec2: EC2Client, region: string, run: AwsCallRunner = awsCall): Promise<string[]> {
  return run({service: 'EC2', operation: 'DescribeAvailabilityZones', region}, async () => {
    const answer = await ec2.send(new DescribeAvailabilityZonesCommand({}))
    const names = (answer.AvailabilityZones ?? [])
      .filter((zone) => (zone.ZoneType ?? 'availability-zone') === 'availability-zone' && (zone.State ?? 'available') === 'available')
      .map((zone) => zone.ZoneName)
      .filter((name): name is string => typeof name === 'string' && name !== '')
    return [...new Set(names)].sort(compareCodePoints)
  })
}

// ---- one resource by id (heal: the check before acting and the verification after) ---------------------------

const ec2Call = <T>(operation: string, region: string, send: () => Promise<T>) => awsCall({service: 'EC2', operation, region}, send)

export const readVpc: ReadOne = (clients, id, region) =>
  orNull(['InvalidVpcID.NotFound'], async () => {
    const vpc = (await ec2Call('DescribeVpcs', region, () => clients.ec2.send(new DescribeVpcsCommand({VpcIds: [id]})))).Vpcs?.[0]
    return vpc ? vpcFromAws(vpc, region) : null
  })

export const readSubnet: ReadOne = (clients, id, region) =>
  orNull(['InvalidSubnetID.NotFound'], async () => {
    const subnet = (await ec2Call('DescribeSubnets', region, () => clients.ec2.send(new DescribeSubnetsCommand({SubnetIds: [id]})))).Subnets?.[0]
    return subnet ? subnetFromAws(subnet, region) : null
  })

export const readSecurityGroup: ReadOne = (clients, id, region) =>
  orNull(['InvalidGroup.NotFound', 'InvalidGroupId.Malformed'], async () => {
    const group = (await ec2Call('DescribeSecurityGroups', region, () => clients.ec2.send(new DescribeSecurityGroupsCommand({GroupIds: [id]})))).SecurityGroups?.[0]
    return group ? securityGroupFromAws(group, region) : null
  })

export const readInstance: ReadOne = (clients, id, region) =>
  orNull(['InvalidInstanceID.NotFound'], async () => {
    const answer = await ec2Call('DescribeInstances', region, () => clients.ec2.send(new DescribeInstancesCommand({InstanceIds: [id]})))
    const reservation = answer.Reservations?.[0]
    const instance = reservation?.Instances?.[0]
    if (!instance || !LIVE_INSTANCE_STATES.includes(instance.State?.Name ?? '')) return null
    return instanceFromAws(instance, region, reservation?.OwnerId)
  })
