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
import {type HealExecutor, onlyParams, requireString, requireStrings, requireTags, UnsafeHealCallError} from './types.js'

/** The alarm fields a heal changes; everything else is carried over from the alarm as it is. */
const HEALED_FIELDS = ['Threshold', 'EvaluationPeriods', 'Period', 'AlarmActions'] as const

/**
 * PutMetricAlarm replaces the whole alarm: a field it is not given is reset (description, OK actions, datapoints
 * to alarm...). So the call is the alarm's full current definition, read just before, with the healed fields on top.
 */
export function putMetricAlarmInput(current: MetricAlarm, changes: Partial<Record<(typeof HEALED_FIELDS)[number], unknown>>): PutMetricAlarmCommandInput {
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
    ...(changes as Partial<PutMetricAlarmCommandInput>),
  } as PutMetricAlarmCommandInput
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as PutMetricAlarmCommandInput
}

function healedFields(params: Record<string, unknown>): Partial<Record<(typeof HEALED_FIELDS)[number], unknown>> {
  const fields: Partial<Record<(typeof HEALED_FIELDS)[number], unknown>> = {}
  for (const key of HEALED_FIELDS) {
    const value = params[key]
    if (value === undefined) continue
    if (key === 'AlarmActions') {
      // An empty list is a real value here: the template declares no actions.
      if (!Array.isArray(value) || !value.every((arn) => typeof arn === 'string' && arn.startsWith('arn:'))) {
        throw new UnsafeHealCallError('refusing CloudWatch.PutMetricAlarm: AlarmActions must be a list of ARNs')
      }
    } else if (typeof value !== 'number' || !Number.isFinite(value) || (key !== 'Threshold' && (!Number.isInteger(value) || value < 1))) {
      throw new UnsafeHealCallError(`refusing CloudWatch.PutMetricAlarm: ${key} must be a number`)
    }

    fields[key] = value
  }

  if (Object.keys(fields).length === 0) throw new UnsafeHealCallError('refusing CloudWatch.PutMetricAlarm: no field to change')
  return fields
}

export const cloudwatchExecutors: Record<string, HealExecutor> = {
  async 'CloudWatch.TagResource'(clients, params, region) {
    onlyParams('CloudWatch.TagResource', params, ['ResourceARN', 'Tags'])
    const ResourceARN = requireString('CloudWatch.TagResource', params, 'ResourceARN')
    const Tags = requireTags('CloudWatch.TagResource', params, 'Tags', {key: 'Key', value: 'Value'}, true) as Array<{Key: string; Value: string}>
    await awsCall({service: 'CloudWatch', operation: 'TagResource', region}, () => clients.cloudwatch.send(new TagResourceCommand({ResourceARN, Tags})))
  },

  async 'CloudWatch.UntagResource'(clients, params, region) {
    onlyParams('CloudWatch.UntagResource', params, ['ResourceARN', 'TagKeys'])
    const ResourceARN = requireString('CloudWatch.UntagResource', params, 'ResourceARN')
    const TagKeys = requireStrings('CloudWatch.UntagResource', params, 'TagKeys')
    await awsCall({service: 'CloudWatch', operation: 'UntagResource', region}, () => clients.cloudwatch.send(new UntagResourceCommand({ResourceARN, TagKeys})))
  },

  async 'CloudWatch.PutMetricAlarm'(clients, params, region) {
    onlyParams('CloudWatch.PutMetricAlarm', params, ['AlarmName', ...HEALED_FIELDS])
    const AlarmName = requireString('CloudWatch.PutMetricAlarm', params, 'AlarmName')
    const changes = healedFields(params)
    const described = await awsCall({service: 'CloudWatch', operation: 'DescribeAlarms', region}, () =>
      clients.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [AlarmName], AlarmTypes: ['MetricAlarm']})),
    )
    const current = described.MetricAlarms?.find((alarm) => alarm.AlarmName === AlarmName)
    if (!current) throw new AwsCallError(`alarm ${AlarmName} not found in ${region}`, 'alarm not found')
    await awsCall({service: 'CloudWatch', operation: 'PutMetricAlarm', region}, () => clients.cloudwatch.send(new PutMetricAlarmCommand(putMetricAlarmInput(current, changes))))
  },
}
