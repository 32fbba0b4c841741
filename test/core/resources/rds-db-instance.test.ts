import type {DBInstance} from '@aws-sdk/client-rds'
import {describe, expect, it} from 'vitest'

import {dbInstanceFromAws, rdsDbInstance} from '../../../src/core/resources/rds-db-instance.js'
import {callsOf, change, refusal, resource} from './heal-helpers.js'
import {fixture, region} from './mapping-helpers.js'

describe('AWS::RDS::DBInstance mapping', () => {
  it('GIVEN a DescribeDBInstances instance WHEN mapped THEN CloudFormation names, string storage/port, group ids, and Endpoint.* attributes', () => {
    const instance = dbInstanceFromAws(fixture<{DBInstances: DBInstance[]}>('rds-describe-db-instances').DBInstances[0], region)
    expect(instance.physicalId).toBe('orders-db')
    expect(instance.arn).toBe('arn:aws:rds:us-east-1:123456789012:db:orders-db')
    expect(instance.properties).toMatchObject({
      DBInstanceIdentifier: 'orders-db',
      DBInstanceClass: 'db.r6g.large',
      Engine: 'postgres',
      EngineVersion: '16.3',
      AllocatedStorage: '100',
      Port: '5432',
      PubliclyAccessible: false,
      StorageEncrypted: true,
      KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      MultiAZ: true,
      BackupRetentionPeriod: 7,
      PreferredBackupWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      DeletionProtection: true,
      AutoMinorVersionUpgrade: true,
      DBSubnetGroupName: 'data',
      DBParameterGroupName: 'default.postgres16',
      VPCSecurityGroups: ['sg-0ddddddddddddddddd'],
    })
    expect(instance.properties).not.toHaveProperty('DBClusterIdentifier')
    expect(instance.attributes).toMatchObject({'Endpoint.Address': 'orders-db.abcdefghij.us-east-1.rds.amazonaws.com', 'Endpoint.Port': '5432', DbiResourceId: 'db-ABCDEFGHIJKLMNOP'})
    expect(instance.tags).toEqual({team: 'orders'})
  })
})

describe('AWS::RDS::DBInstance heal (the settings both RDS types heal alike)', () => {
  const db = (properties: Record<string, unknown> = {}) =>
    resource(rdsDbInstance.type, 'orders-db', {DBInstanceIdentifier: 'orders-db', BackupRetentionPeriod: 7, PreferredBackupWindow: '03:00-04:00', DeletionProtection: false, ...properties})
  const build = (changes: ReturnType<typeof change>[], properties?: Record<string, unknown>) => rdsDbInstance.heal!.build(db(properties), changes)

  it('GIVEN a moved window and another retention WHEN built THEN one ModifyDBInstance applies both at once, and its rollback puts both back', () => {
    expect(callsOf(build([change('/PreferredBackupWindow', '03:00-04:00', '01:00-02:00'), change('/BackupRetentionPeriod', 7, 14)]))).toEqual([
      {api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: 'orders-db', PreferredBackupWindow: '01:00-02:00', BackupRetentionPeriod: 14, ApplyImmediately: true}},
      {api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: 'orders-db', PreferredBackupWindow: '03:00-04:00', BackupRetentionPeriod: 7, ApplyImmediately: true}},
    ])
  })

  it('GIVEN deletion protection off where the template turns it on WHEN built THEN it is turned on, and the rollback leaves it on', () => {
    expect(callsOf(build([change('/DeletionProtection', false, true)]))).toEqual([
      {api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: 'orders-db', DeletionProtection: true, ApplyImmediately: true}},
      {api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: 'orders-db', DeletionProtection: true, ApplyImmediately: true}},
    ])
    const withWindow = callsOf(build([change('/DeletionProtection', false, true), change('/PreferredBackupWindow', '03:00-04:00', '01:00-02:00')]))
    expect(withWindow[1].params).toEqual({DBInstanceIdentifier: 'orders-db', PreferredBackupWindow: '03:00-04:00', ApplyImmediately: true})
  })

  it.each([
    ['protection removed', [change('/DeletionProtection', true, false)], {DeletionProtection: true}, '/DeletionProtection true → false: only false → true is healed'],
    ['backups turned off', [change('/BackupRetentionPeriod', 7, 0)], {}, '/BackupRetentionPeriod 7 → 0: only a non-zero to non-zero change is healed'],
    ['backups turned on', [change('/BackupRetentionPeriod', 0, 7)], {BackupRetentionPeriod: 0}, '/BackupRetentionPeriod 0 → 7: only a non-zero to non-zero change is healed'],
    ['a window that is not text', [change('/PreferredBackupWindow', '03:00-04:00', 3)], {}, '/PreferredBackupWindow 03:00-04:00 → 3 is not a window (ddd:hh24:mi-ddd:hh24:mi or hh24:mi-hh24:mi)'],
    ['a setting an Aurora member inherits', [change('/PreferredBackupWindow', '03:00-04:00', '01:00-02:00')], {DBClusterIdentifier: 'orders'}, '/PreferredBackupWindow of an Aurora instance is managed by its DB cluster'],
  ])('GIVEN %s WHEN built THEN it is refused with the reason', (_name, changes, properties, reason) => {
    expect(refusal(build(changes, properties))).toBe(reason)
  })

  it('GIVEN a tag change WHEN its calls are built THEN RDS tags the database by its ARN', () => {
    const arn = 'arn:aws:rds:us-east-1:123456789012:db:orders-db'
    expect(rdsDbInstance.tags.set(arn, {Owner: 'a'})).toEqual({api: 'RDS.AddTagsToResource', params: {ResourceName: arn, Tags: [{Key: 'Owner', Value: 'a'}]}})
    expect(rdsDbInstance.tags.remove(arn, {Stray: 'x'})).toEqual({api: 'RDS.RemoveTagsFromResource', params: {ResourceName: arn, TagKeys: ['Stray']}})
    expect(rdsDbInstance.tags.target(resource(rdsDbInstance.type, 'orders-db', {}, {arn}))).toBe(arn)
    expect(rdsDbInstance.tags.target(resource(rdsDbInstance.type, 'orders-db', {}))).toBeUndefined()
  })
})
