// ialctl snapshot: which types to read -> read them in every configured region -> write the snapshot file.

import {snapshotFileText} from '../adapters/snapshot-file.js'
import type {DesiredModel, UnreadTypes} from '../core/model.js'
import {RESOURCE_TYPES} from '../core/resources/index.js'
import {UsageError} from '../errors.js'
import {loadConfiguredPhases} from './load-phases.js'
import {readActual, stacksToRead, typesToRead} from './read-actual.js'
import type {Runtime} from './runtime.js'

export interface SnapshotResult {
  file: string
  readAt: string
  regions: string[]
  accountId: string | null
  types: string[]
  counts: {resources: number; byType: Record<string, number>}
  unread: UnreadTypes[]
  /** Calls per `Service.Operation`, retries included. */
  apiCalls: Record<string, number>
  apiCallsTotal: number
}

export interface SnapshotOptions {
  out: string
  /** Every supported type, not only those declared in the phases. */
  allTypes: boolean
  allowPartial: boolean
}

export async function takeSnapshot(runtime: Runtime, options: SnapshotOptions): Promise<SnapshotResult> {
  // A snapshot holds one account: with config targets, the one chosen (read with its role, in its regions).
  const {targets} = runtime.settings
  if (targets.length > 1) throw new UsageError(`a snapshot holds one account; the config has ${targets.length} targets: ${targets.map((target) => target.name).join(', ')}`, 'add --target NAME')
  const [target] = targets
  // A file or an s3:// URL, checked before AWS is read.
  const out = runtime.outputFile(options.out, '--out')
  // --all-types reads without the phases, so without their stacks' records too. With the phases loaded,
  // per-resource calls are made for what a check of them can use (as `drift check` does); --all-types reads every
  // resource in full.
  const {types, stacks, model} = options.allTypes
    ? {types: RESOURCE_TYPES.map((module) => module.type), stacks: [], model: undefined}
    : await declaredTypes(runtime, target?.parameters)
  const {snapshot, counter} = await readActual(runtime, types, {allowPartial: options.allowPartial, stacks, model, target})
  await out.write(snapshotFileText(snapshot))

  const byType: Record<string, number> = Object.fromEntries(snapshot.types.map((type) => [type, 0]))
  for (const resource of snapshot.resources) byType[resource.type] = (byType[resource.type] ?? 0) + 1
  return {
    file: out.name,
    readAt: snapshot.readAt,
    regions: snapshot.regions,
    accountId: snapshot.accountId ?? null,
    types: snapshot.types,
    counts: {resources: snapshot.resources.length, byType},
    unread: snapshot.unread,
    apiCalls: counter.counts(),
    apiCallsTotal: counter.total(),
  }
}

/** What `drift check` would read (see typesToRead); templates with problems still name their types. */
async function declaredTypes(runtime: Runtime, parameters?: Record<string, unknown>): Promise<{types: string[]; stacks: string[]; model: DesiredModel}> {
  const {model} = await loadConfiguredPhases(runtime, undefined, parameters).catch((error: unknown) => {
    // Without phases the snapshot can still be taken: say how.
    if (error instanceof UsageError) throw new UsageError(error.message, `${error.hint ? `${error.hint}, ` : ''}or pass --all-types`, {cause: error})
    throw error
  })
  const types = typesToRead(runtime.settings, model)
  if (types.length === 0) throw new UsageError(`no resource of a supported type is declared in ${runtime.settings.phasesDir}`, 'pass --all-types to read every supported type')
  return {types, stacks: stacksToRead(runtime.settings, model), model}
}
