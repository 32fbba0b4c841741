import type {ContainerDefinition, TaskDefinition} from '@aws-sdk/client-ecs'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'
import {actualResource, pascalKeys, tagMap} from './aws-shape.js'
import {ecsTags} from './ecs-shared.js'

export const ecsTaskDefinition: ResourceTypeModule = {
  type: 'AWS::ECS::TaskDefinition',
  service: 'ecs',
  readBudget: {fixedCalls: 1, callsPerResource: 1.01, basis: 'ListTaskDefinitionFamilies, 100 per page, then one DescribeTaskDefinition per active family (the API has no batch form); a family is one resource'},
  actualKeys: (actual: ActualResource) => [`family:${str(actual.properties.Family)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys({logicalId, stackName, properties}) {
    const family = str(properties.Family)
    return [...(family ? [`family:${family}`] : []), cloudFormationKey(stackName, logicalId)]
  },
  setPaths: ['/RequiresCompatibilities'],
  arnOrNamePaths: ['/ExecutionRoleArn', '/TaskRoleArn'],
  notReturnedPaths: [],
  ratings: [
    critical('/TaskRoleArn'),
    critical('/ExecutionRoleArn'),
    {path: '/ContainerDefinitions/Image', severity: 'high', impact: ['availability', 'security']},
    {path: '/Cpu', severity: 'high', impact: ['cost', 'availability']},
    {path: '/Memory', severity: 'high', impact: ['cost', 'availability']},
    {path: '/ContainerDefinitions/Cpu', severity: 'high', impact: ['cost', 'availability']},
    {path: '/ContainerDefinitions/Memory', severity: 'high', impact: ['cost', 'availability']},
  ],
  neverHealed: {},
  tags: ecsTags,
  awsDefaults: {},
  displayName: (actual) => str(actual.properties.Family) ?? actual.physicalId,
}

/**
 * DescribeTaskDefinition (include TAGS) -> CloudFormation `AWS::ECS::TaskDefinition`; `!Ref` is the revision ARN.
 * Tags come beside the task definition in the response, hence the separate argument.
 */
export function taskDefinitionFromAws(
  definition: TaskDefinition,
  tags: ReadonlyArray<{key?: string; value?: string}> | undefined,
  region: string,
): ActualResource {
  const arn = definition.taskDefinitionArn ?? ''
  return actualResource({
    type: ecsTaskDefinition.type,
    region,
    physicalId: arn,
    arn,
    properties: {
      Family: definition.family,
      Cpu: definition.cpu,
      Memory: definition.memory,
      NetworkMode: definition.networkMode,
      RequiresCompatibilities: definition.requiresCompatibilities,
      ExecutionRoleArn: definition.executionRoleArn,
      TaskRoleArn: definition.taskRoleArn,
      PidMode: definition.pidMode,
      IpcMode: definition.ipcMode,
      RuntimePlatform: pascalKeys(definition.runtimePlatform),
      EphemeralStorage: definition.ephemeralStorage && {SizeInGiB: definition.ephemeralStorage.sizeInGiB},
      ProxyConfiguration: pascalKeys(definition.proxyConfiguration),
      PlacementConstraints: pascalKeys(definition.placementConstraints),
      Volumes: pascalKeys(definition.volumes),
      InferenceAccelerators: pascalKeys(definition.inferenceAccelerators),
      EnableFaultInjection: definition.enableFaultInjection,
      ContainerDefinitions: definition.containerDefinitions?.map(containerFromAws),
    },
    tags: tagMap(tags as {key?: string; value?: string}[] | undefined),
    attributes: {TaskDefinitionArn: arn, Revision: definition.revision, Status: definition.status},
  })
}

function containerFromAws(container: ContainerDefinition): Record<string, unknown> {
  // The structure below the top level is the API's, key for key, in PascalCase; only user maps keep their keys.
  return pascalKeys(container) as Record<string, unknown>
}
