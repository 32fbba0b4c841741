// Reading and comparing the values a heal changes. A heal path is a JSON pointer into Properties
// (`/DesiredCount`) or a tag (`/Tags/<key>`, the key escaped as a JSON pointer token).

import {createHash} from 'node:crypto'

import {canonicalJson} from '../shared/canonical-json.js'
import {pointerSegments, tagKeyOf} from '../shared/json-pointer.js'
import {elementKey, isAbsent, isKeyedListPath, isPlainObject, isPolicyPath, scalarEqual, type ValueRules} from '../diff/normalise.js'
import {samePolicy} from '../diff/policy-document.js'
import type {ActualResource} from '../model.js'

export {tagKeyOf} from '../shared/json-pointer.js'

/** The value at a heal path in a resource as read; undefined when absent. */
export function valueAtPath(resource: ActualResource, path: string): unknown {
  const key = tagKeyOf(path)
  if (key !== undefined) return resource.tags[key]
  let value: unknown = resource.properties
  for (const token of pointerSegments(path)) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[token]
  }

  return value
}

/**
 * Equality as AWS means it for the values a heal or revert writes (the diff engine's scalar rules: `3` and `"3"`,
 * `true` and `"true"`, absent and empty are equal, an ARN and its name where the type accepts either, given its
 * `rules`); `a` is the value wanted, `b` the value read; lists compare as sets (alarm actions, subnets), objects key by key.
 */
export function sameValue(a: unknown, b: unknown, pointer = '', rules: ValueRules = NO_RULES): boolean {
  if (isAbsent(a) && isAbsent(b)) return true
  // A policy document written by a revert reads back as IAM keeps it: compared by meaning, as the diff does.
  if (isPolicyPath(rules, pointer)) return samePolicy(a, b)
  // A `{Key, Value}` list AWS answers with every key (ELB attributes): the keys written are compared, as the diff does.
  if (Array.isArray(a) && Array.isArray(b) && isKeyedListPath(rules, pointer)) {
    return a.every((element) => {
      const match = b.find((other) => elementKey(other) === elementKey(element))
      return match !== undefined && sameValue(element, match, `${pointer}/0`, rules)
    })
  }

  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false
    const free = [...b]
    return a.every((element) => {
      const at = free.findIndex((other) => sameValue(element, other, `${pointer}/0`, rules))
      if (at === -1) return false
      free.splice(at, 1)
      return true
    })
  }

  if (isPlainObject(a) && isPlainObject(b)) return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((key) => sameValue(a[key], b[key], `${pointer}/${key}`, rules))
  if (typeof a === 'object' || typeof b === 'object') return canonicalJson(a) === canonicalJson(b)
  return scalarEqual(a, b, pointer, rules)
}

const NO_RULES: ValueRules = {setPaths: [], arnOrNamePaths: []}

/**
 * A stable hash of what a resource looks like (properties and tags): a saved plan records it per target and
 * the heal refuses a target whose hash changed since (Terraform's stale-plan rule).
 */
export function hashActualState(resource: ActualResource): string {
  const digest = createHash('sha256').update(canonicalJson({properties: resource.properties, tags: resource.tags})).digest('hex')
  return `sha256:${digest}`
}
