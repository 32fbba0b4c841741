import type {TargetGroup} from '@aws-sdk/client-elastic-load-balancing-v2'
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualResource} from './aws-shape.js'
import {attributesRevert} from './elbv2-attributes-revert.js'
import {attributeList, describeAttribute, elbv2NameKey, elbv2Tags} from './elbv2-shared.js'
import {asBoolean, asCount, combineReverts, currentValue, type HealApiCall, type HealChange, NEVER_REVERTED, nonEmptyString, type PropertyHeal, type PropertyRevert, putBack, refuse} from './heal.js'
import {actualCloudFormationKeys, AWS_ASSIGNED, cloudFormationKey, type ResourceTypeModule, str} from './types.js'

const ATTRIBUTES = '/TargetGroupAttributes'

/** What ModifyTargetGroup accepts for the healed settings (Elastic Load Balancing API reference). */
const HEALTH_CHECK_LIMITS = {
  HealthCheckIntervalSeconds: {min: 5, max: 300},
  HealthCheckTimeoutSeconds: {min: 2, max: 120},
  HealthyThresholdCount: {min: 2, max: 10},
  UnhealthyThresholdCount: {min: 2, max: 10},
} as const

type HealthCheckCount = keyof typeof HEALTH_CHECK_LIMITS
const COUNTS = Object.keys(HEALTH_CHECK_LIMITS) as HealthCheckCount[]
const HEALTH_CHECK_PATH = 'HealthCheckPath'
const HEALTH_CHECK_PATH_MAX = 1024

const targetGroupArn = () => nonEmptyString('TargetGroupArn').refine((arn) => arn.startsWith('arn:') && arn.includes(':targetgroup/'), 'TargetGroupArn must be a full target group ARN')

const wholeNumber = (name: string, min: number, max: number) => {
  const message = `${name} must be a whole number from ${min} to ${max}`
  return z.number({errorMap: () => ({message})}).int(message).min(min, message).max(max, message)
}

const healthCheckPath = z
  .string({errorMap: () => ({message: `HealthCheckPath must be a path starting with / (at most ${HEALTH_CHECK_PATH_MAX} characters)`})})
  .regex(/^\/[\u0021-\u007e]*$/, `HealthCheckPath must be a path starting with / (at most ${HEALTH_CHECK_PATH_MAX} characters)`)
  .max(HEALTH_CHECK_PATH_MAX, `HealthCheckPath must be a path starting with / (at most ${HEALTH_CHECK_PATH_MAX} characters)`)

/**
 * ModifyTargetGroup with the healed settings only: interval, timeout, thresholds and path. The protocol, port,
 * success codes and on/off of the health check are not parameters a heal sends (a wrong one marks every target
 * unhealthy): a forged call carrying them is refused before any AWS call, whatever built it.
 */
const modifyHealthCheck = {
  api: 'ELBv2.ModifyTargetGroup',
  params: z
    .strictObject({
      TargetGroupArn: targetGroupArn(),
      ...Object.fromEntries(COUNTS.map((name) => [name, wholeNumber(name, HEALTH_CHECK_LIMITS[name].min, HEALTH_CHECK_LIMITS[name].max).optional()])),
      HealthCheckPath: healthCheckPath.optional(),
    })
    .refine((params) => [...COUNTS, HEALTH_CHECK_PATH].some((name) => (params as Record<string, unknown>)[name] !== undefined), 'ModifyTargetGroup must change a health check setting')
    .refine(
      (params) => {
        const {HealthCheckIntervalSeconds: interval, HealthCheckTimeoutSeconds: timeout} = params as unknown as Record<string, number | undefined>
        return interval === undefined || timeout === undefined || timeout < interval
      },
      'HealthCheckTimeoutSeconds must be below HealthCheckIntervalSeconds',
    ),
}

/**
 * Health check interval, timeout, thresholds and path, healed in place by one ModifyTargetGroup: the targets keep
 * serving, only how often and where they are probed changes. The call carries the changed settings only; the
 * rollback puts back the values read.
 */
