// The story of issue 10 against moto, through the built CLI: a clean estate, the hand-made drift set, the report
// in every format, offline checks from a snapshot, a dry run and a real heal (counted by a proxy, read back with
// the SDK), and what is left afterwards. The steps share one estate and run in order.
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {DescribeAlarmsCommand, ListTagsForResourceCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand} from '@aws-sdk/client-ec2'
import {DescribeClustersCommand, DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {DescribeDBClustersCommand} from '@aws-sdk/client-rds'
import {afterAll, expect, it} from 'vitest'

import type {DriftItem, DriftReport, Severity} from '../../src/core/model.js'
import {DRIFT, type InducedDrift, induceDrift} from './fixtures/drift.js'
import {SUPPORTED_TYPES} from './fixtures/estate.js'
import {type AwsProxy, startCountingProxy} from './helpers/aws-proxy.js'
import {runCli} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'
import {reportWithoutHistory, withoutHistory} from './helpers/history.js'
import {resetMoto} from './helpers/moto.js'


/** What SPEC 3 and 6, with the example config's overrides, say each induced item is. */
const EXPECTED: Record<string, {severity: Severity; autoHealable: boolean}> = {
  [DRIFT.changedTag.id]: {severity: 'low', autoHealable: true},
  [DRIFT.removedTag.id]: {severity: 'low', autoHealable: true},
  // config: severity override {type: AWS::ECS::Service, path: /DesiredCount, severity: low}
  [DRIFT.desiredCount.id]: {severity: 'low', autoHealable: true},
  [DRIFT.backupWindow.id]: {severity: 'medium', autoHealable: true},
  [DRIFT.threshold.id]: {severity: 'medium', autoHealable: true},
  [DRIFT.openedRule.id]: {severity: 'critical', autoHealable: false},
  [DRIFT.terminated.id]: {severity: 'high', autoHealable: false},
  [DRIFT.deletedAlarm.id]: {severity: 'high', autoHealable: false},
  extra: {severity: 'medium', autoHealable: false},
}
const NEVER_HEALED = [DRIFT.openedRule.id, DRIFT.terminated.id, DRIFT.deletedAlarm.id, 'extra']
const SEVERITY_RANK: Record<Severity, number> = {critical: 0, high: 1, medium: 2, low: 3}

describeE2e('drift check, heal and snapshot against moto', () => {
  const suite = exampleEstateSuite()
  let drift: InducedDrift
  let drifted: DriftReport
  const proxies: AwsProxy[] = []

  const cli = (args: string[], endpoint = motoEndpoint()) => runCli(suite.workspace, args, {endpoint})
  const counting = async () => {
    const proxy = await startCountingProxy(motoEndpoint())
    proxies.push(proxy)
    return proxy
  }

  const itemKey = (item: DriftItem) => (item.driftType === 'extra_resource' ? 'extra' : item.id)
  const file = (id: string) => suite.estate.model.resources.find((resource) => resource.logicalId === id)!.file
  // A --snapshot check does not use the history; a check of AWS does (its items are known by the second one).
  const comparable = (report: DriftReport) => ({...reportWithoutHistory(report), generatedAt: undefined, source: {...report.source, snapshot: undefined}})

  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()))
  })

  it('GIVEN the estate as the phases declare it WHEN `drift check` runs THEN it exits 0 and every declared supported resource is in sync', async () => {
    const text = await cli(['drift', 'check'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^No drift/)

    const json = await cli(['drift', 'check', '--json'])
    expect(json.code, json.stderr).toBe(0)
    const report = JSON.parse(json.stdout) as DriftReport
    const declared = suite.estate.model.resources.filter((resource) => SUPPORTED_TYPES.has(resource.type))
    expect(report.items).toEqual([])
    expect(report.summary).toMatchObject({resources: declared.length, inSync: declared.length, drifted: 0, missing: 0, extra: 0})
    expect(report.summary.unsupported).toBe(suite.estate.model.resources.length - declared.length)
  })

  it('GIVEN the hand-made drift set WHEN `drift check --json` runs THEN it exits 2 and reports exactly the induced items, rated and located', async () => {
    drift = await induceDrift(motoEndpoint(), suite.estate)
    const result = await cli(['drift', 'check', '--json'])
    expect(result.code, result.stderr).toBe(2)
    drifted = JSON.parse(result.stdout) as DriftReport

    expect(drifted.items.map((item) => [item.id, item.type, item.driftType, item.physicalId]).sort()).toEqual(
      drift.changes.map((change) => [change.id, change.type, change.driftType, change.physicalId]).sort(),
    )
    for (const item of drifted.items) {
      const change = drift.changes.find((candidate) => candidate.id === item.id)!
      expect({id: item.id, severity: item.severity, autoHealable: item.autoHealable}).toEqual({id: item.id, ...EXPECTED[itemKey(item)]})
      expect(item.differences.map((difference) => difference.path).sort(), item.id).toEqual([...change.paths].sort())
      if (item.physicalId) expect(item.region).toBe('us-east-1')
      if (item.driftType === 'extra_resource') {
        expect(item.location).toBeNull()
        continue
      }

      expect(item.location, item.id).toEqual({file: file(item.id), line: suite.resourceLine(file(item.id), item.id)})
      for (const difference of item.differences) expect(difference.line, `${item.id} ${difference.path}`).toBe(suite.propertyLine(file(item.id), item.id, difference.path))
    }

    // Values as a user reads them: expected from Git, actual from AWS.
    const byId = Object.fromEntries(drifted.items.map((item) => [itemKey(item), item]))
    expect(byId[DRIFT.changedTag.id].differences).toEqual([expect.objectContaining({kind: 'NOT_EQUAL', expected: 'platform-team', actual: DRIFT.changedTag.value})])
    expect(byId[DRIFT.removedTag.id].differences).toEqual([expect.objectContaining({kind: 'REMOVE', expected: 'platform-team'})])
    expect(byId[DRIFT.desiredCount.id].differences).toEqual([expect.objectContaining({kind: 'NOT_EQUAL', expected: 1, actual: DRIFT.desiredCount.value})])
    expect(byId[DRIFT.backupWindow.id].differences).toEqual([expect.objectContaining({kind: 'NOT_EQUAL', expected: '03:00-04:00', actual: DRIFT.backupWindow.value})])
    expect(byId[DRIFT.threshold.id].differences).toEqual([expect.objectContaining({kind: 'NOT_EQUAL', expected: 75, actual: DRIFT.threshold.value})])
    expect(byId[DRIFT.openedRule.id].differences).toEqual([
      expect.objectContaining({kind: 'ADD', actual: expect.objectContaining({CidrIp: DRIFT.openedRule.cidr, FromPort: DRIFT.openedRule.port, ToPort: DRIFT.openedRule.port})}),
    ])

    // Stable order: severity, then file, then line.
    const order = drifted.items.map((item) => [SEVERITY_RANK[item.severity], item.location?.file ?? '~', item.location?.line ?? 0] as const)
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2])))
    expect(drifted.summary).toMatchObject({drifted: 6, missing: 2, extra: 1, bySeverity: {critical: 1, high: 2, medium: 3, low: 3}})
    expect(drifted.summary.inSync + drifted.summary.drifted + drifted.summary.missing).toBe(drifted.summary.resources)
  })

  it('GIVEN the drifted estate WHEN the report is rendered as text, Markdown and SARIF THEN each names every item with its file:line', async () => {
    const text = await cli(['drift', 'check', '--output', 'text'])
    expect(text.code).toBe(2)
    const summaryFile = path.join(suite.workspace.dir, 'step-summary.md')
    const markdown = await runCli(suite.workspace, ['drift', 'check', '--output', 'markdown', '--report', 'report.md'], {endpoint: motoEndpoint(), env: {GITHUB_STEP_SUMMARY: summaryFile}})
    expect(markdown.code).toBe(2)
    expect(readFileSync(path.join(suite.workspace.dir, 'report.md'), 'utf8')).toBe(markdown.stdout)
    // In a GitHub Actions step, the job summary gets the Markdown report too.
    const stepSummary = readFileSync(summaryFile, 'utf8')
    for (const item of drifted.items) expect(stepSummary).toContain(item.id)
    for (const item of drifted.items) {
      expect(text.stdout).toContain(item.id)
      expect(markdown.stdout).toContain(item.id)
      if (item.location) expect(text.stdout).toContain(`${item.location.file}:`)
    }

    expect(markdown.stdout).toMatch(/^\|.*\|$/m)

    const sarif = await cli(['drift', 'check', '--output', 'sarif'])
    expect(sarif.code).toBe(2)
    const log = JSON.parse(sarif.stdout) as {
      version: string
      runs: Array<{results: Array<{locations: Array<{physicalLocation: {artifactLocation: {uri: string}; region: {startLine: number}}}>}>; properties: {extraResources: Array<{id: string}>}}>
    }
    expect(log.version).toBe('2.1.0')
    // One result per difference (per missing resource) at its template line; code scanning rejects a result
    // without a location, so extra resources are listed in the run's properties instead.
    const located = log.runs[0].results.map((result) => `${result.locations[0].physicalLocation.artifactLocation.uri}:${result.locations[0].physicalLocation.region.startLine}`)
    const expected = drifted.items
      .filter((item) => item.location)
      .flatMap((item) => (item.differences.length === 0 ? [item.location!.line] : item.differences.map((difference) => difference.line)).map((line) => `${item.location!.file}:${line}`))
    expect(located.sort()).toEqual(expected.sort())
    expect(log.runs[0].properties.extraResources.map((extra) => extra.id)).toEqual([drift.extraInstanceId])
  })

  it('GIVEN the drifted estate WHEN `drift diff` runs THEN it exits 2 and shows each difference as path, expected → actual at its file:line', async () => {
    const result = await cli(['drift', 'diff'])
    expect(result.code, result.stderr).toBe(2)
    for (const item of drifted.items.filter((candidate) => candidate.location)) {
      for (const difference of item.differences) {
        const line = result.stdout.split('\n').find((candidate) => candidate.includes(difference.path) && candidate.includes(`${item.location!.file}:${difference.line}`))
        expect(line, `${item.id} ${difference.path} in:\n${result.stdout}`).toBeDefined()
      }
    }

    expect(result.stdout).toMatch(/75\s*→\s*90/)

    const one = await cli(['drift', 'diff', DRIFT.threshold.id])
    expect(one.code).toBe(2)
    expect(one.stdout).toContain('/Threshold')
    expect(one.stdout).not.toContain('/PreferredBackupWindow')
  })

  it('GIVEN a snapshot of the drifted estate WHEN `drift check --snapshot` runs with no AWS behind the endpoint THEN it reports the same items', async () => {
    const snapshot = await cli(['snapshot', '--out', 'drifted.json'])
    expect(snapshot.code, snapshot.stderr).toBe(0)
    const proxy = await counting()
    const offline = await cli(['drift', 'check', '--snapshot', 'drifted.json', '--json'], proxy.endpoint)
    expect(offline.code, offline.stderr).toBe(2)
    expect(proxy.calls).toEqual([])
    const report = JSON.parse(offline.stdout) as DriftReport
    expect(report.source.snapshot).toBe('drifted.json')
    expect(comparable(report)).toEqual(comparable(drifted))
  })

  it('GIVEN the drifted estate WHEN `drift heal --dry-run` runs THEN it prints the plan and sends zero write calls', async () => {
    const proxy = await counting()
    const result = await cli(['drift', 'heal', '--dry-run'], proxy.endpoint)
    expect(result.code, result.stderr).toBe(0)
    for (const item of drifted.items) expect(result.stdout).toContain(item.id)
    expect(proxy.calls.length).toBeGreaterThan(0)
    expect(proxy.writes()).toEqual([])
    expect(existsSync(path.join(suite.workspace.dir, '.ialctl/audit.jsonl'))).toBe(false)
  })

  it('GIVEN the drifted estate WHEN `drift heal --auto-approve` runs THEN the safe items are repaired in AWS, the others untouched, one audit line per action', async () => {
    const proxy = await counting()
    const result = await cli(['drift', 'heal', '--auto-approve'], proxy.endpoint)
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0)
    const healable = drifted.items.filter((item) => item.autoHealable)
    expect(healable).toHaveLength(5)

    // Exactly the calls SPEC 6 names, each once, nothing else written.
    expect(
      proxy
        .writes()
        .map((call) => `${call.service}.${call.operation}`)
        .sort(),
    ).toEqual(['ec2.CreateTags', 'ecs.TagResource', 'ecs.UpdateService', 'monitoring.PutMetricAlarm', 'rds.ModifyDBCluster'])

    // AWS, read back with the SDK.
    const vpc = (await suite.aws.ec2.send(new DescribeVpcsCommand({VpcIds: [suite.estate.resources.Vpc.physicalId]}))).Vpcs![0]
    expect(vpc.Tags?.find((tag) => tag.Key === DRIFT.changedTag.key)?.Value).toBe('platform-team')
    const cluster = (await suite.aws.ecs.send(new DescribeClustersCommand({clusters: [suite.estate.resources.EcsCluster.physicalId], include: ['TAGS']}))).clusters![0]
    expect(cluster.tags).toContainEqual({key: DRIFT.removedTag.key, value: 'platform-team'})
    const worker = suite.estate.resources[DRIFT.desiredCount.id]
    const service = (await suite.aws.ecs.send(new DescribeServicesCommand({cluster: worker.attributes.Cluster, services: [worker.attributes.Name]}))).services![0]
    expect(service.desiredCount).toBe(1)
    const dbCluster = (await suite.aws.rds.send(new DescribeDBClustersCommand({DBClusterIdentifier: suite.estate.resources.AuroraCluster.physicalId}))).DBClusters![0]
    expect(dbCluster.PreferredBackupWindow).toBe('03:00-04:00')
    const alarm = (await suite.aws.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [suite.estate.resources[DRIFT.threshold.id].physicalId]}))).MetricAlarms![0]
    expect(alarm).toMatchObject({Threshold: 75, EvaluationPeriods: 2, Period: 300, Statistic: 'Average', Namespace: 'AWS/ECS', MetricName: 'CPUUtilization'})
    // PutMetricAlarm replaces the alarm: the heal must keep its dimensions and tags.
    expect(alarm.Dimensions).toHaveLength(2)
    const {Tags} = await suite.aws.cloudwatch.send(new ListTagsForResourceCommand({ResourceARN: alarm.AlarmArn}))
    expect(Tags).toEqual(expect.arrayContaining([{Key: 'ManagedBy', Value: 'ialctl'}]))

    // Never healed: still as the person left them.
    const group = (await suite.aws.ec2.send(new DescribeSecurityGroupsCommand({GroupIds: [suite.estate.resources[DRIFT.openedRule.id].physicalId]}))).SecurityGroups![0]
    expect(group.IpPermissions?.flatMap((permission) => permission.IpRanges ?? []).map((range) => range.CidrIp)).toContain(DRIFT.openedRule.cidr)
    const instances = (await suite.aws.ec2.send(new DescribeInstancesCommand({InstanceIds: [suite.estate.resources[DRIFT.terminated.id].physicalId, drift.extraInstanceId]}))).Reservations!.flatMap(
      (reservation) => reservation.Instances ?? [],
    )
    expect(Object.fromEntries(instances.map((instance) => [instance.InstanceId, instance.State?.Name]))).toEqual({
      [suite.estate.resources[DRIFT.terminated.id].physicalId]: 'terminated',
      [drift.extraInstanceId]: 'running',
    })
    expect((await suite.aws.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [suite.estate.resources[DRIFT.deletedAlarm.id].physicalId]}))).MetricAlarms).toEqual([])

    const audit = readFileSync(path.join(suite.workspace.dir, '.ialctl/audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as {item: string; action: string[]; result: string; before: unknown; after: unknown; time: string; who: string | null})
    expect(audit.map((record) => record.item).sort()).toEqual(healable.map((item) => item.id).sort())
    for (const record of audit) {
      expect(record).toMatchObject({result: 'applied', action: [expect.any(String)], time: expect.any(String), who: expect.stringMatching(/^arn:aws:(iam|sts)::123456789012:/)})
    }
  })

  it('GIVEN the heal WHEN `drift check --json` runs again THEN only the never-heal items remain', async () => {
    const result = await cli(['drift', 'check', '--json'])
    expect(result.code, result.stderr).toBe(2)
    const report = JSON.parse(result.stdout) as DriftReport
    expect(report.items.map(itemKey).sort()).toEqual([...NEVER_HEALED].sort())
    // The never-heal items are reported exactly as before the heal.
    expect(report.items.map(withoutHistory)).toEqual(drifted.items.filter((item) => NEVER_HEALED.includes(itemKey(item))).map(withoutHistory))
    expect(report.items.every((item) => item.status === 'known')).toBe(true)
  })

  it('GIVEN moto was reset (AWS gone) WHEN `drift check --snapshot` reads the snapshot taken before the heal THEN it reports the same items as then', async () => {
    await resetMoto(motoEndpoint())
    const result = await cli(['drift', 'check', '--snapshot', 'drifted.json', '--json'])
    expect(result.code, result.stderr).toBe(2)
    expect(comparable(JSON.parse(result.stdout) as DriftReport)).toEqual(comparable(drifted))
  })
})
