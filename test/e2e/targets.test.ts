// Config targets against moto (issue 19): two accounts, each reached by assuming a role, times two regions, with a
// different drift in each place. One `drift check` reads them all side by side and reports exactly the induced
// drift, every item naming its target, account, region and ref, a missing resource included. A role that cannot be
// assumed fails the run naming the target, or, with --allow-partial, is listed as unread.
//
// moto and AWS: moto's AssumeRole never refuses and does not need the role to exist; it hands out credentials that
// it maps into the role's account, which is what lets one moto server hold two accounts here. The refused role is
// therefore injected by the fault proxy, answering that role's AssumeRole with AccessDenied as STS does.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {GetQueueAttributesCommand, GetQueueUrlCommand} from '@aws-sdk/client-sqs'
import {afterAll, beforeAll, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {queuesTemplate, seedQueues, sqsInAccount, TARGET_REGIONS, targetEntry, targetsConfig} from './helpers/accounts.js'
import {type AwsProxy, startFaultProxy} from './helpers/aws-proxy.js'
import {createWorkspace, runCli} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'

const PROD = 'arn:aws:iam::111111111111:role/ialctl-readonly'
const STAGING = 'arn:aws:iam::222222222222:role/ialctl-readonly'
const DENIED = 'arn:aws:iam::333333333333:role/ialctl-readonly'
const REGIONS = TARGET_REGIONS

const TEMPLATE = queuesTemplate('')

const config = (extra = '') => targetsConfig(PROD, STAGING, extra)

describeE2e('config targets: two accounts x two regions, against moto', () => {
  let phases: string
  let proxy: AwsProxy

  const visibilityOf = async (roleArn: string, region: string, name: string) => {
    const sqs = sqsInAccount(roleArn, region)
    const {QueueUrl} = await sqs.send(new GetQueueUrlCommand({QueueName: name}))
    const {Attributes} = await sqs.send(new GetQueueAttributesCommand({QueueUrl, AttributeNames: ['VisibilityTimeout']}))
    sqs.destroy()
    return Number(Attributes?.VisibilityTimeout)
  }

  const check = async (configText: string, args: string[] = [], endpoint = motoEndpoint()) => {
    const workspace = createWorkspace({config: configText, phasesFrom: phases})
    const result = await runCli(workspace, ['drift', 'check', '--json', ...args], {endpoint, timeoutMs: 120_000})
    return {...result, report: result.stdout ? (JSON.parse(result.stdout) as DriftReport) : undefined}
  }

  beforeAll(async () => {
    phases = mkdtempSync(path.join(tmpdir(), 'ialctl-targets-phases-'))
    mkdirSync(path.join(phases, '25-messaging'))
    writeFileSync(path.join(phases, '25-messaging/01-queues.yaml'), TEMPLATE)
    // prod us-east-1: as declared. prod eu-west-1: the jobs queue's timeout changed by hand.
    await seedQueues(PROD, 'us-east-1', [{name: 'jobs', visibility: 30, environment: 'production'}, {name: 'audit', visibility: 30}])
    await seedQueues(PROD, 'eu-west-1', [{name: 'jobs', visibility: 90, environment: 'production'}, {name: 'audit', visibility: 30}])
    // staging us-east-1: the audit queue was never created. staging eu-west-1: the jobs queue carries prod's tag.
    await seedQueues(STAGING, 'us-east-1', [{name: 'jobs', visibility: 30, environment: 'staging'}])
    await seedQueues(STAGING, 'eu-west-1', [{name: 'jobs', visibility: 30, environment: 'production'}, {name: 'audit', visibility: 30}])
    // The third account's role refuses ialctl (only its AssumeRole calls are answered AccessDenied).
    proxy = await startFaultProxy(motoEndpoint(), 'access-denied', 1000, (call, body) => call.operation === 'AssumeRole' && body.includes(encodeURIComponent(DENIED)))
  }, 120_000)
  afterAll(async () => {
    await proxy?.close()
  })

  it('GIVEN two targets in two regions WHEN one drift check reads them all THEN exactly the induced drift is reported, each item with its target, account, region and ref', async () => {
    const {code, stderr, report} = await check(config())
    expect(code, stderr).toBe(2)
    expect(report!.items.map(({driftType, ref, target: name, account, region}) => ({driftType, ref, target: name, account, region}))).toEqual([
      {driftType: 'configuration_drift', ref: 'prod/eu-west-1/JobsQueue', target: 'prod', account: '111111111111', region: 'eu-west-1'},
      {driftType: 'missing_resource', ref: 'staging/us-east-1/AuditQueue', target: 'staging', account: '222222222222', region: 'us-east-1'},
      {driftType: 'tag_drift', ref: 'staging/eu-west-1/JobsQueue', target: 'staging', account: '222222222222', region: 'eu-west-1'},
    ].sort((left, right) => severityOf(report!, right.ref) - severityOf(report!, left.ref) || left.ref.localeCompare(right.ref)))
    const byRef = new Map(report!.items.map((item) => [item.ref, item]))
    expect(byRef.get('prod/eu-west-1/JobsQueue')!.differences).toMatchObject([{path: '/VisibilityTimeout', expected: 30, actual: 90}])
    expect(byRef.get('staging/eu-west-1/JobsQueue')!.differences).toMatchObject([{path: '/Tags/Environment', expected: 'staging', actual: 'production'}])
    expect(byRef.get('staging/us-east-1/AuditQueue')!.location).toEqual({file: 'phases/25-messaging/01-queues.yaml', line: 13})
    // Two queues expected in each of four places: 8 resources, 5 in sync.
    expect(report!.summary).toMatchObject({resources: 8, inSync: 5, drifted: 2, missing: 1, extra: 0})
    expect(report!.summary.byTarget).toEqual({
      prod: {account: '111111111111', resources: 4, inSync: 3, drifted: 1, missing: 0, extra: 0, bySeverity: report!.summary.byTarget!.prod.bySeverity},
      staging: {account: '222222222222', resources: 4, inSync: 2, drifted: 1, missing: 1, extra: 0, bySeverity: report!.summary.byTarget!.staging.bySeverity},
    })
    expect(report!.source.regions).toEqual(['eu-west-1', 'us-east-1'])
  }, 180_000)

  it('GIVEN --target prod WHEN checked THEN only prod is read and reported', async () => {
    const {code, report} = await check(config(), ['--target', 'prod'])
    expect(code).toBe(2)
    expect(report!.items.map((item) => item.ref)).toEqual(['prod/eu-west-1/JobsQueue'])
    expect(Object.keys(report!.summary.byTarget!)).toEqual(['prod'])
  }, 180_000)

  it('GIVEN a target whose role cannot be assumed WHEN checked THEN exit 3 naming the target, the role and the IAM action; with --allow-partial it is listed as unread', async () => {
    const withDenied = config(targetEntry('audit', DENIED, 'audit'))
    const failed = await check(withDenied, [], proxy.endpoint)
    expect(failed.code).toBe(3)
    expect(failed.stderr).toMatch(/target audit: cannot assume arn:aws:iam::333333333333:role\/ialctl-readonly/)
    expect(failed.stderr).toMatch(/sts:AssumeRole/)

    const partial = await check(withDenied, ['--allow-partial'], proxy.endpoint)
    expect(partial.code, partial.stderr).toBe(2)
    expect(partial.report!.summary.unread).toEqual([{target: 'audit', reason: expect.stringMatching(/cannot assume .*333333333333/)}])
    // Its two queues in two regions are unread, never counted in sync; the other targets' drift is all there.
    expect(partial.report!.summary).toMatchObject({resources: 8, inSync: 5, unreadResources: 4})
    expect(partial.report!.summary.byTarget!.audit).toMatchObject({resources: 0, inSync: 0, unreadResources: 4})
    expect(partial.report!.items).toHaveLength(3)
  }, 180_000)

  it('GIVEN a plan saved for prod/eu-west-1 WHEN run against staging THEN it is refused before any call, naming both places', async () => {
    const workspace = createWorkspace({config: config(), phasesFrom: phases})
    const planned = await runCli(workspace, ['drift', 'plan', '--target', 'prod', '--region', 'eu-west-1', '--out', 'plan.json', '--json'], {endpoint: motoEndpoint(), timeoutMs: 120_000})
    expect(planned.code, planned.stderr).toBe(0)
    expect(JSON.parse(planned.stdout)).toMatchObject({place: 'prod/eu-west-1', entries: [expect.objectContaining({itemId: 'JobsQueue', decision: 'heal'})]})
    const elsewhere = await runCli(workspace, ['drift', 'heal', '--plan', 'plan.json', '--auto-approve', '--target', 'staging', '--region', 'eu-west-1'], {endpoint: motoEndpoint(), timeoutMs: 120_000})
    expect(elsewhere.code).toBe(1)
    expect(elsewhere.stderr).toContain('plan.json was planned for prod/eu-west-1, this run is for staging/eu-west-1; nothing was sent')
    expect(await visibilityOf(PROD, 'eu-west-1', 'jobs')).toBe(90)
  }, 240_000)

  it('GIVEN several targets WHEN drift heal runs without choosing THEN exit 1 says to choose; with --target and --region THEN only that account and region is healed', async () => {
    const workspace = createWorkspace({config: config(), phasesFrom: phases})
    const refused = await runCli(workspace, ['drift', 'heal', '--auto-approve'], {endpoint: motoEndpoint(), timeoutMs: 120_000})
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/acts on one target and region at a time; this run has 4: prod\/us-east-1, prod\/eu-west-1, staging\/us-east-1, staging\/eu-west-1/)

    const healed = await runCli(workspace, ['drift', 'heal', '--auto-approve', '--target', 'prod', '--region', 'eu-west-1', 'prod/eu-west-1/JobsQueue'], {endpoint: motoEndpoint(), timeoutMs: 120_000})
    expect(healed.code, healed.stderr).toBe(0)
    expect(await visibilityOf(PROD, 'eu-west-1', 'jobs')).toBe(30)
    // The other account's queue of the same name in the same region was not touched.
    expect(await visibilityOf(STAGING, 'eu-west-1', 'jobs')).toBe(30)
    const after = await runCli(workspace, ['drift', 'check', '--json', '--target', 'prod'], {endpoint: motoEndpoint(), timeoutMs: 120_000})
    expect(after.code, after.stderr).toBe(0)
  }, 240_000)

  it('GIVEN --target staging WHEN a snapshot is taken and checked THEN it is that account’s, and the check of it finds what the live check finds; several targets are refused', async () => {
    const workspace = createWorkspace({config: config(), phasesFrom: phases})
    const refused = await runCli(workspace, ['snapshot', '--out', 'all.json'], {endpoint: motoEndpoint(), timeoutMs: 120_000})
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/a snapshot holds one account; the config has 2 targets: prod, staging/)

    const taken = await runCli(workspace, ['snapshot', '--target', 'staging', '--out', 'staging.json', '--json'], {endpoint: motoEndpoint(), timeoutMs: 120_000})
    expect(taken.code, taken.stderr).toBe(0)
    expect(JSON.parse(taken.stdout)).toMatchObject({accountId: '222222222222', regions: [...REGIONS].sort()})
    const live = await runCli(workspace, ['drift', 'check', '--json', '--target', 'staging'], {endpoint: motoEndpoint(), timeoutMs: 120_000})
    const replayed = await runCli(workspace, ['drift', 'check', '--json', '--target', 'staging', '--snapshot', 'staging.json'], {endpoint: motoEndpoint(), timeoutMs: 120_000})
    expect(replayed.code, replayed.stderr).toBe(2)
    const refs = (stdout: string) => (JSON.parse(stdout) as DriftReport).items.map((item) => `${item.ref} ${item.account}`)
    expect(refs(replayed.stdout)).toEqual(refs(live.stdout))
    expect(refs(replayed.stdout)).toEqual(['staging/us-east-1/AuditQueue 222222222222', 'staging/eu-west-1/JobsQueue 222222222222'])
  }, 240_000)
})

function severityOf(report: DriftReport, ref: string): number {
  return ['low', 'medium', 'high', 'critical'].indexOf(report.items.find((item) => item.ref === ref)!.severity)
}
