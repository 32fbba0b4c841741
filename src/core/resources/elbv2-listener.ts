import type {Action, Listener} from '@aws-sdk/client-elastic-load-balancing-v2'
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {findUnresolved} from '../diff/resolve.js'
import {actualResource} from './aws-shape.js'
import {elbv2NameFromArn, elbv2Tags} from './elbv2-shared.js'
import {arnString, asCount, currentValue, type HealApiCall, type HealChange, holdsIntrinsic, NEVER_REVERTED, nonEmptyString, type PropertyRevert, refuse, wholeValueChange} from './heal.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, physicalIdKey, type ResourceTypeModule, str} from './types.js'

const DEFAULT_ACTIONS = '/DefaultActions'
const CERTIFICATES = '/Certificates'

/** Protocols that carry TLS to the load balancer: the listener then needs a certificate and a security policy. */
const ENCRYPTED = new Set(['HTTPS', 'TLS'])
const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'] as const
/** Action types a revert writes; `authenticate-oidc` carries a client secret ialctl never reads nor writes. */
const WRITTEN_ACTION_TYPES = ['forward', 'redirect', 'fixed-response', 'authenticate-cognito'] as const
const ALPN_POLICIES = ['HTTP1Only', 'HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred', 'None'] as const

/** The identity of a listener: its load balancer and port (a listener has no name; AWS allows one per port). */
const listenerKey = (loadBalancerArn: unknown, port: unknown): string[] => {
  const [arn, number] = [str(loadBalancerArn), asCount(port)]
  return arn && number !== undefined ? [`listener:${arn}:${number}`] : []
}

/**
 * How strong an ELB security policy is, as (lowest TLS version it accepts, year it was published): the names say
 * both (`ELBSecurityPolicy-TLS13-1-2-2021-06` accepts TLS 1.2 and up; `ELBSecurityPolicy-2016-08` accepts TLS 1.0).
 * A name that says neither ranks lowest: putting it back is treated as weakening until a person says otherwise.
 */
export function sslPolicyStrength(policy: unknown): [number, number] {
  if (typeof policy !== 'string') return [0, 0]
  const version = /(?:TLS13|TLS|FS)-1-([0-3])(?:-|$)/.exec(policy)
  const year = /(20\d\d)-\d\d(?:$|-)/.exec(policy)
  return [version ? Number(version[1]) : 0, year ? Number(year[1]) : 0]
}

const weaker = (to: unknown, from: unknown): boolean => {
  const [[toVersion, toYear], [fromVersion, fromYear]] = [sslPolicyStrength(to), sslPolicyStrength(from)]
  return toVersion < fromVersion || (toVersion === fromVersion && toYear < fromYear)
}

/** Whether an action list sends plain HTTP on to HTTPS (the redirect every HTTP listener of a real ALB has). */
const redirectsToHttps = (actions: unknown): boolean =>
  Array.isArray(actions) && actions.some((action) => (action as Action | null)?.Type === 'redirect' && (action as Action).RedirectConfig?.Protocol === 'HTTPS')

const hasOidc = (actions: unknown): boolean => Array.isArray(actions) && actions.some((action) => (action as Action | null)?.Type === 'authenticate-oidc')

const port = z.number({errorMap: () => ({message: 'Port must be a whole number from 1 to 65535'})}).int('Port must be a whole number from 1 to 65535').min(1, 'Port must be a whole number from 1 to 65535').max(65_535, 'Port must be a whole number from 1 to 65535')

/** A default action as ModifyListener takes it; the OIDC type is refused (its client secret is never written). */
const action = z
  .object(
    {
      Type: z.enum(WRITTEN_ACTION_TYPES, {errorMap: () => ({message: `DefaultActions Type must be one of ${WRITTEN_ACTION_TYPES.join(', ')} (authenticate-oidc carries a secret ialctl never writes)`})}),
      TargetGroupArn: arnString('DefaultActions TargetGroupArn').optional(),
      Order: z.number().int().min(1).max(50_000).optional(),
    },
    {errorMap: () => ({message: 'DefaultActions must hold actions with a Type'})},
  )
  .passthrough()

