import type {AutoScalingGroup} from '@aws-sdk/client-auto-scaling'

import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualResource, numberString, tagMap} from './aws-shape.js'
import {asCount, type HealApiCall, holdsIntrinsic, NEVER_REVERTED, nonEmptyString, type PropertyRevert, putBack, refuse, type TagApi} from './heal.js'
import {actualCloudFormationKeys, AWS_ASSIGNED, cloudFormationKey, equalsJson, type ResourceTypeModule, str} from './types.js'

const RESOURCE_TYPE = 'auto-scaling-group'

/**
 * Auto Scaling tags carry `PropagateAtLaunch`. The diff compares Key/Value only (as for every type), so a heal
 * keeps the flag a tag has in AWS (recorded as the `TagsPropagatedAtLaunch` attribute) when it overwrites or puts
 * back a tag; a tag the heal adds does not propagate (the API's default), so a heal never starts tagging instances.
 */
const propagated = (actual: ActualResource | undefined): ReadonlySet<string> => {
  const keys = actual?.attributes.TagsPropagatedAtLaunch
  return new Set(Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [])
}

const tagOf = (name: string) => ({ResourceId: name, ResourceType: RESOURCE_TYPE})

/**
 * At least one tag, all of one group (`ResourceType` auto-scaling-group), each with a user key: DeleteTags removes
 * exactly the keys it names, so a call naming none is never sent. CreateOrUpdateTags also needs each value and flag.
 */
const tagSchema = (withValues: boolean) => {
  const message = `Tags must list at least one tag of one auto scaling group, each with a Key${withValues ? ', a Value and PropagateAtLaunch' : ''} (aws: tags excluded)`
  const only = {errorMap: () => ({message})}
  const tag = z.strictObject(
    {
      ResourceId: z.string(only).min(1, message),
      ResourceType: z.literal(RESOURCE_TYPE, only),
      Key: z.string(only).min(1, message).refine((key) => !key.startsWith('aws:'), message),
      ...(withValues ? {Value: z.string(only), PropagateAtLaunch: z.boolean(only)} : {}),
    },
    only,
  )
  return z
    .array(tag, only)
    .min(1, message)
    .refine((tags) => new Set(tags.map((each) => each.ResourceId)).size === 1, message)
}

export const autoScalingTags: TagApi = {
  set: (name, tags, actual) => {
    const propagate = propagated(actual)
    return {
      api: 'AutoScaling.CreateOrUpdateTags',
      params: {Tags: Object.entries(tags).map(([Key, Value]) => ({...tagOf(name), Key, Value, PropagateAtLaunch: propagate.has(Key)}))},
    }
  },
  // DeleteTags deletes the keys it names; the schema refuses a call that names none.
  remove: (name, values) => ({api: 'AutoScaling.DeleteTags', params: {Tags: Object.keys(values).map((Key) => ({...tagOf(name), Key}))}}),
  target: (actual) => str(actual.properties.AutoScalingGroupName) ?? actual.physicalId,
  calls: [
    {api: 'AutoScaling.CreateOrUpdateTags', params: z.strictObject({Tags: tagSchema(true)})},
    {api: 'AutoScaling.DeleteTags', params: z.strictObject({Tags: tagSchema(false)})},
  ],
}

/** A whole number of instances as AWS reports it (CloudFormation types the sizes as strings). */
const size = (properties: Readonly<Record<string, unknown>>, key: string) => asCount(properties[key])

const SUBNET_LIST = /^subnet-[0-9a-f]+(,subnet-[0-9a-f]+)*$/
/** A launch template version as Auto Scaling takes it: a number, `$Latest` or `$Default`. */
const TEMPLATE_VERSION = /^(\d+|\$Latest|\$Default)$/

const instances = (name: string) => {
  const message = `${name} must be a whole number of instances (0 or more)`
  return z.number({errorMap: () => ({message})}).int(message).min(0, message).optional()
}

/**
 * UpdateAutoScalingGroup with the reverted settings only. DesiredCapacity, health checks, termination policies and
 * the rest are not parameters a revert sends: a forged call that scales the group to 0 is refused before any AWS call.
 */
