import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, str} from './types.js'

export const ecsTaskDefinition: ResourceTypeModule = {
  type: 'AWS::ECS::TaskDefinition',
  service: 'ecs',
  actualKeys: (actual: ActualResource) => [`family:${str(actual.properties.Family)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys({logicalId, stackName, properties}) {
    const family = str(properties.Family)
    return [...(family ? [`family:${family}`] : []), cloudFormationKey(stackName, logicalId)]
  },
  setPaths: ['/RequiresCompatibilities'],
  arnOrNamePaths: ['/ExecutionRoleArn', '/TaskRoleArn'],
  safeHealPaths: [],
  displayName: (actual) => str(actual.properties.Family) ?? actual.physicalId,
}
