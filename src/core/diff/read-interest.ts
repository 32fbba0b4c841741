// Which AWS resources a run needs in full. Some types cost calls per resource (S3 bucket settings exist only per
// bucket): those calls are made only for the resources the run can use, the declared ones and the extras inside
// the scope, decided from what the cheap list calls return (name, tags). Pure.

import type {ActualResource, DesiredModel, DesiredResource} from '../model.js'
import {resourceType} from '../resources/index.js'
import {declaredReferrers} from './referrers.js'
import {findUnresolved, type ResolveContext, resolveValue, withoutUnresolved} from './resolve.js'
import {type ExtraScope, inScope} from './scope.js'

/** Whether a resource, as the list calls show it, is one the run compares or reports. */
export type WantedResource = (actual: ActualResource) => boolean

/**
 * The interest of a run in one region. A declared resource is found by the identity keys its template gives
 * before anything else is read (parameters, region and account resolved); when its identity depends on another
 * resource's attribute, any resource of its type may be it, so the whole type is wanted (never a false missing).
 */
export function readInterest(model: DesiredModel, scope: ExtraScope, where: {region: string; accountId?: string}): WantedResource {
  const declaredKeys = new Map<string, Set<string>>()
  const everyOfType = new Set<string>()
  const declared = [...model.resources, ...(model.unselected ?? [])]
  const byLogicalId = new Map(declared.map((resource) => [resource.logicalId, resource]))
  const notRead = () => ({reason: 'other resources are not read yet'})
  const contextOf = (resource: DesiredResource, refs: ResolveContext['resource']): ResolveContext => ({parameters: model.parameters, region: where.region, accountId: where.accountId, stackName: resource.stackName, resource: refs})
  // `!Ref` of a declared resource whose template states what `!Ref` returns (a bucket's BucketName): that value, so
  // that a resource naming it (a bucket policy) is wanted by that name instead of every resource of its type.
  const fromTemplate = (logicalId: string): ActualResource | {reason: string} => {
    const target = byLogicalId.get(logicalId)
    const property = target && resourceType(target.type)?.refProperty
    if (!target || !property) return notRead()
    const value = resolveValue(target.properties[property], contextOf(target, notRead))
    return typeof value === 'string' && value !== '' ? {type: target.type, region: where.region, physicalId: value, properties: {}, tags: {}, attributes: {}} : notRead()
  }

  const referrers = declaredReferrers(declared, (resource) => withoutUnresolved(resolveValue(resource.properties, contextOf(resource, notRead)) as Record<string, unknown>))

  for (const resource of declared) {
    const module = resourceType(resource.type)
    if (!module) continue
    const properties = resolveValue(resource.properties, contextOf(resource, fromTemplate)) as Record<string, unknown>
    const identity = {logicalId: resource.logicalId, stackName: resource.stackName, referrers: (type: string) => referrers(resource.logicalId, type)}
    const keys = module.desiredKeys({...identity, properties: withoutUnresolved(properties)})
    // An unresolved value that would add a key (a name from !GetAtt) is identity this function cannot know.
    const placeholders = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, findUnresolved(value) ? 'unresolved' : value]))
    if (module.desiredKeys({...identity, properties: placeholders}).length > keys.length) everyOfType.add(resource.type)
    // Found by what only the per-resource calls show (a key's description): the list cannot tell which one it is.
    if (keys.some((key) => module.describedKeyPrefixes?.some((prefix) => key.startsWith(prefix)))) everyOfType.add(resource.type)
    const known = declaredKeys.get(resource.type) ?? new Set<string>()
    for (const key of keys) known.add(key)
    declaredKeys.set(resource.type, known)
  }

  return (actual) => {
    const module = resourceType(actual.type)
    if (!module) return false
    if (everyOfType.has(actual.type)) return true
    const keys = declaredKeys.get(actual.type)
    if (keys && module.actualKeys(actual).some((key) => keys.has(key))) return true
    return inScope(actual, module, scope)
  }
}
