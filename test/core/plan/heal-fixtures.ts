// Hand-built drift items and AWS resources, shaped like the diff engine's output, for the heal tests.

import {expect} from 'vitest'

import type {ActualResource, DriftAnalysis, DriftItem, Difference} from '../../../src/core/model.js'
import type {HealPlanEntry} from '../../../src/core/plan/heal-plan.js'
import {revertEntryOf} from '../../../src/core/plan/revert-plan.js'
import {declaredCallProblem} from '../../../src/core/resources/heal.js'
import {revertCalls} from '../../../src/core/resources/index.js'

export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'

export function ecsService(overrides: Partial<ActualResource['properties']> = {}, tags: Record<string, string> = {Owner: 'platform'}): ActualResource {
  const arn = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/web`
  return {
    type: 'AWS::ECS::Service',
    region: REGION,
    physicalId: arn,
    arn,
    properties: {Cluster: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`, ServiceName: 'web', DesiredCount: 2, LaunchType: 'FARGATE', ...overrides},
    tags,
    attributes: {Name: 'web'},
  }
}

export function vpc(tags: Record<string, string> = {Name: 'main'}): ActualResource {
  return {type: 'AWS::EC2::VPC', region: REGION, physicalId: 'vpc-0abc', properties: {CidrBlock: '10.0.0.0/16'}, tags, attributes: {}}
}

export function dbInstance(overrides: Record<string, unknown> = {}): ActualResource {
  return {
    type: 'AWS::RDS::DBInstance',
    region: REGION,
    physicalId: 'orders-db',
    arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db`,
    properties: {
      DBInstanceIdentifier: 'orders-db',
      DBInstanceClass: 'db.t3.medium',
      Engine: 'postgres',
      BackupRetentionPeriod: 7,
      PreferredBackupWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      DeletionProtection: false,
      ...overrides,
    },
    tags: {},
    attributes: {},
  }
}

export function alarm(overrides: Record<string, unknown> = {}): ActualResource {
  return {
    type: 'AWS::CloudWatch::Alarm',
    region: REGION,
    physicalId: 'web-cpu-high',
    arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:web-cpu-high`,
    properties: {
      AlarmName: 'web-cpu-high',
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 3,
      Threshold: 90,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:ops`],
      ...overrides,
    },
    tags: {},
    attributes: {},
  }
}

export function instance(monitoring: boolean): ActualResource {
  return {type: 'AWS::EC2::Instance', region: REGION, physicalId: 'i-0123', properties: {InstanceType: 't3.micro', Monitoring: monitoring}, tags: {Name: 'bastion'}, attributes: {}}
}

export function securityGroup(): ActualResource {
  return {type: 'AWS::EC2::SecurityGroup', region: REGION, physicalId: 'sg-0abc', properties: {GroupName: 'web', GroupDescription: 'web'}, tags: {}, attributes: {}}
}

export const diff = (path: string, expected: unknown, actual: unknown, kind: Difference['kind'] = 'NOT_EQUAL'): Difference => ({path, expected, actual, kind})

export function item(id: string, resource: ActualResource | null, differences: Difference[], overrides: Partial<DriftItem> = {}): DriftItem {
  const onlyTags = differences.every((difference) => difference.path.startsWith('/Tags/'))
  return {
    id,
    type: resource?.type ?? 'AWS::ECS::Service',
    driftType: onlyTags ? 'tag_drift' : 'configuration_drift',
    severity: onlyTags ? 'low' : 'medium',
    impact: [],
    autoHealable: true,
    physicalId: resource?.physicalId ?? null,
    region: resource?.region ?? null,
    location: {file: 'phases/30-compute/03-services.yaml', line: 10},
    differences,
    ...overrides,
  }
}

export function analysis(entries: Array<[DriftItem, ActualResource | null]>, extra: Partial<DriftAnalysis> = {}): DriftAnalysis {
  const actual = new Map<string, ActualResource>()
  for (const [drift, resource] of entries) if (resource) actual.set(drift.id, resource)
  return {
    items: entries.map(([drift]) => drift),
    matches: new Map(actual),
    desired: new Map(),
    actual,
    inSync: [],
    unsupported: [],
    notChecked: [],
    ignored: [],
    expected: [],
    heals: new Map(),
    ...extra,
  }
}

export const POLICY = {enabled: true, maxResources: 10, severityLimit: 'medium' as const, forbid: [] as string[]}
export const PLAN_OPTIONS = {...POLICY, configHash: 'cfg-1', phasesCommit: 'abc123', createdAt: '2026-11-25T10:00:00.000Z'}

/** The revert entry for one item, with every call it makes (apply and rollback) checked against the schemas its type declares. */
export function checkedRevertEntry(drift: DriftItem, resource: ActualResource, options: {applyImmediately: boolean}, declared?: Record<string, unknown>): HealPlanEntry {
  const entry = revertEntryOf(drift, resource, options, declared)
  for (const call of entry.actions.flatMap((action) => [action, action.rollback])) {
    expect(declaredCallProblem(revertCalls(call.api), call.params, 'revert'), `${call.api} ${JSON.stringify(call.params)} passes a declared schema`).toBeUndefined()
  }

  return entry
}
