import {describe, expect, it} from 'vitest'

import {analyseDrift as matchCompareSuppress, type DiffOptions} from '../../src/core/diff/analyse.js'
import type {DesiredModel, Snapshot} from '../../src/core/model.js'
import {buildReport} from '../../src/core/report.js'
import {assessDrift} from '../../src/core/risk/assess.js'
import {actual, desired, INSTANCE, model, options, SERVICE, SG, snapshot} from './diff/builders.js'

/** What `drift check` does with them: match, compare and suppress, then assess. */
const analyseDrift = (model: DesiredModel, snapshot: Snapshot, options: DiffOptions) => assessDrift(matchCompareSuppress(model, snapshot, options), options)

const source = {phases: 'phases', commit: null, regions: ['us-east-1'], snapshot: 'snap.json'}

function estate() {
  const at = (line: number, file = 'phases/30-compute/01-app.yaml') => ({location: {file, line, column: 3}, file})
  const resources = [
    desired('AppService', SERVICE, {Cluster: 'prod', ServiceName: 'app', DesiredCount: 2}, at(40)),
    desired('WorkerService', SERVICE, {Cluster: 'prod', ServiceName: 'worker', DesiredCount: 1, Tags: [{Key: 'Owner', Value: 'a'}]}, at(20)),
    desired('WebSg', SG, {GroupName: 'web', GroupDescription: 'web', VpcId: 'vpc-1', SecurityGroupIngress: [{IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16'}]}, at(5, 'phases/10-security/01-sg.yaml')),
    desired('Gone', SERVICE, {Cluster: 'prod', ServiceName: 'gone'}, at(60)),
    desired('InSync', SERVICE, {Cluster: 'prod', ServiceName: 'fine', DesiredCount: 1}, at(80)),
    desired('Bucket', 'AWS::SSM::Parameter', {Name: 'b', Type: 'String', Value: 'x'}, at(90)),
  ]
  const arn = (name: string) => `arn:aws:ecs:us-east-1:123456789012:service/prod/${name}`
  const aws = [
    actual(SERVICE, arn('app'), {Cluster: 'prod', ServiceName: 'app', DesiredCount: 3}),
    actual(SERVICE, arn('worker'), {Cluster: 'prod', ServiceName: 'worker', DesiredCount: 1}, {Owner: 'b'}),
    actual(SERVICE, arn('fine'), {Cluster: 'prod', ServiceName: 'fine', DesiredCount: 1}),
    actual(SG, 'sg-1', {GroupName: 'web', GroupDescription: 'web', VpcId: 'vpc-1', SecurityGroupIngress: [{IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0'}]}),
    actual(INSTANCE, 'i-0b', {InstanceType: 't3.micro'}, {ManagedBy: 'ialctl'}),
    actual(INSTANCE, 'i-0a', {InstanceType: 't3.micro'}, {ManagedBy: 'ialctl'}),
  ]
  return analyseDrift(model(resources), snapshot(aws), options({extraScope: {tagKey: 'ManagedBy', types: {}}}))
}

describe('buildReport', () => {
  it('GIVEN a mixed estate WHEN building the report THEN items are ordered by severity, then file and line, extras last by id', () => {
    const report = buildReport(estate(), source, '2026-11-23T06:00:00Z')
    expect(report.items.map((item) => `${item.severity} ${item.driftType} ${item.id}`)).toEqual([
      'critical configuration_drift WebSg',
      'high missing_resource Gone',
      'medium configuration_drift AppService',
      'medium extra_resource i-0a',
      'medium extra_resource i-0b',
      'low tag_drift WorkerService',
    ])
  })

  it('GIVEN a mixed estate WHEN building the report THEN the summary follows the arithmetic of SPEC 5', () => {
    const {summary} = buildReport(estate(), source, '2026-11-23T06:00:00Z')
    expect(summary).toEqual({
      resources: 5, inSync: 1, drifted: 3, missing: 1, extra: 2, unsupported: 1, notChecked: 0, ignored: 0, expected: 0,
      coverage: 0.833, bySeverity: {low: 1, medium: 3, high: 1, critical: 1},
      unsupportedResources: [{id: 'Bucket', type: 'AWS::SSM::Parameter', location: {file: 'phases/30-compute/01-app.yaml', line: 90}}],
    })
    expect(summary.inSync + summary.drifted + summary.missing).toBe(summary.resources)
  })

  it('GIVEN the same inputs twice WHEN serialising THEN the JSON is byte-identical apart from generatedAt', () => {
    const first = JSON.stringify(buildReport(estate(), source, '2026-11-23T06:00:00Z'))
    const second = JSON.stringify(buildReport(estate(), {...source, regions: [...source.regions]}, '2026-11-24T06:00:00Z'))
    expect(second.replace('2026-11-24', '2026-11-23')).toBe(first)
    expect(first.startsWith('{"schemaVersion":2,"generatedAt":"2026-11-23T06:00:00Z","source":{"phases":"phases","commit":null,"uncommittedChanges":false,"regions":["us-east-1"],"snapshot":"snap.json"},"summary":{"resources":5,')).toBe(true)
  })

  it('GIVEN nothing declared WHEN building the report THEN coverage is 1, not NaN', () => {
    const report = buildReport(analyseDrift(model([]), snapshot([]), options()), source, 'now')
    expect(report.summary.coverage).toBe(1)
  })
})
