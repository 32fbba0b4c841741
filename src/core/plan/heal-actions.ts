// The exact AWS calls that heal one resource, and the calls that undo them (SPEC 6). Pure: the plan shows these
// calls, the executors in src/adapters/aws/heal send them. Anything not listed here is never healed.

import type {ActualResource, Difference, DriftItem} from '../model.js'
import {resourceType} from '../resources/index.js'
import {sameValue, tagKeyOf, valueAtPath} from './heal-values.js'

export interface HealApiCall {
  /** `Service.Operation`, e.g. `ECS.UpdateService`. */
  api: string
  params: Record<string, unknown>
}

export interface HealAction extends HealApiCall {
  /** The call that puts back the values recorded before this action. */
  rollback: HealApiCall
}

/** One value a heal changes: `from` is what AWS has now, `to` what the template declares (undefined: remove). */
export interface HealChange {
  path: string
  from: unknown
  to: unknown
}

export type HealBuild = {ok: true; actions: HealAction[]} | {ok: false; reason: string}

/**
 * Why a property is never healed even though it differs: shown in the plan so that the user knows why an item
 * goes to reverse sync instead. Property names, not types: these names mean the same on every type.
 */
const NEVER_HEALED: ReadonlyArray<[RegExp, string]> = [
  [/^\/SecurityGroup(Ingress|Egress)(\/|$)/, 'security group rules are never healed (a wrong rule cuts traffic or opens access)'],
  [/^\/(StorageEncrypted|KmsKeyId|Encrypted|EncryptionConfiguration)(\/|$)/, 'encryption cannot change in place (it needs a new resource)'],
  [/^\/(PubliclyAccessible|MapPublicIpOnLaunch|AssociatePublicIpAddress)(\/|$)/, 'public access is a security decision for a person'],
  [/^\/(InstanceType|DBInstanceClass|DBClusterInstanceClass)(\/|$)/, 'a class change restarts the resource'],
  [/^\/EngineVersion(\/|$)/, 'an engine version change restarts the database and cannot be undone'],
]

function unsafeReason(type: string, path: string): string {
  const known = NEVER_HEALED.find(([pattern]) => pattern.test(path))
  return known ? `${path}: ${known[1]}` : `${path} is not on the safe in-place list for ${type}`
}

/**
 * The item's differences as whole values to write. The diff reports a set-like list element by element
 * (`/AlarmActions/1` added, `/AlarmActions/2` removed); a heal writes the whole list, so element differences under
 * a safe list path become one change to the list AWS has, with the template's elements put in and AWS's extra ones
 * taken out. Everything else is kept as it is (and is refused later if it is not safe).
 */
export function healChanges(item: DriftItem, actual: ActualResource): HealChange[] {
  const safe = new Set(resourceType(item.type)?.safeHealPaths ?? [])
  const lists = new Map<string, Difference[]>()
  const changes: HealChange[] = []
  for (const difference of item.differences) {
    const parent = difference.path.slice(0, difference.path.lastIndexOf('/'))
    if (parent !== '' && safe.has(parent) && /^\d+$/.test(difference.path.slice(parent.length + 1)) && Array.isArray(valueAtPath(actual, parent) ?? [])) {
      if (!lists.has(parent)) changes.push({path: parent, from: undefined, to: undefined})
      lists.set(parent, [...(lists.get(parent) ?? []), difference])
    } else changes.push({path: difference.path, from: difference.actual, to: difference.expected})
  }

  return changes.map((change) => {
    const elements = lists.get(change.path)
    if (!elements) return change
    const from = [...((valueAtPath(actual, change.path) as unknown[] | undefined) ?? [])]
    let to = [...from]
    for (const difference of elements) {
      if (difference.kind === 'ADD') {
        const at = to.findIndex((value) => sameValue(value, difference.actual))
        if (at !== -1) to = to.toSpliced(at, 1)
      } else if (difference.kind === 'REMOVE') to.push(difference.expected)
      else {
        const at = to.findIndex((value) => sameValue(value, difference.actual))
        if (at === -1) to.push(difference.expected)
        else to[at] = difference.expected
      }
    }

    return {path: change.path, from, to}
  })
}

