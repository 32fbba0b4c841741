import type {Cluster} from '@aws-sdk/client-ecs'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, equalsJson, type ResourceTypeModule, str} from './types.js'
import {actualResource, pascalKeys, tagMap} from './aws-shape.js'
import {ecsTags} from './ecs-shared.js'
import {type HealApiCall, NEVER_REVERTED, nonEmptyString, type PropertyRevert, putBack, refuse} from './heal.js'

import {z} from 'zod'

/** The settings UpdateClusterSettings takes (containerInsights is the only one ECS has). */
const INSIGHTS_VALUES = ['enabled', 'disabled', 'enhanced'] as const

/**
 * The cluster settings (Container Insights), put back by UpdateClusterSettings with every declared setting: the
 * cluster and its tasks keep running, only the metrics collected change. Its rollback writes the settings AWS had.
 */
const clusterSettingsRevert: PropertyRevert = {
  paths: ['/ClusterSettings'],
  restartPaths: [],
  calls: [
    {
      api: 'ECS.UpdateClusterSettings',
      params: z.strictObject({
        cluster: nonEmptyString('cluster'),
        settings: z
          .array(
            z.strictObject({
              name: z.literal('containerInsights', {errorMap: () => ({message: 'settings name must be containerInsights'})}),
              value: z.enum(INSIGHTS_VALUES, {errorMap: () => ({message: `settings value must be one of ${INSIGHTS_VALUES.join(', ')}`})}),
            }),
            {errorMap: () => ({message: 'settings must be a list of {name, value}'})},
          )
          .length(1, 'settings must hold the containerInsights setting once'),
      }),
    },
  ],
  changeOf: (actual, path, differences) => putBack(actual, path, differences),
  build(actual, [change]) {
    const wire = (value: unknown) => {
      if (!Array.isArray(value) || value.length !== 1) return undefined
      const [{Name, Value}] = value as Array<{Name?: unknown; Value?: unknown}>
      return Name === 'containerInsights' && INSIGHTS_VALUES.includes(Value as never) ? [{name: Name, value: Value as string}] : undefined
    }

    const [to, from] = [wire(change.to), wire(change.from)]
    if (!to || !from) return refuse(`/ClusterSettings ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}: only the containerInsights setting is reverted`)
    const call = (settings: Array<{name: string; value: string}>): HealApiCall => ({api: 'ECS.UpdateClusterSettings', params: {cluster: actual.physicalId, settings}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
}

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
  revert: clusterSettingsRevert,
  neverReverted: {'/ClusterName': NEVER_REVERTED.replacement},
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
