// What both RDS types share: identity by identifier, default rules (groups and ports are picked alike), engine
// versions, risk ratings, tags, and the in-place heal of the settings that neither restarts nor touches data.
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {
  arnOf,
  asBoolean,
  asCount,
  changingOneOf,
  currentValue,
  type HealApiCall,
  type HealCall,
  keyValueTagApi,
  NEVER_HEALED,
  nonEmptyString,
  nonEmptyStrings,
  type PropertyHeal,
  type PropertyRevert,
  putBack,
  refuse,
} from './heal.js'
import {type AwsDefaultRule, critical, type MinorVersionRule, type PropertyRating, str} from './types.js'

/** Identity key of an RDS identifier. RDS stores identifiers in lower case whatever case the template used. */
export const rdsIdentifierKey = (value: unknown): string[] => {
  const id = str(value)
  return id ? [`id:${id.toLowerCase()}`] : []
}

/** RDS's own parameter and option groups (`default.postgres16`, `default:mysql-8-0`). */
export const RDS_DEFAULT_GROUP: AwsDefaultRule = (value) => typeof value === 'string' && /^default[.:]/.test(value)

/** The port the engine listens on unless told otherwise. */
export const RDS_ENGINE_PORT: AwsDefaultRule = (value, properties) => engineDefaultPort(properties.Engine) === Number(value)

function engineDefaultPort(engine: unknown): number | undefined {
  const name = String(engine ?? '')
  if (name.includes('postgres')) return 5432
  if (name.includes('mysql') || name.includes('mariadb')) return 3306
  return undefined
}

// ---- engine versions -----------------------------------------------------------------------------------------

/**
 * Major version as the RDS engines number them. PostgreSQL from 10 on has two components and the first is the
 * major (14.7 -> 14); every other form keeps two: MySQL and MariaDB (8.0.35 -> 8.0, 10.6.16 -> 10.6, where 10.11 is
 * another major), Aurora MySQL (8.0.mysql_aurora.3.04.0 -> 8.0), PostgreSQL before 10 (9.6.24 -> 9.6).
 */
export function majorVersion(version: string): string {
  const parts = version.split('.')
  return parts.length === 2 && Number(parts[0]) >= 10 ? parts[0] : parts.slice(0, 2).join('.')
}

export function sameMajorVersion(expected: unknown, actual: unknown): boolean {
  if (expected === null || actual === null || expected === undefined || actual === undefined) return false
  const [left, right] = [String(expected), String(actual)]
  // A template that pins only the major version ("14") agrees with every minor of it.
  return majorVersion(left) === majorVersion(right) || right.startsWith(`${left}.`)
}

const isTrue = (value: unknown) => value === true || value === 'true'

/** SPEC 2 `minor-version`: same major version, and AutoMinorVersionUpgrade on (in the template or in AWS). */
export const rdsMinorVersion: MinorVersionRule = {
  path: '/EngineVersion',
  isMinorUpgrade: (difference, {desired, actual}) =>
    (isTrue(desired.AutoMinorVersionUpgrade) || isTrue(actual.AutoMinorVersionUpgrade)) && sameMajorVersion(difference.expected, difference.actual),
}

// ---- risk ----------------------------------------------------------------------------------------------------

/** Ratings of the properties both RDS types have; each type adds its own. */
export const RDS_RATINGS: readonly PropertyRating[] = [
  critical('/PubliclyAccessible'),
  critical('/StorageEncrypted'),
  critical('/KmsKeyId'),
  critical('/EnableIAMDatabaseAuthentication'),
  critical('/MonitoringRoleArn'),
  {path: '/EngineVersion', severity: 'high', impact: ['availability', 'security'], when: (d) => !sameMajorVersion(d.expected, d.actual)},
  {path: '/EngineVersion', severity: 'medium', impact: ['availability']},
  {path: '/Engine', severity: 'high', impact: ['availability']},
  {path: '/DeletionProtection', severity: 'high', impact: ['availability']},
  {path: '/AllocatedStorage', severity: 'high', impact: ['cost']},
  {path: '/StorageType', severity: 'high', impact: ['cost']},
  {path: '/PreferredBackupWindow', severity: 'medium', impact: ['availability']},
  {path: '/BackupRetentionPeriod', severity: 'medium', impact: ['availability']},
  {path: '/PreferredMaintenanceWindow', severity: 'medium', impact: ['availability']},
  // Minor versions carry the engine's security fixes.
  {path: '/AutoMinorVersionUpgrade', severity: 'medium', impact: ['security']},
  {path: '/MonitoringInterval', severity: 'medium', impact: ['availability']},
  {path: '/EnableCloudwatchLogsExports', severity: 'medium', impact: ['availability', 'security']},
]

