import type {Cluster} from '@aws-sdk/client-ecs'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, equalsJson, type ResourceTypeModule, str} from './types.js'
import {actualResource, pascalKeys, tagMap} from './aws-shape.js'
import {ecsTags} from './ecs-shared.js'

export const ecsCluster: ResourceTypeModule = {
  type: 'AWS::ECS::Cluster',
  service: 'ecs',
  readBudget: {fixedCalls: 2, callsPerResource: 0.02, basis: 'ListClusters, 100 per page, then DescribeClusters for 100 clusters a call, tags included'},
  actualKeys: (actual: ActualResource) => [`name:${str(actual.properties.ClusterName)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys({logicalId, stackName, properties}) {
    const name = str(properties.ClusterName)
    return [...(name ? [`name:${name}`] : []), cloudFormationKey(stackName, logicalId)]
  },
  setPaths: ['/CapacityProviders'],
  arnOrNamePaths: [],
  notReturnedPaths: [],
  ratings: [{path: '/ClusterSettings', severity: 'medium', impact: ['availability']}],
  neverHealed: {},
  tags: ecsTags,
  awsDefaults: {'/ClusterSettings': equalsJson([{Name: 'containerInsights', Value: 'disabled'}])},
  displayName: (actual) => str(actual.properties.ClusterName) ?? actual.physicalId,
}

/** DescribeClusters (include TAGS, SETTINGS, CONFIGURATIONS) -> CloudFormation `AWS::ECS::Cluster`; `!Ref` is the name. */
export function clusterFromAws(cluster: Cluster, region: string): ActualResource {
  const name = cluster.clusterName ?? ''
  return actualResource({
    type: ecsCluster.type,
    region,
    physicalId: name,
    arn: cluster.clusterArn,
    properties: {
      ClusterName: name,
      ClusterSettings: cluster.settings?.map((setting) => ({Name: setting.name, Value: setting.value})),
      CapacityProviders: cluster.capacityProviders,
      DefaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy?.map((item) => ({
        CapacityProvider: item.capacityProvider,
        Weight: item.weight,
        Base: item.base,
      })),
      Configuration: pascalKeys(cluster.configuration),
      ServiceConnectDefaults: cluster.serviceConnectDefaults && {Namespace: cluster.serviceConnectDefaults.namespace},
    },
    tags: tagMap(cluster.tags),
    attributes: {Arn: cluster.clusterArn},
  })
}
