import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, templateTags} from './types.js'

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
  safeHealPaths: ['/Monitoring'],
  displayName: (actual) => actual.tags.Name ?? actual.physicalId,
}
