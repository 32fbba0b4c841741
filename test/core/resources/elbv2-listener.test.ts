import type {Listener} from '@aws-sdk/client-elastic-load-balancing-v2'
import {describe, expect, it} from 'vitest'

import {compareProperties} from '../../../src/core/diff/compare.js'
import type {ActualResource, Difference} from '../../../src/core/model.js'
import {codifiedProperties} from '../../../src/core/plan/codify.js'
import {healOf} from '../../../src/core/plan/heal-actions.js'
import {assessItem} from '../../../src/core/risk/assess.js'
import {elbv2Listener, listenerFromAws, sslPolicyStrength} from '../../../src/core/resources/elbv2-listener.js'
import {type HealBuild, healCallProblem} from '../../../src/core/resources/heal.js'
import {revertCalls} from '../../../src/core/resources/index.js'
import {item} from '../plan/heal-fixtures.js'
import {refusal} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const listeners = fixture<{Listeners: Listener[]}>('elbv2-describe-listeners').Listeners
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-web-prod/50dc6c495c0c9188'
const GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-api-prod/73e2d6bc24d8a067'
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b'
const HTTPS_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb-web-prod/50dc6c495c0c9188/0467ef3c8400ae65'

const https = (overrides: Partial<Listener> = {}): ActualResource => listenerFromAws({...listeners[0], ...overrides}, {}, region)
const http = (overrides: Partial<Listener> = {}): ActualResource => listenerFromAws({...listeners[1], ...overrides}, {}, region)

const rules = {setPaths: elbv2Listener.setPaths, arnOrNamePaths: elbv2Listener.arnOrNamePaths, notReturned: elbv2Listener.notReturnedPaths}
const compare = (desired: Record<string, unknown>, actual: ActualResource) => compareProperties(elbv2Listener.desiredAsRead!(desired, actual), actual.properties, rules, () => 9)
const diff = (path: string, expected: unknown, actual: unknown): Difference => ({path, expected, actual, kind: 'NOT_EQUAL'})
const assess = (actual: ActualResource, differences: Difference[]) => assessItem(item('HttpsListener', actual, differences), actual, {severityOverrides: [], severityLimit: 'medium'}).item

/** The calls a revert made, revert and rollback alike; each must pass the schema its module declares. */
function revertCallsOf(build: HealBuild): Array<{api: string; params: Record<string, unknown>}> {
  if (!build.ok) throw new Error(`expected calls, got a refusal: ${build.reason}`)
  const calls = build.actions.flatMap((action) => [{api: action.api, params: action.params}, {api: action.rollback.api, params: action.rollback.params}])
  for (const call of calls) expect(revertCalls(call.api).some((declared) => healCallProblem(declared, call.params) === undefined), `${call.api} passes its schema`).toBe(true)
  return calls
}

const problem = (params: Record<string, unknown>) => healCallProblem(revertCalls('ELBv2.ModifyListener')[0], params)?.message

/** The template's HTTPS listener as 05-alb.yaml declares it, `!Ref`s resolved. */
const declaredHttps = {
  LoadBalancerArn: ALB,
  Port: 443,
  Protocol: 'HTTPS',
  SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  Certificates: [{CertificateArn: CERTIFICATE}],
  DefaultActions: [{Type: 'forward', TargetGroupArn: GROUP}],
}

