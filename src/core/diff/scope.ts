import type {ActualResource} from '../model.js'
import type {AnyResourceTypeModule} from '../resources/index.js'

/** Which undeclared resources are ours (config `scope.extraResources`): by tag, by name prefix, per type. */
export interface ScopeRule {
  tagKey?: string
  tagValue?: string
  namePrefix?: string
}

export type ExtraScope = (ScopeRule & {types: Record<string, ScopeRule>}) | null

/**
 * Is an undeclared AWS resource ours to report (SPEC 2, "Extra resources")? Only inside the configured scope, so a
 * shared account does not flood the report: no scope, no extras. A per-type rule replaces the default one; a rule
 * with a tag and a name prefix accepts either; a rule with neither accepts every resource of the type.
 */
export function inScope(actual: ActualResource, module: AnyResourceTypeModule, scope: ExtraScope): boolean {
  if (!scope) return false
  const rule = scope.types[actual.type] ?? scope
  const byTag = rule.tagKey === undefined ? undefined : Object.hasOwn(actual.tags, rule.tagKey) && (rule.tagValue === undefined || actual.tags[rule.tagKey] === rule.tagValue)
  const byName = rule.namePrefix === undefined ? undefined : module.displayName(actual).startsWith(rule.namePrefix)
  if (byTag === undefined && byName === undefined) return true
  return Boolean(byTag) || Boolean(byName)
}