export const RDS_NEVER_HEALED: Readonly<Record<string, string>> = {
  '/StorageEncrypted': NEVER_HEALED.encryption,
  '/KmsKeyId': NEVER_HEALED.encryption,
  '/PubliclyAccessible': NEVER_HEALED.publicAccess,
  '/EngineVersion': NEVER_HEALED.engineVersion,
}

// ---- heal ----------------------------------------------------------------------------------------------------

export const rdsTags = keyValueTagApi({tag: 'RDS.AddTagsToResource', untag: 'RDS.RemoveTagsFromResource', targetParam: 'ResourceName', target: arnOf})

/** The only settings a heal changes on a database: none of them restarts it or touches its data. */
const SAFE_SETTINGS = ['PreferredBackupWindow', 'BackupRetentionPeriod', 'PreferredMaintenanceWindow', 'DeletionProtection'] as const

/**
 * The parameters of ModifyDBInstance / ModifyDBCluster a heal may send. The one-way rules of SPEC 10 hold here as
 * the last gate, whatever built the call: retention stays non-zero (0 disables automated backups and deletes the
 * existing ones) and deletion protection is only ever turned on.
 */
function modifyCall(api: string, idParam: string): HealCall {
  const shape = {
    [idParam]: nonEmptyString(idParam),
    PreferredBackupWindow: nonEmptyString('PreferredBackupWindow').optional(),
    BackupRetentionPeriod: z
      .number({errorMap: () => ({message: 'BackupRetentionPeriod must be 1 or more'})})
      .int('BackupRetentionPeriod must be 1 or more')
      .min(1, 'BackupRetentionPeriod must be 1 or more')
      .optional(),
    PreferredMaintenanceWindow: nonEmptyString('PreferredMaintenanceWindow').optional(),
    DeletionProtection: z.literal(true, {errorMap: () => ({message: 'DeletionProtection may only be turned on (true)'})}).optional(),
    ApplyImmediately: z.literal(true, {errorMap: () => ({message: 'ApplyImmediately must be true (a pending change cannot be verified)'})}),
  }
  return {api, params: changingOneOf(shape, SAFE_SETTINGS, 'no setting to change')}
}

/** Properties an Aurora member instance inherits from its cluster (ModifyDBInstance rejects them). */
const CLUSTER_MANAGED = new Set(['/BackupRetentionPeriod', '/PreferredBackupWindow', '/DeletionProtection'])

/** The in-place heal of the RDS type whose calls are `api`, addressed by `idParam`. */
export function rdsSettingsHeal(api: 'RDS.ModifyDBInstance' | 'RDS.ModifyDBCluster', idParam: 'DBInstanceIdentifier' | 'DBClusterIdentifier'): PropertyHeal {
  return {
    paths: SAFE_SETTINGS.map((name) => `/${name}`),
    calls: [modifyCall(api, idParam)],
    build(actual: ActualResource, changes) {
      const to: Record<string, unknown> = {}
      const from: Record<string, unknown> = {}
      for (const change of changes) {
        const name = change.path.slice(1)
        const before = currentValue(actual, change.path)
        if (api === 'RDS.ModifyDBInstance' && CLUSTER_MANAGED.has(change.path) && actual.properties.DBClusterIdentifier) {
          return refuse(`${change.path} of an Aurora instance is managed by its DB cluster`)
        }

        if (name === 'BackupRetentionPeriod') {
          const [f, t] = [asCount(before), asCount(change.to)]
          // 0 -> n turns backups on (an outage on a single-AZ instance), n -> 0 deletes the automated backups.
          if (!f || !t) return refuse(`/BackupRetentionPeriod ${String(before)} → ${String(change.to)}: only a non-zero to non-zero change is healed`)
          ;[from[name], to[name]] = [f, t]
        } else if (name === 'DeletionProtection') {
          // Removing protection is a decision for a person; healing only ever adds it, and the rollback leaves it on.
          if (asBoolean(before) !== false || asBoolean(change.to) !== true) {
            return refuse(`/DeletionProtection ${String(before)} → ${String(change.to)}: only false → true is healed`)
          }

          to[name] = true
        } else {
          if (typeof change.to !== 'string' || change.to === '' || typeof before !== 'string' || before === '') {
            return refuse(`${change.path} ${String(before)} → ${String(change.to)} is not a window (ddd:hh24:mi-ddd:hh24:mi or hh24:mi-hh24:mi)`)
          }

          ;[from[name], to[name]] = [before, change.to]
        }
      }

      // ApplyImmediately: these settings cause no restart, and a pending change would not verify.
      const call = (values: Record<string, unknown>): HealApiCall => ({api, params: {[idParam]: actual.physicalId, ...values, ApplyImmediately: true}})
      // Protection alone has nothing to put back: its rollback asks for what is already there (protection on).
      const rollback = Object.keys(from).length > 0 ? from : {DeletionProtection: true}
      return {ok: true, actions: [{...call(to), rollback: call(rollback)}]}
    },
  }
}

