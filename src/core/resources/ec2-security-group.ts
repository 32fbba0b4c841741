import type {IpPermission, SecurityGroup} from '@aws-sdk/client-ec2'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'
import {actualResource, awsArn, compact, tagMap} from './aws-shape.js'
import {ec2Tags} from './ec2-shared.js'
import {NEVER_HEALED} from './heal.js'

export const ec2SecurityGroup: ResourceTypeModule = {
  type: 'AWS::EC2::SecurityGroup',
  service: 'ec2',
  actualKeys: (actual: ActualResource) => [
    `group:${str(actual.properties.VpcId)}/${str(actual.properties.GroupName)}`,
    ...actualCloudFormationKeys(actual),
  ],
  desiredKeys({logicalId, stackName, properties}) {
    const name = str(properties.GroupName)
    const vpc = str(properties.VpcId)
    return [...(name && vpc ? [`group:${vpc}/${name}`] : []), cloudFormationKey(stackName, logicalId)]
  },
  setPaths: ['/SecurityGroupIngress', '/SecurityGroupEgress'],
  arnOrNamePaths: [],
  notReturnedPaths: [],
  ratings: [critical('/SecurityGroupIngress'), critical('/SecurityGroupEgress'), {path: '/GroupDescription', severity: 'low', impact: []}],
  neverHealed: {'/SecurityGroupIngress': NEVER_HEALED.securityGroupRules, '/SecurityGroupEgress': NEVER_HEALED.securityGroupRules},
  tags: ec2Tags,
  awsDefaults: {
    // The allow-all egress rule EC2 adds to every new group.
    '/SecurityGroupEgress': (value) => Array.isArray(value) && value.length === 1 && (value[0] as Record<string, unknown>)?.IpProtocol === '-1' && (value[0] as Record<string, unknown>)?.CidrIp === '0.0.0.0/0',
  },
  displayName: (actual) => str(actual.properties.GroupName) ?? actual.physicalId,
}

/**
 * DescribeSecurityGroups -> CloudFormation `AWS::EC2::SecurityGroup`. AWS groups rules by protocol and port
 * range with lists of sources; CloudFormation writes one rule per source. The rules are expanded to
 * CloudFormation's form so that the set comparison lines them up one to one.
 */
export function securityGroupFromAws(group: SecurityGroup, region: string): ActualResource {
  const id = group.GroupId ?? ''
  return actualResource({
    type: ec2SecurityGroup.type,
    region,
    physicalId: id,
    arn: group.SecurityGroupArn ?? (group.OwnerId ? awsArn(region, 'ec2', group.OwnerId, `security-group/${id}`) : undefined),
    properties: {
      GroupName: group.GroupName,
      GroupDescription: group.Description,
      VpcId: group.VpcId,
      SecurityGroupIngress: (group.IpPermissions ?? []).flatMap((permission) => expandRules(permission, 'ingress', group.OwnerId)),
      SecurityGroupEgress: (group.IpPermissionsEgress ?? []).flatMap((permission) => expandRules(permission, 'egress', group.OwnerId)),
    },
    tags: tagMap(group.Tags),
    attributes: {GroupId: id, VpcId: group.VpcId},
  })
}

function expandRules(permission: IpPermission, direction: 'ingress' | 'egress', ownerId: string | undefined): Record<string, unknown>[] {
  // AWS omits the ports for "all protocols" (-1); CloudFormation ignores them there too.
  const base = {IpProtocol: permission.IpProtocol, FromPort: permission.FromPort, ToPort: permission.ToPort}
  const group = direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId'
  const prefixList = direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId'
  return [
    ...(permission.IpRanges ?? []).map((range) => compact({...base, CidrIp: range.CidrIp, Description: range.Description})),
    ...(permission.Ipv6Ranges ?? []).map((range) => compact({...base, CidrIpv6: range.CidrIpv6, Description: range.Description})),
    ...(permission.UserIdGroupPairs ?? []).map((pair) =>
      compact({
        ...base,
        [group]: pair.GroupId,
        // Only a cross-account source needs its owner spelled out, as in a template.
        ...(direction === 'ingress' && pair.UserId && pair.UserId !== ownerId ? {SourceSecurityGroupOwnerId: pair.UserId} : {}),
        Description: pair.Description,
      }),
    ),
    ...(permission.PrefixListIds ?? []).map((prefix) => compact({...base, [prefixList]: prefix.PrefixListId, Description: prefix.Description})),
  ]
}
