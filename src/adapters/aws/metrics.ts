import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  type MetricAlarm,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch'

import {type DriftReport, SEVERITIES} from '../../core/model.js'
import {awsCall} from './call.js'

export const DRIFT_NAMESPACE = 'IAL/Drift'
export const DRIFT_METRIC = 'DriftCount'

/** Only the calls used, so tests can hand in a stand-in (aws-sdk-client-mock or a plain object). */
export type MetricsClient = Pick<CloudWatchClient, 'send'>

/**
 * `drift check --publish-metrics`: DriftCount for the whole run (no dimensions, what the alarm watches) and one
 * per severity (dimension Severity), all at the report's time, in one PutMetricData call.
 */
export async function publishDriftMetrics(client: MetricsClient, report: DriftReport, region: string): Promise<void> {
  const timestamp = new Date(report.generatedAt)
  const datum = (value: number, severity?: string) => ({
    MetricName: DRIFT_METRIC,
    Value: value,
    Unit: 'Count' as const,
    Timestamp: timestamp,
    ...(severity ? {Dimensions: [{Name: 'Severity', Value: severity}]} : {}),
  })
  await awsCall({service: 'CloudWatch', operation: 'PutMetricData', region}, () =>
    client.send(new PutMetricDataCommand({Namespace: DRIFT_NAMESPACE, MetricData: [datum(report.items.length), ...SEVERITIES.map((severity) => datum(report.summary.bySeverity[severity], severity))]})),
  )
}

export type AlarmOutcome = 'created' | 'updated' | 'up-to-date'

/** The alarm `ialctl drift alarm` maintains: any drift in a 5-minute window alarms; no data (no check ran) does not. */
export function driftAlarmDefinition(name: string, snsTopicArns: readonly string[]): PutMetricAlarmCommandInput {
  return {
    AlarmName: name,
    // The same text as the example estate declares (phases/00-foundation/02-drift-alarm.yaml), so that the
    // alarm this command writes is not itself reported as drift.
    AlarmDescription: 'ialctl found resources that differ from the phases in Git.',
    Namespace: DRIFT_NAMESPACE,
    MetricName: DRIFT_METRIC,
    Statistic: 'Sum',
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    ActionsEnabled: true,
    AlarmActions: [...snsTopicArns],
  }
}

/** Create or update the drift alarm; when AWS already has exactly this definition, no Put is sent (idempotent). */
export async function ensureDriftAlarm(client: MetricsClient, definition: PutMetricAlarmCommandInput, region: string): Promise<AlarmOutcome> {
  const {MetricAlarms: existing = []} = await awsCall({service: 'CloudWatch', operation: 'DescribeAlarms', region}, () =>
    client.send(new DescribeAlarmsCommand({AlarmNames: [definition.AlarmName!], AlarmTypes: ['MetricAlarm']})),
  )
  const current = existing.find((alarm) => alarm.AlarmName === definition.AlarmName)
  if (current && sameAlarm(current, definition)) return 'up-to-date'
  await awsCall({service: 'CloudWatch', operation: 'PutMetricAlarm', region}, () => client.send(new PutMetricAlarmCommand(definition)))
  return current ? 'updated' : 'created'
}

function sameAlarm(current: MetricAlarm, wanted: PutMetricAlarmCommandInput): boolean {
  const sorted = (list: readonly string[] | undefined) => [...(list ?? [])].sort().join('\n')
  return (
    current.AlarmDescription === wanted.AlarmDescription &&
    current.Namespace === wanted.Namespace &&
    current.MetricName === wanted.MetricName &&
    current.Statistic === wanted.Statistic &&
    current.Period === wanted.Period &&
    current.EvaluationPeriods === wanted.EvaluationPeriods &&
    current.Threshold === wanted.Threshold &&
    current.ComparisonOperator === wanted.ComparisonOperator &&
    current.TreatMissingData === wanted.TreatMissingData &&
    current.ActionsEnabled === wanted.ActionsEnabled &&
    (current.Dimensions ?? []).length === 0 &&
    sorted(current.AlarmActions) === sorted(wanted.AlarmActions)
  )
}
