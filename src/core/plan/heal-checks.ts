// The safety checks run just before a planned item is healed (SPEC 6). Each is recorded pass/fail; one failing
// check skips that item only.

import type {ActualResource} from '../model.js'
import {resourceType} from '../resources/index.js'
import {type HealPlanEntry, type HealPolicy, policyViolation} from './heal-plan.js'
import {hashActualState, sameValue, valueAtPath} from './heal-values.js'

export type SafetyCheckName = 'exists' | 'unchanged' | 'limits' | 'policy'

export interface SafetyCheck {
  name: SafetyCheckName
  passed: boolean
  detail: string
}

/**
 * `current` is the resource as re-read now (null: gone); `position` is how many items this run has already
 * started, so that `maxResources` holds even when a saved plan lists more.
 */
export function safetyChecks(entry: HealPlanEntry, current: ActualResource | null, position: number, policy: HealPolicy): SafetyCheck[] {
  const checks: SafetyCheck[] = []
  checks.push(current ? {name: 'exists', passed: true, detail: 'resource found'} : {name: 'exists', passed: false, detail: 'the resource no longer exists'})
  if (current) {
    const hash = hashActualState(current)
    checks.push(
      hash === entry.stateHash
        ? {name: 'unchanged', passed: true, detail: 'state matches the plan'}
        : {name: 'unchanged', passed: false, detail: 'the resource changed since the plan (stale): plan again'},
    )
  }

  checks.push(
    position < policy.maxResources
      ? {name: 'limits', passed: true, detail: `item ${position + 1} of at most ${policy.maxResources}`}
      : {name: 'limits', passed: false, detail: `over autoHeal.maxResources (${policy.maxResources} per run)`},
  )
  const violation = policyViolation(entry, policy)
  checks.push(violation ? {name: 'policy', passed: false, detail: violation} : {name: 'policy', passed: true, detail: 'allowed by config'})
  return checks
}

export interface ValueMismatch {
  path: string
  want: unknown
  got: unknown
}

/** The paths whose value in `resource` differs from the wanted one (the declared value after a heal, the recorded one after a rollback). */
export function mismatches(wanted: ReadonlyArray<{path: string; value: unknown}>, resource: ActualResource): ValueMismatch[] {
  // The type's rules: a task definition written as `web:12` is the ARN ECS reads back.
  const rules = resourceType(resource.type) ?? {setPaths: [], arnOrNamePaths: []}
  return wanted.map(({path, value}) => ({path, want: value, got: valueAtPath(resource, path)})).filter(({want, got, path}) => !sameValue(want, got, path, rules))
}
