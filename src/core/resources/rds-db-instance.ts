import type {DBInstance} from '@aws-sdk/client-rds'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, AWS_ASSIGNED, cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'
import {z} from 'zod'

import {asBoolean, asCount, changingOneOf, combineReverts, currentValue, type HealApiCall, NEVER_HEALED, NEVER_REVERTED, nonEmptyString, type PropertyRevert, refuse, revertNever} from './heal.js'
import {actualResource, numberString, tagMap} from './aws-shape.js'
import {RDS_DEFAULT_GROUP, RDS_ENGINE_PORT, RDS_NEVER_HEALED, RDS_RATINGS, rdsIdentifierKey, rdsInPlaceRevert, rdsMinorVersion, rdsSettingsHeal, rdsTags} from './rds-shared.js'
/**
 * The DB class, put back by ModifyDBInstance: the instance restarts (a Multi-AZ one fails over). AWS applies it in
 * the next maintenance window unless `--apply-immediately`; then the change is recorded as scheduled, not verified.
 */
const instanceClassRevert: PropertyRevert = {
  paths: ['/DBInstanceClass'],
  restartPaths: ['/DBInstanceClass'],
  calls: [
    {
      api: 'RDS.ModifyDBInstance',
      params: z.strictObject({
        DBInstanceIdentifier: nonEmptyString('DBInstanceIdentifier'),
        DBInstanceClass: nonEmptyString('DBInstanceClass').refine((value) => value.startsWith('db.'), 'DBInstanceClass must be a DB class (db....)'),
        ApplyImmediately: z.boolean({errorMap: () => ({message: 'ApplyImmediately must be true or false'})}),
      }),
    },
  ],
  build(actual, changes, {applyImmediately}) {
    const [change] = changes
    const from = actual.properties.DBInstanceClass
    if (typeof change.to !== 'string' || !change.to.startsWith('db.') || typeof from !== 'string') return refuse(`/DBInstanceClass ${String(from)} → ${String(change.to)} is not a DB class`)
    const call = (value: string) => ({api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: actual.physicalId, DBInstanceClass: value, ApplyImmediately: applyImmediately}})
    return {ok: true, actions: [{...call(change.to), rollback: call(from)}], ...(applyImmediately ? {} : {scheduled: true as const})}
  },
}

const isAuroraMember = (actual: ActualResource): boolean => typeof actual.properties.DBClusterIdentifier === 'string' && actual.properties.DBClusterIdentifier !== ''

/**
 * ModifyDBInstance for the settings a revert puts back beyond a heal (Multi-AZ, backups turned back on, public
 * access, automatic minor upgrades). One-way rules hold here whatever built the call: a retention is never 0 (that deletes the automated
 * backups).
 */
const modifySettingsCall = {
  api: 'RDS.ModifyDBInstance',
  params: changingOneOf(
    {
      DBInstanceIdentifier: nonEmptyString('DBInstanceIdentifier'),
      MultiAZ: z.boolean({errorMap: () => ({message: 'MultiAZ must be true or false'})}).optional(),
      BackupRetentionPeriod: z
        .number({errorMap: () => ({message: 'BackupRetentionPeriod must be 1 to 35'})})
        .int('BackupRetentionPeriod must be 1 to 35')
        .min(1, 'BackupRetentionPeriod must be 1 to 35')
        .max(35, 'BackupRetentionPeriod must be 1 to 35')
        .optional(),
      PubliclyAccessible: z.boolean({errorMap: () => ({message: 'PubliclyAccessible must be true or false'})}).optional(),
      AutoMinorVersionUpgrade: z.boolean({errorMap: () => ({message: 'AutoMinorVersionUpgrade must be true or false'})}).optional(),
      ApplyImmediately: z.boolean({errorMap: () => ({message: 'ApplyImmediately must be true or false'})}),
    },
    ['MultiAZ', 'BackupRetentionPeriod', 'PubliclyAccessible', 'AutoMinorVersionUpgrade'],
    'no setting to change',
  ),
}

