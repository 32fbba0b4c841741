import type {Difference, Impact, Severity} from '../model.js'
import {sameMajorVersion} from '../diff/rules.js'

/**
 * How risky a drifted property is: the one table (SPEC 3). `path` is a pointer without list positions
 * (`/ContainerDefinitions/Image` covers every container); `type` narrows an entry; `when` lets an entry depend on
 * the values (a major engine upgrade is riskier than a minor one). The first entry that applies wins.
 */
export interface PropertyRating {
  path: string
  type?: string
  severity: Severity
  impact: Impact[]
  when?: (difference: Difference) => boolean
}

const critical = (path: string, type?: string): PropertyRating => ({path, type, severity: 'critical', impact: ['security']})

export const PROPERTY_RATINGS: readonly PropertyRating[] = [
  // Who can reach what, who can do what, who can read the data.
  critical('/SecurityGroupIngress'),
  critical('/SecurityGroupEgress'),
  critical('/SecurityGroupIds'),
  critical('/SecurityGroups'),
  critical('/VPCSecurityGroups'),
  critical('/VpcSecurityGroupIds'),
  critical('/NetworkConfiguration/AwsvpcConfiguration/SecurityGroups'),
  critical('/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp'),
  critical('/PubliclyAccessible'),
  critical('/MapPublicIpOnLaunch'),
  critical('/StorageEncrypted'),
  critical('/KmsKeyId'),
  critical('/IAMDatabaseAuthenticationEnabled'),
  critical('/IamInstanceProfile'),
  critical('/TaskRoleArn'),
  critical('/ExecutionRoleArn'),
  critical('/Role'),
  critical('/MonitoringRoleArn'),
  // What it runs on, what it runs, what it costs.
  {path: '/EngineVersion', severity: 'high', impact: ['availability', 'security'], when: (d) => !sameMajorVersion(d.expected, d.actual)},
  {path: '/EngineVersion', severity: 'medium', impact: ['availability']},
  {path: '/InstanceType', severity: 'high', impact: ['cost', 'availability']},
  {path: '/DBInstanceClass', severity: 'high', impact: ['cost', 'availability']},
  {path: '/ContainerDefinitions/Image', severity: 'high', impact: ['availability', 'security']},
  {path: '/ImageId', severity: 'high', impact: ['availability', 'security']},
  {path: '/TaskDefinition', severity: 'high', impact: ['availability']},
  {path: '/Engine', severity: 'high', impact: ['availability']},
  {path: '/MultiAZ', severity: 'high', impact: ['availability', 'cost']},
  {path: '/DeletionProtection', severity: 'high', impact: ['availability']},
  {path: '/AllocatedStorage', severity: 'high', impact: ['cost']},
  {path: '/StorageType', severity: 'high', impact: ['cost']},
  {path: '/Cpu', severity: 'high', impact: ['cost', 'availability']},
  {path: '/Memory', severity: 'high', impact: ['cost', 'availability']},
  {path: '/ContainerDefinitions/Cpu', severity: 'high', impact: ['cost', 'availability']},
  {path: '/ContainerDefinitions/Memory', severity: 'high', impact: ['cost', 'availability']},
  {path: '/CidrBlock', severity: 'high', impact: ['availability']},
  // How much of it runs, how it is backed up and watched.
  {path: '/DesiredCount', severity: 'medium', impact: ['availability', 'cost']},
  {path: '/PreferredBackupWindow', severity: 'medium', impact: ['availability']},
  {path: '/BackupRetentionPeriod', severity: 'medium', impact: ['availability']},
  {path: '/PreferredMaintenanceWindow', severity: 'medium', impact: ['availability']},
  {path: '/Threshold', severity: 'medium', impact: ['availability']},
  {path: '/EvaluationPeriods', severity: 'medium', impact: ['availability']},
  {path: '/DatapointsToAlarm', severity: 'medium', impact: ['availability']},
  {path: '/Period', severity: 'medium', impact: ['availability']},
  {path: '/ComparisonOperator', severity: 'medium', impact: ['availability']},
  {path: '/AlarmActions', severity: 'medium', impact: ['availability']},
  {path: '/OKActions', severity: 'medium', impact: ['availability']},
  {path: '/Monitoring', severity: 'medium', impact: ['availability']},
  {path: '/MonitoringInterval', severity: 'medium', impact: ['availability']},
  {path: '/EnablePerformanceInsights', severity: 'medium', impact: ['availability']},
  {path: '/EnableCloudwatchLogsExports', severity: 'medium', impact: ['availability', 'security']},
  {path: '/ClusterSettings', severity: 'medium', impact: ['availability']},
  // Words for humans.
  {path: '/GroupDescription', severity: 'low', impact: []},
  {path: '/AlarmDescription', severity: 'low', impact: []},
  {path: '/Description', severity: 'low', impact: []},
]

/** A property the table does not know: worth a look, not an alarm. */
export const UNRATED: Omit<PropertyRating, 'path'> = {severity: 'medium', impact: []}

/** Tags: cost allocation and ownership, never an outage. */
export const TAG_RATING: Omit<PropertyRating, 'path'> = {severity: 'low', impact: ['cost']}

export const DRIFT_TYPE_RATINGS = {
  missing_resource: {severity: 'high', impact: ['availability']},
  extra_resource: {severity: 'medium', impact: ['cost', 'security']},
  tag_drift: TAG_RATING,
} as const satisfies Record<string, Omit<PropertyRating, 'path'>>
