import {
  DescribeAlarmsCommand,
  type MetricAlarm,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch'

import {AwsCallError} from '../errors.js'
import {awsCall} from '../call.js'
import {sendAsValidated} from './senders.js'
import type {HealExecutor} from './types.js'

/**
 * PutMetricAlarm replaces the whole alarm: a field it is not given is reset (description, OK actions, datapoints
 * to alarm...). So the call is the alarm's full current definition, read just before, with the healed fields on top.
 */
export function putMetricAlarmInput(current: MetricAlarm, changes: Partial<PutMetricAlarmCommandInput>): PutMetricAlarmCommandInput {
  const input: PutMetricAlarmCommandInput = {
    AlarmName: current.AlarmName,
    AlarmDescription: current.AlarmDescription,
    ActionsEnabled: current.ActionsEnabled,
    OKActions: current.OKActions,
    AlarmActions: current.AlarmActions,
    InsufficientDataActions: current.InsufficientDataActions,
    MetricName: current.MetricName,
    Namespace: current.Namespace,
    Statistic: current.Statistic,
    ExtendedStatistic: current.ExtendedStatistic,
    Dimensions: current.Dimensions,
    Period: current.Period,
    Unit: current.Unit,
    EvaluationPeriods: current.EvaluationPeriods,
    DatapointsToAlarm: current.DatapointsToAlarm,
    Threshold: current.Threshold,
    ComparisonOperator: current.ComparisonOperator,
    TreatMissingData: current.TreatMissingData,
    EvaluateLowSampleCountPercentile: current.EvaluateLowSampleCountPercentile,
    Metrics: current.Metrics,
    ThresholdMetricId: current.ThresholdMetricId,
    ...changes,
  } as PutMetricAlarmCommandInput
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as PutMetricAlarmCommandInput
}

export const alarmExecutors: Record<string, HealExecutor> = {
  ...sendAsValidated('CloudWatch', 'cloudwatch', {TagResource: TagResourceCommand, UntagResource: UntagResourceCommand}),

  async 'CloudWatch.PutMetricAlarm'(clients, params, region) {
    // The schema allows only the alarm name and the healed fields; everything else comes from the alarm as it is.
    const {AlarmName, ...changes} = params as Partial<PutMetricAlarmCommandInput> & {AlarmName: string}
    const described = await awsCall({service: 'CloudWatch', operation: 'DescribeAlarms', region}, () =>
      clients.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [AlarmName], AlarmTypes: ['MetricAlarm']})),
    )
    const current = described.MetricAlarms?.find((alarm) => alarm.AlarmName === AlarmName)
    if (!current) throw new AwsCallError(`alarm ${AlarmName} not found in ${region}`, 'alarm not found')
    await awsCall({service: 'CloudWatch', operation: 'PutMetricAlarm', region}, () => clients.cloudwatch.send(new PutMetricAlarmCommand(putMetricAlarmInput(current, changes))))
  },
}
