import {
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  type EC2Client,
  paginateDescribeInstances,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
  type Vpc,
} from '@aws-sdk/client-ec2'

import type {ActualResource} from '../../core/model.js'
import {compareCodePoints} from '../../core/shared/compare.js'
import {instanceFromAws} from '../../core/resources/ec2-instance.js'
import {securityGroupFromAws} from '../../core/resources/ec2-security-group.js'
import {subnetFromAws} from '../../core/resources/ec2-subnet.js'
import {type VpcDnsAttributes, vpcFromAws} from '../../core/resources/ec2-vpc.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {orNull, type ReadOne} from './read-context.js'

/** The largest page every EC2 Describe* call accepts. */
export const EC2_PAGE_SIZE = 1000

/** SPEC 1: instances that exist as infrastructure; terminated/shutting-down ones are history, not drift. */
export const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped']

/** Not found for one VPC (deleted between the list and its attribute calls, or asked for by an id that is gone). */
const VPC_NOT_FOUND = ['InvalidVpcID.NotFound']

/**
 * A VPC's DNS settings: DescribeVpcAttribute answers one attribute of one VPC per call (EC2 has no batch form), so
 * two calls, in parallel under the run's bound.
 */
async function readVpcDns(ec2: EC2Client, vpcId: string, region: string, run: AwsCallRunner): Promise<VpcDnsAttributes> {
  const ask = (Attribute: 'enableDnsSupport' | 'enableDnsHostnames') =>
    run({service: 'EC2', operation: 'DescribeVpcAttribute', region}, () => ec2.send(new DescribeVpcAttributeCommand({VpcId: vpcId, Attribute})))
  const [support, hostnames] = await Promise.all([ask('enableDnsSupport'), ask('enableDnsHostnames')])
  return {EnableDnsSupport: support.EnableDnsSupport?.Value, EnableDnsHostnames: hostnames.EnableDnsHostnames?.Value}
}

/**
 * The VPCs of one region. DescribeVpcs (1,000 a page, tags inline) lists them; the two DNS settings are read only for
 * the VPCs the run wants (declared, or extras inside the scope), decided from id and tags first, as S3 reads its
 * per-bucket settings. A VPC deleted since the list is not there. Cost: 1 walk + 2 calls per wanted VPC.
 */
export async function readVpcs(ec2: EC2Client, region: string, run: AwsCallRunner = awsCall, wanted: (actual: ActualResource) => Promise<boolean> = async () => true): Promise<ActualResource[]> {
  const vpcs = await run({service: 'EC2', operation: 'DescribeVpcs', region}, async () => {
    const out: Vpc[] = []
    for await (const page of paginateDescribeVpcs({client: ec2, pageSize: EC2_PAGE_SIZE}, {})) out.push(...(page.Vpcs ?? []))
    return out
  })
  const read = await Promise.all(
    vpcs.map(async (vpc) => {
      const listed = vpcFromAws(vpc, region)
      if (!(await wanted(listed))) return listed
      return orNull(VPC_NOT_FOUND, async () => vpcFromAws(vpc, region, await readVpcDns(ec2, listed.physicalId, region, run)))
    }),
  )
  return read.filter((vpc): vpc is ActualResource => vpc !== null)
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

/** One VPC by id (revert checks and verification): DescribeVpcs, then its two DNS settings. */
export const readVpc: ReadOne = (clients, id, region) =>
  orNull(VPC_NOT_FOUND, async () => {
    const vpc = (await ec2Call('DescribeVpcs', region, () => clients.ec2.send(new DescribeVpcsCommand({VpcIds: [id]})))).Vpcs?.[0]
    return vpc ? vpcFromAws(vpc, region, await readVpcDns(clients.ec2, id, region, awsCall)) : null
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
