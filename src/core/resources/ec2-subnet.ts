import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, str, templateTags} from './types.js'

export const ec2Subnet: ResourceTypeModule = {
  type: 'AWS::EC2::Subnet',
  service: 'ec2',
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
  safeHealPaths: [],
  displayName: (actual) => actual.tags.Name ?? actual.physicalId,
}
