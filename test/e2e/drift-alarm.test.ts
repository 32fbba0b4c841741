// `ialctl drift alarm` against moto, on the example estate that declares the same alarm in 00-foundation.
import {DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {afterAll, beforeAll, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {e2eConfigText} from './fixtures/config.js'
import {createExampleEstate} from './fixtures/estate.js'
import {awsClients, type AwsClients} from './helpers/aws-clients.js'
import {createWorkspace, runCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'

describeE2e('drift alarm against moto', () => {
  let workspace: Workspace
  let aws: AwsClients
  const cli = (...args: string[]) => runCli(workspace, args, {endpoint: motoEndpoint()})

  beforeAll(async () => {
    aws = awsClients(motoEndpoint())
    await createExampleEstate(motoEndpoint())
    workspace = createWorkspace({config: e2eConfigText()})
  })
  afterAll(() => aws.destroy())

  it('GIVEN the drift alarm the phases declare WHEN `drift alarm` runs THEN the alarm in AWS still matches its template (no drift of our own making)', async () => {
    const result = await cli('drift', 'alarm')
    expect(result.code, result.stderr).toBe(0)
    const alarms = (await aws.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: ['IAL-DriftDetected']}))).MetricAlarms ?? []
    expect(alarms).toHaveLength(1)
    expect(alarms[0]).toMatchObject({Namespace: 'IAL/Drift', MetricName: 'DriftCount', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold'})
    const check = await cli('drift', 'check', '--json')
    expect((JSON.parse(check.stdout) as DriftReport).items).toEqual([])
    expect(check.code).toBe(0)
  })
})
