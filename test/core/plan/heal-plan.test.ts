import {describe, expect, it} from 'vitest'

import {countHealPlan, hashActualState, planHeal} from '../../../src/core/plan/heal-plan.js'
import {alarm, analysis, dbInstance, diff, ecsService, instance, item, PLAN_OPTIONS, securityGroup, vpc} from './heal-fixtures.js'

const entryOf = (plan: ReturnType<typeof planHeal>, id: string) => plan.entries.find((entry) => entry.itemId === id)!

describe('planHeal', () => {
  it('GIVEN an ECS service with a wrong tag WHEN planning THEN it is healed by TagResource on the full ARN, with the old value as rollback', () => {
    const service = ecsService({}, {Owner: 'bob'})
    const plan = planHeal(analysis([[item('Web', service, [diff('/Tags/Owner', 'platform', 'bob')]), service]]), PLAN_OPTIONS)

    const entry = entryOf(plan, 'Web')
    expect(entry.decision).toBe('heal')
    expect(entry.actions).toEqual([
      {
        api: 'ECS.TagResource',
        params: {resourceArn: service.arn, tags: [{key: 'Owner', value: 'platform'}]},
        rollback: {api: 'ECS.TagResource', params: {resourceArn: service.arn, tags: [{key: 'Owner', value: 'bob'}]}},
      },
    ])
    expect(entry.changes).toEqual([{path: '/Tags/Owner', from: 'bob', to: 'platform'}])
    expect(entry.stateHash).toBe(hashActualState(service))
    expect(plan).toMatchObject({version: 2, configHash: 'cfg-1', phasesCommit: 'abc123', createdAt: '2026-11-25T10:00:00.000Z'})
  })

  it('GIVEN an EC2 tag to add and an extra one to remove WHEN planning THEN DeleteTags names the key and value, and each rollback undoes its own action', () => {
    const resource = vpc({Name: 'main', Stray: 'x'})
    const plan = planHeal(
      analysis([[item('Vpc', resource, [diff('/Tags/Team', 'net', undefined, 'REMOVE'), diff('/Tags/Stray', undefined, 'x', 'ADD')]), resource]]),
      PLAN_OPTIONS,
    )

    expect(entryOf(plan, 'Vpc').actions).toEqual([
      {
        api: 'EC2.CreateTags',
        params: {Resources: ['vpc-0abc'], Tags: [{Key: 'Team', Value: 'net'}]},
        rollback: {api: 'EC2.DeleteTags', params: {Resources: ['vpc-0abc'], Tags: [{Key: 'Team', Value: 'net'}]}},
      },
      {
        api: 'EC2.DeleteTags',
        params: {Resources: ['vpc-0abc'], Tags: [{Key: 'Stray', Value: 'x'}]},
        rollback: {api: 'EC2.CreateTags', params: {Resources: ['vpc-0abc'], Tags: [{Key: 'Stray', Value: 'x'}]}},
      },
    ])
  })

  it('GIVEN a tag key with a slash WHEN planning THEN the JSON pointer escape is undone in the tag key', () => {
    const resource = vpc({})
    const plan = planHeal(analysis([[item('Vpc', resource, [diff('/Tags/kubernetes.io~1cluster~1prod', 'owned', undefined)]), resource]]), PLAN_OPTIONS)
    expect(entryOf(plan, 'Vpc').actions[0].params).toEqual({Resources: ['vpc-0abc'], Tags: [{Key: 'kubernetes.io/cluster/prod', Value: 'owned'}]})
  })

  it('GIVEN a DesiredCount drift WHEN planning THEN ECS UpdateService sets the declared count on the service ARN in its cluster', () => {
    const service = ecsService({DesiredCount: 5})
    const plan = planHeal(analysis([[item('Web', service, [diff('/DesiredCount', 2, 5)]), service]]), PLAN_OPTIONS)
    expect(entryOf(plan, 'Web').actions).toEqual([
      {
        api: 'ECS.UpdateService',
        params: {cluster: service.properties.Cluster, service: service.arn, desiredCount: 2},
        rollback: {api: 'ECS.UpdateService', params: {cluster: service.properties.Cluster, service: service.arn, desiredCount: 5}},
      },
    ])
  })

  it('GIVEN RDS window and retention drift WHEN planning THEN one ModifyDBInstance with ApplyImmediately carries them all', () => {
    const db = dbInstance({PreferredBackupWindow: '01:00-02:00', BackupRetentionPeriod: 3})
    const plan = planHeal(
      analysis([[item('Db', db, [diff('/PreferredBackupWindow', '03:00-04:00', '01:00-02:00'), diff('/BackupRetentionPeriod', 7, 3)]), db]]),
      PLAN_OPTIONS,
    )
    expect(entryOf(plan, 'Db').actions).toEqual([
      {
        api: 'RDS.ModifyDBInstance',
        params: {DBInstanceIdentifier: 'orders-db', PreferredBackupWindow: '03:00-04:00', BackupRetentionPeriod: 7, ApplyImmediately: true},
        rollback: {api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: 'orders-db', PreferredBackupWindow: '01:00-02:00', BackupRetentionPeriod: 3, ApplyImmediately: true}},
      },
    ])
  })

  it.each([
    ['backups turned off in AWS (0 -> 7)', {BackupRetentionPeriod: 0}, diff('/BackupRetentionPeriod', 7, 0), 'only a non-zero to non-zero change is healed'],
    ['backups to be turned off (7 -> 0)', {}, diff('/BackupRetentionPeriod', 0, 7), 'only a non-zero to non-zero change is healed'],
    ['deletion protection to be removed', {DeletionProtection: true}, diff('/DeletionProtection', false, true), 'only false → true is healed'],
  ])('GIVEN RDS %s WHEN planning THEN it is not healed', (_name, overrides, difference, reason) => {
    const db = dbInstance(overrides)
    const entry = entryOf(planHeal(analysis([[item('Db', db, [difference]), db]]), PLAN_OPTIONS), 'Db')
    expect(entry.decision).toBe('reverse-sync')
    expect(entry.reason).toContain(reason)
    expect(entry.actions).toEqual([])
  })

  it('GIVEN deletion protection off in AWS and on in the template WHEN planning THEN it is turned on', () => {
    const db = dbInstance()
    const entry = entryOf(planHeal(analysis([[item('Db', db, [diff('/DeletionProtection', true, false)]), db]]), PLAN_OPTIONS), 'Db')
    expect(entry.actions[0].params).toEqual({DBInstanceIdentifier: 'orders-db', DeletionProtection: true, ApplyImmediately: true})
  })

  it('GIVEN an Aurora member instance with a backup window drift WHEN planning THEN it is left to the cluster', () => {
    const db = dbInstance({DBClusterIdentifier: 'orders', PreferredBackupWindow: '01:00-02:00'})
    const entry = entryOf(planHeal(analysis([[item('Db', db, [diff('/PreferredBackupWindow', '03:00-04:00', '01:00-02:00')]), db]]), PLAN_OPTIONS), 'Db')
    expect(entry.decision).toBe('reverse-sync')
    expect(entry.reason).toContain('managed by its DB cluster')
  })

  it('GIVEN an alarm threshold drift WHEN planning THEN PutMetricAlarm carries the alarm name and the changed field only (the executor adds the rest)', () => {
    const current = alarm({Threshold: 95})
    const entry = entryOf(planHeal(analysis([[item('CpuAlarm', current, [diff('/Threshold', 90, 95)]), current]]), PLAN_OPTIONS), 'CpuAlarm')
    expect(entry.actions).toEqual([
      {api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: 'web-cpu-high', Threshold: 90}, rollback: {api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: 'web-cpu-high', Threshold: 95}}},
    ])
  })

  it('GIVEN alarm actions reported element by element WHEN planning THEN one PutMetricAlarm writes the whole declared list', () => {
    const ops = 'arn:aws:sns:us-east-1:123456789012:ops'
    const pager = 'arn:aws:sns:us-east-1:123456789012:pager'
    const stray = 'arn:aws:sns:us-east-1:123456789012:stray'
    const current = alarm({AlarmActions: [ops, stray]})
    const drift = item('CpuAlarm', current, [diff('/AlarmActions/1', pager, null, 'REMOVE'), diff('/AlarmActions/2', null, stray, 'ADD')])
    const entry = entryOf(planHeal(analysis([[drift, current]]), PLAN_OPTIONS), 'CpuAlarm')
    expect(entry.changes).toEqual([{path: '/AlarmActions', from: [ops, stray], to: [ops, pager]}])
    expect(entry.actions[0]).toMatchObject({params: {AlarmName: 'web-cpu-high', AlarmActions: [ops, pager]}, rollback: {params: {AlarmActions: [ops, stray]}}})
  })

  it('GIVEN detailed monitoring turned off WHEN planning THEN MonitorInstances turns it on and UnmonitorInstances is the rollback', () => {
    const bastion = instance(false)
    const entry = entryOf(planHeal(analysis([[item('Bastion', bastion, [diff('/Monitoring', true, false)]), bastion]]), PLAN_OPTIONS), 'Bastion')
    expect(entry.actions).toEqual([
      {api: 'EC2.MonitorInstances', params: {InstanceIds: ['i-0123']}, rollback: {api: 'EC2.UnmonitorInstances', params: {InstanceIds: ['i-0123']}}},
    ])
  })

  it('GIVEN a security group rule drift WHEN planning THEN it is never healed, and the reason says why', () => {
    const group = securityGroup()
    const drift = item('WebSg', group, [diff('/SecurityGroupIngress/0/CidrIp', '10.0.0.0/8', '0.0.0.0/0')], {severity: 'low'})
    const entry = entryOf(planHeal(analysis([[drift, group]]), PLAN_OPTIONS), 'WebSg')
    expect(entry).toMatchObject({decision: 'reverse-sync', actions: []})
    expect(entry.reason).toContain('security group rules are never healed')
  })

  it('GIVEN a missing and an extra resource WHEN planning THEN neither is healed', () => {
    const plan = planHeal(
      analysis([
        [item('Gone', null, [], {driftType: 'missing_resource', severity: 'high'}), null],
        [item('sg-0stray', securityGroup(), [], {driftType: 'extra_resource', severity: 'low'}), securityGroup()],
      ]),
      PLAN_OPTIONS,
    )
    expect(plan.entries.map((entry) => [entry.itemId, entry.decision, entry.actions.length])).toEqual([
      ['Gone', 'reverse-sync', 0],
      ['sg-0stray', 'reverse-sync', 0],
    ])
    expect(entryOf(plan, 'Gone').reason).toContain('never created')
  })

  it('GIVEN a safe change mixed with an instance class change WHEN planning THEN the whole item goes to reverse sync', () => {
    const db = dbInstance({DBInstanceClass: 'db.t3.large'})
    const drift = item('Db', db, [diff('/DBInstanceClass', 'db.t3.medium', 'db.t3.large'), diff('/PreferredBackupWindow', '03:00-04:00', '01:00-02:00')])
    const entry = entryOf(planHeal(analysis([[drift, db]]), PLAN_OPTIONS), 'Db')
    expect(entry.decision).toBe('reverse-sync')
    expect(entry.reason).toBe('/DBInstanceClass: a class change restarts the resource')
  })

  it('GIVEN three healable items and maxResources 2 WHEN planning THEN the third is refused with the limit as reason', () => {
    const services = ['A', 'B', 'C'].map((id) => [item(id, ecsService(), [diff('/Tags/Owner', 'x', 'platform')]), ecsService()] as const)
    const plan = planHeal(analysis(services.map(([d, r]) => [d, r])), {...PLAN_OPTIONS, maxResources: 2})
    expect(plan.entries.map((entry) => entry.decision)).toEqual(['heal', 'heal', 'refused'])
    expect(entryOf(plan, 'C').reason).toBe('over autoHeal.maxResources (2 per run); heal it in a later run')
    expect(countHealPlan(plan)).toMatchObject({heal: 2, refused: 1})
  })

  it('GIVEN a medium DesiredCount drift and severityLimit low WHEN planning THEN it is refused for its severity', () => {
    const service = ecsService({DesiredCount: 5})
    const entry = entryOf(planHeal(analysis([[item('Web', service, [diff('/DesiredCount', 2, 5)]), service]]), {...PLAN_OPTIONS, severityLimit: 'low'}), 'Web')
    expect(entry).toMatchObject({decision: 'refused', reason: 'severity medium is above autoHeal.severityLimit (low)', actions: []})
  })

  it('GIVEN tag drift rated high (sensitivity tags: high) and severityLimit medium WHEN planning THEN it is still healed: tag drift is always healable', () => {
    const service = ecsService({}, {Owner: 'bob'})
    const tagged = item('Web', service, [diff('/Tags/Owner', 'platform', 'bob')], {severity: 'high'})
    expect(entryOf(planHeal(analysis([[tagged, service]]), PLAN_OPTIONS), 'Web')).toMatchObject({decision: 'heal', severity: 'high'})
  })

  it('GIVEN auto-heal disabled WHEN planning THEN safe items are refused and say how to enable it', () => {
    const service = ecsService()
    const entry = entryOf(planHeal(analysis([[item('Web', service, [diff('/Tags/Owner', 'x', 'platform')]), service]]), {...PLAN_OPTIONS, enabled: false}), 'Web')
    expect(entry.decision).toBe('refused')
    expect(entry.reason).toContain('IAL_AUTO_HEAL_ENABLED')
  })

  it.each([
    ['AWS::ECS::*', true],
    ['AWS::ECS::Service:/DesiredCount', true],
    ['AWS::ECS::Service:/Tags/*', false],
    ['id:W*', true],
    ['id:Api', false],
  ])('GIVEN forbid rule %s WHEN planning a DesiredCount heal of Web THEN refused=%s', (rule, forbidden) => {
    const service = ecsService({DesiredCount: 5})
    const entry = entryOf(planHeal(analysis([[item('Web', service, [diff('/DesiredCount', 2, 5)]), service]]), {...PLAN_OPTIONS, forbid: [rule]}), 'Web')
    expect(entry.decision).toBe(forbidden ? 'refused' : 'heal')
    if (forbidden) expect(entry.reason).toBe(`forbidden by autoHeal.forbid rule '${rule}'`)
  })

  it('GIVEN ignored and expected differences WHEN planning THEN they are listed with their rule and no action', () => {
    const db = dbInstance()
    const plan = planHeal(
      analysis([], {
        actual: new Map([['Db', db]]),
        ignored: [{id: 'Db', type: db.type, difference: diff('/Tags/CostCenter', '1', '2'), rule: 'tag:CostCenter'}],
        expected: [{id: 'Db', type: db.type, difference: diff('/EngineVersion', '15.4', '15.7'), rule: 'minor-version'}],
      }),
      PLAN_OPTIONS,
    )
    expect(plan.entries.map((entry) => [entry.decision, entry.reason, entry.actions.length])).toEqual([
      ['ignored', 'rule tag:CostCenter', 0],
      ['expected', 'rule minor-version', 0],
    ])
  })
})

describe('hashActualState', () => {
  it('GIVEN the same resource with keys in another order WHEN hashing THEN the hash is the same, and a changed value changes it', () => {
    const a = ecsService()
    const b = {...a, properties: Object.fromEntries(Object.entries(a.properties).reverse()), attributes: {}}
    expect(hashActualState(b)).toBe(hashActualState(a))
    expect(hashActualState(ecsService({DesiredCount: 3}))).not.toBe(hashActualState(a))
    expect(hashActualState(ecsService({}, {Owner: 'bob'}))).not.toBe(hashActualState(a))
  })
})
