// Shared by the heal builder tests beside each type module.
import {expect} from 'vitest'

import type {ActualResource} from '../../../src/core/model.js'
import {type HealBuild, type HealChange, healCallProblem} from '../../../src/core/resources/heal.js'
import {healCall} from '../../../src/core/resources/index.js'

export const change = (path: string, from: unknown, to: unknown): HealChange => ({path, from, to})

export function resource(type: string, physicalId: string, properties: Record<string, unknown>, extra: Partial<ActualResource> = {}): ActualResource {
  return {type, region: 'us-east-1', physicalId, properties, tags: {}, attributes: {}, ...extra}
}

/** The calls a builder made, heal and rollback alike, as `api params` pairs; each must pass its own schema. */
export function callsOf(build: HealBuild): Array<{api: string; params: Record<string, unknown>}> {
  if (!build.ok) throw new Error(`expected calls, got a refusal: ${build.reason}`)
  const calls = build.actions.flatMap((action) => [{api: action.api, params: action.params}, {api: action.rollback.api, params: action.rollback.params}])
  for (const call of calls) {
    const declared = healCall(call.api)
    expect(declared, `${call.api} is declared by a module`).toBeDefined()
    expect(healCallProblem(declared!, call.params), `${call.api} passes its schema`).toBeUndefined()
  }

  return calls
}

export const refusal = (build: HealBuild): string => (build.ok ? 'healed' : build.reason)
