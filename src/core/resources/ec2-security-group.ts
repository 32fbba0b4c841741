import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, str} from './types.js'

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
  safeHealPaths: [],
  displayName: (actual) => str(actual.properties.GroupName) ?? actual.physicalId,
}
