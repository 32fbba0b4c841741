// `ialctl drift alarm` against moto, on the example estate that declares the same alarm in 00-foundation.
import {DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

describeE2e('drift alarm against moto', () => {
  const suite = exampleEstateSuite()
  const {cli} = suite

  it('GIVEN the drift alarm the phases declare WHEN `drift alarm` runs THEN the alarm in AWS still matches its template (no drift of our own making)', async () => {
    const result = await cli('drift', 'alarm')
    expect(result.code, result.stderr).toBe(0)
    const alarms = (await suite.aws.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: ['IAL-DriftDetected']}))).MetricAlarms ?? []
    expect(alarms).toHaveLength(1)
    expect(alarms[0]).toMatchObject({Namespace: 'IAL/Drift', MetricName: 'DriftCount', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold'})
    const check = await cli('drift', 'check', '--json')
    expect((JSON.parse(check.stdout) as DriftReport).items).toEqual([])
    expect(check.code).toBe(0)
  })
})