const modifyListener = {
  api: 'ELBv2.ModifyListener',
  params: z
    .strictObject({
      ListenerArn: nonEmptyString('ListenerArn').refine((arn) => arn.startsWith('arn:') && arn.includes(':listener/'), 'ListenerArn must be a full listener ARN'),
      Port: port.optional(),
      Protocol: z.enum(PROTOCOLS, {errorMap: () => ({message: `Protocol must be one of ${PROTOCOLS.join(', ')}`})}).optional(),
      SslPolicy: nonEmptyString('SslPolicy')
        .regex(/^[\w.-]+$/, 'SslPolicy must be a security policy name')
        .optional(),
      // CloudFormation's Certificates is the listener's one default certificate.
      Certificates: z
        .array(z.strictObject({CertificateArn: arnString('CertificateArn')}), {errorMap: () => ({message: 'Certificates must hold exactly one {CertificateArn}'})})
        .length(1, 'Certificates must hold exactly one {CertificateArn}')
        .optional(),
      DefaultActions: z.array(action, {errorMap: () => ({message: 'DefaultActions must be a non-empty list of actions'})}).min(1, 'DefaultActions must be a non-empty list of actions').optional(),
      AlpnPolicy: z
        .array(z.enum(ALPN_POLICIES), {errorMap: () => ({message: `AlpnPolicy must be one of ${ALPN_POLICIES.join(', ')}`})})
        .length(1, `AlpnPolicy must be one of ${ALPN_POLICIES.join(', ')}`)
        .optional(),
    })
    .refine((params) => ['Port', 'Protocol', 'SslPolicy', 'Certificates', 'DefaultActions', 'AlpnPolicy'].some((name) => (params as Record<string, unknown>)[name] !== undefined), 'ModifyListener must change a listener setting'),
}

/** A listener setting as ModifyListener takes it, or why it cannot be written. */
function written(path: string, value: unknown): {value: unknown} | {why: string} {
  if (holdsIntrinsic(value) || findUnresolved(value)) return {why: `${path}: the declared value could not be resolved`}
  switch (path) {
    case '/Port': {
      const number = asCount(value)
      return number !== undefined && number >= 1 && number <= 65_535 ? {value: number} : {why: `${path} ${String(value)} is not a port`}
    }

    case '/Protocol': {
      return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value) ? {value} : {why: `${path} ${String(value)} is not one of ${PROTOCOLS.join(', ')}`}
    }

    case '/SslPolicy': {
      return typeof value === 'string' && value !== '' ? {value} : {why: `${path}: a listener's security policy cannot be removed, only replaced`}
    }

    case CERTIFICATES: {
      const arns = Array.isArray(value) ? value.map((certificate) => str((certificate as {CertificateArn?: unknown} | null)?.CertificateArn)) : []
      return arns.length === 1 && arns[0] ? {value: [{CertificateArn: arns[0]}]} : {why: `${path}: a listener has exactly one default certificate`}
    }

    case DEFAULT_ACTIONS: {
      if (!Array.isArray(value) || value.length === 0) return {why: `${path}: a listener always has a default action`}
      if (hasOidc(value)) return {why: `${path}: an authenticate-oidc action carries a client secret ialctl never reads nor writes: a person puts it back`}
      return {value: JSON.parse(JSON.stringify(value)) as unknown}
    }

    case '/AlpnPolicy': {
      const list = Array.isArray(value) ? value : [value]
      return list.length === 1 && (ALPN_POLICIES as readonly unknown[]).includes(list[0]) ? {value: list} : {why: `${path} ${JSON.stringify(value)} is not one ALPN policy`}
    }

    default: {
      return {why: `${path} is not a listener setting a revert writes`}
    }
  }
}

/** Settings an HTTP listener does not have: AWS drops them when the protocol goes back to HTTP. */
const OPTIONAL = new Set(['/SslPolicy', CERTIFICATES, '/AlpnPolicy'])
const REVERTED = ['/Port', '/Protocol', '/SslPolicy', CERTIFICATES, DEFAULT_ACTIONS, '/AlpnPolicy']
/** Lists written whole: from the template's value, never pieced together from differences. */
const WRITTEN_WHOLE = new Set([CERTIFICATES, DEFAULT_ACTIONS, '/AlpnPolicy'])

