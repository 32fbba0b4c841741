// The AWS fault cases of issue 8, end to end: the CLI in front of moto through a proxy that answers some calls
// with the error AWS would send. A run that would succeed slower must succeed; one that cannot must end with
// exit 3 and one line that says what is wrong. moto accepts any credentials and never throttles, fails or denies,
// so the proxy injects those answers in the shape AWS documents for each protocol.
import {afterAll, beforeAll, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {type AwsProxy, startFaultProxy, startThrottlingProxy} from './helpers/aws-proxy.js'
import {runCli} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'
import {reportWithoutHistory, withoutHistory} from './helpers/history.js'
import {freePort} from './helpers/moto.js'

describeE2e('AWS faults', () => {
  const suite = exampleEstateSuite({induceDrift: true})
  let baseline: DriftReport
  const proxies: AwsProxy[] = []
  const track = async (proxy: Promise<AwsProxy>) => {
    proxies.push(await proxy)
    return proxies.at(-1)!
  }

  // The baseline's items are new, a later check's known: the history's fields are not what these tests compare.
  const withoutTime = (report: DriftReport) => ({...reportWithoutHistory(report), generatedAt: undefined})
  const oneLine = (stderr: string) => stderr.trim().split('\n')

  beforeAll(async () => {
    const result = await runCli(suite.workspace, ['drift', 'check', '--json'], {endpoint: motoEndpoint()})
    expect(result.code, result.stderr).toBe(2)
    baseline = JSON.parse(result.stdout) as DriftReport
  })
  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()))
  })

  it('GIVEN AWS throttles the first calls of every service WHEN `drift check` runs THEN it succeeds, slower, with the same report', async () => {
    const seen = new Map<string, number>()
    const proxy = await track(
      // A budget above two calls of every service the check reads, so that each of them is throttled whatever
      // order the parallel readers call in.
      startThrottlingProxy(motoEndpoint(), 100, (call) => {
        // The proxy answers in the query and JSON protocols' error shapes, not S3's REST XML: S3 is not throttled here.
        if (call.protocol === 'rest') return false
        const count = seen.get(call.service) ?? 0
        seen.set(call.service, count + 1)
        return count < 2
      }),
    )
    const result = await runCli(suite.workspace, ['drift', 'check', '--json'], {endpoint: proxy.endpoint})
    expect(result.code, result.stderr).toBe(2)
    expect(withoutTime(JSON.parse(result.stdout) as DriftReport)).toEqual(withoutTime(baseline))
    const services = new Set(proxy.calls.filter((call) => call.protocol !== 'rest').map((call) => call.service))
    expect([...services]).toEqual(expect.arrayContaining(['sts', 'ec2', 'ecs', 'rds', 'monitoring', 'tagging', 'sqs', 'logs', 'sns', 'elasticloadbalancing', 'dynamodb']))
    expect(new Set(proxy.calls.filter((call) => call.throttled).map((call) => call.service))).toEqual(services)
  })

  it('GIVEN AWS answers the first calls with HTTP 500 WHEN `drift check` runs THEN it retries and succeeds with the same report', async () => {
    const proxy = await track(startFaultProxy(motoEndpoint(), 'server-error', 3))
    const result = await runCli(suite.workspace, ['drift', 'check', '--json'], {endpoint: proxy.endpoint})
    expect(result.code, result.stderr).toBe(2)
    expect(withoutTime(JSON.parse(result.stdout) as DriftReport)).toEqual(withoutTime(baseline))
    expect(proxy.calls.filter((call) => call.fault)).toHaveLength(3)
  })

  it('GIVEN nothing listens at the endpoint WHEN `drift check` runs THEN it exits 3 with one line and prints no report', async () => {
    const result = await runCli(suite.workspace, ['drift', 'check'], {endpoint: `http://127.0.0.1:${await freePort()}`})
    expect(result.code).toBe(3)
    expect(result.stdout).toBe('')
    expect(oneLine(result.stderr)).toEqual([expect.stringMatching(/^Error: cannot reach AWS/)])
  })

  it('GIVEN the session token expired WHEN `drift check` runs THEN it exits 3 with one line that says so, without retrying for long', async () => {
    const proxy = await track(startFaultProxy(motoEndpoint(), 'expired-token', 10_000))
    const result = await runCli(suite.workspace, ['drift', 'check'], {endpoint: proxy.endpoint})
    expect(result.code).toBe(3)
    expect(result.stdout).toBe('')
    expect(oneLine(result.stderr)).toEqual([expect.stringMatching(/^Error: .*(expired|credentials)/i)])
    expect(result.durationMs).toBeLessThan(15_000)
  })

  it('GIVEN --verbose and an expired session WHEN `drift check` fails THEN neither the secret key nor the session token appears in any output', async () => {
    const proxy = await track(startFaultProxy(motoEndpoint(), 'expired-token', 10_000))
    const secrets = {AWS_SECRET_ACCESS_KEY: 'e2eSecretKeyDoNotPrint0123456789abcdefXYZ', AWS_SESSION_TOKEN: 'e2eSessionTokenDoNotPrint9876543210QWERTY'}
    const result = await runCli(suite.workspace, ['drift', 'check', '--verbose'], {endpoint: proxy.endpoint, env: secrets})
    expect(result.code).toBe(3)
    for (const secret of Object.values(secrets)) expect(`${result.stdout}${result.stderr}`).not.toContain(secret)
  })

  it('GIVEN ECS denies access WHEN `drift check` runs THEN it exits 3 with one line naming ECS', async () => {
    const proxy = await track(startFaultProxy(motoEndpoint(), 'access-denied', 10_000, (call) => call.service === 'ecs'))
    const result = await runCli(suite.workspace, ['drift', 'check'], {endpoint: proxy.endpoint})
    expect(result.code).toBe(3)
    expect(result.stdout).toBe('')
    expect(oneLine(result.stderr)).toEqual([expect.stringMatching(/^Error: could not read AWS::ECS::.*AccessDenied \(ecs:\w+\).*--allow-partial/)])
  })

  it('GIVEN ECS denies access WHEN `drift check --allow-partial` runs THEN the other services are checked and the ECS resources are not', async () => {
    const proxy = await track(startFaultProxy(motoEndpoint(), 'access-denied', 10_000, (call) => call.service === 'ecs'))
    const result = await runCli(suite.workspace, ['drift', 'check', '--allow-partial', '--json'], {endpoint: proxy.endpoint})
    expect(result.code, result.stderr).toBe(2)
    const report = JSON.parse(result.stdout) as DriftReport
    expect(report.items.filter((item) => item.type.startsWith('AWS::ECS::'))).toEqual([])
    expect(report.items.map(withoutHistory)).toEqual(baseline.items.filter((item) => !item.type.startsWith('AWS::ECS::')).map(withoutHistory))
    expect(report.summary.notChecked).toBeGreaterThan(baseline.summary.notChecked)
  })

  it('GIVEN AWS throttles the heal calls WHEN `drift heal --auto-approve` runs THEN every safe item is still healed', async () => {
    const proxy = await track(startThrottlingProxy(motoEndpoint(), 3, (call) => !/^(Describe|List|Get)/.test(call.operation)))
    const result = await runCli(suite.workspace, ['drift', 'heal', '--auto-approve', '--json'], {endpoint: proxy.endpoint})
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0)
    const healed = JSON.parse(result.stdout) as {summary: {applied: number; failed: number}}
    expect(healed.summary).toMatchObject({applied: baseline.items.filter((item) => item.autoHealable).length, failed: 0})
    expect(proxy.calls.filter((call) => call.throttled)).toHaveLength(3)
  })
})
