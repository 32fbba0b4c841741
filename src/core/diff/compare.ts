import type {Difference} from '../model.js'
import {childPointer, tagPointer} from '../shared/json-pointer.js'
import {findUnresolved, isUnresolved, type Unresolved} from './resolve.js'
import {elementKey, holds, isAbsent, isKeyedListPath, isPlainObject, isPolicyPath, isSetPath, isWholeMapPath, scalarEqual, type ValueRules} from './normalise.js'
import {comparePolicyDocuments} from './policy-document.js'

export interface NotCheckedPath {
  path: string
  reason: string
}

export interface Comparison {
  differences: Difference[]
  notChecked: NotCheckedPath[]
}

/** Template line of a pointer (with the nearest-ancestor fallback); injected so the comparison stays about values. */
export type LineLookup = (pointer: string) => number | undefined

/**
 * Compares what the template sets (intrinsics already resolved) with what AWS has, the way CloudFormation drift
 * detection does: keys the template leaves out are not compared, so AWS defaults and read-only attributes never
 * show up. `Tags` is compared separately (see compareTags). Pure.
 */
export function compareProperties(
  desired: Record<string, unknown>,
  actual: Record<string, unknown>,
  rules: ValueRules & {notReturned?: readonly string[]},
  lineOf: LineLookup,
): Comparison {
  const out: Comparison = {differences: [], notChecked: []}
  const walker = new Walker(rules, lineOf, out)
  for (const [key, value] of Object.entries(desired)) {
    if (key === 'Tags') continue
    const pointer = childPointer('', key)
    if (rules.notReturned?.includes(pointer) && actual[key] === undefined) {
      out.notChecked.push({path: pointer, reason: `${key} is not returned by the describe call`})
      continue
    }

    walker.value(value, actual[key], pointer)
  }

  return out
}

/**
 * Tags by key: the template's tags must be in AWS with equal values; `aws:*` tags are AWS's own and never compared;
 * tags only AWS has are drift in strict mode only. Differences are addressed `/Tags/<Key>`, whatever list position
 * the tag has in the template, so a reordered tag list is not drift and rules can name a key.
 */
export function compareTags(desiredTags: unknown, actualTags: Record<string, string>, strict: boolean, lineOf: LineLookup): Comparison {
  const out: Comparison = {differences: [], notChecked: []}
  if (isUnresolved(desiredTags)) {
    out.notChecked.push({path: '/Tags', reason: desiredTags.reason})
    return out
  }

  const declared = new Set<string>()
  const list = Array.isArray(desiredTags) ? desiredTags : []
  let uncertain: Unresolved | undefined
  for (const [index, tag] of list.entries()) {
    const {Key: key, Value: value} = (isPlainObject(tag) ? tag : {}) as {Key?: unknown; Value?: unknown}
    if (isUnresolved(key)) {
      uncertain ??= key
      out.notChecked.push({path: childPointer('/Tags', index), reason: key.reason})
      continue
    }

    if (typeof key !== 'string' || key.startsWith('aws:')) continue
    declared.add(key)
    const pointer = tagPointer(key)
    if (isUnresolved(value)) {
      out.notChecked.push({path: pointer, reason: value.reason})
      continue
    }

    const expected = value === undefined || value === null ? '' : String(value)
    const line = lineOf(`/Tags/${index}/Value`) ?? lineOf(`/Tags/${index}`)
    const actual = actualTags[key]
    if (actual === undefined) out.differences.push({path: pointer, expected, actual: null, kind: 'REMOVE', line})
    else if (actual !== expected) out.differences.push({path: pointer, expected, actual, kind: 'NOT_EQUAL', line})
  }

  if (strict) {
    for (const key of Object.keys(actualTags).sort()) {
      if (key.startsWith('aws:') || declared.has(key)) continue
      // A tag whose key could not be resolved may be this one: not drift, it was not checked.
      if (uncertain) continue
      out.differences.push({path: tagPointer(key), expected: null, actual: actualTags[key], kind: 'ADD', line: lineOf('/Tags')})
    }
  }

  return out
}

class Walker {
  constructor(
    private readonly rules: ValueRules,
    private readonly lineOf: LineLookup,
    private readonly out: Comparison,
  ) {}

  value(expected: unknown, actual: unknown, pointer: string): void {
    if (expected === undefined) return
    if (isUnresolved(expected)) {
      this.out.notChecked.push({path: pointer, reason: expected.reason})
      return
    }

    if (isAbsent(actual) && !isAbsent(expected)) {
      this.difference(pointer, expected, null, 'REMOVE')
      return
    }

    if (isPolicyPath(this.rules, pointer)) {
      const policy = comparePolicyDocuments(expected, actual, pointer)
      this.out.notChecked.push(...policy.notChecked)
      for (const difference of policy.differences) this.difference(difference.path, difference.expected, difference.actual, difference.kind)
      return
    }

    if (Array.isArray(expected)) {
      if (!Array.isArray(actual)) {
        if (!isAbsent(expected) || !isAbsent(actual)) this.difference(pointer, expected, actual, 'NOT_EQUAL')
      } else if (isKeyedListPath(this.rules, pointer)) this.keyed(expected, actual, pointer)
      else if (isSetPath(this.rules, pointer)) this.set(expected, actual, pointer)
      else this.list(expected, actual, pointer)
      return
    }

    if (isPlainObject(expected)) {
      if (!isPlainObject(actual)) {
        if (!isAbsent(expected) || !isAbsent(actual)) this.difference(pointer, expected, actual, 'NOT_EQUAL')
        return
      }

      for (const [key, value] of Object.entries(expected)) this.value(value, actual[key], childPointer(pointer, key))
      if (isWholeMapPath(this.rules, pointer)) {
        for (const key of Object.keys(actual).sort()) if (!Object.hasOwn(expected, key)) this.difference(childPointer(pointer, key), null, actual[key], 'ADD')
      }

      return
    }

    if (!scalarEqual(expected, actual, pointer, this.rules)) this.difference(pointer, expected, actual, 'NOT_EQUAL')
  }

