import type {MetricAlarm} from '@aws-sdk/client-cloudwatch'

import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, str} from './types.js'
import {actualResource, tagMap} from './aws-shape.js'
import {
  arnOf,
  asCount,
  asNumber,
  changingOneOf,
  currentValue,
  type HealApiCall,
  keyValueTagApi,
  nonEmptyString,
  type PropertyHeal,
  refuse,
} from './heal.js'

const alarmTags = keyValueTagApi({tag: 'CloudWatch.TagResource', untag: 'CloudWatch.UntagResource', targetParam: 'ResourceARN', target: arnOf})

/** The alarm fields a heal changes. */
const TUNABLE_FIELDS = ['Threshold', 'EvaluationPeriods', 'Period', 'AlarmActions'] as const

const ARN_LIST = {errorMap: () => ({message: 'AlarmActions must be a list of ARNs'})}

const wholePeriods = (name: string) =>
  z.number({errorMap: () => ({message: `${name} must be a number`})}).int(`${name} must be a number`).min(1, `${name} must be a number`).optional()

/**
 * PutMetricAlarm with the healed fields only. PutMetricAlarm replaces the whole alarm, so the executor sends these
 * on top of the alarm's full current definition, read just before the call: a field left out would be reset.
 */
const putMetricAlarm = {
  api: 'CloudWatch.PutMetricAlarm',
  params: changingOneOf(
    {
      AlarmName: nonEmptyString('AlarmName'),
      Threshold: z.number({errorMap: () => ({message: 'Threshold must be a number'})}).finite('Threshold must be a number').optional(),
      EvaluationPeriods: wholePeriods('EvaluationPeriods'),
      Period: wholePeriods('Period'),
      // An empty list is a real value here: the template declares no actions.
      AlarmActions: z
        .array(z.string(ARN_LIST), ARN_LIST)
        .refine((list) => list.every((arn) => arn.startsWith('arn:')), ARN_LIST.errorMap().message)
        .optional(),
    },
    TUNABLE_FIELDS,
    'no field to change',
  ),
}

const alarmHeal: PropertyHeal = {
  paths: TUNABLE_FIELDS.map((name) => `/${name}`),
  calls: [putMetricAlarm],
  build(actual, changes) {
    const to: Record<string, unknown> = {}
    const from: Record<string, unknown> = {}
    for (const change of changes) {
      const name = change.path.slice(1)
      const before = currentValue(actual, change.path)
      if (name === 'AlarmActions') {
        const strings = (value: unknown) => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined)
        const [f, t] = [before === undefined ? [] : strings(before), strings(change.to)]
        if (!f || !t) return refuse(`/AlarmActions must be a list of ARNs`)
        ;[from[name], to[name]] = [f, t]
      } else {
        const parse = name === 'Threshold' ? asNumber : asCount
        const [f, t] = [parse(before), parse(change.to)]
        if (f === undefined || t === undefined) return refuse(`${change.path} ${String(before)} → ${String(change.to)} is not a number`)
        ;[from[name], to[name]] = [f, t]
      }
    }

    const call = (values: Record<string, unknown>): HealApiCall => ({api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: actual.physicalId, ...values}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
}

export const cloudwatchAlarm: ResourceTypeModule = {
  type: 'AWS::CloudWatch::Alarm',
  service: 'cloudwatch',
  readBudget: {fixedCalls: 2, callsPerResource: 0.02, basis: 'DescribeAlarms, 100 per page, and tags from the tagging API, 100 per page'},
  actualKeys: (actual: ActualResource) => [`name:${str(actual.properties.AlarmName)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys({logicalId, stackName, properties}) {
    const name = str(properties.AlarmName)
    return [...(name ? [`name:${name}`] : []), cloudFormationKey(stackName, logicalId)]
  },
  setPaths: ['/AlarmActions', '/OKActions', '/InsufficientDataActions', '/Dimensions'],
  arnOrNamePaths: [],
  notReturnedPaths: [],
  ratings: [
    {path: '/Threshold', severity: 'medium', impact: ['availability']},
    {path: '/EvaluationPeriods', severity: 'medium', impact: ['availability']},
    {path: '/DatapointsToAlarm', severity: 'medium', impact: ['availability']},
    {path: '/Period', severity: 'medium', impact: ['availability']},
    {path: '/ComparisonOperator', severity: 'medium', impact: ['availability']},
    {path: '/AlarmActions', severity: 'medium', impact: ['availability']},
    {path: '/OKActions', severity: 'medium', impact: ['availability']},
    {path: '/AlarmDescription', severity: 'low', impact: []},
  ],
  neverHealed: {},
  tags: alarmTags,
  heal: alarmHeal,
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