/** The settings `rdsInPlaceRevert` puts back, by CloudFormation path, as ModifyDBInstance/ModifyDBCluster name them. */
const IN_PLACE_SETTINGS = {'/CopyTagsToSnapshot': 'CopyTagsToSnapshot', '/EnableIAMDatabaseAuthentication': 'EnableIAMDatabaseAuthentication'} as const

/**
 * What a revert puts back on a DB instance or cluster in place, beyond a heal, with no restart and no maintenance
 * window (ApplyImmediately: true): copying tags to snapshots, IAM database authentication, and the VPC security
 * groups (a set: a group added by hand goes, one removed by hand comes back). Putting back a group AWS lacks lets in
 * whatever that group allows: a weakening that needs --approve-critical even when Git says so. An Aurora instance
 * takes none of these: its cluster holds them (`managedByCluster`).
 */
export function rdsInPlaceRevert(
  api: 'RDS.ModifyDBInstance' | 'RDS.ModifyDBCluster',
  identifier: 'DBInstanceIdentifier' | 'DBClusterIdentifier',
  groupsPath: '/VPCSecurityGroups' | '/VpcSecurityGroupIds',
  managedByCluster: (actual: ActualResource) => boolean = () => false,
): PropertyRevert {
  const flag = (name: string) => z.boolean({errorMap: () => ({message: `${name} must be true or false`})}).optional()
  const modify = (actual: ActualResource, values: Record<string, unknown>): HealApiCall => ({api, params: {[identifier]: actual.physicalId, ...values, ApplyImmediately: true}})
  const groups = (value: unknown): string[] | undefined => (Array.isArray(value) && value.length > 0 && value.every((group) => typeof group === 'string' && group !== '') ? value : undefined)
  return {
    paths: [...Object.keys(IN_PLACE_SETTINGS), groupsPath],
    restartPaths: [],
    calls: [
      {
        api,
        params: changingOneOf(
          {
            [identifier]: nonEmptyString(identifier),
            CopyTagsToSnapshot: flag('CopyTagsToSnapshot'),
            EnableIAMDatabaseAuthentication: flag('EnableIAMDatabaseAuthentication'),
            VpcSecurityGroupIds: nonEmptyStrings('VpcSecurityGroupIds').optional(),
            ApplyImmediately: z.literal(true, {errorMap: () => ({message: 'ApplyImmediately must be true: these settings never wait for a window'})}),
          },
          ['CopyTagsToSnapshot', 'EnableIAMDatabaseAuthentication', 'VpcSecurityGroupIds'],
          'no setting to change',
        ),
      },
    ],
    changeOf: (actual, path, differences) => putBack(actual, path, differences, [groupsPath]),
    build(actual, changes) {
      if (managedByCluster(actual)) return refuse(`${changes.map((change) => change.path).join(', ')} of an Aurora instance: its DB cluster holds them; revert the cluster`)
      const [to, from]: Array<Record<string, unknown>> = [{}, {}]
      for (const change of changes) {
        if (change.path === groupsPath) {
          const [wanted, current] = [groups(change.to), groups(change.from)]
          if (!wanted || !current) return refuse(`${groupsPath} ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)} is not a list of security group ids`)
          ;[to.VpcSecurityGroupIds, from.VpcSecurityGroupIds] = [wanted, current]
          continue
        }

        const name = IN_PLACE_SETTINGS[change.path as keyof typeof IN_PLACE_SETTINGS]
        const [wanted, current] = [asBoolean(change.to), asBoolean(change.from)]
        if (wanted === undefined || current === undefined) return refuse(`${change.path} ${String(change.from)} → ${String(change.to)} is not true or false`)
        ;[to[name], from[name]] = [wanted, current]
      }

      return {ok: true, actions: [{...modify(actual, to), rollback: modify(actual, from)}]}
    },
    weakens(change) {
      if (change.path !== groupsPath) return undefined
      const before = new Set(groups(change.from) ?? [])
      const added = (groups(change.to) ?? []).filter((group) => !before.has(group))
      return added.length > 0 ? `adds security group ${added.join(', ')} to the database: whatever it allows reaches it` : undefined
    },
  }
}