/**
 * How one drifted resource would be healed, before any config policy: its changes and the calls, or why it
 * cannot be. The heal plan and the report's `autoHealable` both come from here, so that they always agree.
 */
export function healOf(item: DriftItem, actual: ActualResource | undefined): {changes: HealChange[]; build: HealBuild} {
  if (!actual) return {changes: item.differences.map((difference) => ({path: difference.path, from: difference.actual, to: difference.expected})), build: {ok: false, reason: 'the AWS resource was not read'}}
  const changes = healChanges(item, actual)
  if (changes.length === 0) return {changes, build: {ok: false, reason: 'no difference to heal'}}
  const unsafe = unsafePaths(item.type, changes)
  if (unsafe.length > 0) return {changes, build: {ok: false, reason: unsafe.join('; ')}}
  return {changes, build: buildHealActions(actual, changes)}
}

/** True when every non-tag change is on the type's safe list (exact path: a heal writes whole values). */
export function unsafePaths(type: string, changes: readonly HealChange[]): string[] {
  const safe = new Set(resourceType(type)?.safeHealPaths ?? [])
  return changes.filter((change) => tagKeyOf(change.path) === undefined && !safe.has(change.path)).map((change) => unsafeReason(type, change.path))
}

/**
 * The actions for one resource, or why it cannot be healed. `changes` must already be on safe paths
 * (see `unsafePaths`); the value rules that depend on the direction of a change are checked here.
 */
export function buildHealActions(actual: ActualResource, changes: readonly HealChange[]): HealBuild {
  const tagChanges = changes.filter((change) => tagKeyOf(change.path) !== undefined)
  const propertyChanges = changes.filter((change) => tagKeyOf(change.path) === undefined)
  const tags = tagActions(actual, tagChanges)
  if (!tags.ok) return tags
  const properties = propertyActions(actual, propertyChanges)
  if (!properties.ok) return properties
  return {ok: true, actions: [...properties.actions, ...tags.actions]}
}

// ---- tags --------------------------------------------------------------------------------------------------

interface TagApi {
  /** Sets (adds or overwrites) the given tags. */
  set(target: string, tags: Record<string, string>): HealApiCall
  /** Removes the given tags; `values` are the values seen, which EC2 uses to delete only an unchanged tag. */
  remove(target: string, values: Record<string, string>): HealApiCall
  /** What the tagging API addresses the resource by. */
  target(actual: ActualResource): string | undefined
}

const pairs = (tags: Record<string, string>, key = 'Key', value = 'Value') => Object.entries(tags).map(([k, v]) => ({[key]: k, [value]: v}))
const arnOf = (actual: ActualResource) => actual.arn ?? (actual.physicalId.startsWith('arn:') ? actual.physicalId : undefined)

const ec2Tags: TagApi = {
  // Tags: [{Key, Value}] on DeleteTags deletes the tag only if it still has that value; without Tags, DeleteTags
  // deletes every tag of the resource, which is why a remove is always built with explicit keys.
  set: (id, tags) => ({api: 'EC2.CreateTags', params: {Resources: [id], Tags: pairs(tags)}}),
  remove: (id, values) => ({api: 'EC2.DeleteTags', params: {Resources: [id], Tags: pairs(values)}}),
  target: (actual) => actual.physicalId,
}

const ecsTags: TagApi = {
  set: (arn, tags) => ({api: 'ECS.TagResource', params: {resourceArn: arn, tags: pairs(tags, 'key', 'value')}}),
  remove: (arn, values) => ({api: 'ECS.UntagResource', params: {resourceArn: arn, tagKeys: Object.keys(values)}}),
  target: arnOf,
}

const rdsTags: TagApi = {
  set: (arn, tags) => ({api: 'RDS.AddTagsToResource', params: {ResourceName: arn, Tags: pairs(tags)}}),
  remove: (arn, values) => ({api: 'RDS.RemoveTagsFromResource', params: {ResourceName: arn, TagKeys: Object.keys(values)}}),
  target: arnOf,
}

