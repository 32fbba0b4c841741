import {ApiCallCounter, createAwsClients} from '../adapters/aws/clients.js'
import {readAwsSnapshot, type SnapshotProgress} from '../adapters/aws/snapshot.js'
import {requireRegions, type Settings} from '../config/settings.js'
import type {Snapshot} from '../core/model.js'

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
    createAwsClients({region, profile: settings.aws.profile, endpoint: settings.aws.endpoint, maxAttempts: settings.aws.maxAttempts, maxApiRate, counter})
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
