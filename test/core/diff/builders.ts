// Hand-built desired models and snapshots for the pure core: small, explicit, one resource per line of intent.
import type {DiffOptions} from '../../../src/core/diff/analyse.js'
import {type ActualResource, type DesiredModel, type DesiredResource, Intrinsic, type Snapshot} from '../../../src/core/model.js'
import {RESOURCE_TYPES} from '../../../src/core/resources/index.js'

export const ref = (name: string) => new Intrinsic('Ref', name)
export const getAtt = (logical: string, attribute: string) => new Intrinsic('Fn::GetAtt', [logical, attribute])
export const sub = (text: string) => new Intrinsic('Fn::Sub', text)

/** A declared resource; every pointer of its properties gets a line, counting from `line + 2`. */
export function desired(logicalId: string, type: string, properties: Record<string, unknown>, extra: Partial<DesiredResource> = {}): DesiredResource {
  const line = extra.location?.line ?? 10
  const lines: Record<string, number> = {'': line + 1}
  let next = line + 2
  const walk = (value: unknown, pointer: string) => {
    lines[pointer] = next++
    if (value instanceof Intrinsic) return
    if (Array.isArray(value)) value.forEach((element, index) => walk(element, `${pointer}/${index}`))
    else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) walk(child, `${pointer}/${key}`)
  }

  for (const [key, value] of Object.entries(properties)) walk(value, `/${key}`)
  return {
    logicalId,
    type,
    phase: '30-compute',
    file: 'phases/30-compute/01-app.yaml',
    stackName: '30-compute-01-app',
    location: {file: 'phases/30-compute/01-app.yaml', line, column: 3},
    properties,
    lines,
    dependsOn: [],
    ...extra,
  }
}

export function actual(type: string, physicalId: string, properties: Record<string, unknown>, tags: Record<string, string> = {}, extra: Partial<ActualResource> = {}): ActualResource {
  return {type, region: 'us-east-1', physicalId, properties, tags, attributes: {}, ...extra}
}

export function model(resources: DesiredResource[], parameters: Record<string, unknown> = {}): DesiredModel {
  return {phasesDir: 'phases', phases: ['30-compute'], parameters, resources}
}

export function snapshot(resources: ActualResource[], extra: Partial<Snapshot> = {}): Snapshot {
  return {
    schemaVersion: 1,
    readAt: '2026-11-23T06:00:00Z',
    regions: ['us-east-1'],
    accountId: '123456789012',
    types: RESOURCE_TYPES.map((module) => module.type),
    unread: [],
    apiCalls: {},
    resources,
    ...extra,
  }
}

export const options = (extra: Partial<DiffOptions> = {}): DiffOptions => ({
  strictTags: false,
  ignore: [],
  expected: [],
  severityOverrides: [],
  extraScope: null,
  severityLimit: 'medium',
  ...extra,
})

export const SERVICE = 'AWS::ECS::Service'
export const SG = 'AWS::EC2::SecurityGroup'
export const DB = 'AWS::RDS::DBInstance'
export const ALARM = 'AWS::CloudWatch::Alarm'
export const INSTANCE = 'AWS::EC2::Instance'
export const VPC = 'AWS::EC2::VPC'
export const CLUSTER = 'AWS::ECS::Cluster'
