import type {Subnet} from '@aws-sdk/client-ec2'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str, templateTags} from './types.js'
import {actualResource, tagMap} from './aws-shape.js'
import {ec2Tags} from './ec2-shared.js'
import {z} from 'zod'

import {asBoolean, type HealApiCall, NEVER_HEALED, NEVER_REVERTED, type PropertyRevert, refuse} from './heal.js'

/**
 * `drift revert` (SPEC 11): MapPublicIpOnLaunch, put back by ModifySubnetAttribute (one attribute per call, as the API
 * takes them) and rolled back with the value read. Nothing restarts: running instances keep their addresses, only
 * instances launched later follow it. Turning it on gives every instance launched there a public address: a
 * weakening that needs --approve-critical even when Git says so.
 */
const publicIpRevert: PropertyRevert = {
  paths: ['/MapPublicIpOnLaunch'],
  restartPaths: [],
  calls: [
    {
      api: 'EC2.ModifySubnetAttribute',
      params: z.strictObject({
        SubnetId: z.string({errorMap: () => ({message: 'SubnetId must be a subnet id'})}).regex(/^subnet-[0-9a-f]+$/, 'SubnetId must be a subnet id'),
        MapPublicIpOnLaunch: z.strictObject({Value: z.boolean()}, {errorMap: () => ({message: 'MapPublicIpOnLaunch must be {Value: true or false}'})}),
      }),
    },
  ],
  build(actual, changes) {
    const [change] = changes
    const [wanted, was] = [asBoolean(change.to), asBoolean(change.from) ?? false]
    if (wanted === undefined) return refuse(`/MapPublicIpOnLaunch ${JSON.stringify(change.to)} is not true or false`)
    const call = (value: boolean): HealApiCall => ({api: 'EC2.ModifySubnetAttribute', params: {SubnetId: actual.physicalId, MapPublicIpOnLaunch: {Value: value}}})
    return {ok: true, actions: [{...call(wanted), rollback: call(was)}]}
  },
  weakens: (change) => (asBoolean(change.to) === true && asBoolean(change.from) !== true ? 'gives every instance launched in the subnet a public IP address' : undefined),
}

export const ec2Subnet: ResourceTypeModule = {
  type: 'AWS::EC2::Subnet',
  service: 'ec2',
  readBudget: {fixedCalls: 1, callsPerResource: 0.001, basis: 'DescribeSubnets, 1,000 per page, tags inline'},
  actualKeys: (actual: ActualResource) => [
    ...actualCloudFormationKeys(actual),
    ...(actual.tags.Name ? [`name:${actual.tags.Name}`] : []),
    `cidr:${str(actual.properties.VpcId)}/${str(actual.properties.CidrBlock)}`,
  ],
  desiredKeys({logicalId, stackName, properties}) {
    const name = templateTags(properties).Name
    const vpc = str(properties.VpcId)
    const cidr = str(properties.CidrBlock)
    return [cloudFormationKey(stackName, logicalId), ...(name ? [`name:${name}`] : []), ...(vpc && cidr ? [`cidr:${vpc}/${cidr}`] : [])]
  },
  setPaths: [],
  arnOrNamePaths: [],
  notReturnedPaths: [],
  ratings: [critical('/MapPublicIpOnLaunch'), {path: '/CidrBlock', severity: 'high', impact: ['availability']}],
  neverHealed: {'/MapPublicIpOnLaunch': NEVER_HEALED.publicAccess},
  tags: ec2Tags,
  revert: publicIpRevert,
  neverReverted: {
    '/VpcId': NEVER_REVERTED.replacement,
    '/CidrBlock': NEVER_REVERTED.replacement,
    '/AvailabilityZone': NEVER_REVERTED.replacement,
    '/AvailabilityZoneId': NEVER_REVERTED.replacement,
  },
  awsDefaults: {
    '/MapPublicIpOnLaunch': false,
    '/AssignIpv6AddressOnCreation': false,
    '/Ipv6Native': false,
    '/EnableDns64': false,
    '/AvailabilityZoneId': (_, properties) => properties.AvailabilityZone !== undefined,
    '/PrivateDnsNameOptionsOnLaunch/HostnameType': 'ip-name',
    '/PrivateDnsNameOptionsOnLaunch/EnableResourceNameDnsARecord': false,
    '/PrivateDnsNameOptionsOnLaunch/EnableResourceNameDnsAAAARecord': false,
  },
  displayName: (actual) => actual.tags.Name ?? actual.physicalId,
}

/** DescribeSubnets -> CloudFormation `AWS::EC2::Subnet`. */
export function subnetFromAws(subnet: Subnet, region: string): ActualResource {
  const id = subnet.SubnetId ?? ''
  const ipv6 = (subnet.Ipv6CidrBlockAssociationSet ?? []).filter((item) => item.Ipv6CidrBlockState?.State === 'associated').map((item) => item.Ipv6CidrBlock)
  const dnsOptions = subnet.PrivateDnsNameOptionsOnLaunch
  return actualResource({
    type: ec2Subnet.type,
    region,
    physicalId: id,
    arn: subnet.SubnetArn,
    properties: {
      VpcId: subnet.VpcId,
      CidrBlock: subnet.CidrBlock,
      AvailabilityZone: subnet.AvailabilityZone,
      AvailabilityZoneId: subnet.AvailabilityZoneId,
      MapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch,
      AssignIpv6AddressOnCreation: subnet.AssignIpv6AddressOnCreation,
      Ipv6CidrBlock: ipv6[0],
      Ipv6Native: subnet.Ipv6Native,
      EnableDns64: subnet.EnableDns64,
      OutpostArn: subnet.OutpostArn,
      PrivateDnsNameOptionsOnLaunch: dnsOptions && {
        HostnameType: dnsOptions.HostnameType,
        EnableResourceNameDnsARecord: dnsOptions.EnableResourceNameDnsARecord,
        EnableResourceNameDnsAAAARecord: dnsOptions.EnableResourceNameDnsAAAARecord,
      },
    },
    tags: tagMap(subnet.Tags),
    attributes: {
      SubnetId: id,
      VpcId: subnet.VpcId,
      AvailabilityZone: subnet.AvailabilityZone,
      AvailabilityZoneId: subnet.AvailabilityZoneId,
      CidrBlock: subnet.CidrBlock,
      Ipv6CidrBlocks: ipv6,
      OutpostArn: subnet.OutpostArn,
    },
  })
}
