import {describe, expect, it} from 'vitest'

import {demoSummary} from '../../fixtures/demo-expected.js'
import {demoOutcome as demo} from '../../helpers/demo-outcome.js'

// The example estate in phases/ against the bundled snapshot: the drift `npm run demo` shows.
describe('the demo estate', () => {
  it('GIVEN phases/ and the demo snapshot WHEN analysing THEN every drift type shows with the intended severities', async () => {
    const {report} = await demo()
    expect(report.items.map((item) => `${item.severity} ${item.driftType} ${item.id} ${item.differences.map((difference) => difference.path).join(',')}`)).toEqual([
      'critical configuration_drift DatabaseSecurityGroup /SecurityGroupIngress/1',
      'critical configuration_drift ApiTaskRole /Policies/0/PolicyDocument/Statement/0/Action',
      'critical configuration_drift HttpsListener /SslPolicy',
      'critical configuration_drift ArtefactsBucket /PublicAccessBlockConfiguration/BlockPublicAcls',
      'high configuration_drift WebInstance /InstanceType',
      'high missing_resource ApiCpuAlarm ',
      'high configuration_drift OrdersTable /PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled',
      'medium configuration_drift OrdersQueue /VisibilityTimeout',
      'medium configuration_drift WebCpuAlarm /Threshold',
      'medium configuration_drift ApiLogGroup /RetentionInDays',
      'medium configuration_drift ApiTargetGroup /HealthCheckPath',
      'medium configuration_drift AuroraCluster /PreferredBackupWindow',
      'medium extra_resource i-0d4e5f60718293a4b ',
      'low tag_drift WorkerInstance /Tags/Owner',
      'low configuration_drift WorkerService /DesiredCount',
      'low tag_drift WebLoadBalancer /Tags/Owner',
    ])
  })

  it('GIVEN the demo WHEN summarising THEN the expected, unsupported and not-checked resources are counted', async () => {
    const {report, analysis} = await demo()
    expect(report.summary).toMatchObject(demoSummary)
    expect(analysis.expected.map((entry) => `${entry.id} ${entry.difference.path} ${entry.rule}`)).toEqual([
      'ApiService /DesiredCount autoscaling-range 2..6',
      "EcsCapacityGroup /DesiredCapacity autoscaling-range 1..4 (the group's MinSize..MaxSize)",
    ])
    expect(analysis.notChecked.map((entry) => `${entry.id} ${entry.path}: ${entry.reason}`)).toMatchInlineSnapshot(`
      [
        "EcsCapacityGroup /LaunchTemplate/Version: !GetAtt EcsCapacityLaunchTemplate.LatestVersionNumber: EcsCapacityLaunchTemplate is AWS::EC2::LaunchTemplate, a type ialctl does not read",
        "OrdersProcessorFunction /Code: Code is not returned by the describe call",
        "OrdersProcessorFunction /Environment/Variables/PAYMENTS_API_KEY: a dynamic reference: CloudFormation puts the stored secret in its place at deploy time, and ialctl does not read secret stores",
        "AuroraCluster /ManageMasterUserPassword: ManageMasterUserPassword is not returned by the describe call",
        "AuroraCluster /DBSubnetGroupName: !Ref DbSubnetGroup: DbSubnetGroup is AWS::RDS::DBSubnetGroup, a type ialctl does not read",
      ]
    `)
  })
})
