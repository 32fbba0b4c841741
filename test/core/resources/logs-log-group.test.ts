import type {LogGroup} from '@aws-sdk/client-cloudwatch-logs'
import {describe, expect, it} from 'vitest'

import {healCallProblem} from '../../../src/core/resources/heal.js'
import {healCall} from '../../../src/core/resources/index.js'
import {logGroupFromAws, logsLogGroup} from '../../../src/core/resources/logs-log-group.js'
import {callsOf, change, refusal, resource} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const groups = fixture<{logGroups: LogGroup[]}>('logs-describe-log-groups').logGroups

describe('AWS::Logs::LogGroup mapping', () => {
  it('GIVEN a log group as DescribeLogGroups returns it WHEN mapped THEN it has CloudFormation properties, the tagging ARN and the GetAtt Arn', () => {
    const actual = logGroupFromAws(groups[0], {Environment: 'production'}, region)
    expect(actual).toEqual({
      type: 'AWS::Logs::LogGroup',
      region,
      physicalId: '/ecs/ial-prod-api',
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/ial-prod-api',
      properties: {
        LogGroupName: '/ecs/ial-prod-api',
        RetentionInDays: 30,
        KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        LogGroupClass: 'STANDARD',
        DeletionProtectionEnabled: false,
      },
      tags: {Environment: 'production'},
      attributes: {Arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/ial-prod-api:*'},
    })
    expectNoAbsentValues(actual)
  })

  it('GIVEN a group that never expires its events WHEN mapped THEN RetentionInDays is absent, not 0', () => {
    const actual = logGroupFromAws(groups[1], {}, region)
    expect(actual.properties).toEqual({LogGroupName: '/aws/lambda/nightly-export', LogGroupClass: 'INFREQUENT_ACCESS'})
  })

  it('GIVEN an older answer without logGroupArn WHEN mapped THEN the tagging ARN is the `:*` ARN without its suffix', () => {
    const {logGroupArn: _dropped, ...old} = groups[0]
    expect(logGroupFromAws(old, {}, region).arn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/ecs/ial-prod-api')
  })

  it('GIVEN a template by name and an AWS group WHEN keyed THEN both meet on the name', () => {
    const actual = logGroupFromAws(groups[0], {}, region)
    const desired = logsLogGroup.desiredKeys({logicalId: 'ApiLogGroup', stackName: '30-compute-04-log-groups', properties: {LogGroupName: '/ecs/ial-prod-api'}})
    expect(logsLogGroup.actualKeys(actual)).toContain(desired[0])
  })
})

describe('AWS::Logs::LogGroup heal', () => {
  const group = (retention?: number) => resource(logsLogGroup.type, '/ecs/ial-prod-api', {LogGroupName: '/ecs/ial-prod-api', ...(retention === undefined ? {} : {RetentionInDays: retention})})
  const build = (retention: number | undefined, to: unknown) => logsLogGroup.heal!.build(group(retention), [change('/RetentionInDays', retention, to)])

  it('GIVEN a retention lowered in AWS WHEN the template value is put back THEN PutRetentionPolicy raises it, carrying what the plan saw; the rollback keeps it raised', () => {
    expect(callsOf(build(7, 30))).toEqual([
      {api: 'Logs.PutRetentionPolicy', params: {logGroupName: '/ecs/ial-prod-api', retentionInDays: 30, retentionInDaysBefore: 7}},
      {api: 'Logs.PutRetentionPolicy', params: {logGroupName: '/ecs/ial-prod-api', retentionInDays: 30, retentionInDaysBefore: 30}},
    ])
  })

  it('GIVEN the template asks for less than AWS keeps WHEN built THEN it is refused: retention is only raised', () => {
    expect(refusal(build(365, 30))).toBe('/RetentionInDays 365 → 30: retention is only ever raised (a lower retention deletes log events)')
  })

  it('GIVEN a group that never expires WHEN the template sets a retention THEN it is refused: never-expire stays never-expire', () => {
    expect(refusal(build(undefined, 3653))).toMatch(/never expires its events, and a heal never sets a retention/)
  })

  it('GIVEN a template value CloudWatch Logs does not accept WHEN built THEN it is refused', () => {
    expect(refusal(build(7, 45))).toMatch(/^\/RetentionInDays 45 is not a CloudWatch Logs retention/)
    expect(refusal(build(7, 'thirty'))).toMatch(/^\/RetentionInDays thirty is not a CloudWatch Logs retention/)
  })

  it.each([
    ['a lower retention than the plan saw', {logGroupName: 'g', retentionInDays: 7, retentionInDaysBefore: 30}, 'retentionInDays may only be raised (a lower retention deletes log events)'],
    ['no record of the retention before (a never-expiring group)', {logGroupName: 'g', retentionInDays: 30}, /retentionInDaysBefore must be one of CloudWatch Logs' retention values/],
    ['a value outside the allowed list', {logGroupName: 'g', retentionInDays: 45, retentionInDaysBefore: 30}, /retentionInDays must be one of/],
    ['a parameter the heal never sends', {logGroupName: 'g', retentionInDays: 30, retentionInDaysBefore: 7, logGroupIdentifier: 'x'}, 'logGroupIdentifier is not a parameter a heal sends'],
  ])('GIVEN a PutRetentionPolicy with %s WHEN checked against its schema THEN it is refused', (_name, params, message) => {
    expect(healCallProblem(healCall('Logs.PutRetentionPolicy')!, params)?.message).toMatch(message)
  })

  it('GIVEN tag changes WHEN their calls are built THEN CloudWatch Logs tags the group by its ARN with a map; empty or aws: tags are refused', () => {
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/ial-prod-api'
    expect(logsLogGroup.tags.target(logGroupFromAws(groups[0], {}, region))).toBe(arn)
    expect(logsLogGroup.tags.set(arn, {Owner: 'a'})).toEqual({api: 'Logs.TagResource', params: {resourceArn: arn, tags: {Owner: 'a'}}})
    expect(logsLogGroup.tags.remove(arn, {Stray: 'x'})).toEqual({api: 'Logs.UntagResource', params: {resourceArn: arn, tagKeys: ['Stray']}})
    expect(healCallProblem(healCall('Logs.TagResource')!, {resourceArn: arn, tags: {}})?.message).toMatch(/at least one tag/)
    expect(healCallProblem(healCall('Logs.TagResource')!, {resourceArn: arn, tags: {'aws:cloudformation:stack-name': 'x'}})?.message).toMatch(/aws: tags excluded/)
    expect(healCallProblem(healCall('Logs.UntagResource')!, {resourceArn: arn, tagKeys: []})?.message).toMatch(/at least one tag key/)
  })
})