const cloudwatchTags: TagApi = {
  set: (arn, tags) => ({api: 'CloudWatch.TagResource', params: {ResourceARN: arn, Tags: pairs(tags)}}),
  remove: (arn, values) => ({api: 'CloudWatch.UntagResource', params: {ResourceARN: arn, TagKeys: Object.keys(values)}}),
  target: arnOf,
}

const TAG_APIS: Record<string, TagApi> = {ec2: ec2Tags, ecs: ecsTags, rds: rdsTags, cloudwatch: cloudwatchTags}

function tagActions(actual: ActualResource, changes: readonly HealChange[]): HealBuild {
  if (changes.length === 0) return {ok: true, actions: []}
  const service = resourceType(actual.type)?.service
  const api = service ? TAG_APIS[service] : undefined
  if (!api) return {ok: false, reason: `${actual.type} is not a supported type`}
  const target = api.target(actual)
  if (!target) return {ok: false, reason: 'the resource ARN is unknown, so its tags cannot be addressed'}

  const overwrite: Record<string, string> = {}
  const previous: Record<string, string> = {}
  const add: Record<string, string> = {}
  const remove: Record<string, string> = {}
  for (const change of changes) {
    const key = tagKeyOf(change.path) as string
    if (key.startsWith('aws:')) return {ok: false, reason: `tag ${key}: aws: tags belong to AWS and cannot be changed`}
    const before = actual.tags[key]
    const after = change.to === undefined || change.to === null ? undefined : String(change.to)
    if (after === undefined) {
      if (before !== undefined) remove[key] = before
    } else if (before === undefined) {
      add[key] = after
    } else if (before !== after) {
      overwrite[key] = after
      previous[key] = before
    }
  }

  const actions: HealAction[] = []
  if (Object.keys(overwrite).length > 0) actions.push({...api.set(target, overwrite), rollback: api.set(target, previous)})
  if (Object.keys(add).length > 0) actions.push({...api.set(target, add), rollback: api.remove(target, add)})
  if (Object.keys(remove).length > 0) actions.push({...api.remove(target, remove), rollback: api.set(target, remove)})
  return {ok: true, actions}
}

// ---- properties --------------------------------------------------------------------------------------------

type PropertyBuilder = (actual: ActualResource, changes: readonly HealChange[]) => HealBuild

const refuse = (reason: string): HealBuild => ({ok: false, reason})

const asCount = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined
}

const asNumber = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined
}

const asBoolean = (value: unknown): boolean | undefined =>
  typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined

const ecsService: PropertyBuilder = (actual, changes) => {
  const change = changes[0]
  const to = asCount(change.to)
  const from = asCount(valueAtPath(actual, '/DesiredCount'))
  if (to === undefined || from === undefined) return refuse(`/DesiredCount ${String(change.from)} → ${String(change.to)} is not a task count`)
  const cluster = actual.properties.Cluster
  if (typeof cluster !== 'string' || cluster === '') return refuse('the service cluster is unknown')
  const call = (desiredCount: number): HealApiCall => ({api: 'ECS.UpdateService', params: {cluster, service: actual.physicalId, desiredCount}})
  return {ok: true, actions: [{...call(to), rollback: call(from)}]}
}

/** Properties an Aurora member instance inherits from its cluster (ModifyDBInstance rejects them). */
const CLUSTER_MANAGED = new Set(['/BackupRetentionPeriod', '/PreferredBackupWindow', '/DeletionProtection'])