const healthCheckHeal: PropertyHeal = {
  paths: [...COUNTS, HEALTH_CHECK_PATH].map((name) => `/${name}`),
  calls: [modifyHealthCheck],
  build(actual, changes) {
    const to: Record<string, number | string> = {}
    const from: Record<string, number | string> = {}
    for (const change of changes) {
      const name = change.path.slice(1)
      const before = currentValue(actual, change.path)
      if (name === HEALTH_CHECK_PATH) {
        if (typeof change.to !== 'string' || !healthCheckPath.safeParse(change.to).success) return refuse(`/${HEALTH_CHECK_PATH} ${String(change.to)} is not a path starting with /`)
        if (typeof before !== 'string') return refuse(`/${HEALTH_CHECK_PATH}: the target group's value was not read`)
        ;[to[name], from[name]] = [change.to, before]
        continue
      }

      const {min, max} = HEALTH_CHECK_LIMITS[name as HealthCheckCount]
      const [was, wanted] = [asCount(before), asCount(change.to)]
      if (wanted === undefined || wanted < min || wanted > max) return refuse(`${change.path} ${String(change.to)} is not ${min} to ${max}`)
      if (was === undefined) return refuse(`${change.path}: the target group's value was not read`)
      ;[to[name], from[name]] = [wanted, was]
    }

    // AWS refuses a timeout that is not below the interval: judged on the settings the target group would have.
    const after = (name: HealthCheckCount) => (to[name] as number | undefined) ?? asCount(currentValue(actual, `/${name}`))
    const [interval, timeout] = [after('HealthCheckIntervalSeconds'), after('HealthCheckTimeoutSeconds')]
    if (interval !== undefined && timeout !== undefined && timeout >= interval) return refuse(`/HealthCheckTimeoutSeconds ${timeout} is not below /HealthCheckIntervalSeconds ${interval}`)
    const arn = actual.arn ?? actual.physicalId
    const call = (settings: Record<string, number | string>): HealApiCall => ({api: 'ELBv2.ModifyTargetGroup', params: {TargetGroupArn: arn, ...settings}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
}

const HEALTH_CHECK_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'] as const

/**
 * `drift revert` (SPEC 11) puts back the rest of the health check in place, by ModifyTargetGroup as well: its
 * protocol, port, success codes and on/off. Targets keep serving; nothing restarts. These are not heals: a protocol
 * or success code that does not match what the targets answer marks every target unhealthy, so a person asks for it.
 */
const healthCheckRevert: PropertyRevert = {
  paths: ['/HealthCheckProtocol', '/HealthCheckPort', '/Matcher', '/HealthCheckEnabled'],
  restartPaths: [],
  calls: [
    {
      api: 'ELBv2.ModifyTargetGroup',
      params: z
        .strictObject({
          TargetGroupArn: targetGroupArn(),
          HealthCheckProtocol: z.enum(HEALTH_CHECK_PROTOCOLS, {errorMap: () => ({message: `HealthCheckProtocol must be one of ${HEALTH_CHECK_PROTOCOLS.join(', ')}`})}).optional(),
          HealthCheckPort: z
            .string({errorMap: () => ({message: 'HealthCheckPort must be traffic-port or a port from 1 to 65535'})})
            .refine((port) => port === 'traffic-port' || (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65_535), 'HealthCheckPort must be traffic-port or a port from 1 to 65535')
            .optional(),
          Matcher: z
            .strictObject({HttpCode: nonEmptyString('Matcher.HttpCode').optional(), GrpcCode: nonEmptyString('Matcher.GrpcCode').optional()}, {errorMap: () => ({message: 'Matcher must hold HttpCode or GrpcCode'})})
            .refine((matcher) => matcher.HttpCode !== undefined || matcher.GrpcCode !== undefined, 'Matcher must hold HttpCode or GrpcCode')
            .optional(),
          HealthCheckEnabled: z.boolean({errorMap: () => ({message: 'HealthCheckEnabled must be true or false'})}).optional(),
        })
        .refine(
          (params) => ['HealthCheckProtocol', 'HealthCheckPort', 'Matcher', 'HealthCheckEnabled'].some((name) => (params as Record<string, unknown>)[name] !== undefined),
          'ModifyTargetGroup must change a health check setting',
        ),
    },
  ],
  changeOf: (actual, path, differences) => putBack(actual, path, differences),
  build(actual, changes) {
    const to: Record<string, unknown> = {}
    const from: Record<string, unknown> = {}
    for (const change of changes) {
      const name = change.path.slice(1)
      const value = revertedValue(change)
      if (typeof value === 'string' && value.startsWith('!')) return refuse(value.slice(1))
      const before = revertedValue({path: change.path, from: undefined, to: currentValue(actual, change.path)})
      if (before === undefined || (typeof before === 'string' && before.startsWith('!'))) return refuse(`${change.path}: the target group's value was not read`)
      ;[to[name], from[name]] = [value, before]
    }

    const arn = actual.arn ?? actual.physicalId
    const call = (settings: Record<string, unknown>): HealApiCall => ({api: 'ELBv2.ModifyTargetGroup', params: {TargetGroupArn: arn, ...settings}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
}

/** A reverted health check value as ModifyTargetGroup takes it, or `!why` when it cannot be one. */
function revertedValue(change: HealChange): unknown {
  const {path, to} = change
  switch (path) {
    case '/HealthCheckProtocol': {
      return typeof to === 'string' && (HEALTH_CHECK_PROTOCOLS as readonly string[]).includes(to) ? to : `!${path} ${String(to)} is not one of ${HEALTH_CHECK_PROTOCOLS.join(', ')}`
    }

    case '/HealthCheckPort': {
      const port = typeof to === 'number' ? String(to) : to
      return port === 'traffic-port' || (typeof port === 'string' && /^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65_535) ? port : `!${path} ${String(to)} is not traffic-port or a port`
    }

    case '/HealthCheckEnabled': {
      const enabled = asBoolean(to)
      return enabled === undefined ? `!${path} ${String(to)} is not true or false` : enabled
    }

    case '/Matcher': {
      if (to === undefined) return undefined
      const matcher = (to ?? {}) as {HttpCode?: unknown; GrpcCode?: unknown}
      const codes = {HttpCode: str(matcher.HttpCode), GrpcCode: str(matcher.GrpcCode)}
      if (codes.HttpCode === undefined && codes.GrpcCode === undefined) return `!${path}: success codes must hold HttpCode or GrpcCode`
      return Object.fromEntries(Object.entries(codes).filter(([, code]) => code !== undefined))
    }

    default: {
      return `!${path} is not a health check setting a revert writes`
    }
  }
}

/**
 * The declared target group attributes (deregistration delay, stickiness, slow start, the routing algorithm...),
 * put back by one ModifyTargetGroupAttributes that names only the keys that differ; the others stay as AWS has them.
 * Targets keep serving and nothing restarts; none of these opens access.
 */
const attributesRevertOfTargetGroup = attributesRevert({path: ATTRIBUTES, api: 'ELBv2.ModifyTargetGroupAttributes', arnParam: 'TargetGroupArn', arnPart: ':targetgroup/'})

const REPLACES = 'changing it replaces the target group (CloudFormation creates a new one)'

/**
 * `AWS::ElasticLoadBalancingV2::TargetGroup`. Call budget (SPEC 9): DescribeTargetGroups, 400 per page; DescribeTags,
 * 20 ARNs per call; one DescribeTargetGroupAttributes per target group that is declared or an extra inside the
 * scope (the API has no batch form). For 2,000 target groups of which 50 are declared: 5 + 100 + 50 = 155 calls.
 */
export const elbv2TargetGroup: ResourceTypeModule = {
  type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  service: 'elbv2',
  readBudget: {
    fixedCalls: 2,
    callsPerResource: 1.053,
    basis: 'DescribeTargetGroups, 400 per page, DescribeTags, 20 ARNs a call, then one DescribeTargetGroupAttributes per declared or in-scope target group: the API has no batch form',
  },
  actualKeys: (actual) => [...elbv2NameKey(actual.properties.Name), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...elbv2NameKey(properties.Name), cloudFormationKey(stackName, logicalId)],
  setPaths: [],
  arnOrNamePaths: [],
  keyedListPaths: [ATTRIBUTES],
  // Attributes are only answered when read (declared target groups and extras in scope); registered targets need
  // DescribeTargetHealth per target group, and ECS registers and deregisters task IPs on its own anyway.
  notReturnedPaths: [ATTRIBUTES, '/Targets'],
  ratings: [
    // Traffic from the load balancer to the targets unencrypted, or sent somewhere else.
    {path: '/Protocol', severity: 'medium', impact: ['availability', 'security']},
    {path: '/Port', severity: 'medium', impact: ['availability']},
    {path: '/VpcId', severity: 'medium', impact: ['availability']},
    {path: '/TargetType', severity: 'medium', impact: ['availability']},
    ...['/HealthCheckEnabled', '/HealthCheckProtocol', '/HealthCheckPort', '/HealthCheckPath', '/Matcher', ...COUNTS.map((name) => `/${name}`)].map((path) => ({path, severity: 'medium' as const, impact: ['availability' as const]})),
    {path: ATTRIBUTES, severity: 'medium', impact: ['availability']},
  ],
  neverHealed: {
    '/Name': REPLACES,
    '/Port': REPLACES,
    '/Protocol': REPLACES,
    '/ProtocolVersion': REPLACES,
    '/TargetType': REPLACES,
    '/VpcId': REPLACES,
    '/IpAddressType': REPLACES,
    '/HealthCheckProtocol': 'a health check protocol the targets do not answer marks every target unhealthy: a decision for a person',
    '/HealthCheckPort': 'a health check port the targets do not answer marks every target unhealthy: a decision for a person',
    '/Matcher': 'success codes the targets do not answer mark every target unhealthy: a decision for a person',
    '/HealthCheckEnabled': 'turning health checks on or off changes which targets get traffic: a decision for a person',
    [ATTRIBUTES]: 'stickiness, deregistration delay and the routing algorithm change how traffic reaches the targets: a decision for a person',
  },
  tags: elbv2Tags,
  heal: healthCheckHeal,
  revert: combineReverts(healthCheckRevert, attributesRevertOfTargetGroup),
  neverReverted: {
    '/Name': NEVER_REVERTED.replacement,
    '/Port': NEVER_REVERTED.replacement,
    '/Protocol': NEVER_REVERTED.replacement,
    '/ProtocolVersion': NEVER_REVERTED.replacement,
    '/TargetType': NEVER_REVERTED.replacement,
    '/VpcId': NEVER_REVERTED.replacement,
    '/IpAddressType': NEVER_REVERTED.replacement,
  },
  awsDefaults: {
    '/TargetType': 'instance',
    '/IpAddressType': 'ipv4',
    '/ProtocolVersion': 'HTTP1',
    '/HealthCheckEnabled': true,
    '/HealthCheckPort': 'traffic-port',
    // CloudFormation's defaults follow the target group's protocol (Elastic Load Balancing user guide).
    '/HealthCheckProtocol': (value, properties) => value === (properties.Protocol === 'HTTPS' ? 'HTTPS' : properties.Protocol === 'HTTP' ? 'HTTP' : 'TCP'),
    '/HealthCheckPath': '/',
    '/HealthCheckIntervalSeconds': 30,
    '/HealthCheckTimeoutSeconds': (value, properties) => Number(value) === (isHttp(properties.Protocol) ? 5 : 10),
    '/HealthyThresholdCount': 5,
    '/UnhealthyThresholdCount': 2,
    '/Matcher': (value, properties) => JSON.stringify(value) === JSON.stringify(isHttp(properties.Protocol) ? {HttpCode: '200'} : {GrpcCode: '12'}),
    [`${ATTRIBUTES}/deregistration_delay.timeout_seconds`]: '300',
    [`${ATTRIBUTES}/deregistration_delay.connection_termination.enabled`]: 'false',
    [`${ATTRIBUTES}/stickiness.enabled`]: 'false',
    [`${ATTRIBUTES}/stickiness.type`]: (value, properties) => String(value) === (isHttp(properties.Protocol) ? 'lb_cookie' : 'source_ip'),
    [`${ATTRIBUTES}/stickiness.lb_cookie.duration_seconds`]: '86400',
    [`${ATTRIBUTES}/stickiness.app_cookie.cookie_name`]: '',
    [`${ATTRIBUTES}/stickiness.app_cookie.duration_seconds`]: '86400',
    [`${ATTRIBUTES}/slow_start.duration_seconds`]: '0',
    [`${ATTRIBUTES}/load_balancing.algorithm.type`]: 'round_robin',
    [`${ATTRIBUTES}/load_balancing.algorithm.anomaly_mitigation`]: 'off',
    [`${ATTRIBUTES}/load_balancing.cross_zone.enabled`]: 'use_load_balancer_configuration',
    [`${ATTRIBUTES}/lambda.multi_value_headers.enabled`]: 'false',
    [`${ATTRIBUTES}/proxy_protocol_v2.enabled`]: 'false',
    // On by default for some protocols and target types, off for others: AWS's choice either way.
    [`${ATTRIBUTES}/preserve_client_ip.enabled`]: AWS_ASSIGNED,
    [`${ATTRIBUTES}/target_group_health.dns_failover.minimum_healthy_targets.count`]: '1',
    [`${ATTRIBUTES}/target_group_health.dns_failover.minimum_healthy_targets.percentage`]: 'off',
    [`${ATTRIBUTES}/target_group_health.unhealthy_state_routing.minimum_healthy_targets.count`]: '1',
    [`${ATTRIBUTES}/target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage`]: 'off',
    [`${ATTRIBUTES}/target_failover.on_deregistration`]: 'no_rebalance',
    [`${ATTRIBUTES}/target_failover.on_unhealthy`]: 'no_rebalance',
    [`${ATTRIBUTES}/target_health_state.unhealthy.connection_termination.enabled`]: 'true',
    [`${ATTRIBUTES}/target_health_state.unhealthy.draining_interval_seconds`]: '0',
  },
  displayName: (actual) => str(actual.properties.Name) ?? actual.physicalId,
  describeValue: (path, value) => describeAttribute(ATTRIBUTES, path, value),
}

const isHttp = (protocol: unknown) => protocol === 'HTTP' || protocol === 'HTTPS'

/**
 * DescribeTargetGroups (+ DescribeTags, + DescribeTargetGroupAttributes when read) -> CloudFormation
 * `AWS::ElasticLoadBalancingV2::TargetGroup`; `!Ref` is the target group ARN. `attributes` undefined: not read.
 */
export function targetGroupFromAws(
  group: TargetGroup,
  tags: Record<string, string>,
  attributes: ReadonlyArray<{Key?: string; Value?: string}> | undefined,
  region: string,
): ActualResource {
  const arn = group.TargetGroupArn ?? ''
  const matcher = group.Matcher && (group.Matcher.HttpCode !== undefined || group.Matcher.GrpcCode !== undefined) ? {HttpCode: group.Matcher.HttpCode, GrpcCode: group.Matcher.GrpcCode} : undefined
  return actualResource({
    type: elbv2TargetGroup.type,
    region,
    physicalId: arn,
    arn,
    properties: {
      Name: group.TargetGroupName,
      Port: group.Port,
      Protocol: group.Protocol,
      ProtocolVersion: group.ProtocolVersion,
      VpcId: group.VpcId,
      TargetType: group.TargetType,
      IpAddressType: group.IpAddressType,
      HealthCheckEnabled: group.HealthCheckEnabled,
      HealthCheckProtocol: group.HealthCheckProtocol,
      HealthCheckPort: group.HealthCheckPort,
      HealthCheckPath: group.HealthCheckPath,
      HealthCheckIntervalSeconds: group.HealthCheckIntervalSeconds,
      HealthCheckTimeoutSeconds: group.HealthCheckTimeoutSeconds,
      HealthyThresholdCount: group.HealthyThresholdCount,
      UnhealthyThresholdCount: group.UnhealthyThresholdCount,
      Matcher: matcher,
      TargetGroupAttributes: attributeList(attributes),
    },
    tags,
    attributes: {
      TargetGroupArn: arn,
      TargetGroupName: group.TargetGroupName,
      TargetGroupFullName: arn.split(':').slice(5).join(':'),
      LoadBalancerArns: group.LoadBalancerArns,
    },
  })
}
