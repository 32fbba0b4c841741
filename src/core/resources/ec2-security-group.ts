import type {IpPermission, SecurityGroup} from '@aws-sdk/client-ec2'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'
import {actualResource, awsArn, compact, tagMap} from './aws-shape.js'
import {ec2Tags} from './ec2-shared.js'
import {NEVER_HEALED, NEVER_REVERTED} from './heal.js'
import {PROTOCOL_NAMES, securityGroupRulesRevert} from './ec2-security-group-rules.js'

export const ec2SecurityGroup: ResourceTypeModule = {
  type: 'AWS::EC2::SecurityGroup',
  service: 'ec2',
  readBudget: {fixedCalls: 1, callsPerResource: 0.001, basis: 'DescribeSecurityGroups, 1,000 per page, rules and tags inline'},
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
  revert: securityGroupRulesRevert,
  neverReverted: {'/GroupName': NEVER_REVERTED.replacement, '/GroupDescription': NEVER_REVERTED.replacement, '/VpcId': NEVER_REVERTED.replacement},
  awsDefaults: {
    // The allow-all egress rule EC2 adds to every new group.
    '/SecurityGroupEgress': (value) => Array.isArray(value) && value.length === 1 && (value[0] as Record<string, unknown>)?.IpProtocol === '-1' && (value[0] as Record<string, unknown>)?.CidrIp === '0.0.0.0/0',
  },
  // EC2 names a source group's owner only when it is another account (expandRules below): a template rule that
  // spells out the group's own account means the same rule, and a revert must not put an owner back AWS never shows.
  desiredAsRead(properties, actual) {
    const account = actual.arn?.split(':')[4]
    const rules = properties.SecurityGroupIngress
    if (!account || !Array.isArray(rules)) return properties
    const ownAccount = (rule: unknown): rule is Record<string, unknown> =>
      rule !== null && typeof rule === 'object' && !Array.isArray(rule) && String((rule as Record<string, unknown>).SourceSecurityGroupOwnerId) === account
    const asRead = rules.map((rule) => (ownAccount(rule) ? Object.fromEntries(Object.entries(rule).filter(([key]) => key !== 'SourceSecurityGroupOwnerId')) : rule))
    return {...properties, SecurityGroupIngress: asRead}
  },
  displayName: (actual) => str(actual.properties.GroupName) ?? actual.physicalId,
  describeValue(path, value) {
    const match = RULE_PATH.exec(path)
    if (!match) return undefined
    const direction = match[1] === 'Ingress' ? 'ingress' : 'egress'
    if (match[2] === undefined && Array.isArray(value)) {
      const rules = value.map((rule) => describeRule(rule, direction))
      return rules.includes(undefined) ? undefined : `[${rules.join('; ')}]`
    }

    return describeRule(value, direction)
  },
}

const RULE_PATH = /^\/SecurityGroup(Ingress|Egress)(\/\d+)?$/

/** Where traffic comes from (ingress) or goes to (egress): the one peer a CloudFormation rule names. */
const PEER_KEYS = ['CidrIp', 'CidrIpv6', 'SourceSecurityGroupId', 'SourceSecurityGroupName', 'SourcePrefixListId', 'DestinationSecurityGroupId', 'DestinationPrefixListId'] as const

/**
 * One rule as people say it: `tcp 22 from 0.0.0.0/0 ("temp debug access")`, `all traffic to 0.0.0.0/0`,
 * `tcp 8000-8100 from sg-0abc (owner 123456789012)`, `icmp type 8 from 10.0.0.0/8`. Keys the sentence has no place
 * for are appended as `key=value`, so that nothing the rule holds is left out.
 */
function describeRule(value: unknown, direction: 'ingress' | 'egress'): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const rule = value as Record<string, unknown>
  if (typeof rule.IpProtocol !== 'string' && typeof rule.IpProtocol !== 'number') return undefined
  const used = new Set(['IpProtocol', 'FromPort', 'ToPort', 'Description'])
  const protocol = String(rule.IpProtocol).toLowerCase()
  const name = PROTOCOL_NAMES[protocol] ?? protocol
  const parts = [name === '-1' ? 'all traffic' : `${/^\d+$/.test(name) ? 'protocol ' : ''}${name}${ports(name, rule.FromPort, rule.ToPort)}`]
  for (const key of PEER_KEYS) {
    if (rule[key] === undefined || rule[key] === null) continue
    used.add(key)
    const owner = key === 'SourceSecurityGroupId' || key === 'SourceSecurityGroupName' ? rule.SourceSecurityGroupOwnerId : undefined
    if (owner !== undefined) used.add('SourceSecurityGroupOwnerId')
    parts.push(`${direction === 'ingress' ? 'from' : 'to'} ${plainText(rule[key])}${owner === undefined || owner === null ? '' : ` (owner ${plainText(owner)})`}`)
  }

  if (rule.Description !== undefined && rule.Description !== null) parts.push(`(${JSON.stringify(rule.Description)})`)
  for (const [key, other] of Object.entries(rule)) if (!used.has(key) && other !== undefined) parts.push(`${key}=${JSON.stringify(other)}`)
  return parts.join(' ')
}

/** ` 22`, ` 8000-8100`, ` type 8 code 0` for ICMP; nothing when the rule covers every port (AWS writes -1 or omits them). */
function ports(protocol: string, from: unknown, to: unknown): string {
  const known = (port: unknown) => port !== undefined && port !== null && port !== -1 && port !== '-1'
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    if (!known(from)) return ' (all types)'
    return ` type ${plainText(from)}${known(to) ? ` code ${plainText(to)}` : ''}`
  }

  if (!known(from) && !known(to)) return protocol === '-1' ? '' : ' (all ports)'
  if (!known(to) || String(from) === String(to)) return ` ${plainText(from)}`
  return ` ${plainText(from)}-${plainText(to)}`
}

/** A scalar as it reads in a sentence (no quotes); anything else (an unresolved intrinsic) as JSON. */
const plainText = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value))

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
