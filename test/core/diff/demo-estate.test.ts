import {describe, expect, it} from 'vitest'

import {readSnapshotFile} from '../../../src/adapters/snapshot-file.js'
import {loadConfig} from '../../../src/config/load.js'
import {analyseDrift} from '../../../src/core/diff/analyse.js'
import {buildReport} from '../../../src/core/report.js'
import {loadPhases} from '../../../src/workflows/load-phases.js'

// The example estate in phases/ against the bundled snapshot: the drift `npm run demo` shows.
async function demo() {
  const {config} = await loadConfig({path: 'config/ialctl.yaml'})
  const {model, problems} = await loadPhases({dir: 'phases', parameters: config.parameters, stackName: config.phases.stackName})
  expect(problems).toEqual([])
  const snapshot = await readSnapshotFile('test/fixtures/demo-snapshot.json')
  const analysis = analyseDrift(model, snapshot, {
    strictTags: config.tags.strict,
    ignore: config.ignore,
    expected: config.expected,
    severityOverrides: config.severity.overrides,
    extraScope: config.scope.extraResources,
    severityLimit: config.autoHeal.severityLimit,
  })
  return {analysis, report: buildReport(analysis, {phases: 'phases', commit: null, regions: snapshot.regions, snapshot: 'test/fixtures/demo-snapshot.json'}, '2026-11-23T06:00:00Z')}
}

describe('the demo estate', () => {
  it('GIVEN phases/ and the demo snapshot WHEN analysing THEN every drift type shows with the intended severities', async () => {
    const {report} = await demo()
    expect(report.items.map((item) => `${item.severity} ${item.driftType} ${item.id} ${item.differences.map((difference) => difference.path).join(',')}`)).toEqual([
      'critical configuration_drift DatabaseSecurityGroup /SecurityGroupIngress/1',
      'high configuration_drift WebInstance /InstanceType',
      'high missing_resource ApiCpuAlarm ',
      'medium configuration_drift WebCpuAlarm /Threshold',
      'medium configuration_drift AuroraCluster /PreferredBackupWindow',
      'medium extra_resource i-0d4e5f60718293a4b ',
      'low tag_drift WorkerInstance /Tags/Owner',
      'low configuration_drift WorkerService /DesiredCount',
    ])
  })

  it('GIVEN the demo WHEN summarising THEN the expected, unsupported and not-checked resources are counted', async () => {
    const {report, analysis} = await demo()
    expect(report.summary).toMatchObject({resources: 18, missing: 1, drifted: 6, extra: 1, unsupported: 2, expected: 1})
    expect(analysis.expected.map((entry) => `${entry.id} ${entry.difference.path} ${entry.rule}`)).toEqual(['ApiService /DesiredCount autoscaling-range 2..6'])
    expect(analysis.notChecked.map((entry) => `${entry.id} ${entry.path}: ${entry.reason}`)).toMatchInlineSnapshot(`
      [
        "Vpc /EnableDnsSupport: EnableDnsSupport is not returned by the describe call",
        "Vpc /EnableDnsHostnames: EnableDnsHostnames is not returned by the describe call",
        "ApiTaskDefinition /ExecutionRoleArn: !GetAtt TaskExecutionRole.Arn: TaskExecutionRole is AWS::IAM::Role, a type ialctl does not read",
        "AuroraCluster /ManageMasterUserPassword: ManageMasterUserPassword is not returned by the describe call",
        "AuroraCluster /DBSubnetGroupName: !Ref DbSubnetGroup: DbSubnetGroup is AWS::RDS::DBSubnetGroup, a type ialctl does not read",
      ]
    `)
  })
})
