import type {ActualResource} from '../model.js'

// Helpers shared by the per-type `fromAws` mappings: they turn SDK describe shapes into plain,
// CloudFormation-shaped data. Pure: no SDK runtime import, no I/O.

/**
 * Drops `undefined` and `null` (recursively) so that an absent AWS value is an absent key, never `null`:
 * the diff treats a missing key as "not set", and snapshots stay free of noise. Empty arrays are kept because
 * `[]` is an answer ("no security groups"); objects left empty by the pruning are dropped.
 */
export function compact<T>(value: T): T {
  return prune(value) as T
}

function prune(value: unknown): unknown {
  if (value === null || value === undefined) return undefined
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map((item) => prune(item)).filter((item) => item !== undefined)
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const pruned = prune(child)
      if (pruned !== undefined) out[key] = pruned
    }

    return Object.keys(out).length > 0 ? out : undefined
  }

  return value
}

/** `[{Key, Value}]` (EC2, RDS, tagging API) or `[{key, value}]` (ECS) as a plain map. */
export function tagMap(list: ReadonlyArray<{Key?: string; Value?: string; key?: string; value?: string}> | undefined): Record<string, string> {
  const tags: Record<string, string> = {}
  for (const tag of list ?? []) {
    const key = tag.Key ?? tag.key
    if (key !== undefined) tags[key] = tag.Value ?? tag.value ?? ''
  }

  return tags
}

/** A number as CloudFormation writes it where the schema says String (RDS AllocatedStorage, Port). */
export const numberString = (value: number | undefined): string | undefined => (value === undefined ? undefined : String(value))

const PASCAL_EXCEPTIONS: Record<string, string> = {
  // CloudFormation spells a few ECS keys differently from the API.
  efsVolumeConfiguration: 'EFSVolumeConfiguration',
  fsxWindowsFileServerVolumeConfiguration: 'FSxWindowsFileServerVolumeConfiguration',
  placementStrategy: 'PlacementStrategies',
  fileSystemId: 'FilesystemId',
  iam: 'IAM',
}

/** Keys whose value is a user-keyed map (`dockerLabels: {team: x}`): their children keep their names. */
const MAP_VALUED_KEYS = new Set(['dockerLabels', 'options', 'driverOpts', 'labels'])

/**
 * ECS answers in camelCase, CloudFormation writes PascalCase for the same structure. Converts keys deeply,
 * except inside user-keyed maps, and drops absent values.
 */
export function pascalKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => pascalKeys(item))
  if (value instanceof Date) return value.toISOString()
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (child === undefined || child === null) continue
    const name = PASCAL_EXCEPTIONS[key] ?? key.charAt(0).toUpperCase() + key.slice(1)
    out[name] = MAP_VALUED_KEYS.has(key) ? child : pascalKeys(child)
  }

  return out
}

/** The partition follows from the region (`cn-north-1` -> aws-cn), so ARNs can be built without a call. */
export function awsArn(region: string, service: string, account: string, resource: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : region.startsWith('us-iso') ? 'aws-iso' : 'aws'
  return `arn:${partition}:${service}:${region}:${account}:${resource}`
}

/**
 * Assembles an ActualResource with no absent keys: `arn` only when known, and `properties`/`attributes`
 * always objects (compact drops an object left empty, which these must not be).
 */
export function actualResource(input: {
  type: string
  region: string
  physicalId: string
  arn?: string | undefined
  properties: Record<string, unknown> | undefined
  tags: Record<string, string>
  attributes: Record<string, unknown> | undefined
}): ActualResource {
  return {
    type: input.type,
    region: input.region,
    physicalId: input.physicalId,
    ...(input.arn ? {arn: input.arn} : {}),
    properties: compact(input.properties) ?? {},
    tags: input.tags,
    attributes: compact(input.attributes) ?? {},
  }
}

/**
 * A JSON object AWS returns as text (an SQS redrive policy, an SNS delivery policy), where CloudFormation writes an
 * object: parsed, it compares by meaning (key order, `"5"` vs `5`). Text that is not a JSON object stays text: it
 * then differs, visibly, instead of being dropped.
 */
export function jsonObjectOrText(value: string | undefined): unknown {
  if (value === undefined || value === '') return undefined
  try {
    const parsed: unknown = JSON.parse(value)
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : value
  } catch {
    return value
  }
}
