// Saved heal plans (Terraform's stale-plan rule) and the CloudWatch drift metrics, against moto.
import {GetMetricStatisticsCommand, ListMetricsCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeServicesCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs'
import {afterAll, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {DRIFT, induceDrift} from './fixtures/drift.js'
import {type AwsProxy, startCountingProxy} from './helpers/aws-proxy.js'
import {runCli} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

describeE2e('saved plans and drift metrics against moto', () => {
  const suite = exampleEstateSuite()
  const {cli} = suite
  let proxy: AwsProxy
  afterAll(() => proxy?.close())

  it('GIVEN drift WHEN `drift check --publish-metrics` runs THEN DriftCount and its per-severity values are in CloudWatch', async () => {
    await induceDrift(motoEndpoint(), suite.estate)
    proxy = await startCountingProxy(motoEndpoint())
    const result = await runCli(suite.workspace, ['drift', 'check', '--publish-metrics', '--json'], {endpoint: proxy.endpoint})
    expect(result.code, result.stderr).toBe(2)
    const report = JSON.parse(result.stdout) as DriftReport
    expect(proxy.writes().map((call) => `${call.service}.${call.operation}`)).toEqual(['monitoring.PutMetricData'])

    const metrics = (await suite.aws.cloudwatch.send(new ListMetricsCommand({Namespace: 'IAL/Drift', MetricName: 'DriftCount'}))).Metrics ?? []
    // The total (no dimension) and one series per severity.
    expect(metrics.filter((metric) => (metric.Dimensions ?? []).length === 0)).toHaveLength(1)
    const severities = metrics.flatMap((metric) => metric.Dimensions ?? []).filter((dimension) => dimension.Name === 'Severity').map((dimension) => dimension.Value)
    expect(new Set(severities)).toEqual(new Set(Object.keys(report.summary.bySeverity)))
    const now = Date.now()
    const total = await suite.aws.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'IAL/Drift',
        MetricName: 'DriftCount',
        StartTime: new Date(now - 3_600_000),
        EndTime: new Date(now + 60_000),
        Period: 3600,
        Statistics: ['Maximum'],
      }),
    )
    expect(total.Datapoints?.map((point) => point.Maximum)).toEqual([report.items.length])
  })

  it('GIVEN a saved plan WHEN a planned resource changes again before `drift heal --plan` THEN that item is refused as stale, the others are healed, and it exits 2', async () => {
    const plan = await cli('drift', 'plan', '--out', 'plan.json')
    expect(plan.code, plan.stderr).toBe(0)

    // Someone scales the worker again after the plan was saved: the plan's view of it is stale.
    const worker = suite.estate.resources[DRIFT.desiredCount.id]
    await suite.aws.ecs.send(new UpdateServiceCommand({cluster: worker.attributes.Cluster, service: worker.attributes.Name, desiredCount: 4}))

    const heal = await cli('drift', 'heal', '--plan', 'plan.json', '--auto-approve', '--json')
    const result = JSON.parse(heal.stdout) as {items: Array<{itemId: string; state: string; checks: Array<{name: string; passed: boolean}>}>; summary: {applied: number; skipped: number}}
    const stale = result.items.find((item) => item.itemId === DRIFT.desiredCount.id)!
    expect(stale.state).toBe('skipped')
    expect(stale.checks.filter((check) => !check.passed).map((check) => check.name)).toEqual(['unchanged'])
    expect(result.summary).toMatchObject({applied: 4, skipped: 1})
    const service = (await suite.aws.ecs.send(new DescribeServicesCommand({cluster: worker.attributes.Cluster, services: [worker.attributes.Name]}))).services![0]
    expect(service.desiredCount).toBe(4)
    // A planned item was not applied: the run says so (SPEC 4), so that a CI step does not read it as healed.
    expect(heal.code, heal.stderr).toBe(2)
  })
})
