import {nameFromArn} from '../resources/types.js'
import {childPointer, withoutIndices} from '../shared/json-pointer.js'
import {samePolicy} from './policy-document.js'
import {isUnresolved} from './resolve.js'

/** Where a type's lists are sets and where an ARN and a short name mean the same thing (from its resource module). */
export interface ValueRules {
  setPaths: readonly string[]
  arnOrNamePaths: readonly string[]
  /** Properties holding an IAM policy document, compared by meaning (see policy-document.ts). */
  policyPaths?: readonly string[]
  /** Lists of `{Key, Value}` compared by Key, only the keys the template sets (see ResourceTypeModule). */
  keyedListPaths?: readonly string[]
  /**
   * Maps of names whose whole key set the template declares (a function's environment variables): a name only AWS
   * has is drift too, where elsewhere a key the template leaves out is not compared.
   */
  wholeMapPaths?: readonly string[]
}

export const isPolicyPath = (rules: ValueRules, pointer: string): boolean => rules.policyPaths?.includes(withoutIndices(pointer)) ?? false

export const isSetPath = (rules: ValueRules, pointer: string): boolean => rules.setPaths.includes(withoutIndices(pointer))

export const isWholeMapPath = (rules: ValueRules, pointer: string): boolean => rules.wholeMapPaths?.includes(withoutIndices(pointer)) ?? false

export const isKeyedListPath = (rules: ValueRules, pointer: string): boolean => rules.keyedListPaths?.includes(withoutIndices(pointer)) ?? false

/** The `Key` of a keyed-list element (`{Key, Value}`), or undefined when the element has no literal key. */
export const elementKey = (element: unknown): string | undefined => {
  const key = isPlainObject(element) ? element.Key : undefined
  return typeof key === 'string' ? key : undefined
}

const isArnOrNamePath = (rules: ValueRules, pointer: string): boolean => rules.arnOrNamePaths.includes(withoutIndices(pointer))

/** AWS leaves out empty values that a template may spell out (`[]`, `{}`, `''`). */
export const isAbsent = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && !isUnresolved(value) && Object.keys(value as object).length === 0)

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !isUnresolved(value)

/**
 * Two scalars mean the same to AWS: `5` and `"5"`, `true` and `"true"`, an ARN and its short name on paths where
 * AWS accepts either. Anything else compares exactly (strings are case-sensitive, as AWS is).
 */
export function scalarEqual(expected: unknown, actual: unknown, pointer: string, rules: ValueRules): boolean {
  if (expected === actual) return true
  if (isAbsent(expected) && isAbsent(actual)) return true
  if (typeof expected === 'number' || typeof actual === 'number') {
    const [left, right] = [asNumber(expected), asNumber(actual)]
    if (left !== undefined && right !== undefined) return left === right
  }

  if (typeof expected === 'boolean' || typeof actual === 'boolean') {
    const [left, right] = [asBoolean(expected), asBoolean(actual)]
    if (left !== undefined && right !== undefined) return left === right
  }

  if (typeof expected === 'string' && typeof actual === 'string' && isArnOrNamePath(rules, pointer)) {
    // Two full ARNs must agree in full (a task definition revision, a key in another account).
    if (expected.startsWith('arn:') && actual.startsWith('arn:')) return false
    return nameFromArn(expected) === nameFromArn(actual)
  }

  return false
}

/**
 * Does AWS's value hold everything the template's value says? Only keys the template sets count (AWS adds
 * defaults), set-like lists ignore order, and an unresolved part matches anything (it is reported as not checked).
 */
export function holds(expected: unknown, actual: unknown, pointer: string, rules: ValueRules): boolean {
  if (expected === undefined || isUnresolved(expected)) return true
  if (isPolicyPath(rules, pointer)) return samePolicy(expected, actual)
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return isAbsent(expected) && isAbsent(actual)
    if (isKeyedListPath(rules, pointer)) {
      return expected.every((element, index) => holds(element, actual.find((candidate) => elementKey(candidate) === elementKey(element)), childPointer(pointer, index), rules))
    }

    if (expected.length !== actual.length) return false
    if (!isSetPath(rules, pointer)) return expected.every((element, index) => holds(element, actual[index], childPointer(pointer, index), rules))
    const free = actual.map((_, index) => index)
    return expected.every((element) => {
      const at = free.findIndex((index) => holds(element, actual[index], childPointer(pointer, 0), rules))
      if (at === -1) return false
      free.splice(at, 1)
      return true
    })
  }

  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return isAbsent(expected) && isAbsent(actual)
    return Object.entries(expected).every(([key, value]) => holds(value, actual[key], childPointer(pointer, key), rules))
  }

  return scalarEqual(expected, actual, pointer, rules)
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return undefined
}

function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) return value.toLowerCase() === 'true'
  return undefined
}
