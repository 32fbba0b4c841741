import type {LoadBalancer} from '@aws-sdk/client-elastic-load-balancing-v2'
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualResource} from './aws-shape.js'
import {attributesRevert} from './elbv2-attributes-revert.js'
import {attributeList, attributeValue, describeAttribute, elbv2NameKey, elbv2Tags} from './elbv2-shared.js'
import {combineReverts, type HealAction, type HealApiCall, type HealChange, holdsIntrinsic, NEVER_HEALED, NEVER_REVERTED, nonEmptyString, type PropertyHeal, type PropertyRevert, putBack, refuse} from './heal.js'
import {actualCloudFormationKeys, AWS_ASSIGNED, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'

const ATTRIBUTES = '/LoadBalancerAttributes'
const DELETION_PROTECTION = 'deletion_protection.enabled'

/**
 * Deletion protection, turned on (SPEC 6: a one-way hardening heal). The drift arrives as the whole attribute list
 * AWS has with the template's elements put in; the heal writes only `deletion_protection.enabled=true`, and only when
 * that is the one key that changes, from false. Any other attribute (access logs, timeouts, desync mitigation) goes
 * to reverse sync.
 */
const deletionProtectionHeal: PropertyHeal = {
  paths: [ATTRIBUTES],
  hardeningPaths: [ATTRIBUTES],
  calls: [
    {
      api: 'ELBv2.ModifyLoadBalancerAttributes',
      params: z.strictObject({
        LoadBalancerArn: nonEmptyString('LoadBalancerArn').refine((arn) => arn.startsWith('arn:'), 'LoadBalancerArn must be a full ARN'),
        // Exactly one attribute, protection on: the schema refuses anything else, whatever built the call.
        Attributes: z.unknown().refine(
          (value) => JSON.stringify(value) === JSON.stringify([{Key: DELETION_PROTECTION, Value: 'true'}]),
          'Attributes may only turn deletion_protection.enabled on (true), and nothing else',
        ),
      }),
    },
  ],
  build(actual, changes) {
    const to = changes[0].to
    const wanted = Array.isArray(to) ? (to as Array<{Key?: unknown; Value?: unknown}>) : []
    const changed = wanted.filter((attribute) => String(attribute?.Value) !== attributeValue(actual, ATTRIBUTES, String(attribute?.Key)))
    const keys = changed.map((attribute) => String(attribute?.Key))
    const before = attributeValue(actual, ATTRIBUTES, DELETION_PROTECTION)
    if (keys.length !== 1 || keys[0] !== DELETION_PROTECTION || before !== 'false' || String(changed[0].Value).toLowerCase() !== 'true') {
      const what = keys.length === 0 ? 'no attribute' : keys.join(', ')
      return refuse(`${ATTRIBUTES} (${what}): only deletion_protection.enabled false → true is healed`)
    }

    const arn = actual.arn ?? actual.physicalId
    const call: HealApiCall = {api: 'ELBv2.ModifyLoadBalancerAttributes', params: {LoadBalancerArn: arn, Attributes: [{Key: DELETION_PROTECTION, Value: 'true'}]}}
    // Removing protection is a decision for a person: the rollback leaves it on (it asks for what is there).
    return {ok: true, actions: [{...call, rollback: call}]}
  },
}

const loadBalancerArn = () => nonEmptyString('LoadBalancerArn').refine((arn) => arn.startsWith('arn:') && arn.includes(':loadbalancer/'), 'LoadBalancerArn must be a full load balancer ARN')

/** How strict each desync mitigation mode is (Elastic Load Balancing user guide): a lower one lets more through. */
const DESYNC_STRICTNESS: Readonly<Record<string, number>> = {monitor: 0, defensive: 1, strictest: 2}

/** Attribute changes that weaken security although Git asks for them (SPEC 11: --approve-critical). */
function weakeningAttribute(key: string, from: string, to: string): string | undefined {
  const [was, now] = [from.toLowerCase(), to.toLowerCase()]
  switch (key) {
    case 'access_logs.s3.enabled': {
      return was === 'true' && now === 'false' ? 'turns access logs off (the record of every request)' : undefined
    }

    case 'connection_logs.s3.enabled': {
      return was === 'true' && now === 'false' ? 'turns connection logs off (the record of every TLS connection)' : undefined
    }

    case 'routing.http.drop_invalid_header_fields.enabled': {
      return was === 'true' && now === 'false' ? 'passes invalid HTTP header fields on to the targets' : undefined
    }

    case 'routing.http.desync_mitigation_mode': {
      const [before, after] = [DESYNC_STRICTNESS[was], DESYNC_STRICTNESS[now]]
      return before !== undefined && after !== undefined && after < before ? `lets through requests that risk HTTP desync (desync mitigation ${was} → ${now})` : undefined
    }

    case 'waf.fail_open.enabled': {
      return was === 'false' && now === 'true' ? 'lets requests through unchecked when AWS WAF cannot be reached (WAF fail open)' : undefined
    }

    default: {
      return undefined
    }
  }
}

/**
 * The declared attributes (timeouts, logs, header handling, deletion protection on...), put back by one
 * ModifyLoadBalancerAttributes that names only the keys that differ. Deletion protection is never turned off, whatever
 * Git says (the call's schema refuses it too), and a rollback leaves protection on; turning logs off or header and
 * WAF checks down is a weakening that needs --approve-critical.
 */
const attributesRevertOfLoadBalancer = attributesRevert({
  path: ATTRIBUTES,
  api: 'ELBv2.ModifyLoadBalancerAttributes',
  arnParam: 'LoadBalancerArn',
  arnPart: ':loadbalancer/',
  keptOnRollback: {Key: DELETION_PROTECTION, Value: 'true'},
  neverWritten: [{attribute: {Key: DELETION_PROTECTION, Value: 'false'}, reason: NEVER_REVERTED.deletionProtection}],
  weakens: weakeningAttribute,
})

const SECURITY_GROUP_ID = /^sg-[0-9a-f]+$/
const SUBNET_ID = /^subnet-[0-9a-f]+$/

const idList = (name: string, pattern: RegExp, what: string) => {
  const message = `${name} must be a non-empty list of ${what} ids, each once`
  return z
    .array(z.string({errorMap: () => ({message})}).regex(pattern, message), {errorMap: () => ({message})})
    .min(1, message)
    .refine((ids) => new Set(ids).size === ids.length, message)
}

const ids = (value: unknown, pattern: RegExp): string[] | undefined =>
  Array.isArray(value) && value.length > 0 && value.every((id) => typeof id === 'string' && pattern.test(id)) ? (value as string[]) : undefined

/**
 * Security groups (SetSecurityGroups) and subnets (SetSubnets), each a set: a group or subnet added by hand goes, one
 * removed by hand comes back; the call writes the whole list, the rollback the list read. Nothing restarts: the load
 * balancer keeps its DNS name and listeners. Putting back a group AWS lacks lets in whatever that group allows: a
 * weakening (--approve-critical). A subnet never changes who can reach the load balancer (its scheme does: an internal
 * one has private addresses only, even in a public subnet), so putting one back is a plain revert.
 */
const networkRevert: PropertyRevert = {
  paths: ['/SecurityGroups', '/Subnets'],
  restartPaths: [],
  calls: [
    {api: 'ELBv2.SetSecurityGroups', params: z.strictObject({LoadBalancerArn: loadBalancerArn(), SecurityGroups: idList('SecurityGroups', SECURITY_GROUP_ID, 'security group')})},
    {api: 'ELBv2.SetSubnets', params: z.strictObject({LoadBalancerArn: loadBalancerArn(), Subnets: idList('Subnets', SUBNET_ID, 'subnet')})},
  ],
  changeOf: (actual, path, differences) =>
    differences.some((difference) => holdsIntrinsic(difference.expected)) ? `${path}: the declared value could not be resolved` : putBack(actual, path, differences, ['/SecurityGroups', '/Subnets']),
  build(actual, changes) {
    const arn = actual.arn ?? actual.physicalId
    const actions: HealAction[] = []
    for (const change of changes) {
      const security = change.path === '/SecurityGroups'
      const [pattern, what] = security ? [SECURITY_GROUP_ID, 'security group'] : [SUBNET_ID, 'subnet']
      const [to, from] = [ids(change.to, pattern), ids(change.from, pattern)]
      // A network load balancer created without security groups can never get one (AWS): nothing to put back into.
      if (!from) return refuse(`${change.path}: the load balancer has no ${what}s as read${security ? ' (a network load balancer created without security groups never gets one)' : ''}`)
      if (!to) return refuse(`${change.path} ${JSON.stringify(change.to)} is not a non-empty list of ${what} ids`)
      const removed = from.filter((id) => !to.includes(id))
      if (!security && removed.length > 0 && (actual.properties.Type === 'network' || actual.properties.Type === 'gateway')) {
        return refuse(`/Subnets: a ${String(actual.properties.Type)} load balancer's subnets can be added, never removed (${removed.join(', ')}): a person decides`)
      }

      const call = (list: string[]): HealApiCall => ({api: security ? 'ELBv2.SetSecurityGroups' : 'ELBv2.SetSubnets', params: {LoadBalancerArn: arn, [security ? 'SecurityGroups' : 'Subnets']: list}})
      actions.push({...call(to), rollback: call(from)})
    }

    return {ok: true, actions}
  },
  weakens(change: HealChange) {
    if (change.path !== '/SecurityGroups') return undefined
    const before = new Set(Array.isArray(change.from) ? change.from : [])
    const added = (Array.isArray(change.to) ? (change.to as unknown[]) : []).filter((group) => !before.has(group))
    return added.length > 0 ? `adds security group ${added.join(', ')} to the load balancer: whatever it allows reaches it` : undefined
  },
}

const REPLACES_LOAD_BALANCER = NEVER_REVERTED.replacement

/**
 * `AWS::ElasticLoadBalancingV2::LoadBalancer`. Call budget (SPEC 9): DescribeLoadBalancers, 400 per page; DescribeTags,
 * 20 ARNs per call; one DescribeLoadBalancerAttributes per load balancer that is declared or an extra inside the
 * scope (the API has no batch form). For 2,000 load balancers of which 50 are declared: 5 + 100 + 50 = 155 calls,
 * under 0.1 per load balancer.
 */
export const elbv2LoadBalancer: ResourceTypeModule = {
  type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  service: 'elbv2',
  readBudget: {
    fixedCalls: 2,
    callsPerResource: 1.053,
    basis: 'DescribeLoadBalancers, 400 per page, DescribeTags, 20 ARNs a call, then one DescribeLoadBalancerAttributes per declared or in-scope load balancer: the API has no batch form',
  },
  actualKeys: (actual) => [...elbv2NameKey(actual.properties.Name), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...elbv2NameKey(properties.Name), cloudFormationKey(stackName, logicalId)],
  setPaths: ['/Subnets', '/SecurityGroups', '/SubnetMappings'],
  arnOrNamePaths: [],
  keyedListPaths: [ATTRIBUTES],
  // Only answered when the attributes were read (declared load balancers and extras in scope).
  notReturnedPaths: [ATTRIBUTES],
  ratings: [
    critical('/SecurityGroups'),
    critical('/Scheme'),
    {path: '/Type', severity: 'high', impact: ['availability']},
    {path: '/Subnets', severity: 'high', impact: ['availability', 'security']},
    {path: '/SubnetMappings', severity: 'high', impact: ['availability', 'security']},
    // Deletion protection, access logs, header handling: availability and audit trail.
    {path: ATTRIBUTES, severity: 'high', impact: ['availability', 'security']},
    {path: '/IpAddressType', severity: 'medium', impact: ['availability']},
  ],
  neverHealed: {
    '/Scheme': 'a scheme change replaces the load balancer',
    '/Type': 'a type change replaces the load balancer',
    '/SecurityGroups': NEVER_HEALED.securityGroupRules,
    '/Subnets': 'moving a load balancer between subnets changes where it answers; a decision for a person',
  },
  tags: elbv2Tags,
  heal: deletionProtectionHeal,
  revert: combineReverts(networkRevert, attributesRevertOfLoadBalancer),
  neverReverted: {
    '/Scheme': REPLACES_LOAD_BALANCER,
    '/Type': REPLACES_LOAD_BALANCER,
    '/Name': REPLACES_LOAD_BALANCER,
    '/SubnetMappings': 'subnet mappings carry Elastic IP and private addresses that SetSubnets would give up: a person decides',
  },
  awsDefaults: {
    '/Scheme': 'internet-facing',
    '/Type': 'application',
    '/IpAddressType': 'ipv4',
    // Subnets are written; the mappings AWS derives from them say the same again.
    '/SubnetMappings': AWS_ASSIGNED,
    [`${ATTRIBUTES}/${DELETION_PROTECTION}`]: 'false',
    [`${ATTRIBUTES}/access_logs.s3.enabled`]: 'false',
    [`${ATTRIBUTES}/access_logs.s3.bucket`]: '',
    [`${ATTRIBUTES}/access_logs.s3.prefix`]: '',
    [`${ATTRIBUTES}/connection_logs.s3.enabled`]: 'false',
    [`${ATTRIBUTES}/connection_logs.s3.bucket`]: '',
    [`${ATTRIBUTES}/connection_logs.s3.prefix`]: '',
    [`${ATTRIBUTES}/health_check_logs.s3.enabled`]: 'false',
    [`${ATTRIBUTES}/health_check_logs.s3.bucket`]: '',
    [`${ATTRIBUTES}/health_check_logs.s3.prefix`]: '',
    [`${ATTRIBUTES}/idle_timeout.timeout_seconds`]: '60',
    [`${ATTRIBUTES}/client_keep_alive.seconds`]: '3600',
    [`${ATTRIBUTES}/routing.http.desync_mitigation_mode`]: 'defensive',
    [`${ATTRIBUTES}/routing.http.drop_invalid_header_fields.enabled`]: 'false',
    [`${ATTRIBUTES}/routing.http.preserve_host_header.enabled`]: 'false',
    [`${ATTRIBUTES}/routing.http.x_amzn_tls_version_and_cipher_suite.enabled`]: 'false',
    [`${ATTRIBUTES}/routing.http.xff_client_port.enabled`]: 'false',
    [`${ATTRIBUTES}/routing.http.xff_header_processing.mode`]: 'append',
    [`${ATTRIBUTES}/routing.http2.enabled`]: 'true',
    [`${ATTRIBUTES}/waf.fail_open.enabled`]: 'false',
    [`${ATTRIBUTES}/zonal_shift.config.enabled`]: 'false',
    [`${ATTRIBUTES}/load_balancing.cross_zone.enabled`]: (value, properties) => String(value) === (properties.Type === 'network' || properties.Type === 'gateway' ? 'false' : 'true'),
    [`${ATTRIBUTES}/dns_record.client_routing_policy`]: 'any_availability_zone',
  },
  displayName: (actual) => str(actual.properties.Name) ?? actual.physicalId,
  describeValue: (path, value) => describeAttribute(ATTRIBUTES, path, value),
}

/**
 * DescribeLoadBalancers (+ DescribeTags, + DescribeLoadBalancerAttributes when read) -> CloudFormation
 * `AWS::ElasticLoadBalancingV2::LoadBalancer`; `!Ref` is the load balancer ARN. `attributes` undefined: not read
 * (the property is then absent, and a template that sets it is reported as not checked).
 */
export function loadBalancerFromAws(
  balancer: LoadBalancer,
  tags: Record<string, string>,
  attributes: ReadonlyArray<{Key?: string; Value?: string}> | undefined,
  region: string,
): ActualResource {
  const arn = balancer.LoadBalancerArn ?? ''
  const zones = balancer.AvailabilityZones ?? []
  return actualResource({
    type: elbv2LoadBalancer.type,
    region,
    physicalId: arn,
    arn,
    properties: {
      Name: balancer.LoadBalancerName,
      Scheme: balancer.Scheme,
      Type: balancer.Type,
      IpAddressType: balancer.IpAddressType,
      Subnets: zones.flatMap((zone) => (zone.SubnetId ? [zone.SubnetId] : [])),
      SubnetMappings: zones.flatMap((zone) => {
        if (!zone.SubnetId) return []
        const address = zone.LoadBalancerAddresses?.[0]
        return [{SubnetId: zone.SubnetId, AllocationId: address?.AllocationId, PrivateIPv4Address: address?.PrivateIPv4Address, IPv6Address: address?.IPv6Address}]
      }),
      // Network load balancers created without security groups answer none: absent, not [].
      SecurityGroups: balancer.SecurityGroups,
      LoadBalancerAttributes: attributeList(attributes),
    },
    tags,
    attributes: {
      LoadBalancerArn: arn,
      LoadBalancerName: balancer.LoadBalancerName,
      LoadBalancerFullName: arn.split(':loadbalancer/')[1],
      DNSName: balancer.DNSName,
      CanonicalHostedZoneID: balancer.CanonicalHostedZoneId,
      SecurityGroups: balancer.SecurityGroups,
      VpcId: balancer.VpcId,
      State: balancer.State?.Code,
    },
  })
}
