import type {MetricAlarm} from '@aws-sdk/client-cloudwatch'
import {describe, expect, it} from 'vitest'

import {alarmFromAws, cloudwatchAlarm} from '../../../src/core/resources/cloudwatch-alarm.js'
import {callsOf, change, refusal, resource} from './heal-helpers.js'
import {fixture, region} from './mapping-helpers.js'

describe('AWS::CloudWatch::Alarm mapping', () => {
  it('GIVEN a metric alarm and its tags from the tagging API WHEN mapped THEN the alarm has CloudFormation properties and all tags', () => {
    const alarm = fixture<{MetricAlarms: MetricAlarm[]}>('cloudwatch-describe-alarms').MetricAlarms[0]
    const tags = fixture<{ResourceTagMappingList: {Tags: {Key: string; Value: string}[]}[]}>('tagging-get-resources-alarms').ResourceTagMappingList[0].Tags
    const actual = alarmFromAws(alarm, tags, region)
    expect(actual.physicalId).toBe('web-cpu-high')
    expect(actual.properties).toEqual({
      AlarmName: 'web-cpu-high',
      AlarmDescription: 'CPU above 80% for 10 minutes',
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Statistic: 'Average',
      Dimensions: [{Name: 'ClusterName', Value: 'prod'}, {Name: 'ServiceName', Value: 'web'}],
      Period: 300,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'missing',
      ActionsEnabled: true,
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
      OKActions: [],
      InsufficientDataActions: [],
    })
    expect(actual.tags).toEqual({team: 'web', 'aws:cloudformation:logical-id': 'WebCpuAlarm'})
    expect(actual.attributes).toMatchObject({Arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-cpu-high'})
  })

  it('GIVEN an alarm the tagging API does not list WHEN mapped THEN it has no tags', () => {
    expect(alarmFromAws({AlarmName: 'bare'}, undefined, region).tags).toEqual({})
  })
})

describe('AWS::CloudWatch::Alarm heal', () => {
  const ops = 'arn:aws:sns:us-east-1:123456789012:ops'
  const pager = 'arn:aws:sns:us-east-1:123456789012:pager'
  const alarm = (properties: Record<string, unknown> = {}) => resource(cloudwatchAlarm.type, 'web-cpu-high', {AlarmName: 'web-cpu-high', Threshold: 95, EvaluationPeriods: 3, AlarmActions: [ops], ...properties})

  it('GIVEN a raised threshold and other actions WHEN built THEN PutMetricAlarm carries only the healed fields, the rollback the old values', () => {
    expect(callsOf(cloudwatchAlarm.heal!.build(alarm(), [change('/Threshold', 95, 90), change('/AlarmActions', [ops], [ops, pager])]))).toEqual([
      {api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: 'web-cpu-high', Threshold: 90, AlarmActions: [ops, pager]}},
      {api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: 'web-cpu-high', Threshold: 95, AlarmActions: [ops]}},
    ])
  })

  it('GIVEN an alarm without actions WHEN the template adds one THEN the rollback writes the empty list back', () => {
    expect(callsOf(cloudwatchAlarm.heal!.build(alarm({AlarmActions: undefined}), [change('/AlarmActions', undefined, [ops])]))[1].params).toEqual({AlarmName: 'web-cpu-high', AlarmActions: []})
  })

  it('GIVEN values that are not numbers or not a list WHEN built THEN they are refused', () => {
    expect(refusal(cloudwatchAlarm.heal!.build(alarm(), [change('/EvaluationPeriods', 3, 'three')]))).toBe('/EvaluationPeriods 3 → three is not a number')
    expect(refusal(cloudwatchAlarm.heal!.build(alarm(), [change('/AlarmActions', [ops], ops)]))).toBe('/AlarmActions must be a list of ARNs')
  })

  it('GIVEN a tag change WHEN its calls are built THEN CloudWatch tags the alarm by its ARN', () => {
    const arn = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-cpu-high'
    expect(cloudwatchAlarm.tags.set(arn, {Owner: 'a'})).toEqual({api: 'CloudWatch.TagResource', params: {ResourceARN: arn, Tags: [{Key: 'Owner', Value: 'a'}]}})
    expect(cloudwatchAlarm.tags.remove(arn, {Stray: 'x'})).toEqual({api: 'CloudWatch.UntagResource', params: {ResourceARN: arn, TagKeys: ['Stray']}})
  })
})
