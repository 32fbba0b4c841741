import type {Instance} from '@aws-sdk/client-ec2'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, AWS_ASSIGNED, cloudFormationKey, type ResourceTypeModule, templateTags} from './types.js'
import {actualResource, awsArn, tagMap} from './aws-shape.js'

export const ec2Instance: ResourceTypeModule = {
  type: 'AWS::EC2::Instance',
  service: 'ec2',
  actualKeys: (actual: ActualResource) => [...actualCloudFormationKeys(actual), ...(actual.tags.Name ? [`name:${actual.tags.Name}`] : [])],
  desiredKeys({logicalId, stackName, properties}) {
    const name = templateTags(properties).Name
    return [cloudFormationKey(stackName, logicalId), ...(name ? [`name:${name}`] : [])]
  },
  setPaths: ['/SecurityGroupIds', '/SecurityGroups'],
  arnOrNamePaths: ['/IamInstanceProfile'],
  notReturnedPaths: ['/UserData', '/AdditionalInfo', '/DisableApiTermination', '/InstanceInitiatedShutdownBehavior'],
  safeHealPaths: ['/Monitoring'],
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