const modify = (actual: ActualResource, values: Record<string, unknown>, applyImmediately: boolean): HealApiCall => ({
  api: 'RDS.ModifyDBInstance',
  params: {DBInstanceIdentifier: actual.physicalId, ...values, ApplyImmediately: applyImmediately},
})

/**
 * Multi-AZ, put back by ModifyDBInstance: RDS adds or removes the standby without a restart (the conversion costs
 * I/O while it copies), in the next maintenance window unless --apply-immediately (then scheduled, not verified).
 */
const multiAzRevert: PropertyRevert = {
  paths: ['/MultiAZ'],
  restartPaths: [],
  calls: [modifySettingsCall],
  build(actual, [change], {applyImmediately}) {
    const [from, to] = [asBoolean(currentValue(actual, '/MultiAZ')), asBoolean(change.to)]
    if (from === undefined || to === undefined) return refuse(`/MultiAZ ${String(change.from)} → ${String(change.to)} is not true or false`)
    if (isAuroraMember(actual)) return refuse('/MultiAZ of an Aurora instance is its cluster’s instances, not a setting')
    return {ok: true, actions: [{...modify(actual, {MultiAZ: to}, applyImmediately), rollback: modify(actual, {MultiAZ: from}, applyImmediately)}], ...(applyImmediately ? {} : {scheduled: true as const})}
  },
}

/**
 * The backup retention. Non-zero to non-zero applies at once without a restart (as a heal). From 0 (backups off)
 * to a retention turns automated backups on: RDS takes the instance offline briefly (a restart, --allow-restart) and
 * defers it to the maintenance window unless --apply-immediately; its rollback leaves backups on, as a heal leaves
 * protection on. To 0 is never done (the `never` rule below).
 */
const backupRetentionRevert: PropertyRevert = {
  paths: ['/BackupRetentionPeriod'],
  restartPaths: [],
  calls: [modifySettingsCall],
  build(actual, [change], {applyImmediately}) {
    const [from, to] = [asCount(currentValue(actual, '/BackupRetentionPeriod')), asCount(change.to)]
    if (from === undefined || !to) return refuse(`/BackupRetentionPeriod ${String(change.from)} → ${String(change.to)} is not a retention of 1 to 35 days`)
    if (isAuroraMember(actual)) return refuse('/BackupRetentionPeriod of an Aurora instance is managed by its DB cluster')
    if (from > 0) return {ok: true, actions: [{...modify(actual, {BackupRetentionPeriod: to}, true), rollback: modify(actual, {BackupRetentionPeriod: from}, true)}]}
    const on = modify(actual, {BackupRetentionPeriod: to}, applyImmediately)
    return {ok: true, actions: [{...on, rollback: on}], restarts: ['/BackupRetentionPeriod'], ...(applyImmediately ? {} : {scheduled: true as const})}
  },
}

/**
 * A true/false setting RDS applies at once whatever ApplyImmediately says, without a restart, put back by
 * ModifyDBInstance and rolled back to the value read; setting it to `weakeningValue` weakens security (needs
 * --approve-critical even when Git says so), for the reason given.
 */
function immediateFlagRevert(name: 'PubliclyAccessible' | 'AutoMinorVersionUpgrade', weakeningValue: boolean, weakening: string): PropertyRevert {
  const path = `/${name}`
  return {
    paths: [path],
    restartPaths: [],
    calls: [modifySettingsCall],
    build(actual, [change]) {
      const [from, to] = [asBoolean(currentValue(actual, path)), asBoolean(change.to)]
      if (from === undefined || to === undefined) return refuse(`${path} ${String(change.from)} → ${String(change.to)} is not true or false`)
      return {ok: true, actions: [{...modify(actual, {[name]: to}, true), rollback: modify(actual, {[name]: from}, true)}]}
    },
    weakens: (change) => (asBoolean(change.to) === weakeningValue ? weakening : undefined),
  }
}

/** Public access: making a database public is a weakening. */
const publicAccessRevert = immediateFlagRevert('PubliclyAccessible', true, 'makes the database reachable from outside its VPC')

/**
 * Automatic minor version upgrades (the upgrades themselves happen in the maintenance window). An Aurora instance has
 * its own setting, so it is reverted there too. Turning them off stops the minor versions that carry security fixes.
 */