describe('AWS::ElasticLoadBalancingV2::Listener mapping', () => {
  it('GIVEN the HTTPS and HTTP listeners of an ALB WHEN mapped THEN CloudFormation names: its load balancer, port, protocol, policy, default certificate, actions in order', () => {
    const resource = https()
    expect(resource.physicalId).toBe(HTTPS_ARN)
    expect(resource.properties).toEqual({
      LoadBalancerArn: ALB,
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{CertificateArn: CERTIFICATE}],
      DefaultActions: [{Type: 'forward', TargetGroupArn: GROUP, Order: 1, ForwardConfig: {TargetGroups: [{TargetGroupArn: GROUP, Weight: 1}], TargetGroupStickinessConfig: {Enabled: false}}}],
      MutualAuthentication: {Mode: 'off', IgnoreClientCertificateExpiry: false},
    })
    expect(resource.attributes).toEqual({ListenerArn: HTTPS_ARN})
    expectNoAbsentValues(resource)
    expect(http().properties).toEqual({
      LoadBalancerArn: ALB,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{Type: 'redirect', Order: 1, RedirectConfig: {Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301'}}],
    })
    expect(elbv2Listener.displayName(http())).toBe('alb-web-prod:80')
  })

  it('GIVEN an OIDC action WHEN mapped THEN no client secret is kept, even if AWS answered one (SPEC 10), and actions follow their Order', () => {
    const [oidc, fixed] = listeners[2].DefaultActions!
    const resource = listenerFromAws({...listeners[2], DefaultActions: [fixed, {...oidc, AuthenticateOidcConfig: {...oidc.AuthenticateOidcConfig!, ClientSecret: 's3cr3t-value', UseExistingClientSecret: true}}]}, {}, region)
    expect(JSON.stringify(resource)).not.toContain('s3cr3t-value')
    expect((resource.properties.DefaultActions as Array<{Type: string}>).map((action) => action.Type)).toEqual(['authenticate-oidc', 'fixed-response'])
    expect(resource.properties.MutualAuthentication).toEqual({Mode: 'verify', TrustStoreArn: expect.stringContaining(':truststore/'), IgnoreClientCertificateExpiry: false})
  })

  it('GIVEN keys WHEN asked THEN a declared listener is found by its load balancer’s ARN and its port (a number or a string), then by its CloudFormation tags', () => {
    expect(elbv2Listener.desiredKeys({logicalId: 'HttpsListener', stackName: '30-compute-05-alb', properties: {LoadBalancerArn: ALB, Port: '443'}})).toEqual([`listener:${ALB}:443`, 'cfn:30-compute-05-alb/HttpsListener'])
    // The load balancer not found yet (its `!Ref` unresolved): only the CloudFormation key.
    expect(elbv2Listener.desiredKeys({logicalId: 'HttpsListener', stackName: 's', properties: {Port: 443}})).toEqual(['cfn:s/HttpsListener'])
    const deployed = listenerFromAws(listeners[0], {'aws:cloudformation:stack-name': '30-compute-05-alb', 'aws:cloudformation:logical-id': 'HttpsListener'}, region)
    expect(elbv2Listener.actualKeys(deployed)).toEqual([`listener:${ALB}:443`, 'cfn:30-compute-05-alb/HttpsListener'])
  })
})

describe('AWS::ElasticLoadBalancingV2::Listener comparison', () => {
  it('GIVEN the template’s listeners (forward by TargetGroupArn, redirect with three keys) WHEN compared THEN AWS’s Order, ForwardConfig and redirect defaults are not drift', () => {
    expect(compare(declaredHttps, https())).toEqual({differences: [], notChecked: []})
    expect(compare({LoadBalancerArn: ALB, Port: 80, Protocol: 'HTTP', DefaultActions: [{Type: 'redirect', RedirectConfig: {Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301'}}]}, http())).toEqual({differences: [], notChecked: []})
  })

  it('GIVEN a weighted ForwardConfig in another order, and listener attributes declared WHEN compared THEN target groups compare as a set, attributes are not checked', () => {
    const other = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-api-canary/0f1e2d3c4b5a6978'
    const actual = https({DefaultActions: [{Type: 'forward', Order: 1, ForwardConfig: {TargetGroups: [{TargetGroupArn: GROUP, Weight: 90}, {TargetGroupArn: other, Weight: 10}]}}]})
    const result = compare({DefaultActions: [{Type: 'forward', ForwardConfig: {TargetGroups: [{TargetGroupArn: other, Weight: 10}, {TargetGroupArn: GROUP, Weight: 90}]}}], ListenerAttributes: [{Key: 'routing.http.response.server.enabled', Value: 'false'}]}, actual)
    expect(result).toEqual({differences: [], notChecked: [{path: '/ListenerAttributes', reason: 'ListenerAttributes is not returned by the describe call'}]})
  })

  it('GIVEN an OIDC action with its client secret in the template WHEN compared THEN the secret is neither drift nor shown anywhere', () => {
    const [oidc] = listeners[2].DefaultActions!
    const config = {...oidc.AuthenticateOidcConfig!, ClientSecret: 'template-s3cr3t'}
    const result = compare({DefaultActions: [{Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: {...config, Scope: 'openid email'}}]}, listenerFromAws(listeners[2], {}, region))
    expect(result.differences).toEqual([{...diff('/DefaultActions/0/AuthenticateOidcConfig/Scope', 'openid email', 'openid'), line: 9}, {path: '/DefaultActions/1', expected: null, actual: expect.objectContaining({Type: 'fixed-response'}), kind: 'ADD', line: 9}])
    expect(JSON.stringify(result)).not.toContain('template-s3cr3t')
  })

  it('GIVEN the policy downgraded, another certificate, and the forward swapped for a fixed response WHEN compared THEN each at its path', () => {
    const actual = https({SslPolicy: 'ELBSecurityPolicy-2016-08', Certificates: [{CertificateArn: 'arn:aws:iam::123456789012:server-certificate/old'}], DefaultActions: [{Type: 'fixed-response', Order: 1, FixedResponseConfig: {StatusCode: '503'}}]})
    const result = compare(declaredHttps, actual)
    expect(result.differences.map(({path, kind}) => [path, kind])).toEqual([
      ['/SslPolicy', 'NOT_EQUAL'],
      // A set of one certificate: the declared one is gone, another is there.
      ['/Certificates/0', 'REMOVE'],
      ['/Certificates/1', 'ADD'],
      // Another type of action: the declared one gone, AWS's there, whole.
      ['/DefaultActions/0', 'REMOVE'],
      ['/DefaultActions/1', 'ADD'],
    ])
  })

  it('GIVEN drift WHEN assessed THEN protocol, policy and certificate critical; default actions and port high; never auto-healed', () => {
    expect(assess(https(), [diff('/SslPolicy', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-2016-08')])).toMatchObject({severity: 'critical', impact: ['security'], autoHealable: false})
    expect(assess(https(), [diff('/Protocol', 'HTTPS', 'HTTP')])).toMatchObject({severity: 'critical', autoHealable: false})
    expect(assess(https(), [diff('/Certificates/0/CertificateArn', CERTIFICATE, 'arn:aws:acm:us-east-1:123456789012:certificate/other')])).toMatchObject({severity: 'critical'})
    expect(assess(https(), [diff('/DefaultActions/0/TargetGroupArn', GROUP, 'arn:x')])).toMatchObject({severity: 'high', impact: ['security', 'availability'], autoHealable: false})
    expect(assess(https(), [diff('/Port', 443, 8443)])).toMatchObject({severity: 'high', autoHealable: false})
    const plan = healOf(item('HttpsListener', https(), [diff('/SslPolicy', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-2016-08')]), https())
    expect(plan.build).toEqual({ok: false, reason: '/SslPolicy: who may connect and how it is encrypted is a security decision for a person (revert or reverse-sync it)'})
  })

  it('GIVEN actions WHEN described for a person THEN the common ones read plainly; anything else keeps the generic form', () => {
    const describe = elbv2Listener.describeValue!
    expect(describe('/DefaultActions/0', {Type: 'forward', TargetGroupArn: GROUP})).toBe('forward to tg-api-prod')
    expect(describe('/DefaultActions/0', {Type: 'redirect', RedirectConfig: {Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301'}})).toBe('redirect to HTTPS:443 (HTTP_301)')
    expect(describe('/DefaultActions/0', {Type: 'fixed-response', FixedResponseConfig: {StatusCode: '503'}})).toBe('fixed response 503')
    // A message body or a host is not summarised away: the generic form shows every part (and escapes it).
    expect(describe('/DefaultActions/0', {Type: 'fixed-response', FixedResponseConfig: {StatusCode: '503', MessageBody: '\u001B[2Jdown'}})).toBeUndefined()
    expect(describe('/DefaultActions/0', {Type: 'redirect', RedirectConfig: {Protocol: 'HTTPS', Host: 'evil.example', StatusCode: 'HTTP_302'}})).toBeUndefined()
    expect(describe('/Port', 443)).toBeUndefined()
  })
})

describe('AWS::ElasticLoadBalancingV2::Listener revert (ModifyListener)', () => {
  const revert = elbv2Listener.revert!
  const build = (actual: ActualResource, changes: Array<{path: string; from: unknown; to: unknown}>) => revert.build(actual, changes, {applyImmediately: false})

  it('GIVEN the policy downgraded and the default action changed by hand WHEN reverted THEN one ModifyListener writes the declared values whole; the rollback writes AWS’s as read', () => {
    const actual = https({SslPolicy: 'ELBSecurityPolicy-2016-08', DefaultActions: [{Type: 'fixed-response', Order: 1, FixedResponseConfig: {StatusCode: '503'}}]})
    const actions = revert.changeOf!(actual, '/DefaultActions', [diff('/DefaultActions/0/Type', 'forward', 'fixed-response')], declaredHttps.DefaultActions)
    expect(actions).toEqual({path: '/DefaultActions', from: actual.properties.DefaultActions, to: declaredHttps.DefaultActions})
    const policy = revert.changeOf!(actual, '/SslPolicy', [diff('/SslPolicy', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-2016-08')], 'ELBSecurityPolicy-TLS13-1-2-2021-06')
    expect(revertCallsOf(build(actual, [actions as never, policy as never]))).toEqual([
      {api: 'ELBv2.ModifyListener', params: {ListenerArn: HTTPS_ARN, DefaultActions: [{Type: 'forward', TargetGroupArn: GROUP}], SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06'}},
      {api: 'ELBv2.ModifyListener', params: {ListenerArn: HTTPS_ARN, DefaultActions: [{Type: 'fixed-response', Order: 1, FixedResponseConfig: {StatusCode: '503'}}], SslPolicy: 'ELBSecurityPolicy-2016-08'}},
    ])
    // Putting back a stronger policy, or a forward, is a plain revert: it weakens nothing.
    expect(revert.weakens!({path: '/SslPolicy', from: 'ELBSecurityPolicy-2016-08', to: 'ELBSecurityPolicy-TLS13-1-2-2021-06'})).toBeUndefined()
  })

  it('GIVEN Git weaker than AWS (HTTP where AWS has HTTPS, an older policy, a forward where AWS redirects to HTTPS) WHEN reverted THEN each weakens: --approve-critical', () => {
    expect(revert.weakens!({path: '/Protocol', from: 'HTTPS', to: 'HTTP'})).toBe('puts back HTTP where AWS has HTTPS: traffic to the load balancer unencrypted')
    expect(revert.weakens!({path: '/SslPolicy', from: 'ELBSecurityPolicy-TLS13-1-2-2021-06', to: 'ELBSecurityPolicy-TLS-1-1-2017-01'})).toMatch(/older or accepting older TLS/)
    expect(revert.weakens!({path: '/SslPolicy', from: 'ELBSecurityPolicy-TLS13-1-2-2021-06', to: 'ELBSecurityPolicy-TLS-1-2-2017-01'})).toMatch(/older/)
    expect(revert.weakens!({path: '/DefaultActions', from: http().properties.DefaultActions, to: [{Type: 'forward', TargetGroupArn: GROUP}]})).toBe('puts back default actions that serve plain HTTP where AWS redirects to HTTPS')
    expect(sslPolicyStrength('ELBSecurityPolicy-TLS13-1-3-2021-06')).toEqual([3, 2021])
    expect(sslPolicyStrength('ELBSecurityPolicy-2016-08')).toEqual([0, 2016])
    expect(sslPolicyStrength('ELBSecurityPolicy-FS-1-2-Res-2020-10')).toEqual([2, 2020])
  })

  it('GIVEN values ModifyListener cannot take WHEN reverted THEN refused with the reason, and no call', () => {
    expect(refusal(build(https(), [{path: '/Port', from: 443, to: 70_000}]))).toBe('/Port 70000 is not a port')
    expect(refusal(build(https(), [{path: '/Certificates', from: [], to: [{CertificateArn: 'a'}, {CertificateArn: 'b'}]}]))).toBe('/Certificates: a listener has exactly one default certificate')
    expect(refusal(build(http(), [{path: '/Protocol', from: 'HTTP', to: 'HTTPS'}]))).toBe('/Protocol HTTPS needs a default certificate, and none is declared nor in AWS')
    expect(refusal(build(https(), [{path: '/DefaultActions', from: [], to: listenerFromAws(listeners[2], {}, region).properties.DefaultActions}]))).toMatch(/authenticate-oidc action carries a client secret/)
    expect(revert.changeOf!(https(), '/DefaultActions', [], undefined)).toBe('/DefaultActions: the declared value is not known, so it cannot be written whole')
    // HTTP to HTTPS with the certificate and policy reverted together is one call.
    const calls = revertCallsOf(build(http(), [{path: '/Protocol', from: 'HTTP', to: 'HTTPS'}, {path: '/Certificates', from: undefined, to: [{CertificateArn: CERTIFICATE}]}, {path: '/Port', from: 80, to: 443}]))
    expect(calls[0].params).toEqual({ListenerArn: http().physicalId, Protocol: 'HTTPS', Certificates: [{CertificateArn: CERTIFICATE}], Port: 443})
  })

  it('GIVEN forged ModifyListener calls WHEN validated THEN an OIDC action (a secret), a second certificate, a bad port or nothing to change is refused before any AWS call', () => {
    expect(problem({ListenerArn: HTTPS_ARN, DefaultActions: [{Type: 'authenticate-oidc', AuthenticateOidcConfig: {ClientSecret: 'x'}}]})).toMatch(/authenticate-oidc carries a secret/)
    expect(problem({ListenerArn: HTTPS_ARN, Certificates: [{CertificateArn: CERTIFICATE}, {CertificateArn: CERTIFICATE}]})).toBe('Certificates must hold exactly one {CertificateArn}')
    expect(problem({ListenerArn: HTTPS_ARN, Port: 0})).toBe('Port must be a whole number from 1 to 65535')
    expect(problem({ListenerArn: HTTPS_ARN})).toBe('ModifyListener must change a listener setting')
    expect(problem({ListenerArn: GROUP, Port: 443})).toBe('ListenerArn must be a full listener ARN')
    expect(problem({ListenerArn: HTTPS_ARN, Port: 443, LoadBalancerArn: ALB})).toBe('LoadBalancerArn is not a parameter a heal sends')
  })

  it('GIVEN an extra listener WHEN codified THEN its settings, without mutual TLS off (AWS’s default)', () => {
    expect(codifiedProperties(https())).toEqual({
      LoadBalancerArn: ALB,
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{CertificateArn: CERTIFICATE}],
      DefaultActions: [{Type: 'forward', TargetGroupArn: GROUP, Order: 1, ForwardConfig: {TargetGroups: [{TargetGroupArn: GROUP, Weight: 1}], TargetGroupStickinessConfig: {Enabled: false}}}],
    })
  })
})
