import type {Instance} from '@aws-sdk/client-ec2'

import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, AWS_ASSIGNED, cloudFormationKey, critical, type ResourceTypeModule, templateTags} from './types.js'
import {actualResource, awsArn, tagMap} from './aws-shape.js'
import {autoScalingGroup} from './autoscaling-group.js'
import {ec2Tags} from './ec2-shared.js'
import {asBoolean, currentValue, type HealAction, type HealApiCall, NEVER_HEALED, NEVER_REVERTED, nonEmptyString, nonEmptyStrings, type PropertyHeal, type PropertyRevert, refuse} from './heal.js'

/** The tag Auto Scaling puts on every instance it launches. */
export const AUTO_SCALING_GROUP_TAG = 'aws:autoscaling:groupName'

const instanceIds = z.strictObject({InstanceIds: nonEmptyStrings('InstanceIds')})

/** Detailed monitoring, switched by its own pair of calls. */
const monitoringHeal: PropertyHeal = {
  paths: ['/Monitoring'],
  calls: [
    {api: 'EC2.MonitorInstances', params: instanceIds},
    {api: 'EC2.UnmonitorInstances', params: instanceIds},
  ],
  build(actual, changes) {
    const change = changes[0]
    const to = asBoolean(change.to)
    const from = asBoolean(currentValue(actual, '/Monitoring'))
    if (to === undefined || from === undefined) return refuse(`/Monitoring ${String(change.from)} → ${String(change.to)} is not true or false`)
    const call = (enable: boolean): HealApiCall => ({api: enable ? 'EC2.MonitorInstances' : 'EC2.UnmonitorInstances', params: {InstanceIds: [actual.physicalId]}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
}

const oneInstance = z.strictObject({
  InstanceIds: z.array(nonEmptyString('InstanceIds').refine((id) => id.startsWith('i-'), 'InstanceIds must be instance ids (i-...)')).length(1, 'InstanceIds must name exactly one instance'),
})

/**
 * The instance type, put back by stop → modify → start (EC2 changes the type of a stopped instance only); a stopped
 * instance is only modified. Each step's rollback undoes it, so a failure anywhere leaves the instance running with
 * the type it had. The instance restarts: its public IP (without an Elastic IP) and instance store are lost.
 */
const instanceTypeRevert: PropertyRevert = {
  paths: ['/InstanceType'],
  restartPaths: ['/InstanceType'],
  calls: [
    {api: 'EC2.StopInstances', params: oneInstance},
    {api: 'EC2.StartInstances', params: oneInstance},
    {
      api: 'EC2.ModifyInstanceAttribute',
      params: z.strictObject({InstanceId: nonEmptyString('InstanceId'), InstanceType: z.strictObject({Value: nonEmptyString('InstanceType')})}),
    },
  ],
  build(actual, changes) {
    const [change] = changes
    const from = currentValue(actual, '/InstanceType')
    if (typeof change.to !== 'string' || change.to === '' || typeof from !== 'string') return refuse(`/InstanceType ${String(from)} → ${String(change.to)} is not an instance type`)
    const state = actual.attributes.State
    if (state !== 'running' && state !== 'stopped') return refuse(`the instance is ${String(state ?? 'in an unknown state')}; it is changed only when running or stopped`)
    const ids = {InstanceIds: [actual.physicalId]}
    const stop: HealApiCall = {api: 'EC2.StopInstances', params: ids}
    const start: HealApiCall = {api: 'EC2.StartInstances', params: ids}
    const modify = (type: string): HealApiCall => ({api: 'EC2.ModifyInstanceAttribute', params: {InstanceId: actual.physicalId, InstanceType: {Value: type}}})
    const actions: HealAction[] = [{...modify(change.to), rollback: modify(from)}]
    return {ok: true, actions: state === 'stopped' ? actions : [{...stop, rollback: start}, ...actions, {...start, rollback: stop}]}
  },
}

export const ec2Instance: ResourceTypeModule = {
  type: 'AWS::EC2::Instance',
  service: 'ec2',
  readBudget: {fixedCalls: 1, callsPerResource: 0.001, basis: 'DescribeInstances, 1,000 per page, tags inline'},
  actualKeys: (actual: ActualResource) => [...actualCloudFormationKeys(actual), ...(actual.tags.Name ? [`name:${actual.tags.Name}`] : [])],
  desiredKeys({logicalId, stackName, properties}) {
    const name = templateTags(properties).Name
    return [cloudFormationKey(stackName, logicalId), ...(name ? [`name:${name}`] : [])]
  },
  setPaths: ['/SecurityGroupIds', '/SecurityGroups'],
  arnOrNamePaths: ['/IamInstanceProfile'],
  notReturnedPaths: ['/UserData', '/AdditionalInfo', '/DisableApiTermination', '/InstanceInitiatedShutdownBehavior'],
  ratings: [
    critical('/SecurityGroupIds'),
    critical('/SecurityGroups'),
    critical('/IamInstanceProfile'),
    {path: '/InstanceType', severity: 'high', impact: ['cost', 'availability']},
    {path: '/ImageId', severity: 'high', impact: ['availability', 'security']},
    {path: '/Monitoring', severity: 'medium', impact: ['availability']},
  ],
  neverHealed: {'/InstanceType': NEVER_HEALED.resourceClass},
  tags: ec2Tags,
  heal: monitoringHeal,
  revert: instanceTypeRevert,
  neverReverted: {
    '/ImageId': NEVER_REVERTED.replacement,
    '/SubnetId': NEVER_REVERTED.replacement,
    '/AvailabilityZone': NEVER_REVERTED.replacement,
    '/KeyName': NEVER_REVERTED.replacement,
    '/PrivateIpAddress': NEVER_REVERTED.replacement,
    '/Tenancy': NEVER_REVERTED.replacement,
  },
  awsDefaults: {
    '/Monitoring': false,
    '/EbsOptimized': false,
    '/Tenancy': 'default',
    '/SourceDestCheck': true,
    '/HibernationOptions/Configured': false,
    '/EnclaveOptions/Enabled': false,
    // Derived from the instance type, the AMI or the subnet; AWS picks them.
    '/CpuOptions': AWS_ASSIGNED,
    '/KernelId': AWS_ASSIGNED,
    '/RamdiskId': AWS_ASSIGNED,
    '/PrivateIpAddress': AWS_ASSIGNED,
    '/AvailabilityZone': (_, properties) => properties.SubnetId !== undefined,
  },
  displayName: (actual) => actual.tags.Name ?? actual.physicalId,
  // An instance an auto scaling group launched carries the group's name in a tag AWS sets: the group owns it.
  ownedBy: (actual) => (actual.tags[AUTO_SCALING_GROUP_TAG] ? [{type: autoScalingGroup.type, key: `name:${actual.tags[AUTO_SCALING_GROUP_TAG]}`}] : []),
}

/** DescribeInstances -> CloudFormation `AWS::EC2::Instance`. */
export function instanceFromAws(instance: Instance, region: string, ownerId?: string): ActualResource {
  const id = instance.InstanceId ?? ''
  const monitoring = instance.Monitoring?.State
  return actualResource({
    type: ec2Instance.type,
    region,
    physicalId: id,
    arn: ownerId ? awsArn(region, 'ec2', ownerId, `instance/${id}`) : undefined,
    properties: {
      ImageId: instance.ImageId,
      InstanceType: instance.InstanceType,
      SubnetId: instance.SubnetId,
      SecurityGroupIds: instance.SecurityGroups?.map((group) => group.GroupId),
      KeyName: instance.KeyName,
      // "pending" means enabling is under way: the setting is on.
      Monitoring: monitoring === undefined ? undefined : monitoring === 'enabled' || monitoring === 'pending',
      IamInstanceProfile: instance.IamInstanceProfile?.Arn,
      EbsOptimized: instance.EbsOptimized,
      AvailabilityZone: instance.Placement?.AvailabilityZone,
      Tenancy: instance.Placement?.Tenancy,
      PlacementGroupName: instance.Placement?.GroupName || undefined,
      HostId: instance.Placement?.HostId,
      PrivateIpAddress: instance.PrivateIpAddress,
      SourceDestCheck: instance.SourceDestCheck,
      KernelId: instance.KernelId,
      RamdiskId: instance.RamdiskId,
      CpuOptions: instance.CpuOptions && {CoreCount: instance.CpuOptions.CoreCount, ThreadsPerCore: instance.CpuOptions.ThreadsPerCore},
      HibernationOptions: instance.HibernationOptions && {Configured: instance.HibernationOptions.Configured},
      EnclaveOptions: instance.EnclaveOptions && {Enabled: instance.EnclaveOptions.Enabled},
    },
    tags: tagMap(instance.Tags),
    attributes: {
      InstanceId: id,
      AvailabilityZone: instance.Placement?.AvailabilityZone,
      PrivateDnsName: instance.PrivateDnsName || undefined,
      PrivateIp: instance.PrivateIpAddress,
      PublicDnsName: instance.PublicDnsName || undefined,
      PublicIp: instance.PublicIpAddress,
      VpcId: instance.VpcId,
      State: instance.State?.Name,
    },
  })
}
