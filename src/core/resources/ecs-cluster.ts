import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, str} from './types.js'

export const ecsCluster: ResourceTypeModule = {
  type: 'AWS::ECS::Cluster',
  service: 'ecs',
  actualKeys: (actual: ActualResource) => [`name:${str(actual.properties.ClusterName)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys({logicalId, stackName, properties}) {
    const name = str(properties.ClusterName)
    return [...(name ? [`name:${name}`] : []), cloudFormationKey(stackName, logicalId)]
  },
  setPaths: ['/CapacityProviders'],
  arnOrNamePaths: [],
  safeHealPaths: [],
  displayName: (actual) => str(actual.properties.ClusterName) ?? actual.physicalId,
}
