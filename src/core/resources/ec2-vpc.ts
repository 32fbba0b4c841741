import type {Vpc} from '@aws-sdk/client-ec2'
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, AWS_ASSIGNED, cloudFormationKey, type ResourceTypeModule, templateTags} from './types.js'
import {actualResource, awsArn, tagMap} from './aws-shape.js'
import {ec2Tags} from './ec2-shared.js'
import {asBoolean, currentValue, type HealAction, type HealApiCall, NEVER_REVERTED, type PropertyRevert, refuse} from './heal.js'

/** The VPC's DNS settings, as DescribeVpcAttribute answers them (one attribute per call); absent when not read. */
export interface VpcDnsAttributes {
  EnableDnsSupport?: boolean
  EnableDnsHostnames?: boolean
}

const SUPPORT = '/EnableDnsSupport'
const HOSTNAMES = '/EnableDnsHostnames'

const vpcIdSchema = z.string({errorMap: () => ({message: 'VpcId must be a vpc id'})}).regex(/^vpc-[0-9a-f]+$/, 'VpcId must be a vpc id')
const attributeValue = (name: string) => {
  const only = {errorMap: () => ({message: `${name} must be {Value: true or false}`})}
  return z.strictObject({Value: z.boolean(only)}, only).optional()
}

/** ModifyVpcAttribute takes one attribute per call (AWS refuses both at once): the schema holds every call to exactly one. */
const modifyVpcAttribute = {
  api: 'EC2.ModifyVpcAttribute',
  params: z
    .strictObject({VpcId: vpcIdSchema, EnableDnsSupport: attributeValue('EnableDnsSupport'), EnableDnsHostnames: attributeValue('EnableDnsHostnames')})
    .refine((params) => (params.EnableDnsSupport === undefined) !== (params.EnableDnsHostnames === undefined), 'ModifyVpcAttribute changes exactly one of EnableDnsSupport, EnableDnsHostnames'),
}

/**
 * `drift revert` (SPEC 11): DNS resolution and DNS hostnames, put back by ModifyVpcAttribute, one attribute per call as
 * the API requires, each rolled back to the value read (the executor rolls back in reverse order). AWS allows DNS
 * hostnames only while DNS support is on, so hostnames go off first and come on last, and a target that would leave
 * hostnames on without DNS support is refused before any call.
 *
 * Turning either one ON restores name resolution: no flag. Turning one OFF, even when Git says off, cuts it for the
 * whole VPC at once (the Amazon DNS server stops answering, private hosted zones and interface endpoints' private DNS
 * names stop resolving, instances lose their DNS hostnames): an outage, not a security weakening, so it is gated as the
 * other reverts that interrupt service are (an auto scaling group's MaxSize below its size, RDS backups turned on from
 * 0): a restart, `--allow-restart`, said in the plan.
 */
const dnsRevert: PropertyRevert = {
  paths: [SUPPORT, HOSTNAMES],
  restartPaths: [],
  calls: [modifyVpcAttribute],
  build(actual, changes) {
    const target = new Map<string, boolean>()
    const read = new Map<string, boolean>()
    for (const change of changes) {
      const [wanted, was] = [asBoolean(change.to), asBoolean(currentValue(actual, change.path))]
      if (wanted === undefined) return refuse(`${change.path} ${JSON.stringify(change.to)} is not true or false`)
      if (was === undefined) return refuse(`${change.path}: the VPC's value was not read`)
      target.set(change.path, wanted)
      read.set(change.path, was)
    }

    const after = (path: string) => target.get(path) ?? asBoolean(currentValue(actual, path))
    if (after(HOSTNAMES) === true && after(SUPPORT) !== true) {
      const support = after(SUPPORT) === undefined ? "the VPC's EnableDnsSupport was not read" : target.has(SUPPORT) ? 'Git declares EnableDnsSupport false' : 'AWS has EnableDnsSupport false and Git does not turn it on'
      return refuse(`${HOSTNAMES} true needs ${SUPPORT} true (AWS allows DNS hostnames only with DNS support), and ${support}`)
    }

    const call = (path: string, value: boolean): HealApiCall => ({api: modifyVpcAttribute.api, params: {VpcId: actual.physicalId, [path.slice(1)]: {Value: value}}})
    const action = (path: string): HealAction => ({...call(path, target.get(path)!), rollback: call(path, read.get(path)!)})
    const changed = (path: string, value?: boolean) => target.has(path) && target.get(path) !== read.get(path) && (value === undefined || target.get(path) === value)
    // Hostnames off before support changes, support on before hostnames on: every step is a state AWS accepts.
    const order = [...(changed(HOSTNAMES, false) ? [HOSTNAMES] : []), ...(changed(SUPPORT) ? [SUPPORT] : []), ...(changed(HOSTNAMES, true) ? [HOSTNAMES] : [])]
    if (order.length === 0) return refuse('no DNS setting differs from what AWS has')
    const restarts = order.filter((path) => target.get(path) === false)
    return {ok: true, actions: order.map(action), ...(restarts.length > 0 ? {restarts} : {})}
  },
}

