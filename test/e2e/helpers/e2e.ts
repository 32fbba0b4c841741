// `describe` for e2e files: skipped (with the one line printed by the global setup) when moto is not installed.
import {describe, inject} from 'vitest'

/** This worker's moto server (global-setup.ts starts one per worker), or null when moto is not installed. */
export function workerMotoEndpoint(): string | null {
  const endpoints = inject('motoEndpoints')
  if (!endpoints || endpoints.length === 0) return null
  const worker = Number(process.env.VITEST_POOL_ID ?? '1')
  return endpoints[(Math.max(worker, 1) - 1) % endpoints.length] ?? null
}

export const motoEndpoint = (): string => {
  const endpoint = workerMotoEndpoint()
  if (!endpoint) throw new Error('moto is not running (the e2e tests should have been skipped)')
  return endpoint
}

export const describeE2e = describe.skipIf(!inject('motoEndpoints'))
