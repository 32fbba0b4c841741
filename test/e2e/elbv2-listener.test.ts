// Elastic Load Balancing v2 listeners end to end, against moto: the HTTPS and HTTP listeners the example ALB phase
// declares, changed by hand through the plain AWS API, found with file:line, put back by `drift revert`, adopted into
// Git by reverse sync, and missing or extra.
//
// moto gaps, noted where they matter (AWS's documented behaviour is what the product follows):
// - moto refuses a listener on an ACM ARN it does not hold and gives ACM certificates random ARNs: the e2e config names
//   an IAM server certificate instead (fixtures/config.ts), which ALB listeners accept in AWS as well.
// - moto answers no Order and no ForwardConfig beside a forward action's TargetGroupArn (AWS answers both); only the
//   keys a template sets are compared, so this is invisible (a codified extra carries them in AWS).
// - AWS's XML cannot carry control characters (a terminal escape) in a fixed response body, and neither can moto's:
//   the escaping of those is covered by the unit tests of the renderers; here the Markdown and YAML injections.
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {execFileSync} from 'node:child_process'

import {type Action, CreateListenerCommand, CreateLoadBalancerCommand, DescribeListenersCommand, type Listener, ModifyListenerCommand} from '@aws-sdk/client-elastic-load-balancing-v2'
import {beforeAll, expect, it} from 'vitest'
import {parse} from 'yaml'

import {MOTO_CERTIFICATE_ARN} from './fixtures/config.js'
import {REPO_ROOT} from './helpers/cli.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const FILE = 'phases/30-compute/05-alb.yaml'
const TYPE = 'AWS::ElasticLoadBalancingV2::Listener'
const OLD_POLICY = 'ELBSecurityPolicy-2016-08'
const POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06'
/** A fixed response body a hostile (or careless) hand wrote: Markdown table and code breaks, a YAML document, bidi. */
const HOSTILE_BODY = '| x | `y` ]]> \n---\nevil: !!js/function "x"\n# not a comment \u202Eexe.txt'

/** 1-based line of the first line of the file matching `pattern` after line `after` (read as text, not through the product). */
const lineOf = (pattern: RegExp, after = 0) => readFileSync(path.join(REPO_ROOT, FILE), 'utf8').split('\n').findIndex((line, index) => index >= after && pattern.test(line)) + 1

