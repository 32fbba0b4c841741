import type {Service} from '@aws-sdk/client-ecs'

import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, equalsJson, nameFromArn, type ResourceTypeModule, str} from './types.js'
import {actualResource, pascalKeys, tagMap} from './aws-shape.js'
import {ecsTags} from './ecs-shared.js'
import {asCount, currentValue, type HealApiCall, nonEmptyString, type PropertyHeal, refuse} from './heal.js'

const serviceKey = (cluster: unknown, service: unknown) => {
  const clusterName = nameFromArn(cluster)
  const serviceName = nameFromArn(service)
  return clusterName && serviceName ? [`service:${clusterName}/${serviceName}`] : []
}

/** The task count, healed by UpdateService with that one field: any other field (task definition, network, deployment) starts a deployment. */
const desiredCountHeal: PropertyHeal = {
  paths: ['/DesiredCount'],
  calls: [
    {
      api: 'ECS.UpdateService',
      params: z.strictObject({
        cluster: nonEmptyString('cluster'),
        service: nonEmptyString('service'),
        desiredCount: z.number({errorMap: () => ({message: 'desiredCount must be a whole number'})}).int('desiredCount must be a whole number').min(0, 'desiredCount must be a whole number'),
      }),
    },
  ],
  build(actual, changes) {
    const change = changes[0]
    const to = asCount(change.to)
    const from = asCount(currentValue(actual, '/DesiredCount'))
    if (to === undefined || from === undefined) return refuse(`/DesiredCount ${String(change.from)} → ${String(change.to)} is not a task count`)
    const cluster = actual.properties.Cluster
    if (typeof cluster !== 'string' || cluster === '') return refuse('the service cluster is unknown')
    const call = (desiredCount: number): HealApiCall => ({api: 'ECS.UpdateService', params: {cluster, service: actual.physicalId, desiredCount}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
}

export const ecsService: ResourceTypeModule = {
  type: 'AWS::ECS::Service',
  service: 'ecs',
  readBudget: {fixedCalls: 0, callsPerResource: 0.2, basis: 'ListServices per cluster, 100 per page, then DescribeServices for 10 services a call (its maximum), tags included'},
  actualKeys: (actual: ActualResource) => [...serviceKey(actual.properties.Cluster, actual.properties.ServiceName), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...serviceKey(properties.Cluster, properties.ServiceName), cloudFormationKey(stackName, logicalId)],
  setPaths: ['/NetworkConfiguration/AwsvpcConfiguration/Subnets', '/NetworkConfiguration/AwsvpcConfiguration/SecurityGroups', '/LoadBalancers'],
  arnOrNamePaths: ['/Cluster', '/TaskDefinition', '/Role'],
  notReturnedPaths: [],
  ratings: [
    critical('/NetworkConfiguration/AwsvpcConfiguration/SecurityGroups'),
    critical('/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp'),
    critical('/Role'),
    {path: '/TaskDefinition', severity: 'high', impact: ['availability']},
    {path: '/DesiredCount', severity: 'medium', impact: ['availability', 'cost']},
  ],
  neverHealed: {},
  tags: ecsTags,
  heal: desiredCountHeal,
  expectedDrift: {scalingCountPath: '/DesiredCount'},
  awsDefaults: {
    '/SchedulingStrategy': 'REPLICA',
    '/PlatformVersion': 'LATEST',
    '/PropagateTags': 'NONE',
    '/EnableECSManagedTags': false,
    '/EnableExecuteCommand': false,
    '/HealthCheckGracePeriodSeconds': 0,
    '/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp': 'DISABLED',
    '/DeploymentConfiguration/MaximumPercent': 200,
    '/DeploymentConfiguration/MinimumHealthyPercent': 100,
    '/DeploymentConfiguration/DeploymentCircuitBreaker': equalsJson({Enable: false, Rollback: false}),
    '/DeploymentController': equalsJson({Type: 'ECS'}),
  },
  displayName: (actual) => str(actual.properties.ServiceName) ?? actual.physicalId,
}

/**
 * DescribeServices (include TAGS) -> CloudFormation `AWS::ECS::Service`; `!Ref` is the service ARN.
 * `Cluster` is the cluster ARN (identity needs it; the diff compares ARN and name alike).
 */
export function serviceFromAws(service: Service, region: string): ActualResource {
  const arn = service.serviceArn ?? ''
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration
  const deployment = service.deploymentConfiguration
  return actualResource({
    type: ecsService.type,
    region,
    physicalId: arn,
    arn,
    properties: {
      Cluster: service.clusterArn,
      ServiceName: service.serviceName,
      DesiredCount: service.desiredCount,
      LaunchType: service.launchType,
      TaskDefinition: service.taskDefinition,
      PlatformVersion: service.platformVersion,
      SchedulingStrategy: service.schedulingStrategy,
      NetworkConfiguration: awsvpc && {
        AwsvpcConfiguration: {Subnets: awsvpc.subnets, SecurityGroups: awsvpc.securityGroups, AssignPublicIp: awsvpc.assignPublicIp},
      },
      LoadBalancers: pascalKeys(service.loadBalancers),
      ServiceRegistries: pascalKeys(service.serviceRegistries),
      CapacityProviderStrategy: pascalKeys(service.capacityProviderStrategy),
      DeploymentConfiguration: deployment && {
        MaximumPercent: deployment.maximumPercent,
        MinimumHealthyPercent: deployment.minimumHealthyPercent,
        DeploymentCircuitBreaker: pascalKeys(deployment.deploymentCircuitBreaker),
        Alarms: pascalKeys(deployment.alarms),
      },
      DeploymentController: pascalKeys(service.deploymentController),
      PlacementConstraints: pascalKeys(service.placementConstraints),
      PlacementStrategies: pascalKeys(service.placementStrategy),
      HealthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
      PropagateTags: service.propagateTags,
      EnableECSManagedTags: service.enableECSManagedTags,
      EnableExecuteCommand: service.enableExecuteCommand,
      AvailabilityZoneRebalancing: service.availabilityZoneRebalancing,
      Role: service.roleArn,
    },
    tags: tagMap(service.tags),
    attributes: {ServiceArn: arn, Name: service.serviceName, Status: service.status},
  })
}
