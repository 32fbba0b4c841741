import type {Service} from '@aws-sdk/client-ecs'

import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, equalsJson, nameFromArn, type ResourceTypeModule, str} from './types.js'
import {actualResource, pascalKeys, tagMap} from './aws-shape.js'
import {ecsTags} from './ecs-shared.js'
import {asCount, combineReverts, currentValue, type HealApiCall, NEVER_REVERTED, nonEmptyString, nonEmptyStrings, type PropertyHeal, type PropertyRevert, putBack, refuse} from './heal.js'

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

const SERVICE_SET_PATHS = ['/NetworkConfiguration/AwsvpcConfiguration/Subnets', '/NetworkConfiguration/AwsvpcConfiguration/SecurityGroups', '/LoadBalancers']

const serviceAddress = {cluster: nonEmptyString('cluster'), service: nonEmptyString('service')}

/** The cluster a service's calls address, or why it is unknown. */
const clusterOf = (actual: ActualResource): string | undefined => (typeof actual.properties.Cluster === 'string' && actual.properties.Cluster !== '' ? actual.properties.Cluster : undefined)

/**
 * The task definition the service runs, put back by UpdateService with that one field: ECS starts a deployment that
 * replaces every running task (a rolling restart), so it needs --allow-restart. The template's family, family:revision
 * or ARN is sent as written; the rollback deploys the revision AWS ran before.
 */
const taskDefinitionRevert: PropertyRevert = {
  paths: ['/TaskDefinition'],
  restartPaths: ['/TaskDefinition'],
  calls: [{api: 'ECS.UpdateService', params: z.strictObject({...serviceAddress, taskDefinition: nonEmptyString('taskDefinition')})}],
  build(actual, [change]) {
    const from = currentValue(actual, '/TaskDefinition')
    const cluster = clusterOf(actual)
    if (!cluster) return refuse('the service cluster is unknown')
    if (typeof change.to !== 'string' || change.to === '' || typeof from !== 'string') return refuse(`/TaskDefinition ${String(from)} → ${String(change.to)} is not a task definition`)
    const call = (taskDefinition: string): HealApiCall => ({api: 'ECS.UpdateService', params: {cluster, service: actual.physicalId, taskDefinition}})
    return {ok: true, actions: [{...call(change.to), rollback: call(from)}]}
  },
}

interface AwsvpcConfiguration {
  Subnets?: unknown
  SecurityGroups?: unknown
  AssignPublicIp?: unknown
}

const awsvpcOf = (value: unknown): AwsvpcConfiguration | undefined => ((value as {AwsvpcConfiguration?: AwsvpcConfiguration} | undefined)?.AwsvpcConfiguration)

/**
 * The service's network configuration (subnets, security groups, public IP), put back whole by UpdateService: the
 * tasks are replaced in a deployment (--allow-restart). Giving the tasks a public IP opens them to the internet, a
 * weakening that needs --approve-critical even when Git says so.
 */
const networkConfigurationRevert: PropertyRevert = {
  paths: ['/NetworkConfiguration'],
  restartPaths: ['/NetworkConfiguration'],
  calls: [
    {
      api: 'ECS.UpdateService',
      params: z.strictObject({
        ...serviceAddress,
        networkConfiguration: z.strictObject({
          awsvpcConfiguration: z.strictObject({
            subnets: nonEmptyStrings('subnets'),
            securityGroups: nonEmptyStrings('securityGroups').optional(),
            assignPublicIp: z.enum(['ENABLED', 'DISABLED'], {errorMap: () => ({message: 'assignPublicIp must be ENABLED or DISABLED'})}).optional(),
          }),
        }),
      }),
    },
  ],
  changeOf: (actual, path, differences) => putBack(actual, path, differences, SERVICE_SET_PATHS),
  build(actual, [change]) {
    const cluster = clusterOf(actual)
    if (!cluster) return refuse('the service cluster is unknown')
    const wire = (value: unknown) => {
      const awsvpc = awsvpcOf(value)
      const strings = (list: unknown) => (Array.isArray(list) && list.length > 0 && list.every((item) => typeof item === 'string') ? (list as string[]) : undefined)
      const subnets = strings(awsvpc?.Subnets)
      if (!awsvpc || !subnets) return undefined
      const groups = awsvpc.SecurityGroups === undefined ? undefined : strings(awsvpc.SecurityGroups)
      if (awsvpc.SecurityGroups !== undefined && !groups) return undefined
      const publicIp = awsvpc.AssignPublicIp
      if (publicIp !== undefined && publicIp !== 'ENABLED' && publicIp !== 'DISABLED') return undefined
      return {awsvpcConfiguration: {subnets, ...(groups ? {securityGroups: groups} : {}), ...(publicIp ? {assignPublicIp: publicIp} : {})}}
    }

    const [to, from] = [wire(change.to), wire(change.from)]
    if (!to || !from) return refuse('/NetworkConfiguration: only an awsvpc configuration with subnets is reverted')
    const call = (networkConfiguration: object): HealApiCall => ({api: 'ECS.UpdateService', params: {cluster, service: actual.physicalId, networkConfiguration}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
  weakens(change) {
    const [to, from] = [awsvpcOf(change.to)?.AssignPublicIp, awsvpcOf(change.from)?.AssignPublicIp]
    return to === 'ENABLED' && from !== 'ENABLED' ? 'gives the tasks a public IP address' : undefined
  },
}

export const ecsService: ResourceTypeModule = {
  type: 'AWS::ECS::Service',
  service: 'ecs',
  readBudget: {fixedCalls: 0, callsPerResource: 0.2, basis: 'ListServices per cluster, 100 per page, then DescribeServices for 10 services a call (its maximum), tags included'},
  actualKeys: (actual: ActualResource) => [...serviceKey(actual.properties.Cluster, actual.properties.ServiceName), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...serviceKey(properties.Cluster, properties.ServiceName), cloudFormationKey(stackName, logicalId)],
  setPaths: SERVICE_SET_PATHS,
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
  revert: combineReverts(taskDefinitionRevert, networkConfigurationRevert),
  neverReverted: {
    '/Cluster': NEVER_REVERTED.replacement,
    '/ServiceName': NEVER_REVERTED.replacement,
    '/LaunchType': NEVER_REVERTED.replacement,
    '/LoadBalancers': 'load balancers of a service are changed by a person (a wrong target group takes traffic away)',
    '/Role': NEVER_REVERTED.replacement,
  },
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