const updateGroup = {
  api: 'AutoScaling.UpdateAutoScalingGroup',
  params: z
    .strictObject({
      AutoScalingGroupName: nonEmptyString('AutoScalingGroupName'),
      MinSize: instances('MinSize'),
      MaxSize: instances('MaxSize'),
      LaunchTemplate: z
        .strictObject(
          {
            LaunchTemplateId: z.string().regex(/^lt-[0-9a-f]+$/, 'LaunchTemplate.LaunchTemplateId must be a launch template id'),
            Version: z.string().regex(TEMPLATE_VERSION, 'LaunchTemplate.Version must be a number, $Latest or $Default'),
          },
          {errorMap: () => ({message: 'LaunchTemplate must be the group’s launch template id and a version'})},
        )
        .optional(),
      VPCZoneIdentifier: z.string({errorMap: () => ({message: 'VPCZoneIdentifier must be subnet ids separated by commas'})}).regex(SUBNET_LIST, 'VPCZoneIdentifier must be subnet ids separated by commas').optional(),
    })
    .refine((params) => ['MinSize', 'MaxSize', 'LaunchTemplate', 'VPCZoneIdentifier'].some((name) => (params as Record<string, unknown>)[name] !== undefined), 'UpdateAutoScalingGroup must change a setting')
    .refine((params) => params.MinSize === undefined || params.MaxSize === undefined || params.MinSize <= params.MaxSize, 'MinSize must not be above MaxSize'),
}

interface TemplateSpec {
  LaunchTemplateId?: unknown
  LaunchTemplateName?: unknown
  Version?: unknown
}

const subnetIds = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.length > 0 && value.every((id) => typeof id === 'string' && /^subnet-[0-9a-f]+$/.test(id)) ? (value as string[]) : undefined

/**
 * `drift revert` (SPEC 11): MinSize, MaxSize, the launch template version and the subnets, by one
 * UpdateAutoScalingGroup, rolled back with the values read. A launch template version put back does not restart
 * anything by itself: running instances keep the version they were launched with, only new ones take it (an instance
 * refresh is a person's decision, and not something ialctl starts). A MaxSize below the group's current size makes
 * AWS terminate instances to fit (and a MinSize above it launches some): the terminating case is a restart
 * (--allow-restart). New subnets make AWS rebalance the group across zones, replacing instances: a restart too.
 * DesiredCapacity is the scaling policies' (SPEC 2), never written.
 */
const groupRevert: PropertyRevert = {
  paths: ['/MinSize', '/MaxSize', '/LaunchTemplate', '/VPCZoneIdentifier'],
  restartPaths: ['/VPCZoneIdentifier'],
  calls: [updateGroup],
  changeOf(actual, path, differences) {
    if (differences.some((difference) => holdsIntrinsic(difference.expected))) return `${path}: the declared value could not be resolved`
    if (path === '/LaunchTemplate') {
      const other = differences.find((difference) => difference.path !== '/LaunchTemplate/Version')
      if (other) return `${other.path}: only the version of the group's launch template is reverted (another template is a person's decision; ialctl does not read launch templates)`
    }

    return putBack(actual, path, differences, ['/VPCZoneIdentifier'])
  },
  build(actual, changes) {
    const name = str(actual.properties.AutoScalingGroupName) ?? actual.physicalId
    const [to, from]: Array<Record<string, unknown>> = [{}, {}]
    const restarts: string[] = []
    for (const change of changes) {
      const setting = change.path.slice(1)
      if (setting === 'MinSize' || setting === 'MaxSize') {
        const [wanted, was] = [asCount(change.to), asCount(change.from)]
        if (wanted === undefined) return refuse(`${change.path} ${JSON.stringify(change.to)} is not a whole number of instances`)
        if (was === undefined) return refuse(`${change.path}: the group's value was not read`)
        ;[to[setting], from[setting]] = [wanted, was]
      } else if (setting === 'LaunchTemplate') {
        const [wanted, was] = [(change.to ?? {}) as TemplateSpec, (change.from ?? {}) as TemplateSpec]
        const version = typeof wanted.Version === 'number' ? String(wanted.Version) : wanted.Version
        if (typeof was.LaunchTemplateId !== 'string' || typeof was.Version !== 'string') return refuse('/LaunchTemplate: the group has no launch template as read (a mixed instances policy or a launch configuration)')
        if (typeof version !== 'string' || !TEMPLATE_VERSION.test(version)) return refuse(`/LaunchTemplate/Version ${JSON.stringify(wanted.Version)} is not a number, $Latest or $Default`)
        ;[to[setting], from[setting]] = [{LaunchTemplateId: was.LaunchTemplateId, Version: version}, {LaunchTemplateId: was.LaunchTemplateId, Version: was.Version}]
      } else {
        const [wanted, was] = [subnetIds(change.to), subnetIds(change.from)]
        if (!wanted || !was) return refuse(`/VPCZoneIdentifier ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)} is not a list of subnet ids`)
        ;[to[setting], from[setting]] = [wanted.join(','), was.join(',')]
      }
    }

    // AWS refuses a MinSize above the MaxSize: judged on the sizes the group would have.
    const after = (setting: 'MinSize' | 'MaxSize') => (to[setting] as number | undefined) ?? size(actual.properties, setting)
    const [min, max, desired] = [after('MinSize'), after('MaxSize'), size(actual.properties, 'DesiredCapacity')]
    if (min !== undefined && max !== undefined && min > max) return refuse(`/MinSize ${min} would be above /MaxSize ${max}`)
    // A MaxSize below the current size: AWS lowers DesiredCapacity with it and terminates instances.
    if (to.MaxSize !== undefined && desired !== undefined && (to.MaxSize as number) < desired) restarts.push('/MaxSize')
    const call = (settings: Record<string, unknown>): HealApiCall => ({api: updateGroup.api, params: {AutoScalingGroupName: name, ...settings}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}], ...(restarts.length > 0 ? {restarts} : {})}
  },
}

