// IAM policy documents compared by meaning (SPEC 1, second release): the policy language is shared by every type
// that holds a policy (IAM role trust and inline policies, managed policies, bucket, key, queue and topic
// policies), so it lives beside the other value rules of the diff, not in one type's module.
//
// Not drift: statement order, a string vs a one-item list, key order, URL encoding (IAM returns documents
// URL-encoded), the case of action names (IAM matches them case-insensitively), an account id vs its root ARN
// (IAM stores the ARN), `Version` when the template leaves it out. Drift: anything that changes who may do what
// on which resource under which condition, addressed to the statement (`/PolicyDocument/Statement/1/Action`).

import type {Difference} from '../model.js'
import {childPointer} from '../shared/json-pointer.js'
import {findUnresolved} from './resolve.js'

/** The parts of a statement that decide access; `Sid` only names it. */
const ACCESS_KEYS = ['Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition'] as const

type Statement = Record<string, unknown>

export interface PolicyComparison {
  differences: Array<Omit<Difference, 'line'>>
  /** Statements (or the whole document) that hold a value ialctl could not resolve, with the reason. */
  notChecked: Array<{path: string; reason: string}>
}

/**
 * A policy document as an object, from what a template or AWS holds: an object, a JSON string, or a URL-encoded
 * JSON string (IAM's GetAccountAuthorizationDetails and GetRolePolicy). Undefined when it is none of these.
 */
export function parsePolicyDocument(value: unknown): Record<string, unknown> | undefined {
  if (isRecord(value)) return value
  if (typeof value !== 'string' || value.trim() === '') return undefined
  for (const text of [value, safeDecode(value)]) {
    if (text === undefined) continue
    try {
      const parsed: unknown = JSON.parse(text)
      if (isRecord(parsed)) return parsed
    } catch {
      // Not JSON as written: try the URL-decoded form next.
    }
  }

  return undefined
}

/** True when the two documents grant the same access (see the module comment for what is not drift). */
export function samePolicy(expected: unknown, actual: unknown): boolean {
  const comparison = comparePolicyDocuments(expected, actual, '')
  return comparison.differences.length === 0 && comparison.notChecked.length === 0
}

/**
 * The differences between the template's document and AWS's, addressed under `pointer`. Template statements keep
 * their index (so a difference points at the template line); statements only AWS has are numbered after them.
 */
export function comparePolicyDocuments(expected: unknown, actual: unknown, pointer: string): PolicyComparison {
  const out: PolicyComparison = {differences: [], notChecked: []}
  const desired = parsePolicyDocument(expected)
  const current = parsePolicyDocument(actual)
  if (!desired) {
    out.notChecked.push({path: pointer, reason: 'the template value is not a policy document ialctl can read'})
    return out
  }

  if (!current) {
    out.differences.push({path: pointer, expected, actual: actual ?? null, kind: actual === undefined || actual === null ? 'REMOVE' : 'NOT_EQUAL'})
    return out
  }

  if (desired.Version !== undefined && desired.Version !== (current.Version ?? '2008-10-17')) {
    out.differences.push({path: childPointer(pointer, 'Version'), expected: desired.Version, actual: current.Version ?? null, kind: 'NOT_EQUAL'})
  }

  const statementsPointer = childPointer(pointer, 'Statement')
  const mine = statementsOf(desired)
  const theirs = statementsOf(current)
  const free = new Set(theirs.map((_, index) => index))
  const keys = theirs.map(statementKey)
  const pairs = new Map<number, number>()

  // Equal statements pair first, then statements named by the same Sid, then the most similar of the same Effect.
  const unresolved = mine.flatMap((statement, index) => (findUnresolved(statement) ? [index] : []))
  for (const [index, statement] of mine.entries()) {
    if (unresolved.includes(index)) continue
    const key = statementKey(statement)
    const equal = [...free].find((other) => keys[other] === key)
    if (equal !== undefined) {
      free.delete(equal)
      pairs.set(index, equal)
    }
  }

  for (const [index, statement] of mine.entries()) {
    if (pairs.has(index) || unresolved.includes(index) || typeof statement.Sid !== 'string') continue
    const named = [...free].find((other) => theirs[other].Sid === statement.Sid)
    if (named !== undefined) {
      free.delete(named)
      pairs.set(index, named)
    }
  }

  for (const [index, statement] of mine.entries()) {
    if (pairs.has(index)) continue
    const partner = closest(statement, theirs, free)
    if (partner !== undefined) {
      free.delete(partner)
      pairs.set(index, partner)
    }
  }

  for (const [index, statement] of mine.entries()) {
    const at = childPointer(statementsPointer, index)
    const unknown = findUnresolved(statement)
    if (unknown) {
      out.notChecked.push({path: at, reason: unknown.reason})
      continue
    }

    const partner = pairs.get(index)
    if (partner === undefined) {
      out.differences.push({path: at, expected: statement, actual: null, kind: 'REMOVE'})
      continue
    }

    for (const key of [...ACCESS_KEYS, 'Sid'] as const) {
      const [left, right] = [statement[key], theirs[partner][key]]
      if (key === 'Sid' && left === undefined) continue
      if (canonical(key, left) !== canonical(key, right)) {
        out.differences.push({path: childPointer(at, key), expected: left ?? null, actual: inTemplateForm(left, right) ?? null, kind: left === undefined ? 'ADD' : right === undefined ? 'REMOVE' : 'NOT_EQUAL'})
      }
    }
  }

  if (unresolved.length > 0 && free.size > 0) {
    // An AWS statement may be the one an unresolved template statement stands for: not drift, not checked.
    out.notChecked.push({path: statementsPointer, reason: `${free.size} statement(s) in AWS not compared: ${findUnresolved(mine[unresolved[0]])!.reason}`})
    return out
  }

  let next = mine.length
  for (const index of free) out.differences.push({path: childPointer(statementsPointer, next++), expected: null, actual: theirs[index], kind: 'ADD'})
  return out
}

