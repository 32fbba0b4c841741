// Which declared resources point at a declared resource (`!Ref X`, `!GetAtt X.Attr`, `${X}` in a `!Sub`): some
// types are known by what points at them (a KMS key by the alias the phases aim at it). Built per referring type on
// first use, so an estate whose modules never ask costs nothing. Pure.

import {type DesiredResource, isIntrinsic} from '../model.js'

/** `(logicalId, type)` -> the properties of the declared resources of `type` that refer to `logicalId`. */
export type Referrers = (logicalId: string, type: string) => ReadonlyArray<Record<string, unknown>>

/**
 * The referrers among `resources`, each one's properties passed through `resolve` (its own values worked out where
 * they need no AWS resource: an alias name from a parameter).
 */
export function declaredReferrers(resources: readonly DesiredResource[], resolve: (resource: DesiredResource) => Record<string, unknown>): Referrers {
  const byType = new Map<string, Map<string, Record<string, unknown>[]>>()
  return (logicalId, type) => {
    let byTarget = byType.get(type)
    if (!byTarget) {
      byTarget = new Map()
      byType.set(type, byTarget)
      for (const resource of resources) {
        if (resource.type !== type) continue
        const targets = new Set<string>()
        collectTargets(resource.properties, targets)
        if (targets.size === 0) continue
        const properties = resolve(resource)
        for (const target of targets) byTarget.set(target, [...(byTarget.get(target) ?? []), properties])
      }
    }

    return byTarget.get(logicalId) ?? []
  }
}

function collectTargets(value: unknown, targets: Set<string>): void {
  if (isIntrinsic(value)) {
    const {fn, arg} = value
    if (fn === 'Ref' && typeof arg === 'string') targets.add(arg)
    else if (fn === 'Fn::GetAtt') {
      const target = typeof arg === 'string' ? arg.split('.')[0] : Array.isArray(arg) ? arg[0] : undefined
      if (typeof target === 'string') targets.add(target)
    } else if (fn === 'Fn::Sub') {
      const text = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : ''
      for (const match of text.matchAll(/\$\{([^!}.][^}.]*)(?:\.[^}]*)?\}/g)) targets.add(match[1])
    }

    collectTargets(arg, targets)
    return
  }

  if (Array.isArray(value)) for (const element of value) collectTargets(element, targets)
  else if (value !== null && typeof value === 'object') for (const child of Object.values(value)) collectTargets(child, targets)
}
