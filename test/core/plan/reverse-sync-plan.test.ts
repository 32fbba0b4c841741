import {describe, expect, it} from 'vitest'

import type {DriftItem} from '../../../src/core/model.js'
import {editTemplate} from '../../../src/core/phases/edit-template.js'
import {applyReverseSyncPlan, isEmptyPlan, planReverseSync} from '../../../src/core/plan/reverse-sync-plan.js'
import {analysisOf, SERVICE_FILE, SERVICE_TEMPLATE, stagingCluster, webService, webServiceDrift} from './reverse-sync-fixtures.js'

const options = {all: false, prune: false, importPhase: '99-imported', phasesDir: 'phases', healable: () => false}

describe('planReverseSync', () => {
  it('GIVEN configuration and tag drift WHEN planned THEN literal values become edits addressed as the template does', () => {
    const plan = planReverseSync(analysisOf([webServiceDrift()]), options)
    expect(plan.edits.map(({op, path, oldValue, newValue, line}) => ({op, path, oldValue, newValue, line}))).toEqual([
      {op: 'set', path: '/DesiredCount', oldValue: 2, newValue: 6, line: 9},
      {op: 'set', path: '/TaskDefinition', oldValue: 'web:12', newValue: 'web:13', line: 10},
      {op: 'add', path: '/Tags/-', oldValue: undefined, newValue: {Key: 'CostCenter', Value: '42'}, line: 11},
      {op: 'set', path: '/Tags/0/Value', oldValue: 'platform', newValue: 'web-team', line: 13},
      {op: 'remove', path: '/Tags/2', oldValue: 'yes-please', newValue: undefined, line: 17},
    ])
    expect(plan.edits.every((edit) => edit.file === SERVICE_FILE && edit.logicalId === 'WebService')).toBe(true)
  })

  it('GIVEN a difference on a value written as !Ref WHEN planned THEN it needs a manual edit and is never an edit', () => {
    const plan = planReverseSync(analysisOf([webServiceDrift()]), options)
    expect(plan.manual).toEqual([
      {id: 'WebService', file: SERVICE_FILE, line: 15, path: '/Tags/Env', reason: 'the template value is !Ref Environment, not a literal; edit by hand', gitValue: 'production', awsValue: 'prod'},
    ])
    expect(plan.edits.some((edit) => edit.property === '/Tags/Env')).toBe(false)
  })

  it('GIVEN a healable item WHEN planned without --all THEN it is left to the heal; with --all it is included', () => {
    const healable = (id: string) => id === 'WebService'
    expect(isEmptyPlan(planReverseSync(analysisOf([webServiceDrift()]), {...options, healable}))).toBe(true)
    expect(planReverseSync(analysisOf([webServiceDrift()]), {...options, healable, all: true}).edits).toHaveLength(5)
  })

  it.each([
    {case: 'revertible', recommended: 'revert' as const, command: 'ialctl drift revert WebService'},
    {case: 'not revertible', recommended: 'manual' as const, command: null},
  ])('GIVEN critical security drift ($case) WHEN planned THEN it is left out of the edits and listed as revert recommended; with --include-critical it is codified', ({recommended, command}) => {
    const critical = webServiceDrift({severity: 'critical', impact: ['security'], recommended})
    const plan = planReverseSync(analysisOf([critical]), options)
    expect(plan.edits).toEqual([])
    expect(plan.manual).toEqual([])
    expect(plan.revertRecommended).toEqual([{id: 'WebService', type: 'AWS::ECS::Service', severity: 'critical', file: SERVICE_FILE, line: 4, command}])
    expect(isEmptyPlan(plan)).toBe(false)

    const included = planReverseSync(analysisOf([critical]), {...options, includeCritical: true})
    expect(included.edits).toHaveLength(5)
    expect(included.revertRecommended).toEqual([])
    expect(included.fingerprint).not.toBe(plan.fingerprint)
  })

  it('GIVEN critical drift without a security impact (a high-cost change rated critical by config) WHEN planned THEN it is adopted as usual', () => {
    const plan = planReverseSync(analysisOf([webServiceDrift({severity: 'critical', impact: ['cost']})]), options)
    expect(plan.edits).toHaveLength(5)
    expect(plan.revertRecommended).toEqual([])
  })

  it('GIVEN a missing resource WHEN planned THEN it is listed, and pruned only with --prune', () => {
    const missing: DriftItem = {...webServiceDrift(), driftType: 'missing_resource', severity: 'high', differences: [], physicalId: null}
    const kept = planReverseSync(analysisOf([missing]), options)
    expect(kept.missing).toEqual([{id: 'WebService', type: 'AWS::ECS::Service', file: SERVICE_FILE, line: 4}])
    expect(kept.prune).toBe(false)
    const pruned = planReverseSync(analysisOf([missing]), {...options, prune: true})
    expect(pruned.prune).toBe(true)
    expect(pruned.fingerprint).not.toBe(kept.fingerprint)
  })

  it('GIVEN an extra resource WHEN planned THEN it is codified into a numbered file of the import phase', () => {
    const extra: DriftItem = {id: 'staging', type: 'AWS::ECS::Cluster', driftType: 'extra_resource', severity: 'medium', impact: [], autoHealable: false, physicalId: 'staging', region: 'us-east-1', location: null, differences: []}
    const imported = {...webService(), logicalId: 'OldImport', file: 'phases/99-imported/03-ec2-vpc.yaml', phase: '99-imported'}
    const plan = planReverseSync(analysisOf([extra], [webService(), imported], {staging: stagingCluster}), options)
    expect(plan.newFiles).toHaveLength(1)
    expect(plan.newFiles[0].file).toBe('phases/99-imported/04-ecs-cluster.yaml')
    expect(plan.newFiles[0].resources).toEqual(['StagingCluster'])
    expect(plan.newFiles[0].content).toContain('  StagingCluster:\n    Type: AWS::ECS::Cluster\n    Properties:\n      ClusterName: staging\n')
  })

  it('GIVEN the same drift WHEN planned twice THEN the fingerprint is equal; other drift gives another fingerprint', () => {
    const first = planReverseSync(analysisOf([webServiceDrift()]), options)
    const again = planReverseSync(analysisOf([webServiceDrift()]), options)
    expect(again.fingerprint).toBe(first.fingerprint)
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    const other = webServiceDrift({differences: [{path: '/DesiredCount', expected: 2, actual: 8, kind: 'NOT_EQUAL', line: 9}]})
    expect(planReverseSync(analysisOf([other]), options).fingerprint).not.toBe(first.fingerprint)
  })

  it('GIVEN a comment added above the drift WHEN planned THEN only the line moved and the fingerprint holds', () => {
    const moved = webServiceDrift({differences: webServiceDrift().differences.map((difference) => ({...difference, line: (difference.line ?? 0) + 1}))})
    expect(planReverseSync(analysisOf([moved]), options).fingerprint).toBe(planReverseSync(analysisOf([webServiceDrift()]), options).fingerprint)
  })

  it('GIVEN the plan WHEN its edits are applied to the template THEN only the drifted lines change', () => {
    const plan = planReverseSync(analysisOf([webServiceDrift()]), options)
    const {text, rejected} = editTemplate(
      SERVICE_TEMPLATE,
      plan.edits.map((edit) => (edit.op === 'remove' ? {op: 'remove' as const, logicalId: edit.logicalId, path: edit.path} : {op: edit.op, logicalId: edit.logicalId, path: edit.path, value: edit.newValue})),
    )
    expect(rejected).toEqual([])
    expect(text).toBe(`# Web tier. Changes go through review.
Resources:
  # Public web service
  WebService:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref EcsClusterProd
      ServiceName: web
      DesiredCount: 6 # raise for launches
      TaskDefinition: web:13
      Tags:
        - Key: Owner
          Value: "web-team"
        - Key: Env
          Value: !Ref Environment
        - Key: CostCenter
          Value: "42"
`)
  })
})

