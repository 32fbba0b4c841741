import {ApiCallCounter, createAwsClients} from '../adapters/aws/clients.js'
import {readAwsSnapshot, type SnapshotProgress} from '../adapters/aws/snapshot.js'
import {requireRegions, type Settings} from '../config/settings.js'
import type {DesiredModel, Snapshot} from '../core/model.js'
import {isSupportedType, RESOURCE_TYPES} from '../core/resources/index.js'

export interface ReadActualOptions {
  allowPartial: boolean
  /** `--max-api-rate`; overrides config `aws.maxApiRate`. */
  maxApiRate?: number
  onProgress?: (event: SnapshotProgress) => void
  clock?: () => Date
}

/** Reads the actual state of `types` in the configured regions: one counter and one rate limit per run. */
export async function readActual(settings: Settings, types: string[], options: ReadActualOptions): Promise<{snapshot: Snapshot; counter: ApiCallCounter}> {
  const regions = requireRegions(settings)
  const counter = new ApiCallCounter()
  const maxApiRate = options.maxApiRate ?? settings.aws.maxApiRate
  const clientsFor = (region: string) =>
    createAwsClients({region, profile: settings.aws.profile, endpoint: settings.aws.endpoint, maxAttempts: settings.aws.maxAttempts, maxApiRate, counter, network: settings.network})
  const snapshot = await readAwsSnapshot({
    regions,
    types,
    allowPartial: options.allowPartial,
    maxConcurrency: settings.aws.maxConcurrency,
    clientsFor,
    counter,
    clock: options.clock,
    onProgress: options.onProgress,
  })
  return {snapshot, counter}
}

/**
 * The types a run reads. Extra resources can only be found in types that are read: with an extra-resource scope,
 * every supported type; without one, only the declared types (fewer API calls), unselected phases included so
 * that references into them resolve. `drift check` and `snapshot` read the same, so a saved snapshot checks alike.
 */
export function typesToRead(settings: Settings, model: DesiredModel): string[] {
  if (settings.config.scope.extraResources) return RESOURCE_TYPES.map((module) => module.type)
  return [...new Set([...model.resources, ...(model.unselected ?? [])].map((resource) => resource.type).filter(isSupportedType))]
}