export const autoScalingGroup: ResourceTypeModule = {
  type: 'AWS::AutoScaling::AutoScalingGroup',
  service: 'autoscaling',
  readBudget: {fixedCalls: 1, callsPerResource: 0.01, basis: 'DescribeAutoScalingGroups, 100 per page, tags, launch template and subnets inline'},
  actualKeys: (actual) => [...(str(actual.properties.AutoScalingGroupName) ? [`name:${str(actual.properties.AutoScalingGroupName)}`] : []), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...(str(properties.AutoScalingGroupName) ? [`name:${str(properties.AutoScalingGroupName)}`] : []), cloudFormationKey(stackName, logicalId)],
  setPaths: ['/VPCZoneIdentifier', '/AvailabilityZones', '/TargetGroupARNs', '/LoadBalancerNames'],
  arnOrNamePaths: ['/ServiceLinkedRoleARN'],
  // Separate describe calls (one per group) that ialctl does not make: reported as not checked when declared.
  notReturnedPaths: ['/NotificationConfigurations', '/LifecycleHookSpecificationList'],
  ratings: [
    // What every new instance boots from: its image, profile, security groups and user data.
    {path: '/LaunchTemplate', severity: 'high', impact: ['security', 'availability']},
    {path: '/LaunchConfigurationName', severity: 'high', impact: ['security', 'availability']},
    {path: '/MixedInstancesPolicy', severity: 'high', impact: ['security', 'availability', 'cost']},
    {path: '/MinSize', severity: 'medium', impact: ['availability', 'cost']},
    {path: '/MaxSize', severity: 'medium', impact: ['availability', 'cost']},
    {path: '/DesiredCapacity', severity: 'medium', impact: ['availability', 'cost']},
    {path: '/VPCZoneIdentifier', severity: 'medium', impact: ['availability', 'security']},
  ],
  neverHealed: {
    '/LaunchTemplate': 'a launch template change replaces instances at the next refresh or scale-in',
    '/LaunchConfigurationName': 'a launch configuration change replaces instances at the next refresh or scale-in',
    '/MixedInstancesPolicy': 'a mixed instances policy change replaces instances at the next refresh or scale-in',
  },
  tags: autoScalingTags,
  revert: groupRevert,
  neverReverted: {
    '/AutoScalingGroupName': NEVER_REVERTED.replacement,
    '/DesiredCapacity': 'scaling policies own the desired capacity (AWS keeps it inside MinSize..MaxSize, and moves it when a revert of those does): never written',
    '/LaunchConfigurationName': 'a launch configuration swapped by hand is a person’s decision (its instances are replaced at the next refresh or scale-in)',
    '/MixedInstancesPolicy': 'a mixed instances policy is a person’s decision (its instances are replaced at the next refresh or scale-in)',
  },
  expectedDrift: {
    scalingCountPath: '/DesiredCapacity',
    // Scaling policies move DesiredCapacity, and AWS keeps it inside the group's own MinSize..MaxSize.
    ownScalingRange(actual) {
      const [min, max] = [size(actual, 'MinSize'), size(actual, 'MaxSize')]
      return min === undefined || max === undefined || min > max ? undefined : {min, max, source: "the group's MinSize..MaxSize"}
    },
  },
  awsDefaults: {
    '/Cooldown': '300',
    '/HealthCheckType': 'EC2',
    '/HealthCheckGracePeriod': 0,
    '/NewInstancesProtectedFromScaleIn': false,
    '/CapacityRebalance': false,
    '/TerminationPolicies': equalsJson(['Default']),
    '/ServiceLinkedRoleARN': AWS_ASSIGNED,
    // Follow from the subnets, or from the launch template id.
    '/AvailabilityZones': (_, properties) => properties.VPCZoneIdentifier !== undefined,
    '/LaunchTemplate/LaunchTemplateName': AWS_ASSIGNED,
    '/DesiredCapacityType': 'units',
  },
  displayName: (actual) => str(actual.properties.AutoScalingGroupName) ?? actual.physicalId,
}