const DNS_NEVER_HEALED = 'DNS resolution and hostnames serve the whole VPC: a person decides (drift revert)'

export const ec2Vpc: ResourceTypeModule = {
  type: 'AWS::EC2::VPC',
  service: 'ec2',
  readBudget: {
    fixedCalls: 1,
    callsPerResource: 2.001,
    basis: 'DescribeVpcs, 1,000 per page, tags inline, then two DescribeVpcAttribute (enableDnsSupport, enableDnsHostnames) per declared or in-scope VPC: EC2 answers one attribute of one VPC per call',
  },
  actualKeys: (actual: ActualResource) => [...actualCloudFormationKeys(actual), ...(actual.tags.Name ? [`name:${actual.tags.Name}`] : [])],
  desiredKeys({logicalId, stackName, properties}) {
    const name = templateTags(properties).Name
    return [cloudFormationKey(stackName, logicalId), ...(name ? [`name:${name}`] : [])]
  },
  setPaths: [],
  arnOrNamePaths: [],
  notReturnedPaths: [],
  ratings: [
    {path: '/CidrBlock', severity: 'high', impact: ['availability']},
    // Off, name resolution in the VPC stops (Amazon DNS server, private hosted zones, interface endpoints' private
    // DNS): an outage of everything that resolves a name, not an opening.
    {path: SUPPORT, severity: 'high', impact: ['availability']},
    {path: HOSTNAMES, severity: 'high', impact: ['availability']},
  ],
  neverHealed: {[SUPPORT]: DNS_NEVER_HEALED, [HOSTNAMES]: DNS_NEVER_HEALED},
  tags: ec2Tags,
  revert: dnsRevert,
  neverReverted: {'/CidrBlock': NEVER_REVERTED.replacement},
  awsDefaults: {
    '/VpcId': AWS_ASSIGNED,
    '/CidrBlockAssociations': AWS_ASSIGNED,
    '/Ipv6CidrBlocks': AWS_ASSIGNED,
    // A VPC that is not the account's default one (AWS::EC2::VPC documents both).
    [SUPPORT]: true,
    [HOSTNAMES]: false,
  },
  displayName: (actual) => actual.tags.Name ?? actual.physicalId,
}

/**
 * DescribeVpcs (+ DescribeVpcAttribute for each DNS setting, when read) -> CloudFormation `AWS::EC2::VPC`. Without
 * `dns` (a VPC the run does not need in full) the two settings are absent, never guessed.
 */
export function vpcFromAws(vpc: Vpc, region: string, dns: VpcDnsAttributes = {}): ActualResource {
  const id = vpc.VpcId ?? ''
  const associations = (vpc.CidrBlockAssociationSet ?? []).filter((item) => item.CidrBlockState?.State === 'associated')
  return actualResource({
    type: ec2Vpc.type,
    region,
    physicalId: id,
    arn: vpc.OwnerId ? awsArn(region, 'ec2', vpc.OwnerId, `vpc/${id}`) : undefined,
    properties: {CidrBlock: vpc.CidrBlock, InstanceTenancy: vpc.InstanceTenancy, EnableDnsSupport: dns.EnableDnsSupport, EnableDnsHostnames: dns.EnableDnsHostnames},
    tags: tagMap(vpc.Tags),
    attributes: {
      VpcId: id,
      CidrBlock: vpc.CidrBlock,
      CidrBlockAssociations: associations.map((item) => item.AssociationId),
      Ipv6CidrBlocks: (vpc.Ipv6CidrBlockAssociationSet ?? []).map((item) => item.Ipv6CidrBlock),
    },
  })
}
