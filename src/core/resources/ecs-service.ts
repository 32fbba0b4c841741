import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, nameFromArn, type ResourceTypeModule, str} from './types.js'

const serviceKey = (cluster: unknown, service: unknown) => {
  const clusterName = nameFromArn(cluster)
  const serviceName = nameFromArn(service)
  return clusterName && serviceName ? [`service:${clusterName}/${serviceName}`] : []
}

export const ecsService: ResourceTypeModule = {
  type: 'AWS::ECS::Service',
  service: 'ecs',
  actualKeys: (actual: ActualResource) => [...serviceKey(actual.properties.Cluster, actual.properties.ServiceName), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...serviceKey(properties.Cluster, properties.ServiceName), cloudFormationKey(stackName, logicalId)],
  setPaths: ['/NetworkConfiguration/AwsvpcConfiguration/Subnets', '/NetworkConfiguration/AwsvpcConfiguration/SecurityGroups', '/LoadBalancers'],
  arnOrNamePaths: ['/Cluster', '/TaskDefinition', '/Role'],
  safeHealPaths: ['/DesiredCount'],
  displayName: (actual) => str(actual.properties.ServiceName) ?? actual.physicalId,
}