/** `EnabledMetrics: [{Metric, Granularity}]` -> CloudFormation `MetricsCollection: [{Granularity, Metrics}]`. */
function metricsCollection(group: AutoScalingGroup): Array<{Granularity: string; Metrics: string[]}> | undefined {
  if (!group.EnabledMetrics?.length) return undefined
  const byGranularity = new Map<string, string[]>()
  for (const {Metric, Granularity} of group.EnabledMetrics) {
    if (!Metric || !Granularity) continue
    byGranularity.set(Granularity, [...(byGranularity.get(Granularity) ?? []), Metric])
  }

  return [...byGranularity].map(([Granularity, Metrics]) => ({Granularity, Metrics}))
}

/**
 * DescribeAutoScalingGroups -> CloudFormation `AWS::AutoScaling::AutoScalingGroup`; `!Ref` is the group name.
 * The sizes and the cooldown are strings, as CloudFormation types them; `VPCZoneIdentifier` comes back as one
 * comma-separated string and is a list in CloudFormation.
 */
export function autoScalingGroupFromAws(group: AutoScalingGroup, region: string): ActualResource {
  const name = group.AutoScalingGroupName ?? ''
  const subnets = group.VPCZoneIdentifier?.split(',').map((subnet) => subnet.trim()).filter((subnet) => subnet !== '')
  return actualResource({
    type: autoScalingGroup.type,
    region,
    physicalId: name,
    arn: group.AutoScalingGroupARN,
    properties: {
      AutoScalingGroupName: name,
      MinSize: numberString(group.MinSize),
      MaxSize: numberString(group.MaxSize),
      DesiredCapacity: numberString(group.DesiredCapacity),
      DesiredCapacityType: group.DesiredCapacityType,
      LaunchTemplate: group.LaunchTemplate && {
        LaunchTemplateId: group.LaunchTemplate.LaunchTemplateId,
        LaunchTemplateName: group.LaunchTemplate.LaunchTemplateName,
        Version: group.LaunchTemplate.Version,
      },
      LaunchConfigurationName: group.LaunchConfigurationName,
      MixedInstancesPolicy: group.MixedInstancesPolicy,
      VPCZoneIdentifier: subnets?.length ? subnets : undefined,
      AvailabilityZones: group.AvailabilityZones,
      TargetGroupARNs: group.TargetGroupARNs?.length ? group.TargetGroupARNs : undefined,
      LoadBalancerNames: group.LoadBalancerNames?.length ? group.LoadBalancerNames : undefined,
      Cooldown: numberString(group.DefaultCooldown),
      HealthCheckType: group.HealthCheckType,
      HealthCheckGracePeriod: group.HealthCheckGracePeriod,
      DefaultInstanceWarmup: group.DefaultInstanceWarmup,
      MaxInstanceLifetime: group.MaxInstanceLifetime,
      PlacementGroup: group.PlacementGroup,
      TerminationPolicies: group.TerminationPolicies,
      NewInstancesProtectedFromScaleIn: group.NewInstancesProtectedFromScaleIn,
      CapacityRebalance: group.CapacityRebalance,
      ServiceLinkedRoleARN: group.ServiceLinkedRoleARN,
      Context: group.Context,
      MetricsCollection: metricsCollection(group),
    },
    tags: tagMap(group.Tags),
    attributes: {
      Arn: group.AutoScalingGroupARN,
      Status: group.Status,
      TagsPropagatedAtLaunch: group.Tags?.filter((tag) => tag.PropagateAtLaunch && tag.Key).map((tag) => tag.Key),
    },
  })
}