  private list(expected: unknown[], actual: unknown[], pointer: string): void {
    for (let index = 0; index < Math.max(expected.length, actual.length); index++) {
      const at = childPointer(pointer, index)
      if (index >= actual.length) this.difference(at, expected[index], null, 'REMOVE')
      else if (index >= expected.length) this.difference(at, null, actual[index], 'ADD')
      else this.value(expected[index], actual[index], at)
    }
  }

  /**
   * Lists of `{Key, Value}` in which AWS reports every key, defaults included (load balancer attributes): each
   * template element is compared with the AWS element of the same Key, and AWS's other keys are not compared. A
   * difference is the whole element at the template's position (`/LoadBalancerAttributes/2`), so that it shows
   * which key drifted, reverse sync edits that element, and a heal writes that key.
   */
  private keyed(expected: unknown[], actual: unknown[], pointer: string): void {
    for (const [index, element] of expected.entries()) {
      const at = childPointer(pointer, index)
      const unresolved = findUnresolved(element)
      const key = elementKey(element)
      if (key === undefined) {
        if (unresolved) this.out.notChecked.push({path: at, reason: unresolved.reason})
        else this.difference(at, element, null, 'REMOVE')
        continue
      }

      const match = actual.find((candidate) => elementKey(candidate) === key)
      if (match === undefined) this.difference(at, element, null, 'REMOVE')
      else if (unresolved) this.out.notChecked.push({path: at, reason: unresolved.reason})
      else if (!holds(element, match, at, this.rules)) this.difference(at, element, match, 'NOT_EQUAL')
    }
  }

  /**
   * Lists AWS keeps as sets (security group rules, subnet ids): each template element takes an equal AWS element;
   * a template element left over is paired with the most similar AWS element left over (so a changed CidrIp reads
   * as `/SecurityGroupIngress/1/CidrIp`, not as a removed and an added rule); what is still left is REMOVE / ADD.
   */
  private set(expected: unknown[], actual: unknown[], pointer: string): void {
    const free = new Set(actual.map((_, index) => index))
    const unmatched: number[] = []
    let uncertain: Unresolved | undefined
    const take = (element: unknown, elementPointer: string): number | undefined => {
      for (const index of free) {
        if (holds(element, actual[index], elementPointer, this.rules)) {
          free.delete(index)
          return index
        }
      }

      return undefined
    }

    // Fully known elements first, so that a partly unresolved one cannot take the AWS element a known one needs.
    const partial: number[] = []
    for (const [index, element] of expected.entries()) {
      if (findUnresolved(element)) partial.push(index)
      else if (take(element, childPointer(pointer, index)) === undefined) unmatched.push(index)
    }

    for (const index of partial) {
      const at = childPointer(pointer, index)
      const taken = take(expected[index], at)
      if (taken === undefined) {
        uncertain ??= findUnresolved(expected[index])
        this.out.notChecked.push({path: at, reason: findUnresolved(expected[index])!.reason})
      } else this.value(expected[index], actual[taken], at)
    }

    for (const index of unmatched) {
      const at = childPointer(pointer, index)
      const partner = this.closest(expected[index], actual, free, at)
      if (partner === undefined) this.difference(at, expected[index], null, 'REMOVE')
      else {
        free.delete(partner)
        this.value(expected[index], actual[partner], at)
      }
    }

    if (uncertain && free.size > 0) {
      // An AWS element may be the one the unresolved template element stands for: not drift, not checked.
      this.out.notChecked.push({path: pointer, reason: `${free.size} element(s) in AWS not compared: ${uncertain.reason}`})
      return
    }

    let next = expected.length
    for (const index of free) this.difference(childPointer(pointer, next++), null, actual[index], 'ADD')
  }

  private closest(element: unknown, actual: unknown[], free: Set<number>, pointer: string): number | undefined {
    if (!isPlainObject(element)) return undefined
    const keys = Object.keys(element)
    let best: {index: number; score: number} | undefined
    for (const index of free) {
      const candidate = actual[index]
      if (!isPlainObject(candidate)) continue
      const score = keys.filter((key) => holds(element[key], candidate[key], childPointer(pointer, key), this.rules)).length
      if (score > 0 && score * 2 >= keys.length && (!best || score > best.score)) best = {index, score}
    }

    return best?.index
  }

  private difference(path: string, expected: unknown, actual: unknown, kind: Difference['kind']): void {
    this.out.differences.push({path, expected: plain(expected), actual: plain(actual), kind, line: this.lineOf(path)})
  }
}

/** JSON-safe copy: unresolved parts show the intrinsic as written, undefined becomes null. */
export function plain(value: unknown): unknown {
  if (value === undefined) return null
  return JSON.parse(JSON.stringify(value)) as unknown
}
