// Secret-bearing properties (SPEC 10: Lambda environment variables): a type module names them in `secretPaths`, each
// a map of name -> value. Their values are compared by digest: AWS's value is digested by the type's mapping before
// it enters an ActualResource, the template's value is digested here before it is compared, so no report, snapshot,
// plan or pull request ever holds a value in clear, and nothing ialctl writes (reverse sync, codify, heal) carries one.
// Pure.

import {createHash} from 'node:crypto'

import {Intrinsic} from '../model.js'
import {childPointer, pointerSegments} from '../shared/json-pointer.js'
import {isUnresolved, Unresolved} from './resolve.js'

/**
 * `sha256:<hex>` of one secret value, bound to its name: equal values under two names do not look alike, and a
 * digest seen in a report is no precomputed-table lookup away from the value (a weak value is still guessable by
 * whoever can try candidates: the digest is for comparing, not for publishing).
 */
export function secretDigest(name: string, value: string): string {
  return `sha256:${createHash('sha256').update('ialctl secret value\0').update(name).update('\0').update(value).digest('hex')}`
}

/** A map of name -> value as AWS answers it, each value replaced by its digest. */
export function digestedSecrets(values: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (values === undefined) return undefined
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, secretDigest(name, value)]))
}

/** What codify and reverse sync write where AWS holds a secret value: never the value, a mark for a person to replace. */
export const SECRET_PLACEHOLDER = 'SET-BY-HAND: secret value not copied by ialctl'

/** Why a difference on a secret value is left to a person (reverse sync, codify). */
export const SECRET_MANUAL_REASON = 'manual: secret values: ialctl compares them by digest and never writes one; set the value by hand'

// A CloudFormation dynamic reference (`{{resolve:secretsmanager:...}}`, `{{resolve:ssm-secure:...}}`): the deploy
// puts the stored value in its place, which only the secret store knows.
const DYNAMIC_REFERENCE = /\{\{resolve:[^}]*\}\}/

/**
 * The declared properties with every value at `secretPaths` replaced by its digest, as AWS's values are. A value that
 * could not be resolved stays unresolved (not checked); a dynamic reference becomes unresolved too: comparing its
 * text with the value AWS holds would be drift forever.
 */
export function digestDeclaredSecrets(properties: Record<string, unknown>, secretPaths: readonly string[] | undefined): Record<string, unknown> {
  if (!secretPaths?.length) return properties
  const result = {...properties}
  for (const path of secretPaths) {
    const segments = pointerSegments(path)
    let holder: Record<string, unknown> = result
    for (const segment of segments.slice(0, -1)) {
      const next = holder[segment]
      if (next === null || typeof next !== 'object' || Array.isArray(next) || isUnresolved(next)) {
        holder = {}
        break
      }

      holder = holder[segment] = {...(next as Record<string, unknown>)}
    }

    const key = segments.at(-1)!
    const values = holder[key]
    if (values === null || typeof values !== 'object' || Array.isArray(values) || isUnresolved(values)) continue
    holder[key] = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, digestDeclared(name, value)]))
  }

  return result
}

function digestDeclared(name: string, value: unknown): unknown {
  if (isUnresolved(value) || value === undefined || value === null) return value
  if (typeof value === 'string' && DYNAMIC_REFERENCE.test(value)) {
    return new Unresolved('a dynamic reference: CloudFormation puts the stored secret in its place at deploy time, and ialctl does not read secret stores', new Intrinsic('DynamicReference', value))
  }

  if (typeof value === 'object') return new Unresolved('not a plain value', new Intrinsic('Value', '(not shown: secret)'))
  return secretDigest(name, String(value))
}

/** Whether `pointer` is a secret-bearing property, a value in one, or holds one (`/Environment` holds the variables). */
export function touchesSecret(pointer: string, secretPaths: readonly string[] | undefined): boolean {
  return (secretPaths ?? []).some((path) => pointer === path || pointer.startsWith(`${path}/`) || path.startsWith(`${pointer}/`) || pointer === '')
}

/** A copy of `properties` (AWS's, as mapped) with every secret value replaced by the placeholder; the names it replaced. */
export function withSecretPlaceholders(properties: Record<string, unknown>, secretPaths: readonly string[] | undefined): {properties: Record<string, unknown>; replaced: string[]} {
  const replaced: string[] = []
  const copy = structuredClone(properties)
  for (const path of secretPaths ?? []) {
    const segments = pointerSegments(path)
    const holder = segments.slice(0, -1).reduce<unknown>((node, segment) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined), copy)
    if (holder === null || typeof holder !== 'object') continue
    const key = segments.at(-1)!
    const values = (holder as Record<string, unknown>)[key]
    if (values === null || typeof values !== 'object' || Array.isArray(values)) continue
    for (const name of Object.keys(values)) {
      ;(values as Record<string, unknown>)[name] = SECRET_PLACEHOLDER
      replaced.push(childPointer(path, name))
    }
  }

  return {properties: copy, replaced}
}