const autoMinorVersionRevert = immediateFlagRevert('AutoMinorVersionUpgrade', false, 'stops RDS applying minor versions, which carry the engine’s security fixes')

/** What a revert of a database never does, whatever Git and the flags say (SPEC 11). */
function neverOnDatabase(change: {path: string; to: unknown}): string | undefined {
  if (change.path === '/DeletionProtection' && asBoolean(change.to) === false) return NEVER_REVERTED.deletionProtection
  if (change.path === '/BackupRetentionPeriod' && asCount(change.to) === 0) return NEVER_REVERTED.backupsOff
  return undefined
}

export const rdsDbInstance: ResourceTypeModule = {
  type: 'AWS::RDS::DBInstance',
  service: 'rds',
  readBudget: {fixedCalls: 1, callsPerResource: 0.01, basis: 'DescribeDBInstances, 100 per page, tags inline'},
  actualKeys: (actual: ActualResource) => [...rdsIdentifierKey(actual.properties.DBInstanceIdentifier), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...rdsIdentifierKey(properties.DBInstanceIdentifier), cloudFormationKey(stackName, logicalId)],
  // CloudFormation records the identifier; RDS keeps identifiers in lower case.
  stackPhysicalIdKeys: rdsIdentifierKey,
  setPaths: ['/VPCSecurityGroups', '/EnableCloudwatchLogsExports'],
  arnOrNamePaths: ['/KmsKeyId', '/DBSubnetGroupName', '/DBParameterGroupName', '/MonitoringRoleArn'],
  notReturnedPaths: ['/MasterUserPassword', '/ManageMasterUserPassword', '/DBSnapshotIdentifier', '/AllowMajorVersionUpgrade'],
  ratings: [
    critical('/VPCSecurityGroups'),
    {path: '/DBInstanceClass', severity: 'high', impact: ['cost', 'availability']},
    {path: '/EnablePerformanceInsights', severity: 'medium', impact: ['availability']},
    // A DB cluster has no MultiAZ property: its instances are its availability zones.
    {path: '/MultiAZ', severity: 'high', impact: ['availability', 'cost']},
    ...RDS_RATINGS,
  ],
  neverHealed: {...RDS_NEVER_HEALED, '/DBInstanceClass': NEVER_HEALED.resourceClass},
  tags: rdsTags,
  heal: rdsSettingsHeal('RDS.ModifyDBInstance', 'DBInstanceIdentifier'),
  revert: combineReverts(instanceClassRevert, multiAzRevert, backupRetentionRevert, publicAccessRevert, autoMinorVersionRevert, rdsInPlaceRevert('RDS.ModifyDBInstance', 'DBInstanceIdentifier', '/VPCSecurityGroups', isAuroraMember), revertNever(neverOnDatabase)),
  neverReverted: {
    '/StorageEncrypted': NEVER_REVERTED.encryption,
    '/KmsKeyId': NEVER_REVERTED.encryption,
    '/EngineVersion': `${NEVER_HEALED.engineVersion}: upgrade it through your pipeline`,
    '/Engine': NEVER_REVERTED.replacement,
    '/DBName': NEVER_REVERTED.replacement,
    '/MasterUsername': NEVER_REVERTED.replacement,
    '/AvailabilityZone': NEVER_REVERTED.replacement,
    '/DBParameterGroupName': 'a parameter group’s static parameters take effect only at a reboot, which ialctl never starts: change it through your pipeline',
  },
  expectedDrift: {minorVersion: rdsMinorVersion},
  awsDefaults: {
    '/MultiAZ': false,
    '/BackupRetentionPeriod': 1,
    '/AutoMinorVersionUpgrade': true,
    '/CopyTagsToSnapshot': false,
    '/DeletionProtection': false,
    '/PubliclyAccessible': false,
    '/StorageEncrypted': false,
    '/MonitoringInterval': 0,
    '/EnablePerformanceInsights': false,
    '/PerformanceInsightsRetentionPeriod': 7,
    '/EnableIAMDatabaseAuthentication': false,
    '/NetworkType': 'IPV4',
    '/PromotionTier': 1,
    '/CACertificateIdentifier': AWS_ASSIGNED,
    '/LicenseModel': AWS_ASSIGNED,
    '/DBParameterGroupName': RDS_DEFAULT_GROUP,
    '/OptionGroupName': RDS_DEFAULT_GROUP,
    '/Port': RDS_ENGINE_PORT,
  },
  displayName: (actual) => str(actual.properties.DBInstanceIdentifier) ?? actual.physicalId,
}

