// Extra resources (in AWS, in the managed scope, declared nowhere) -> a new CloudFormation-style template for the
// import phase. Only what a person would have written is kept: properties only (read-only attributes live in
// `ActualResource.attributes` and are never copied), no AWS defaults, no `aws:*` tags. Pure.

import {withSecretPlaceholders} from '../diff/secret-values.js'
import type {ActualResource} from '../model.js'
import {pointerSegments} from '../shared/json-pointer.js'
import {stringifyYaml} from '../phases/yaml-output.js'
import {RESOURCE_TYPES, resourceType} from '../resources/index.js'
import {yamlCommentText} from '../shared/untrusted-text.js'
import {type AwsDefaultRule, hasOwnTags} from '../resources/types.js'

/** The properties worth writing for an AWS resource: defaults and empty values dropped, user tags as a sorted list. */
export function codifiedProperties(actual: ActualResource): Record<string, unknown> {
  // Each type module lists its AWS defaults (`awsDefaults`); an unknown type has none to drop.
  const module = resourceType(actual.type)
  // Secret values (known only as digests) become a placeholder a person replaces: never a value, never a digest.
  const {properties} = withSecretPlaceholders(actual.properties, module?.secretPaths)
  for (const [pointer, rule] of Object.entries(module?.awsDefaults ?? {})) {
    const segments = pointerSegments(pointer)
    const parent = segments.slice(0, -1).reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), properties)
    if (!parent || typeof parent !== 'object') continue
    const key = segments.at(-1) as string
    if (Array.isArray(parent)) {
      // A keyed list (`{Key, Value}` elements, AWS lists every key): the default names one key's Value.
      if (!module?.keyedListPaths?.includes(pointer.slice(0, pointer.lastIndexOf('/')))) continue
      const at = parent.findIndex((element) => (element as {Key?: unknown} | null)?.Key === key)
      const value = at === -1 ? undefined : (parent[at] as {Value?: unknown}).Value
      if (value !== undefined && isDefault(rule, value, actual.properties)) parent.splice(at, 1)
      continue
    }

    const value = (parent as Record<string, unknown>)[key]
    if (value === undefined) continue
    if (isDefault(rule, value, actual.properties)) delete (parent as Record<string, unknown>)[key]
  }

  const result = dropEmpty(properties) as Record<string, unknown> | undefined ?? {}
  // A type without tags of its own (a bucket policy, carrying its bucket's for scope) has none to write.
  const tags = Object.entries(hasOwnTags(actual.type) ? actual.tags : {})
    .filter(([key]) => !key.startsWith('aws:'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([Key, Value]) => ({Key, Value}))
  if (tags.length > 0) result.Tags = tags
  return result
}

/** Whether AWS's value is the default the type module lists for it (`awsDefaults`): a value nobody chose. */
export const isDefault = (rule: AwsDefaultRule, value: unknown, properties: Record<string, unknown>): boolean =>
  typeof rule === 'function' ? rule(value, properties) : JSON.stringify(value) === JSON.stringify(rule)

/** Empty lists, maps and strings say nothing a template needs to say. */
function dropEmpty(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined
  if (Array.isArray(value)) {
    const items = value.map((item) => dropEmpty(item)).filter((item) => item !== undefined)
    return items.length > 0 ? items : undefined
  }

  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => [key, dropEmpty(child)] as const)
      .filter(([, child]) => child !== undefined)
    return entries.length > 0 ? Object.fromEntries(entries) : undefined
  }

  return value
}

/** `AWS::Service::Type` -> `service-type` (the resource modules' own file names, e.g. `logs-log-group`). */
export function typeSlug(type: string): string {
  const [, service = 'custom', name = type] = type.split('::')
  const kebab = (text: string) =>
    text
      .replaceAll(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replaceAll(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
      .toLowerCase()
  return `${service.toLowerCase()}-${kebab(name)}`
}

/** A readable, unique logical id from the resource's name: `staging` cluster -> `StagingCluster`. */
export function importedLogicalId(actual: ActualResource, taken: ReadonlySet<string>): string {
  const module = resourceType(actual.type)
  const name = module?.displayName(actual) ?? actual.physicalId
  const words = String(name)
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
  const suffix = actual.type.split('::').at(-1) ?? 'Resource'
  let base = words.join('')
  if (!base.toLowerCase().endsWith(suffix.toLowerCase())) base += suffix
  if (!/^[A-Za-z]/.test(base)) base = `Imported${base}`
  base = base.slice(0, 255)
  let candidate = base
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}${n}`
  return candidate
}

/** Order of types in imported files: the order phases apply in (network before compute before alarms). */
export function typeOrder(type: string): number {
  const index = RESOURCE_TYPES.findIndex((module) => module.type === type)
  return index === -1 ? RESOURCE_TYPES.length : index
}

/** The new template text: a header that says where it came from, then `Resources`. */
export function codifyTemplate(type: string, resources: readonly {logicalId: string; actual: ActualResource}[]): string {
  const header = [
    `# Imported by \`ialctl reverse-sync\`: ${type} resources found in AWS inside the managed scope`,
    '# but declared in no phase. Properties are as AWS reports them, without read-only attributes and',
    '# AWS defaults. Review before merging: replace literal ids with !Ref where the target is declared.',
    // The physical id is whatever name AWS holds: a line break in it must not end the comment.
    ...resources.map(({logicalId, actual}) => `#   ${logicalId}: ${yamlCommentText(actual.physicalId)} (${yamlCommentText(actual.region)})`),
    ...resources.flatMap(({logicalId, actual}) => {
      const {replaced} = withSecretPlaceholders(actual.properties, resourceType(actual.type)?.secretPaths)
      return replaced.length === 0 ? [] : [`# manual: secret values: ${logicalId} ${yamlCommentText(replaced.join(', '))} hold a placeholder; set each value by hand.`]
    }),
  ]
  const body = Object.fromEntries(resources.map(({logicalId, actual}) => [logicalId, {Type: actual.type, Properties: codifiedProperties(actual)}]))
  return `${header.join('\n')}\n${stringifyYaml({Resources: body}, {lineWidth: 0})}`
}
