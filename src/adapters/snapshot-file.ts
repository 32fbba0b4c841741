import {readFile} from 'node:fs/promises'

import {z} from 'zod'

import {type ActualResource, SNAPSHOT_SCHEMA_VERSION, type Snapshot} from '../core/model.js'
import {isSupportedType} from '../core/resources/index.js'
import {canonicalJsonFile, canonicalValue} from '../core/shared/canonical-json.js'
import {compareCodePoints} from '../core/shared/compare.js'
import {UsageError} from '../errors.js'
import {writeFileAtomic} from './fs/atomic-write.js'

const actualResourceSchema = z
  .object({
    type: z.string().min(1),
    region: z.string().min(1),
    physicalId: z.string().min(1),
    arn: z.string().optional(),
    properties: z.record(z.unknown()),
    tags: z.record(z.string()),
    attributes: z.record(z.unknown()),
  })
  .strict()

const snapshotSchema = z
  .object({
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
    readAt: z.string().datetime({offset: true}),
    regions: z.array(z.string()),
    accountId: z.string().optional(),
    types: z.array(z.string()),
    unread: z.array(z.object({type: z.string(), region: z.string(), reason: z.string()}).strict()),
    apiCalls: z.record(z.number().int().nonnegative()),
    resources: z.array(actualResourceSchema),
    availabilityZones: z.record(z.array(z.string().min(1))).optional(),
    stackResources: z
      .array(z.object({region: z.string().min(1), stackName: z.string().min(1), logicalId: z.string().min(1), type: z.string().min(1), physicalId: z.string().min(1)}).strict())
      .optional(),
  })
  .strict()

/**
 * Reads a snapshot written by `ialctl snapshot` (or by hand, for CI and demos). Anything that is not a
 * complete snapshot of this version is the user's input problem: one line naming the file and what is wrong.
 */
export async function readSnapshotFile(file: string): Promise<Snapshot> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(`cannot read snapshot ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}`, 'write one with `ialctl snapshot --out FILE`', {cause: error})
  }

  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`snapshot ${file} is corrupt: ${jsonProblem(text, error as Error)}`, 'write it again with `ialctl snapshot --out FILE`', {cause: error})
  }

  const version = (data as {schemaVersion?: unknown} | null)?.schemaVersion
  if (data !== null && typeof data === 'object' && version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new UsageError(
      `snapshot ${file} has schemaVersion ${JSON.stringify(version ?? null)}, this ialctl reads version ${SNAPSHOT_SCHEMA_VERSION}`,
      'write it again with this version of `ialctl snapshot`',
    )
  }

  const parsed = snapshotSchema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue.path.length > 0 ? issue.path.join('.') : 'top level'
    throw new UsageError(`snapshot ${file} is not a valid snapshot: ${where}: ${issue.message}`, 'write it again with `ialctl snapshot --out FILE`')
  }

  const contradiction = headerContradiction(parsed.data as Snapshot)
  if (contradiction) throw new UsageError(`snapshot ${file} contradicts its header: ${contradiction}`, 'write it again with `ialctl snapshot --out FILE`')
  return parsed.data as Snapshot
}

/**
 * A snapshot is a file anyone can edit (SPEC 10): its header says what was read (regions, types), and the rest
 * must agree, or a resource would be compared, reported missing or extra under a scope that was never read.
 */
function headerContradiction(snapshot: Snapshot): string | undefined {
  const regions = new Set(snapshot.regions)
  const types = new Set(snapshot.types)
  const listed = (values: Set<string>) => `[${[...values].join(', ')}]`
  const unknownType = snapshot.types.find((type) => !isSupportedType(type))
  if (unknownType !== undefined) return `types lists ${JSON.stringify(unknownType)}, which this ialctl does not read`
  const seen = new Set<string>()
  for (const [index, resource] of snapshot.resources.entries()) {
    // Named only when wrong: a snapshot of 100,000 resources is read on every run.
    const name = () => `resources.${index} (${resource.type} ${JSON.stringify(resource.physicalId)})`
    if (!regions.has(resource.region)) return `${name()} is in ${JSON.stringify(resource.region)}, which its regions ${listed(regions)} do not list`
    if (!types.has(resource.type)) return `${name()} is of a type its types ${listed(types)} do not list`
    const key = JSON.stringify([resource.type, resource.region, resource.physicalId])
    if (seen.has(key)) return `${name()} is listed twice`
    seen.add(key)
  }

  for (const [index, unread] of snapshot.unread.entries()) {
    if (!regions.has(unread.region)) return `unread.${index} is in ${JSON.stringify(unread.region)}, which its regions ${listed(regions)} do not list`
    if (!isSupportedType(unread.type)) return `unread.${index} names ${JSON.stringify(unread.type)}, which this ialctl does not read`
  }

  const zoneRegion = Object.keys(snapshot.availabilityZones ?? {}).find((region) => !regions.has(region))
  if (zoneRegion !== undefined) return `availabilityZones has ${JSON.stringify(zoneRegion)}, which its regions ${listed(regions)} do not list`
  return undefined
}

/** A snapshot is one JSON object: text that opens one and never closes it was cut off (a full disk, a killed copy). */
function jsonProblem(text: string, error: Error): string {
  const trimmed = text.trim()
  if (trimmed === '') return 'the file is empty'
  if (/Unexpected end of JSON/i.test(error.message) || (trimmed.startsWith('{') && !trimmed.endsWith('}'))) return 'the JSON is truncated'
  return `invalid JSON (${error.message})`
}

/** Writes the snapshot atomically as stable JSON: the same account read twice gives the same bytes but `readAt`. */
export async function writeSnapshotFile(file: string, snapshot: Snapshot): Promise<void> {
  await writeFileAtomic(file, snapshotFileText(snapshot))
}

/** The snapshot as its file holds it: sorted, canonical JSON (the same bytes for the same state). */
export function snapshotFileText(snapshot: Snapshot): string {
  return canonicalJsonFile(sortSnapshot(snapshot))
}

/** Resources by type, region, physical id; lists of names (zones too) sorted; every object's keys sorted (deeply). */
export function sortSnapshot(snapshot: Snapshot): Snapshot {
  const resources = [...snapshot.resources].sort(
    (a: ActualResource, b: ActualResource) => compareCodePoints(a.type, b.type) || compareCodePoints(a.region, b.region) || compareCodePoints(a.physicalId, b.physicalId),
  )
  const unread = [...snapshot.unread].sort((a, b) => compareCodePoints(a.type, b.type) || compareCodePoints(a.region, b.region))
  const availabilityZones = snapshot.availabilityZones
    ? Object.fromEntries(Object.entries(snapshot.availabilityZones).map(([region, zones]) => [region, [...zones].sort(compareCodePoints)]))
    : undefined
  const stackResources = snapshot.stackResources
    ? [...snapshot.stackResources].sort((a, b) => compareCodePoints(a.region, b.region) || compareCodePoints(a.stackName, b.stackName) || compareCodePoints(a.logicalId, b.logicalId))
    : undefined
  // Every object's keys sorted too, deeply; arrays keep their order (it can be meaningful: containers).
  return canonicalValue({
    ...snapshot,
    regions: [...snapshot.regions].sort(compareCodePoints),
    types: [...snapshot.types].sort(compareCodePoints),
    unread,
    resources,
    availabilityZones,
    stackResources,
  }) as Snapshot
}
