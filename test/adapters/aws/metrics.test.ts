import {CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand, PutMetricDataCommand} from '@aws-sdk/client-cloudwatch'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {driftAlarmDefinition, ensureDriftAlarm, publishDriftMetrics} from '../../../src/adapters/aws/metrics.js'
import type {DriftReport} from '../../../src/core/model.js'
import {AwsError} from '../../../src/errors.js'

const cloudwatch = mockClient(CloudWatchClient)
const client = () => new CloudWatchClient({region: 'us-east-1', credentials: {accessKeyId: 'test', secretAccessKey: 'test'}})
const topic = 'arn:aws:sns:us-east-1:123456789012:drift'

const report = {
  generatedAt: '2026-11-23T06:00:00.000Z',
  items: [{}, {}, {}],
  summary: {bySeverity: {low: 1, medium: 0, high: 2, critical: 0}},
} as unknown as DriftReport

beforeEach(() => cloudwatch.reset())

describe('publishDriftMetrics', () => {
  it('GIVEN a report with 3 items WHEN publishing THEN one PutMetricData sends DriftCount total and one per severity', async () => {
    cloudwatch.on(PutMetricDataCommand).resolves({})
    await publishDriftMetrics(client(), report, 'us-east-1')
    const calls = cloudwatch.commandCalls(PutMetricDataCommand)
    expect(calls).toHaveLength(1)
    const {Namespace, MetricData} = calls[0].args[0].input
    expect(Namespace).toBe('IAL/Drift')
    expect(MetricData?.map((datum) => [datum.MetricName, datum.Dimensions?.[0]?.Value ?? '(total)', datum.Value, datum.Unit])).toEqual([
      ['DriftCount', '(total)', 3, 'Count'],
      ['DriftCount', 'low', 1, 'Count'],
      ['DriftCount', 'medium', 0, 'Count'],
      ['DriftCount', 'high', 2, 'Count'],
      ['DriftCount', 'critical', 0, 'Count'],
    ])
    expect(MetricData?.[0].Timestamp).toEqual(new Date('2026-11-23T06:00:00.000Z'))
  })

  it('GIVEN CloudWatch denies access WHEN publishing THEN it is an AWS error naming the permission (exit 3)', async () => {
    cloudwatch.on(PutMetricDataCommand).rejects(Object.assign(new Error('denied'), {name: 'AccessDeniedException', $metadata: {httpStatusCode: 403}}))
    const error = await publishDriftMetrics(client(), report, 'us-east-1').catch((error_: unknown) => error_)
    expect(error).toBeInstanceOf(AwsError)
    expect((error as AwsError).exitCode).toBe(3)
    expect((error as Error).message).toContain('cloudwatch:PutMetricData')
  })
})

describe('ensureDriftAlarm', () => {
  const definition = driftAlarmDefinition('IAL-DriftDetected', [topic])

  it('GIVEN no alarm WHEN ensuring THEN it is created with DriftCount > 0, Sum, 300 s, 1 period, notBreaching and the SNS actions', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({MetricAlarms: []})
    cloudwatch.on(PutMetricAlarmCommand).resolves({})
    expect(await ensureDriftAlarm(client(), definition, 'us-east-1')).toBe('created')
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)[0].args[0].input).toMatchObject({
      AlarmName: 'IAL-DriftDetected', Namespace: 'IAL/Drift', MetricName: 'DriftCount', Statistic: 'Sum', Period: 300, EvaluationPeriods: 1,
      Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching', AlarmActions: [topic],
    })
  })

  it('GIVEN the alarm exists exactly as configured WHEN ensuring THEN it is up to date and nothing is put', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({MetricAlarms: [{...definition, AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:IAL-DriftDetected', Dimensions: []}]})
    expect(await ensureDriftAlarm(client(), definition, 'us-east-1')).toBe('up-to-date')
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)).toHaveLength(0)
  })

  it('GIVEN the alarm exists with another threshold WHEN ensuring THEN it is updated', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({MetricAlarms: [{...definition, Threshold: 5}]})
    cloudwatch.on(PutMetricAlarmCommand).resolves({})
    expect(await ensureDriftAlarm(client(), definition, 'us-east-1')).toBe('updated')
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)).toHaveLength(1)
  })
})
