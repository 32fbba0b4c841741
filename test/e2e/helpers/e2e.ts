// `describe` for e2e files: skipped (with the one line printed by the global setup) when moto is not installed.
import {describe, inject} from 'vitest'

export const motoEndpoint = (): string => {
  const endpoint = inject('motoEndpoint')
  if (!endpoint) throw new Error('moto is not running (the e2e tests should have been skipped)')
  return endpoint
}

export const describeE2e = describe.skipIf(!inject('motoEndpoint'))