/**
 * DescribeDBInstances -> CloudFormation `AWS::RDS::DBInstance`; `!Ref` is the identifier. `AllocatedStorage`
 * and `Port` are strings because CloudFormation's schema types them so.
 */
export function dbInstanceFromAws(instance: DBInstance, region: string): ActualResource {
  const id = instance.DBInstanceIdentifier ?? ''
  const endpoint = instance.Endpoint
  return actualResource({
    type: rdsDbInstance.type,
    region,
    physicalId: id,
    arn: instance.DBInstanceArn,
    properties: {
      DBInstanceIdentifier: id,
      DBInstanceClass: instance.DBInstanceClass,
      Engine: instance.Engine,
      EngineVersion: instance.EngineVersion,
      DBClusterIdentifier: instance.DBClusterIdentifier,
      DBName: instance.DBName,
      MasterUsername: instance.MasterUsername,
      AllocatedStorage: numberString(instance.AllocatedStorage),
      MaxAllocatedStorage: instance.MaxAllocatedStorage,
      StorageType: instance.StorageType,
      Iops: instance.Iops,
      StorageThroughput: instance.StorageThroughput,
      Port: numberString(endpoint?.Port ?? (instance.DbInstancePort || undefined)),
      PubliclyAccessible: instance.PubliclyAccessible,
      StorageEncrypted: instance.StorageEncrypted,
      KmsKeyId: instance.KmsKeyId,
      MultiAZ: instance.MultiAZ,
      AvailabilityZone: instance.AvailabilityZone,
      BackupRetentionPeriod: instance.BackupRetentionPeriod,
      PreferredBackupWindow: instance.PreferredBackupWindow,
      PreferredMaintenanceWindow: instance.PreferredMaintenanceWindow,
      DeletionProtection: instance.DeletionProtection,
      AutoMinorVersionUpgrade: instance.AutoMinorVersionUpgrade,
      CopyTagsToSnapshot: instance.CopyTagsToSnapshot,
      DBSubnetGroupName: instance.DBSubnetGroup?.DBSubnetGroupName,
      DBParameterGroupName: instance.DBParameterGroups?.[0]?.DBParameterGroupName,
      OptionGroupName: instance.OptionGroupMemberships?.[0]?.OptionGroupName,
      VPCSecurityGroups: instance.VpcSecurityGroups?.map((group) => group.VpcSecurityGroupId),
      CACertificateIdentifier: instance.CACertificateIdentifier,
      LicenseModel: instance.LicenseModel,
      MonitoringInterval: instance.MonitoringInterval,
      MonitoringRoleArn: instance.MonitoringRoleArn,
      EnablePerformanceInsights: instance.PerformanceInsightsEnabled,
      PerformanceInsightsKMSKeyId: instance.PerformanceInsightsKMSKeyId,
      PerformanceInsightsRetentionPeriod: instance.PerformanceInsightsRetentionPeriod,
      EnableIAMDatabaseAuthentication: instance.IAMDatabaseAuthenticationEnabled,
      EnableCloudwatchLogsExports: instance.EnabledCloudwatchLogsExports,
      NetworkType: instance.NetworkType,
      PromotionTier: instance.PromotionTier,
      SourceDBInstanceIdentifier: instance.ReadReplicaSourceDBInstanceIdentifier,
    },
    tags: tagMap(instance.TagList),
    attributes: {
      'Endpoint.Address': endpoint?.Address,
      'Endpoint.Port': numberString(endpoint?.Port),
      'Endpoint.HostedZoneId': endpoint?.HostedZoneId,
      DBInstanceArn: instance.DBInstanceArn,
      DbiResourceId: instance.DbiResourceId,
      Status: instance.DBInstanceStatus,
    },
  })
}
