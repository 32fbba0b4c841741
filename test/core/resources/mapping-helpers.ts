// Shared by the mapping tests beside each type module: the describe responses are real AWS shapes
// (test/fixtures/aws), mapped by the pure `fromAws` functions.
import {expect} from 'vitest'

export {fixture} from '../../adapters/aws/fixtures.js'

export const region = 'us-east-1'

/** No `undefined` or `null` anywhere: absent AWS values are absent keys. */
export function expectNoAbsentValues(value: unknown, where = ''): void {
  if (Array.isArray(value)) value.forEach((item, index) => expectNoAbsentValues(item, `${where}/${index}`))
  else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) {
    expect(child, `${where}/${key}`).not.toBeUndefined()
    expect(child, `${where}/${key}`).not.toBeNull()
    expectNoAbsentValues(child, `${where}/${key}`)
  }
}
