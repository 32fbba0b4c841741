// The repository both reverse-sync CLI tests start from: one alarm declared at threshold 80 (with comments, which a
// reverse sync must keep) and a saved snapshot in which AWS has 95, so that AWS is read offline.

/** `phases/00-foundation/01-alarms.yaml`. */
const ALARM_TEMPLATE = `# Alarms for the web tier
Resources:
  WebCpuAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: web-cpu-high
      Namespace: AWS/EC2
      MetricName: CPUUtilization
      Statistic: Average
      Period: 300
      EvaluationPeriods: 3
      Threshold: 80 # agreed with on-call
      ComparisonOperator: GreaterThanThreshold
`

/** `snapshot.json`: the alarm as AWS has it, threshold 95. */
const ALARM_SNAPSHOT = {
  schemaVersion: 1,
  readAt: '2026-11-23T06:00:00.000Z',
  regions: ['us-east-1'],
  types: ['AWS::CloudWatch::Alarm'],
  unread: [],
  apiCalls: {},
  resources: [
    {
      type: 'AWS::CloudWatch::Alarm',
      region: 'us-east-1',
      physicalId: 'web-cpu-high',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-cpu-high',
      properties: {AlarmName: 'web-cpu-high', Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Statistic: 'Average', Period: 300, EvaluationPeriods: 3, Threshold: 95, ComparisonOperator: 'GreaterThanThreshold'},
      tags: {},
      attributes: {},
    },
  ],
}

/** The files of a clone that declares the alarm, with the snapshot and this config. */
export const alarmRepository = (config: string): Record<string, string> => ({
  'phases/00-foundation/01-alarms.yaml': ALARM_TEMPLATE,
  'snapshot.json': JSON.stringify(ALARM_SNAPSHOT),
  'config/ialctl.yaml': config,
})
