import {describe, expect, it} from 'vitest'

import type {ActualResource, Difference, DriftItem} from '../../../src/core/model.js'
import type {HealPlanEntry} from '../../../src/core/plan/heal-plan.js'
import {planRevert, revertEntryOf} from '../../../src/core/plan/revert-plan.js'
import {alarm, analysis, checkedRevertEntry, dbInstance, diff, item, PLAN_OPTIONS, REGION, vpc} from './heal-fixtures.js'

const FLAGS = {allowRestart: false, approveCritical: false, interactive: true, applyImmediately: true}

const OPEN_5432 = {IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '0.0.0.0/0', Description: 'temp debug'}
const FROM_APP = {IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: 'sg-0app'}
const SSH_OFFICE = {IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.1.0.0/16'}

function group(ingress: Array<Record<string, unknown>>): ActualResource {
  return {type: 'AWS::EC2::SecurityGroup', region: REGION, physicalId: 'sg-0db', properties: {GroupName: 'db', GroupDescription: 'db', SecurityGroupIngress: ingress, SecurityGroupEgress: []}, tags: {}, attributes: {}}
}

function ec2(state: string, type = 't3.large'): ActualResource {
  return {type: 'AWS::EC2::Instance', region: REGION, physicalId: 'i-0web', properties: {InstanceType: type, ImageId: 'ami-2', Monitoring: false}, tags: {}, attributes: {State: state}}
}

const critical = {severity: 'critical', impact: ['security']} as Partial<DriftItem>

/** The entry for one item, and every call it makes (apply and rollback) checked against the module's schemas. */
function entryFor(resource: ActualResource, differences: Difference[], overrides: Partial<DriftItem> = {}, options = {applyImmediately: true}): HealPlanEntry {
  return checkedRevertEntry(item('Item', resource, differences, overrides), resource, options)
}

const calls = (entry: HealPlanEntry) => entry.actions.map((action) => `${action.api} ${JSON.stringify(action.params)}`)

describe('revert plan, AWS::EC2::SecurityGroup: rules by rule, never the whole group', () => {
  const permission = (rule: Record<string, unknown>) => {
    const {IpProtocol, FromPort, ToPort, CidrIp, SourceSecurityGroupId, Description} = rule
    const entry = CidrIp ? {IpRanges: [{CidrIp, ...(Description ? {Description} : {})}]} : {UserIdGroupPairs: [{GroupId: SourceSecurityGroupId}]}
    return {GroupId: 'sg-0db', IpPermissions: [{IpProtocol, FromPort, ToPort, ...entry}]}
  }

  it.each([
    {
      case: 'a 0.0.0.0/0 rule added by hand is revoked, the declared rule is not touched',
      aws: [FROM_APP, OPEN_5432],
      differences: [diff('/SecurityGroupIngress/1', null, OPEN_5432, 'ADD')],
      want: [`EC2.RevokeSecurityGroupIngress ${JSON.stringify(permission(OPEN_5432))}`],
      rollback: ['EC2.AuthorizeSecurityGroupIngress'],
      weakens: undefined,
    },
    {
      case: 'a rule removed by hand is authorized again (template form: protocol number, ports as strings)',
      aws: [FROM_APP],
      differences: [diff('/SecurityGroupIngress/1', {IpProtocol: '6', FromPort: '22', ToPort: '22', CidrIp: '10.1.0.0/16'}, null, 'REMOVE')],
      want: [`EC2.AuthorizeSecurityGroupIngress ${JSON.stringify(permission(SSH_OFFICE))}`],
      rollback: ['EC2.RevokeSecurityGroupIngress'],
      weakens: undefined,
    },
    {
      case: 'a rule widened by hand (10.1.0.0/16 -> 0.0.0.0/0) is authorized as declared first, then the wide one revoked',
      aws: [FROM_APP, {...SSH_OFFICE, CidrIp: '0.0.0.0/0'}],
      differences: [diff('/SecurityGroupIngress/1/CidrIp', '10.1.0.0/16', '0.0.0.0/0')],
      want: [`EC2.AuthorizeSecurityGroupIngress ${JSON.stringify(permission(SSH_OFFICE))}`, `EC2.RevokeSecurityGroupIngress ${JSON.stringify(permission({...SSH_OFFICE, CidrIp: '0.0.0.0/0'}))}`],
      rollback: ['EC2.RevokeSecurityGroupIngress', 'EC2.AuthorizeSecurityGroupIngress'],
      weakens: undefined,
    },
    {
      case: 'a world-open rule Git declares but someone removed weakens security when put back',
      aws: [FROM_APP],
      differences: [diff('/SecurityGroupIngress/1', {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0'}, null, 'REMOVE')],
      want: [`EC2.AuthorizeSecurityGroupIngress ${JSON.stringify(permission({IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0'}))}`],
      rollback: ['EC2.RevokeSecurityGroupIngress'],
      weakens: 'authorizes tcp 443 from 0.0.0.0/0: open to the world',
    },
  ])('GIVEN $case', ({aws, differences, want, rollback, weakens}) => {
    const entry = entryFor(group(aws), differences, critical)
    expect(entry.decision, entry.reason).toBe('revert')
    expect(calls(entry)).toEqual(want)
    expect(entry.actions.map((action) => action.rollback.api)).toEqual(rollback)
    expect(entry.weakens).toBe(weakens)
    expect(entry.restarts).toBeUndefined()
  })

  it.each([
    {case: 'the group description (replaces the group)', differences: [diff('/GroupDescription', 'db', 'changed')], reason: '/GroupDescription: changing it replaces the resource, and a revert never replaces one'},
    {case: 'a changed rule whose AWS partner is ambiguous', differences: [diff('/SecurityGroupIngress/0/FromPort', 22, 5432)], reason: 'more than one rule in AWS matches the changed rule'},
    {case: 'a removed rule with an unresolved value', differences: [diff('/SecurityGroupIngress/1', {IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: {Ref: 'OfficeCidr'}}, null, 'REMOVE')], reason: 'could not be resolved'},
  ])('GIVEN $case WHEN planning THEN it cannot be reverted and says why, with no call', ({differences, reason}) => {
    const entry = entryFor(group([FROM_APP, OPEN_5432]), differences, critical)
    expect(entry.decision).toBe('cannot-revert')
    expect(entry.reason).toContain(reason)
    expect(entry.actions).toEqual([])
  })
})

describe('revert plan, AWS::EC2::Instance: InstanceType restarts', () => {
  it.each([
    {state: 'running', want: ['EC2.StopInstances', 'EC2.ModifyInstanceAttribute', 'EC2.StartInstances'], rollback: ['EC2.StartInstances', 'EC2.ModifyInstanceAttribute', 'EC2.StopInstances']},
    {state: 'stopped', want: ['EC2.ModifyInstanceAttribute'], rollback: ['EC2.ModifyInstanceAttribute']},
  ])('GIVEN a $state instance whose type was changed WHEN planning THEN $want, marked restarts', ({state, want, rollback}) => {
    const entry = entryFor(ec2(state), [diff('/InstanceType', 't3.micro', 't3.large')], {severity: 'high'})
    expect(entry.decision).toBe('revert')
    expect(entry.actions.map((action) => action.api)).toEqual(want)
    expect(entry.actions.map((action) => action.rollback.api)).toEqual(rollback)
    expect(entry.actions.find((action) => action.api === 'EC2.ModifyInstanceAttribute')).toMatchObject({params: {InstanceType: {Value: 't3.micro'}}, rollback: {params: {InstanceType: {Value: 't3.large'}}}})
    expect(entry.restarts).toBe(true)
  })

  it.each([
    {case: 'the AMI (replacement)', differences: [diff('/ImageId', 'ami-1', 'ami-2')], reason: '/ImageId: changing it replaces the resource'},
    {case: 'a type change on a pending instance', differences: [diff('/InstanceType', 't3.micro', 't3.large')], state: 'pending', reason: 'the instance is pending'},
  ])('GIVEN $case WHEN planning THEN it cannot be reverted', ({differences, reason, state}) => {
    const entry = entryFor(ec2(state ?? 'running'), differences)
    expect(entry).toMatchObject({decision: 'cannot-revert', actions: []})
    expect(entry.reason).toContain(reason)
  })
})

describe('revert plan, AWS::RDS::DBInstance: DBInstanceClass restarts, and waits for the window unless asked', () => {
  it.each([
    {applyImmediately: true, scheduled: undefined},
    {applyImmediately: false, scheduled: true},
  ])('GIVEN a class changed by hand and applyImmediately $applyImmediately WHEN planning THEN ModifyDBInstance carries it, scheduled: $scheduled', ({applyImmediately, scheduled}) => {
    const entry = entryFor(dbInstance({DBInstanceClass: 'db.r6g.xlarge'}), [diff('/DBInstanceClass', 'db.r6g.large', 'db.r6g.xlarge')], {severity: 'high'}, {applyImmediately})
    expect(entry.decision).toBe('revert')
    expect(entry.actions).toEqual([
      {
        api: 'RDS.ModifyDBInstance',
        params: {DBInstanceIdentifier: 'orders-db', DBInstanceClass: 'db.r6g.large', ApplyImmediately: applyImmediately},
        rollback: {api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: 'orders-db', DBInstanceClass: 'db.r6g.xlarge', ApplyImmediately: applyImmediately}},
      },
    ])
    expect(entry.restarts).toBe(true)
    expect(entry.scheduled).toBe(scheduled)
  })

  it.each([
    {case: 'encryption turned on by hand (a revert would turn it off)', difference: diff('/StorageEncrypted', false, true), reason: '/StorageEncrypted: encryption cannot change in place, and a revert never turns it off'},
    {case: 'deletion protection turned on by hand', difference: diff('/DeletionProtection', false, true), reason: 'a revert never turns deletion protection off'},
    {case: 'the engine', difference: diff('/Engine', 'postgres', 'mysql'), reason: '/Engine: changing it replaces the resource'},
    {case: 'another parameter group', difference: diff('/DBParameterGroupName', 'orders-pg15', 'default.postgres15'), reason: '/DBParameterGroupName: a parameter group’s static parameters take effect only at a reboot'},
  ])('GIVEN $case WHEN planning THEN it cannot be reverted', ({difference, reason}) => {
    const entry = entryFor(dbInstance({DeletionProtection: true}), [difference])
    expect(entry).toMatchObject({decision: 'cannot-revert', actions: []})
    expect(entry.reason).toContain(reason)
  })

  it('GIVEN a backup window changed by hand WHEN planning THEN it is reverted by the heal call (a heal path is revertible), without restart', () => {
    const entry = entryFor(dbInstance({PreferredBackupWindow: '07:00-08:00'}), [diff('/PreferredBackupWindow', '03:00-04:00', '07:00-08:00')])
    expect(entry).toMatchObject({decision: 'revert', actions: [{api: 'RDS.ModifyDBInstance', params: {PreferredBackupWindow: '03:00-04:00', ApplyImmediately: true}}]})
    expect(entry.restarts).toBeUndefined()
  })
})

describe('revert plan, the types without revert paths of their own', () => {
  it.each([
    {case: 'an alarm threshold', resource: alarm({Threshold: 95}), difference: diff('/Threshold', 90, 95), api: 'CloudWatch.PutMetricAlarm'},
    {case: 'a VPC tag', resource: vpc({Name: 'main', Owner: 'bob'}), difference: diff('/Tags/Owner', 'net', 'bob'), api: 'EC2.CreateTags'},
  ])('GIVEN $case WHEN planning THEN it is reverted by the heal call', ({resource, difference, api}) => {
    expect(entryFor(resource, [difference]).actions.map((action) => action.api)).toEqual([api])
  })

  it.each([
    {driftType: 'missing_resource', reason: 'a revert never creates a resource'},
    {driftType: 'extra_resource', reason: 'a revert never deletes a resource'},
  ] as const)('GIVEN a $driftType WHEN planning THEN it cannot be reverted', ({driftType, reason}) => {
    const drift = item('Gone', null, [], {type: 'AWS::EC2::Instance', driftType})
    const entry = revertEntryOf(drift, undefined, {applyImmediately: false})
    expect(entry).toMatchObject({decision: 'cannot-revert', actions: []})
    expect(entry.reason).toContain(reason)
  })
})

describe('planRevert: what this run may do', () => {
  const openGroup = group([FROM_APP, OPEN_5432])
  const openItem = item('DbSg', openGroup, [diff('/SecurityGroupIngress/1', null, OPEN_5432, 'ADD')], critical)
  const web = ec2('running')
  const webItem = item('Web', web, [diff('/InstanceType', 't3.micro', 't3.large')], {severity: 'high'})
  const removedWorld = group([FROM_APP])
  const removedItem = item('Public', removedWorld, [diff('/SecurityGroupIngress/1', {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0'}, null, 'REMOVE')], critical)
  const drift = analysis([
    [openItem, openGroup],
    [webItem, web],
    [removedItem, removedWorld],
  ])
  const decisions = (flags: Partial<typeof FLAGS>) =>
    Object.fromEntries(planRevert(drift, {...PLAN_OPTIONS, ...FLAGS, ...flags}).entries.map((entry) => [entry.itemId, entry.decision === 'refused' ? `refused: ${entry.reason}` : entry.decision]))

  it.each([
    {flags: {}, want: {DbSg: 'revert', Web: 'refused: it restarts i-0web: pass --allow-restart to revert it', Public: expect.stringMatching(/^refused: it weakens security .*--approve-critical/)}},
    {flags: {allowRestart: true, approveCritical: true}, want: {DbSg: 'revert', Web: 'revert', Public: 'revert'}},
    {
      flags: {interactive: false, allowRestart: true},
      want: {DbSg: 'refused: critical: without a terminal to confirm on, pass --approve-critical with --auto-approve', Web: 'revert', Public: expect.stringMatching(/^refused: it weakens security/)},
    },
  ])('GIVEN flags $flags WHEN planning THEN each item is reverted or refused with the flag it needs', ({flags, want}) => {
    expect(decisions(flags)).toEqual(want)
  })

  it('GIVEN autoHeal disabled and a low severity limit WHEN planning a revert THEN they do not apply (a person asked), but forbid rules and maxResources do', () => {
    const plan = planRevert(drift, {...PLAN_OPTIONS, ...FLAGS, enabled: false, severityLimit: 'low', forbid: ['AWS::EC2::Instance'], maxResources: 1, allowRestart: true, approveCritical: true})
    expect(plan.entries.map((entry) => [entry.itemId, entry.decision, entry.reason])).toEqual([
      ['DbSg', 'revert', expect.any(String)],
      ['Web', 'refused', "forbidden by autoHeal.forbid rule 'AWS::EC2::Instance'"],
      ['Public', 'refused', 'over autoHeal.maxResources (1 per run); revert it in a later run'],
    ])
    expect(plan).toMatchObject({mode: 'revert', applyImmediately: true})
  })
})