describe('applyReverseSyncPlan', () => {
  const missing: DriftItem = {...webServiceDrift(), driftType: 'missing_resource', severity: 'high', differences: [], physicalId: null}

  it('GIVEN --prune and a missing resource WHEN applied THEN the resource leaves its template', () => {
    const plan = planReverseSync(analysisOf([missing]), {...options, prune: true})
    const {files, rejected} = applyReverseSyncPlan(plan, new Map([[SERVICE_FILE, SERVICE_TEMPLATE]]))
    expect(rejected).toEqual([])
    expect(files).toEqual([{file: SERVICE_FILE, before: SERVICE_TEMPLATE, after: '# Web tier. Changes go through review.\nResources: {}\n'}])
  })

  it('GIVEN a missing resource without --prune WHEN applied THEN no file changes', () => {
    const plan = planReverseSync(analysisOf([missing]), options)
    expect(applyReverseSyncPlan(plan, new Map([[SERVICE_FILE, SERVICE_TEMPLATE]])).files).toEqual([])
  })

  it('GIVEN the branch no longer has the value WHEN applied THEN that edit is refused into the manual list, the others land', () => {
    const plan = planReverseSync(analysisOf([webServiceDrift()]), options)
    const moved = SERVICE_TEMPLATE.replace('      DesiredCount: 2 # raise for launches\n', '')
    const {files, rejected} = applyReverseSyncPlan(plan, new Map([[SERVICE_FILE, moved]]))
    expect(rejected).toEqual([{id: 'WebService', file: SERVICE_FILE, line: 9, path: '/DesiredCount', reason: '/DesiredCount is not in the template', gitValue: 2, awsValue: 6}])
    expect(files[0].after).toContain('TaskDefinition: web:13')
  })

  it('GIVEN the template file is not on the base branch WHEN applied THEN every edit for it is refused', () => {
    const plan = planReverseSync(analysisOf([webServiceDrift()]), options)
    const {files, rejected} = applyReverseSyncPlan(plan, new Map())
    expect(files).toEqual([])
    expect(new Set(rejected.map((entry) => entry.reason))).toEqual(new Set([`${SERVICE_FILE} is not on the base branch`]))
  })
})
