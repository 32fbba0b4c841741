import {describe, expect, it} from 'vitest'

import {HEAL_WRITE_APIS} from '../../../src/adapters/aws/heal/index.js'
import {TYPE_ADAPTERS, typeAdapter} from '../../../src/adapters/aws/registry.js'
import {healCall, RESOURCE_TYPES} from '../../../src/core/resources/index.js'
import {healCallsOf} from '../../../src/core/resources/types.js'

describe('the adapter registry', () => {
  it('GIVEN the type modules WHEN each looks up its adapter THEN every supported type has exactly one, and no adapter serves an unknown type', () => {
    expect(TYPE_ADAPTERS.map((adapter) => adapter.module.type)).toEqual(RESOURCE_TYPES.map((module) => module.type))
    for (const module of RESOURCE_TYPES) expect(typeAdapter(module.type)?.module).toBe(module)
    expect(typeAdapter('Custom::Thing')).toBeUndefined()
  })

  it('GIVEN a type WHEN its module declares heal calls THEN its adapter sends exactly those calls, no more', () => {
    for (const adapter of TYPE_ADAPTERS) {
      expect(Object.keys(adapter.executors).sort(), adapter.module.type).toEqual(healCallsOf(adapter.module).map((call) => call.api).sort())
    }
  })

  it('GIVEN every API a heal may send WHEN looked up in the modules THEN each has a parameter schema', () => {
    for (const api of HEAL_WRITE_APIS) expect(healCall(api)?.api, api).toBe(api)
    expect(healCall('EC2.TerminateInstances')).toBeUndefined()
  })
})
