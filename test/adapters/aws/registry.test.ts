import {describe, expect, it} from 'vitest'

import {HEAL_WRITE_APIS} from '../../../src/adapters/aws/heal/index.js'
import {TYPE_ADAPTERS, typeAdapter} from '../../../src/adapters/aws/registry.js'
import {healCall, RESOURCE_TYPES, revertCalls} from '../../../src/core/resources/index.js'
import {revertCallsOf} from '../../../src/core/resources/types.js'

describe('the adapter registry', () => {
  it('GIVEN the type modules WHEN each looks up its adapter THEN every supported type has exactly one, and no adapter serves an unknown type', () => {
    expect(TYPE_ADAPTERS.map((adapter) => adapter.module.type)).toEqual(RESOURCE_TYPES.map((module) => module.type))
    for (const module of RESOURCE_TYPES) expect(typeAdapter(module.type)?.module).toBe(module)
    expect(typeAdapter('Custom::Thing')).toBeUndefined()
  })

  it('GIVEN a type WHEN its module declares heal and revert calls THEN its adapter sends exactly those calls, no more', () => {
    for (const adapter of TYPE_ADAPTERS) {
      expect(Object.keys(adapter.executors).sort(), adapter.module.type).toEqual([...new Set(revertCallsOf(adapter.module).map((call) => call.api))].sort())
    }
  })

  it('GIVEN every API a heal or revert may send WHEN looked up in the modules THEN each has a parameter schema, and revert-only calls are no heal calls', () => {
    for (const api of HEAL_WRITE_APIS) expect(revertCalls(api).length, api).toBeGreaterThan(0)
    expect(healCall('EC2.RevokeSecurityGroupIngress')).toBeUndefined()
    expect(healCall('EC2.StopInstances')).toBeUndefined()
    expect(revertCalls('EC2.TerminateInstances')).toEqual([])
    expect(revertCalls('EC2.DeleteSecurityGroup')).toEqual([])
  })
})
