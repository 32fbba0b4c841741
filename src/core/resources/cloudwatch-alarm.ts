import type {MetricAlarm} from '@aws-sdk/client-cloudwatch'

import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, str} from './types.js'
import {actualResource, tagMap} from './aws-shape.js'
import {
  arnOf,
  asBoolean,
  asCount,
  asNumber,
  changingOneOf,
  currentValue,
  type HealApiCall,
  keyValueTagApi,
  NEVER_REVERTED,
  nonEmptyString,
  type PropertyHeal,
  type PropertyRevert,
  putBack,
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

// ---- revert: the alarm's definition --------------------------------------------------------------------------

const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
] as const
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const
const MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'] as const
const LOW_SAMPLE_COUNT = ['evaluate', 'ignore'] as const

const oneOf = <T extends readonly [string, ...string[]]>(name: string, values: T) => z.enum(values, {errorMap: () => ({message: `${name} must be one of ${values.join(', ')}`})})
const arnList = (name: string) => {
  const message = `${name} must be a list of ARNs`
  return z.array(z.string({errorMap: () => ({message})}), {errorMap: () => ({message})}).refine((list) => list.every((arn) => arn.startsWith('arn:')), message)
}

/**
 * How each definition field is read from a template value, and its parameter schema: the whole metric alarm
 * definition as PutMetricAlarm takes it (metric-math alarms, `Metrics`, excepted: a query is rewritten by hand).
 */
const DEFINITION: Record<string, {read: (value: unknown) => unknown; schema: z.ZodTypeAny}> = {
  AlarmDescription: {read: (value) => (typeof value === 'string' ? value : undefined), schema: z.string({errorMap: () => ({message: 'AlarmDescription must be text'})}).max(1024, 'AlarmDescription must be at most 1024 characters')},
  ActionsEnabled: {read: asBoolean, schema: z.boolean({errorMap: () => ({message: 'ActionsEnabled must be true or false'})})},
  AlarmActions: {read: stringList, schema: arnList('AlarmActions')},
  OKActions: {read: stringList, schema: arnList('OKActions')},
  InsufficientDataActions: {read: stringList, schema: arnList('InsufficientDataActions')},
  MetricName: {read: plainText, schema: nonEmptyString('MetricName')},
  Namespace: {read: plainText, schema: nonEmptyString('Namespace')},
  Statistic: {read: plainText, schema: oneOf('Statistic', STATISTICS)},
  ExtendedStatistic: {read: plainText, schema: nonEmptyString('ExtendedStatistic')},
  Dimensions: {
    read: (value) => (Array.isArray(value) && value.every((item) => typeof item?.Name === 'string' && typeof item?.Value === 'string') ? value.map(({Name, Value}) => ({Name, Value})) : undefined),
    schema: z.array(z.strictObject({Name: nonEmptyString('Dimensions Name'), Value: nonEmptyString('Dimensions Value')}), {errorMap: () => ({message: 'Dimensions must be a list of {Name, Value}'})}).max(30, 'Dimensions holds at most 30'),
  },
  Period: {read: asCount, schema: wholePeriods('Period').unwrap()},
  Unit: {read: plainText, schema: nonEmptyString('Unit')},
  EvaluationPeriods: {read: asCount, schema: wholePeriods('EvaluationPeriods').unwrap()},
  DatapointsToAlarm: {read: asCount, schema: wholePeriods('DatapointsToAlarm').unwrap()},
  Threshold: {read: asNumber, schema: z.number({errorMap: () => ({message: 'Threshold must be a number'})}).finite('Threshold must be a number')},
  ComparisonOperator: {read: plainText, schema: oneOf('ComparisonOperator', COMPARISON_OPERATORS)},
  TreatMissingData: {read: plainText, schema: oneOf('TreatMissingData', MISSING_DATA)},
  EvaluateLowSampleCountPercentile: {read: plainText, schema: oneOf('EvaluateLowSampleCountPercentile', LOW_SAMPLE_COUNT)},
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined
}

function plainText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

const DEFINITION_FIELDS = Object.keys(DEFINITION)

const DEFINITION_SHAPE: z.ZodRawShape = {AlarmName: nonEmptyString('AlarmName'), ...Object.fromEntries(DEFINITION_FIELDS.map((name) => [name, DEFINITION[name].schema.optional()]))}

const cloudwatchAlarmSetPaths = ['/AlarmActions', '/OKActions', '/InsufficientDataActions', '/Dimensions']

/**
 * The alarm's definition put back by one PutMetricAlarm carrying every drifted field at the template's value (a
 * heal's four tunable fields included, so a revert sends one call); the executor sends it on top of the alarm's
 * full current definition, read just before, so that what the template does not declare stays as it is. Nothing
 * restarts; the alarm re-evaluates with the declared definition. Its rollback puts back the values it replaced.
 */
const alarmDefinitionRevert: PropertyRevert = {
  paths: DEFINITION_FIELDS.map((name) => `/${name}`),
  restartPaths: [],
  calls: [
    {
      api: 'CloudWatch.PutMetricAlarm',
      params: changingOneOf(DEFINITION_SHAPE, DEFINITION_FIELDS, 'no field to change'),
    },
  ],
  changeOf: (actual, path, differences) => putBack(actual, path, differences, cloudwatchAlarmSetPaths),
  build(actual, changes) {
    const to: Record<string, unknown> = {}
    const from: Record<string, unknown> = {}
    for (const change of changes) {
      const name = change.path.slice(1)
      const field = DEFINITION[name]
      const before = currentValue(actual, change.path)
      const [f, t] = [before === undefined && field.read === stringList ? [] : field.read(before), field.read(change.to)]
      if (t === undefined || !field.schema.safeParse(t).success) return refuse(`${change.path} ${JSON.stringify(change.to)} is not a value PutMetricAlarm takes`)
      // A field AWS does not have now is left to the alarm as read when rolling back (it cannot be unset by a put).
      to[name] = t
      if (f !== undefined) from[name] = f
    }

    const call = (values: Record<string, unknown>): HealApiCall => ({api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: actual.physicalId, ...values}})
    return {ok: true, actions: [{...call(to), rollback: call(Object.keys(from).length > 0 ? from : to)}]}
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
  setPaths: cloudwatchAlarmSetPaths,
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
  revert: alarmDefinitionRevert,
  neverReverted: {'/AlarmName': NEVER_REVERTED.replacement, '/Metrics': 'a metric-math alarm query is rewritten by hand, never reverted'},
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