/**
 * AWS's value in the template's form where IAM reads both forms alike: a single string where the template lists
 * (`[x]`), a one-item list where the template writes a string. Reverse sync then edits the value in place.
 */
function inTemplateForm(template: unknown, aws: unknown): unknown {
  if (Array.isArray(template) && typeof aws === 'string') return [aws]
  if (typeof template === 'string' && Array.isArray(aws) && aws.length === 1 && typeof aws[0] === 'string') return aws[0]
  return aws
}

function statementsOf(document: Record<string, unknown>): Statement[] {
  const statements = Array.isArray(document.Statement) ? document.Statement : document.Statement === undefined ? [] : [document.Statement]
  return statements.filter(isRecord)
}

/** The most similar free AWS statement with the same Effect, when at least half of the access keys agree. */
function closest(statement: Statement, theirs: Statement[], free: Set<number>): number | undefined {
  const present = ACCESS_KEYS.filter((key) => statement[key] !== undefined || key === 'Effect')
  let best: {index: number; score: number} | undefined
  for (const index of free) {
    if (canonical('Effect', statement.Effect) !== canonical('Effect', theirs[index].Effect)) continue
    const score = present.filter((key) => !findUnresolved(statement[key]) && canonical(key, statement[key]) === canonical(key, theirs[index][key])).length
    if (score * 2 >= present.length && (!best || score > best.score)) best = {index, score}
  }

  return best?.index
}

const statementKey = (statement: Statement): string => JSON.stringify(ACCESS_KEYS.map((key) => canonical(key, statement[key])))

/** One comparable string per statement key: lists as sorted sets, actions in lower case, principals as ARNs. */
function canonical(key: (typeof ACCESS_KEYS)[number] | 'Sid', value: unknown): string {
  if (value === undefined || value === null) return ''
  switch (key) {
    case 'Action':
    case 'NotAction':
      return JSON.stringify(stringSet(value, (action) => action.toLowerCase()))
    case 'Resource':
    case 'NotResource':
      return JSON.stringify(stringSet(value))
    case 'Principal':
    case 'NotPrincipal':
      return JSON.stringify(principals(value))
    case 'Condition':
      return JSON.stringify(conditions(value))
    default:
      return JSON.stringify(value)
  }
}

function stringSet(value: unknown, map: (text: string) => string = (text) => text): string[] {
  const list = Array.isArray(value) ? value : [value]
  return [...new Set(list.map((item) => map(typeof item === 'string' ? item : JSON.stringify(item))))].sort()
}

/** `"*"` is `{AWS: "*"}`; an account id is its root ARN (IAM stores the ARN); every value a sorted set. */
function principals(value: unknown): Record<string, string[]> {
  const map = value === '*' ? {AWS: '*'} : isRecord(value) ? value : {'': value}
  const out: Record<string, string[]> = {}
  for (const kind of Object.keys(map).sort()) {
    out[kind] = stringSet(map[kind], (principal) => (kind === 'AWS' && /^\d{12}$/.test(principal) ? `arn:aws:iam::${principal}:root` : principal))
  }

  return out
}