const rds =
  (api: 'RDS.ModifyDBInstance' | 'RDS.ModifyDBCluster', idParam: 'DBInstanceIdentifier' | 'DBClusterIdentifier'): PropertyBuilder =>
  (actual, changes) => {
    const to: Record<string, unknown> = {}
    const from: Record<string, unknown> = {}
    for (const change of changes) {
      const name = change.path.slice(1)
      const before = valueAtPath(actual, change.path)
      if (api === 'RDS.ModifyDBInstance' && CLUSTER_MANAGED.has(change.path) && actual.properties.DBClusterIdentifier) {
        return refuse(`${change.path} of an Aurora instance is managed by its DB cluster`)
      }

      if (name === 'BackupRetentionPeriod') {
        const [f, t] = [asCount(before), asCount(change.to)]
        // 0 -> n turns backups on (an outage on a single-AZ instance), n -> 0 deletes the automated backups.
        if (!f || !t) return refuse(`/BackupRetentionPeriod ${String(before)} → ${String(change.to)}: only a non-zero to non-zero change is healed`)
        ;[from[name], to[name]] = [f, t]
      } else if (name === 'DeletionProtection') {
        // Removing protection is a decision for a person; healing only ever adds it.
        if (asBoolean(before) !== false || asBoolean(change.to) !== true) {
          return refuse(`/DeletionProtection ${String(before)} → ${String(change.to)}: only false → true is healed`)
        }

        ;[from[name], to[name]] = [false, true]
      } else {
        if (typeof change.to !== 'string' || change.to === '' || typeof before !== 'string' || before === '') {
          return refuse(`${change.path} ${String(before)} → ${String(change.to)} is not a window (ddd:hh24:mi-ddd:hh24:mi or hh24:mi-hh24:mi)`)
        }

        ;[from[name], to[name]] = [before, change.to]
      }
    }

    // ApplyImmediately: these settings cause no restart, and a pending change would not verify.
    const call = (values: Record<string, unknown>): HealApiCall => ({api, params: {[idParam]: actual.physicalId, ...values, ApplyImmediately: true}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  }

const ec2Instance: PropertyBuilder = (actual, changes) => {
  const change = changes[0]
  const to = asBoolean(change.to)
  const from = asBoolean(valueAtPath(actual, '/Monitoring'))
  if (to === undefined || from === undefined) return refuse(`/Monitoring ${String(change.from)} → ${String(change.to)} is not true or false`)
  const call = (enable: boolean): HealApiCall => ({api: enable ? 'EC2.MonitorInstances' : 'EC2.UnmonitorInstances', params: {InstanceIds: [actual.physicalId]}})
  return {ok: true, actions: [{...call(to), rollback: call(from)}]}
}

const cloudwatchAlarm: PropertyBuilder = (actual, changes) => {
  const to: Record<string, unknown> = {}
  const from: Record<string, unknown> = {}
  for (const change of changes) {
    const name = change.path.slice(1)
    const before = valueAtPath(actual, change.path)
    if (name === 'AlarmActions') {
      const strings = (value: unknown) => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined)
      const [f, t] = [before === undefined ? [] : strings(before), strings(change.to)]
      if (!f || !t) return refuse(`/AlarmActions must be a list of ARNs`)
      ;[from[name], to[name]] = [f, t]
    } else {
      const parse = name === 'Threshold' ? asNumber : asCount
      const [f, t] = [parse(before), parse(change.to)]
      if (f === undefined || t === undefined) return refuse(`${change.path} ${String(before)} → ${String(change.to)} is not a number`)
      ;[from[name], to[name]] = [f, t]
    }
  }

  // The executor sends these fields on top of the alarm's full current definition (read just before the call):
  // PutMetricAlarm replaces the whole alarm, so a field left out would be reset.
  const call = (values: Record<string, unknown>): HealApiCall => ({api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: actual.physicalId, ...values}})
  return {ok: true, actions: [{...call(to), rollback: call(from)}]}
}

const PROPERTY_BUILDERS: Record<string, PropertyBuilder> = {
  'AWS::ECS::Service': ecsService,
  'AWS::RDS::DBInstance': rds('RDS.ModifyDBInstance', 'DBInstanceIdentifier'),
  'AWS::RDS::DBCluster': rds('RDS.ModifyDBCluster', 'DBClusterIdentifier'),
  'AWS::EC2::Instance': ec2Instance,
  'AWS::CloudWatch::Alarm': cloudwatchAlarm,
}

function propertyActions(actual: ActualResource, changes: readonly HealChange[]): HealBuild {
  if (changes.length === 0) return {ok: true, actions: []}
  const builder = PROPERTY_BUILDERS[actual.type]
  if (!builder) return refuse(`${actual.type} has no in-place heal for ${changes.map((change) => change.path).join(', ')}`)
  return builder(actual, changes)
}
