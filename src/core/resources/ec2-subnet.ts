import type {Subnet} from '@aws-sdk/client-ec2'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str, templateTags} from './types.js'
import {actualResource, tagMap} from './aws-shape.js'
import {ec2Tags} from './ec2-shared.js'
import {NEVER_HEALED} from './heal.js'

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
