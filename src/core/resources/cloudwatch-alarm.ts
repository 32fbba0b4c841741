import type {MetricAlarm} from '@aws-sdk/client-cloudwatch'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, str} from './types.js'
import {actualResource, tagMap} from './aws-shape.js'

export const cloudwatchAlarm: ResourceTypeModule = {
  type: 'AWS::CloudWatch::Alarm',
  service: 'cloudwatch',
  actualKeys: (actual: ActualResource) => [`name:${str(actual.properties.AlarmName)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys({logicalId, stackName, properties}) {
    const name = str(properties.AlarmName)
    return [...(name ? [`name:${name}`] : []), cloudFormationKey(stackName, logicalId)]
  },
  setPaths: ['/AlarmActions', '/OKActions', '/InsufficientDataActions', '/Dimensions'],
  arnOrNamePaths: [],
  notReturnedPaths: [],
  safeHealPaths: ['/Threshold', '/EvaluationPeriods', '/Period', '/AlarmActions'],
  awsDefaults: {
    '/ActionsEnabled': true,
    '/TreatMissingData': 'missing',
    '/DatapointsToAlarm': (value, properties) => Number(value) === Number(properties.EvaluationPeriods),
  },
  displayName: (actual) => str(actual.properties.AlarmName) ?? actual.physicalId,
}

/**
 * DescribeAlarms (MetricAlarm) -> CloudFormation `AWS::CloudWatch::Alarm`; `!Ref` is the name. DescribeAlarms
 * does not return tags: the reader passes those it got from the Resource Groups Tagging API (SPEC 9).
 */
export function alarmFromAws(alarm: MetricAlarm, tags: ReadonlyArray<{Key?: string; Value?: string}> | undefined, region: string): ActualResource {
  const name = alarm.AlarmName ?? ''
  return actualResource({
    type: cloudwatchAlarm.type,
    region,
    physicalId: name,
    arn: alarm.AlarmArn,
    properties: {
      AlarmName: name,
      AlarmDescription: alarm.AlarmDescription,
      Namespace: alarm.Namespace,
      MetricName: alarm.MetricName,
      Statistic: alarm.Statistic,
      ExtendedStatistic: alarm.ExtendedStatistic,
      Dimensions: alarm.Dimensions?.map((dimension) => ({Name: dimension.Name, Value: dimension.Value})),
      Period: alarm.Period,
      Unit: alarm.Unit,
      EvaluationPeriods: alarm.EvaluationPeriods,
      DatapointsToAlarm: alarm.DatapointsToAlarm,
      Threshold: alarm.Threshold,
      ThresholdMetricId: alarm.ThresholdMetricId,
      ComparisonOperator: alarm.ComparisonOperator,
      TreatMissingData: alarm.TreatMissingData,
      EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile,
      ActionsEnabled: alarm.ActionsEnabled,
      AlarmActions: alarm.AlarmActions,
      OKActions: alarm.OKActions,
      InsufficientDataActions: alarm.InsufficientDataActions,
      // MetricDataQuery is already PascalCase and shaped as CloudFormation's `Metrics` entries.
      Metrics: alarm.Metrics,
    },
    tags: tagMap(tags as {Key?: string; Value?: string}[] | undefined),
    attributes: {Arn: alarm.AlarmArn, StateValue: alarm.StateValue},
  })
}