/** Operators as written, condition keys case-insensitive (as IAM treats them), values as sorted string sets. */
function conditions(value: unknown): unknown {
  if (!isRecord(value)) return value
  const out: Record<string, Record<string, string[]>> = {}
  for (const operator of Object.keys(value).sort()) {
    const block = value[operator]
    if (!isRecord(block)) return value
    const keys: Record<string, string[]> = {}
    for (const name of Object.keys(block).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))) {
      keys[name.toLowerCase()] = stringSet(block[name], (item) => item)
    }

    out[operator] = keys
  }

  return out
}

function safeDecode(text: string): string | undefined {
  if (!text.includes('%')) return undefined
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value) && !findUnresolvedSelf(value)

/** An Unresolved marker is an object too: it is a value ialctl could not resolve, never a document. */
const findUnresolvedSelf = (value: object): boolean => findUnresolved(value) === value

/**
 * What writing `next` in place of `current` would allow that `current` does not, as statements of `next` (or of
 * `current`, for a Deny it drops), each named `Statement/<n>` with its Sid; empty when `next` is provably no wider.
 * A statement-by-statement reading that proves only what it can, and counts everything else as wider (a revert that
 * cannot be shown to narrow asks for `--approve-critical`): every Allow statement of `next` must be held by one Allow
 * statement of `current` at least as wide (each action, resource and principal matched by one of its own, wildcards
 * included; the same NotAction, NotResource and NotPrincipal; the same Condition, or none), and every Deny statement
 * of `current` by one Deny statement of `next` at least as wide. `current` undefined: nothing is allowed now.
 */
export function grantsBeyond(next: unknown, current: unknown): string[] {
  const after = statementsOf(parsePolicyDocument(next) ?? {})
  const before = statementsOf(parsePolicyDocument(current) ?? {})
  const named = (statement: Statement, index: number, of: string) => `${of}Statement/${index}${typeof statement.Sid === 'string' ? ` (${statement.Sid})` : ''}`
  const effect = (statement: Statement) => canonical('Effect', statement.Effect)
  const [allow, deny] = [canonical('Effect', 'Allow'), canonical('Effect', 'Deny')]
  const wider = after.flatMap((statement, index) =>
    effect(statement) !== deny && !before.some((held) => effect(held) === allow && effect(statement) === allow && covers(held, statement)) ? [named(statement, index, '')] : [],
  )
  const dropped = before.flatMap((statement, index) =>
    effect(statement) === deny && !after.some((kept) => effect(kept) === deny && covers(kept, statement)) ? [named(statement, index, 'Deny dropped: ')] : [],
  )
  return [...wider, ...dropped]
}

/** Whether statement `wide` applies wherever statement `narrow` does (see grantsBeyond). */
function covers(wide: Statement, narrow: Statement): boolean {
  for (const key of ['NotAction', 'NotResource', 'NotPrincipal'] as const) if (canonical(key, wide[key]) !== canonical(key, narrow[key])) return false
  if (wide.Condition !== undefined && canonical('Condition', wide.Condition) !== canonical('Condition', narrow.Condition)) return false
  const within = (key: 'Action' | 'Resource', caseless: boolean) => {
    if (narrow[key] === undefined) return wide[key] === undefined
    if (wide[key] === undefined) return false
    const patterns = stringSet(wide[key], caseless ? (text) => text.toLowerCase() : undefined)
    return stringSet(narrow[key], caseless ? (text) => text.toLowerCase() : undefined).every((value) => patterns.some((pattern) => wildcardHolds(pattern, value)))
  }

  if (!within('Action', true) || !within('Resource', false)) return false
  if (narrow.Principal === undefined) return wide.Principal === undefined
  if (wide.Principal === undefined) return false
  const held = principals(wide.Principal)
  const all = held.AWS?.includes('*') ?? false
  return Object.entries(principals(narrow.Principal)).every(([kind, values]) => all || values.every((value) => (held[kind] ?? []).some((pattern) => wildcardHolds(pattern, value))))
}

/**
 * IAM wildcard matching of a pattern against a value that may hold wildcards itself: `*` in the pattern takes any run
 * (the value's own `*` included), `?` one character other than `*`, so that a match means every string the value
 * matches, the pattern matches too. Linear backtracking on the last `*` (no regular expression built from AWS text).
 */
function wildcardHolds(pattern: string, value: string): boolean {
  let [p, v, star, mark] = [0, 0, -1, 0]
  while (v < value.length) {
    if (pattern[p] === '*') {
      star = p++
      mark = v
    } else if (p < pattern.length && (pattern[p] === value[v] || (pattern[p] === '?' && value[v] !== '*'))) {
      p++
      v++
    } else if (star === -1) return false
    else {
      p = star + 1
      v = ++mark
    }
  }

  while (pattern[p] === '*') p++
  return p === pattern.length
}