/**
 * `drift revert` (SPEC 11) puts the listener's settings back in place with one ModifyListener: port, protocol,
 * security policy, default certificate, default actions and ALPN policy. Connections keep flowing; nothing restarts.
 * Lists are written whole from the template (what CloudFormation would send). Putting back something weaker than
 * AWS has now (HTTPS to HTTP, an older security policy, a forward where AWS redirects to HTTPS) needs
 * `--approve-critical`, although Git says so. The rollback writes the values read.
 */
const listenerRevert: PropertyRevert = {
  paths: REVERTED,
  restartPaths: [],
  calls: [modifyListener],
  changeOf(actual, path, differences, declared) {
    if (!WRITTEN_WHOLE.has(path)) return wholeValueChange(path, differences)
    if (declared === undefined || declared === null) return `${path}: the declared value is not known, so it cannot be written whole`
    const unresolved = findUnresolved(declared)
    if (unresolved) return `${path}: the declared value could not be resolved (${unresolved.reason})`
    return {path, from: currentValue(actual, path), to: JSON.parse(JSON.stringify(declared)) as unknown}
  },
  build(actual, changes) {
    const arn = actual.arn ?? actual.physicalId
    const to: Record<string, unknown> = {}
    const from: Record<string, unknown> = {}
    for (const change of changes) {
      const name = change.path.slice(1)
      const wanted = written(change.path, change.to)
      if ('why' in wanted) return refuse(wanted.why)
      to[name] = wanted.value
      const read = currentValue(actual, change.path)
      // A listener without a certificate, policy or ALPN policy (HTTP) gets them dropped again by its protocol's rollback.
      if (read === undefined && OPTIONAL.has(change.path)) continue
      const before = written(change.path, read)
      if ('why' in before) return refuse(`${change.path}: AWS's value could not be put back if the revert failed (${before.why})`)
      from[name] = before.value
    }

    // An encrypted listener needs its certificate and policy: judged on the settings it would have.
    const after = (name: string) => to[name] ?? currentValue(actual, `/${name}`)
    if (ENCRYPTED.has(String(after('Protocol'))) && !(Array.isArray(after('Certificates')) && (after('Certificates') as unknown[]).length > 0)) {
      return refuse(`/Protocol ${String(after('Protocol'))} needs a default certificate, and none is declared nor in AWS`)
    }

    if (Object.keys(from).length === 0) return refuse('the listener has none of these settings in AWS, so the revert could not be rolled back')
    const call = (settings: Record<string, unknown>): HealApiCall => ({api: 'ELBv2.ModifyListener', params: {ListenerArn: arn, ...settings}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
  weakens(change: HealChange) {
    if (change.path === '/Protocol' && ENCRYPTED.has(String(change.from)) && !ENCRYPTED.has(String(change.to))) {
      return `puts back ${String(change.to)} where AWS has ${String(change.from)}: traffic to the load balancer unencrypted`
    }

    if (change.path === '/SslPolicy' && change.to !== undefined && weaker(change.to, change.from)) {
      return `puts back the security policy ${String(change.to)}, older or accepting older TLS than AWS's ${String(change.from)}`
    }

    if (change.path === DEFAULT_ACTIONS && redirectsToHttps(change.from) && !redirectsToHttps(change.to)) {
      return 'puts back default actions that serve plain HTTP where AWS redirects to HTTPS'
    }

    return undefined
  },
}

const WHO_CONNECTS = 'who may connect and how it is encrypted is a security decision for a person (revert or reverse-sync it)'
const WHERE_TRAFFIC_GOES = 'where the load balancer sends traffic is a decision for a person (revert or reverse-sync it)'

/**
 * `AWS::ElasticLoadBalancingV2::Listener`. Call budget (SPEC 9): no list call of its own (the load balancers are the
 * ones the load balancer type lists, made once per region for both types), then one DescribeListeners per load
 * balancer the run reads in full (declared, or an extra inside the scope: the API exists only per load balancer, 400
 * listeners a page), and the listeners' tags by DescribeTags, 20 ARNs a call. A real ALB has two listeners (80 and
 * 443): for 2,000 load balancers of which 50 are declared, 50 + 5 = 55 calls.
 */
export const elbv2Listener: ResourceTypeModule = {
  type: 'AWS::ElasticLoadBalancingV2::Listener',
  service: 'elbv2',
  readBudget: {
    fixedCalls: 0,
    callsPerResource: 1.05,
    basis: "the load balancer type's list (shared), then one DescribeListeners per declared or in-scope load balancer (the API exists only per load balancer; at most one call per listener) and DescribeTags, 20 listener ARNs a call",
  },
  // Identity: its load balancer (the declared one's `!Ref`, resolved to its ARN once matched) and its port.
  actualKeys: (actual) => [...listenerKey(actual.properties.LoadBalancerArn, actual.properties.Port), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...listenerKey(properties.LoadBalancerArn, properties.Port), cloudFormationKey(stackName, logicalId)],
  // Default actions run in the order their types force (authenticate first, then one final action), so the list is a
  // set: an action of another type is the whole action gone and another there (reverse sync writes AWS's whole action);
  // a changed value inside an action of the same type is addressed to that value.
  setPaths: [CERTIFICATES, DEFAULT_ACTIONS, '/DefaultActions/ForwardConfig/TargetGroups'],
  arnOrNamePaths: [],
  // Listener attributes exist only per listener (DescribeListenerAttributes): not read.
  notReturnedPaths: ['/ListenerAttributes'],
  ratings: [
    // Traffic unencrypted, an older TLS accepted, another certificate presented, client certificates no longer checked.
    critical('/Protocol'),
    critical('/SslPolicy'),
    critical(CERTIFICATES),
    critical('/MutualAuthentication'),
    // Traffic sent to another target group, no longer redirected to HTTPS, or answered by a fixed response.
    {path: DEFAULT_ACTIONS, severity: 'high', impact: ['security', 'availability']},
    {path: '/Port', severity: 'high', impact: ['availability']},
    {path: '/AlpnPolicy', severity: 'medium', impact: ['availability']},
  ],
  neverHealed: {
    '/LoadBalancerArn': 'a listener belongs to one load balancer: moving it replaces the listener',
    '/Port': WHERE_TRAFFIC_GOES,
    '/Protocol': WHO_CONNECTS,
    '/SslPolicy': WHO_CONNECTS,
    [CERTIFICATES]: WHO_CONNECTS,
    '/MutualAuthentication': WHO_CONNECTS,
    [DEFAULT_ACTIONS]: WHERE_TRAFFIC_GOES,
    '/AlpnPolicy': WHERE_TRAFFIC_GOES,
  },
  tags: elbv2Tags,
  revert: listenerRevert,
  neverReverted: {
    '/LoadBalancerArn': NEVER_REVERTED.replacement,
    '/MutualAuthentication': 'client certificate checking (mutual TLS) and its trust store are put back by a person',
    '/ListenerAttributes': 'listener attributes are not read (DescribeListenerAttributes per listener)',
  },
  // A listener added by hand to a declared (or in-scope) load balancer is an extra even without tags of its own.
  partOf: (actual) => (str(actual.properties.LoadBalancerArn) ? [{type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', key: physicalIdKey(String(actual.properties.LoadBalancerArn))}] : []),
  desiredAsRead: (properties) => declaredActionsAsRead(properties),
  awsDefaults: {
    // Mutual TLS off is what every listener has unless a trust store is set.
    '/MutualAuthentication': (value) => (value as {Mode?: unknown} | null)?.Mode === 'off',
  },
  displayName: (actual) => `${elbv2NameFromArn(actual.properties.LoadBalancerArn) ?? str(actual.properties.LoadBalancerArn) ?? '?'}:${String(actual.properties.Port)}`,
  describeValue: (path, value) => describeAction(path, value),
}

/** `{Type: 'redirect', RedirectConfig: {Protocol: 'HTTPS', Port: '443', ...}}` reads `redirect to HTTPS:443 (HTTP_301)`. */
function describeAction(path: string, value: unknown): string | undefined {
  if (!/^\/DefaultActions\/\d+$/.test(path) || value === null || typeof value !== 'object') return undefined
  const {Type, TargetGroupArn, RedirectConfig: redirect, FixedResponseConfig: fixed} = value as Action
  if (Type === 'forward' && typeof TargetGroupArn === 'string' && Object.keys(value).every((key) => ['Type', 'TargetGroupArn'].includes(key))) return `forward to ${elbv2NameFromArn(TargetGroupArn) ?? TargetGroupArn}`
  if (Type === 'redirect' && redirect && Object.keys(value).every((key) => ['Type', 'RedirectConfig', 'Order'].includes(key)) && Object.keys(redirect).every((key) => ['Protocol', 'Port', 'StatusCode'].includes(key))) {
    return `redirect to ${String(redirect.Protocol ?? '#{protocol}')}:${String(redirect.Port ?? '#{port}')} (${String(redirect.StatusCode)})`
  }

  if (Type === 'fixed-response' && fixed && Object.keys(value).every((key) => ['Type', 'FixedResponseConfig', 'Order'].includes(key)) && Object.keys(fixed).every((key) => ['StatusCode'].includes(key))) return `fixed response ${String(fixed.StatusCode)}`
  return undefined
}

/** An action as DescribeListeners answers it, in CloudFormation's shape (the same names); an OIDC client secret never kept. */
function actionFromAws(action: Action): Record<string, unknown> {
  const {AuthenticateOidcConfig: oidc, ...rest} = action
  if (!oidc) return {...rest}
  // AWS does not answer the secret; if it ever did, it is not kept (SPEC 10: a secret never enters a snapshot).
  const {ClientSecret: _secret, UseExistingClientSecret: _reuse, ...config} = oidc
  return {...rest, AuthenticateOidcConfig: config}
}

/**
 * The template's default actions as DescribeListeners would answer them: an OIDC client secret is never answered by
 * AWS (nor kept by ialctl), so the template's is left out of the comparison rather than drifting forever, and never
 * reaches a report.
 */
function declaredActionsAsRead(properties: Record<string, unknown>): Record<string, unknown> {
  const actions = properties.DefaultActions
  if (!Array.isArray(actions)) return properties
  return {
    ...properties,
    DefaultActions: actions.map((declared) => {
      const oidc = (declared as {AuthenticateOidcConfig?: unknown} | null)?.AuthenticateOidcConfig
      if (oidc === null || typeof oidc !== 'object' || Array.isArray(oidc)) return declared as unknown
      const {ClientSecret: _secret, UseExistingClientSecret: _reuse, ...config} = oidc as Record<string, unknown>
      return {...(declared as Record<string, unknown>), AuthenticateOidcConfig: config}
    }),
  }
}

/**
 * DescribeListeners (+ DescribeTags) -> CloudFormation `AWS::ElasticLoadBalancingV2::Listener`; `!Ref` is the
 * listener ARN. Certificates are the default certificate only, as in CloudFormation (more are ListenerCertificate).
 */
export function listenerFromAws(listener: Listener, tags: Record<string, string>, region: string): ActualResource {
  const arn = listener.ListenerArn ?? ''
  const certificates = listener.Certificates?.flatMap((certificate) => (certificate.CertificateArn ? [{CertificateArn: certificate.CertificateArn}] : []))
  const mutual = listener.MutualAuthentication
  return actualResource({
    type: elbv2Listener.type,
    region,
    physicalId: arn,
    arn,
    properties: {
      LoadBalancerArn: listener.LoadBalancerArn,
      Port: listener.Port,
      Protocol: listener.Protocol,
      SslPolicy: listener.SslPolicy,
      Certificates: certificates?.length ? certificates : undefined,
      DefaultActions: [...(listener.DefaultActions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0)).map(actionFromAws),
      AlpnPolicy: listener.AlpnPolicy?.length ? listener.AlpnPolicy : undefined,
      // The association status is AWS's, not a setting.
      MutualAuthentication: mutual && {Mode: mutual.Mode, TrustStoreArn: mutual.TrustStoreArn, IgnoreClientCertificateExpiry: mutual.IgnoreClientCertificateExpiry, AdvertiseTrustStoreCaNames: mutual.AdvertiseTrustStoreCaNames},
    },
    tags,
    attributes: {ListenerArn: arn},
  })
}