describeE2e('ELBv2 listeners against moto', () => {
  const suite = exampleEstateSuite({type: TYPE, failOnStderr: /Error/})
  const {cli, check} = suite
  let albArn: string
  let httpsArn: string
  let httpArn: string

  const listener = async (arn: string): Promise<Listener> => (await suite.aws.elbv2.send(new DescribeListenersCommand({ListenerArns: [arn]}))).Listeners![0]

  beforeAll(async () => {
    albArn = suite.estate.resources.WebLoadBalancer.physicalId
    httpsArn = suite.estate.resources.HttpsListener.physicalId
    httpArn = suite.estate.resources.HttpListener.physicalId
    // Another team's load balancer and its listener: outside the scope, never asked for its listeners.
    const other = await suite.aws.elbv2.send(new CreateLoadBalancerCommand({Name: 'alb-other-team', Scheme: 'internal', Subnets: [suite.estate.resources.PrivateSubnetA.physicalId, suite.estate.resources.PrivateSubnetB.physicalId]}))
    await suite.aws.elbv2.send(new CreateListenerCommand({LoadBalancerArn: other.LoadBalancers![0].LoadBalancerArn, Port: 80, Protocol: 'HTTP', DefaultActions: [{Type: 'fixed-response', FixedResponseConfig: {StatusCode: '404'}}]}))
  })

  it('GIVEN the listeners as the phases declare them WHEN checked and snapshotted THEN in sync, and only the declared ALB is asked for its listeners', async () => {
    const {items} = await check()
    expect(items).toEqual([])
    // Every declared listener property was compared: none under "Not checked" (the certificate and target group resolved).
    expect((await cli('drift', 'check')).stdout).not.toMatch(/Listener \//)
    const snapshot = await cli('snapshot', '--out', 'snapshot.json', '--json')
    expect(snapshot.code, snapshot.stderr).toBe(0)
    const calls = (JSON.parse(snapshot.stdout) as {apiCalls: Record<string, number>}).apiCalls
    // One DescribeListeners (the declared ALB; the other team's is out of scope); DescribeTags once per ELBv2 type.
    expect(calls).toMatchObject({'ELBv2.DescribeLoadBalancers': 1, 'ELBv2.DescribeListeners': 1, 'ELBv2.DescribeTags': 3})
  })

  it('GIVEN the HTTPS policy downgraded and HTTP answered by a fixed response instead of the redirect WHEN checked THEN critical and high with file:line, never healed; WHEN reverted THEN AWS has them back', async () => {
    await suite.aws.elbv2.send(new ModifyListenerCommand({ListenerArn: httpsArn, SslPolicy: OLD_POLICY}))
    await suite.aws.elbv2.send(new ModifyListenerCommand({ListenerArn: httpArn, DefaultActions: [{Type: 'fixed-response', FixedResponseConfig: {StatusCode: '200', ContentType: 'text/plain', MessageBody: 'ok'}}]}))

    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items.map((item) => [item.id, item.driftType, item.severity, item.autoHealable, item.location])).toEqual([
      ['HttpsListener', 'configuration_drift', 'critical', false, {file: FILE, line: lineOf(/^ {2}HttpsListener:/)}],
      ['HttpListener', 'configuration_drift', 'high', false, {file: FILE, line: lineOf(/^ {2}HttpListener:/)}],
    ])
    expect(items[0].differences).toEqual([{path: '/SslPolicy', expected: POLICY, actual: OLD_POLICY, kind: 'NOT_EQUAL', line: lineOf(/SslPolicy: ELBSecurityPolicy/)}])
    const http = lineOf(/^ {2}HttpListener:/)
    // Another type of action: the declared redirect gone, AWS's fixed response there, whole.
    expect(items[1].differences).toEqual([
      {path: '/DefaultActions/0', expected: {Type: 'redirect', RedirectConfig: {Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301'}}, actual: null, kind: 'REMOVE', line: lineOf(/- Type: redirect/, http)},
      {path: '/DefaultActions/1', expected: null, actual: {Type: 'fixed-response', FixedResponseConfig: {StatusCode: '200', ContentType: 'text/plain', MessageBody: 'ok'}}, kind: 'ADD', line: lineOf(/DefaultActions:/, http)},
    ])

    const heal = await cli('drift', 'heal', '--auto-approve')
    expect(heal.code, heal.stdout + heal.stderr).toBe(0)
    expect((await listener(httpsArn)).SslPolicy).toBe(OLD_POLICY)

    const revert = await cli('drift', 'revert', 'HttpsListener', 'HttpListener', '--auto-approve', '--approve-critical', '--json')
    expect(revert.code, revert.stdout + revert.stderr).toBe(0)
    expect((await listener(httpsArn)).SslPolicy).toBe(POLICY)
    expect((await listener(httpArn)).DefaultActions).toMatchObject([{Type: 'redirect', RedirectConfig: {Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301'}}])
    expect((await check()).items).toEqual([])
  })

  it('GIVEN Git would put back HTTP where AWS now has HTTPS WHEN reverted without --approve-critical THEN refused as weakening, nothing sent', async () => {
    // Someone moved the HTTP listener to HTTPS by hand (with the certificate): Git says HTTP.
    await suite.aws.elbv2.send(new ModifyListenerCommand({ListenerArn: httpArn, Protocol: 'HTTPS', SslPolicy: POLICY, Certificates: [{CertificateArn: MOTO_CERTIFICATE_ARN}]}))
    const plan = await cli('drift', 'revert', 'HttpListener', '--auto-approve', '--json')
    expect(plan.code, plan.stdout + plan.stderr).toBe(2)
    expect(plan.stdout).toContain('puts back HTTP where AWS has HTTPS')
    expect((await listener(httpArn)).Protocol).toBe('HTTPS')
    await suite.aws.elbv2.send(new ModifyListenerCommand({ListenerArn: httpArn, Protocol: 'HTTP'}))
    expect((await check()).items).toEqual([])
  })

  it('GIVEN a hostile fixed response body instead of the redirect, and an extra listener without tags WHEN reverse-synced THEN the body is data, the phases validate and check in sync', async () => {
    const hostile: Action[] = [{Type: 'fixed-response', FixedResponseConfig: {StatusCode: '503', ContentType: 'text/plain', MessageBody: HOSTILE_BODY}}]
    await suite.aws.elbv2.send(new ModifyListenerCommand({ListenerArn: httpArn, DefaultActions: hostile}))
    const extra = await suite.aws.elbv2.send(
      new CreateListenerCommand({LoadBalancerArn: albArn, Port: 8443, Protocol: 'HTTPS', SslPolicy: POLICY, Certificates: [{CertificateArn: MOTO_CERTIFICATE_ARN}], DefaultActions: [{Type: 'forward', TargetGroupArn: suite.estate.resources.ApiTargetGroup.physicalId}]}),
    )
    const extraArn = extra.Listeners![0].ListenerArn!

    const {items} = await check()
    expect(items.map((item) => [item.id, item.driftType])).toEqual([
      ['HttpListener', 'configuration_drift'],
      [extraArn, 'extra_resource'],
    ])
    // The text report shows the body as data: no line of it starts a Markdown table or a YAML document.
    const text = await cli('drift', 'check')
    expect(text.stdout).toContain(extraArn)
    expect(text.stdout).toContain('+ /DefaultActions/1')
    expect(text.stdout.split('\n').filter((line) => /^(---|evil:|\| x)/.test(line))).toEqual([])

    const dryRun = await cli('reverse-sync', '--dry-run')
    expect(dryRun.code, dryRun.stderr).toBe(0)
    const [patch, body] = dryRun.stdout.split('\n--- pull request body ---')
    expect(body.split('\n').filter((line) => /^(evil:|\| x)/.test(line))).toEqual([])
    expect(patch).toMatch(/\+\+\+ b\/phases\/99-imported\/\d+-elasticloadbalancingv2-listener\.yaml/)
    writeFileSync(path.join(suite.workspace.dir, 'reverse-sync.patch'), `${patch.trimEnd()}\n`)
    execFileSync('git', ['apply', 'reverse-sync.patch'], {cwd: suite.workspace.dir})
    const edited = readFileSync(path.join(suite.workspace.dir, FILE), 'utf8')
    // The YAML holds the body as one string, exactly as AWS has it: nothing injected into the template.
    const template = parse(edited, {logLevel: 'error'}) as {Resources: Record<string, {Properties: {DefaultActions: Action[]}}>}
    expect(Object.keys(template.Resources)).toEqual(['WebLoadBalancer', 'ApiTargetGroup', 'HttpsListener', 'HttpListener'])
    expect(template.Resources.HttpListener.Properties.DefaultActions[0].FixedResponseConfig?.MessageBody).toBe(HOSTILE_BODY)

    const validate = await cli('phases', 'validate')
    expect(validate.code, validate.stdout + validate.stderr).toBe(0)
    expect((await check()).items).toEqual([])
  })

  it('GIVEN the HTTPS listener moved to another port by hand WHEN checked THEN the declared one is missing with file:line and the moved one is extra', async () => {
    await suite.aws.elbv2.send(new ModifyListenerCommand({ListenerArn: httpsArn, Port: 9443}))
    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items.map((item) => [item.id, item.driftType, item.severity, item.location])).toEqual([
      ['HttpsListener', 'missing_resource', expect.any(String), {file: FILE, line: lineOf(/^ {2}HttpsListener:/)}],
      [httpsArn, 'extra_resource', expect.any(String), null],
    ])
  })
})
