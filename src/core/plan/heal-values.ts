// Reading and comparing the values a heal changes. A heal path is a JSON pointer into Properties
// (`/DesiredCount`) or a tag (`/Tags/<key>`, the key escaped as a JSON pointer token).

import {createHash} from 'node:crypto'

import type {ActualResource} from '../model.js'

const TAG_PREFIX = '/Tags/'

/** `Owner` for `/Tags/Owner`, `a/b` for `/Tags/a~1b`; undefined for any other path. */
export function tagKeyOf(path: string): string | undefined {
  if (!path.startsWith(TAG_PREFIX)) return undefined
  const token = path.slice(TAG_PREFIX.length)
  return token === '' ? undefined : unescapeToken(token)
}

export const tagPath = (key: string): string => `${TAG_PREFIX}${key.replaceAll('~', '~0').replaceAll('/', '~1')}`

export const unescapeToken = (token: string): string => token.replaceAll('~1', '/').replaceAll('~0', '~')

/** The value at a heal path in a resource as read; undefined when absent. */
export function valueAtPath(resource: ActualResource, path: string): unknown {
  const key = tagKeyOf(path)
  if (key !== undefined) return resource.tags[key]
  let value: unknown = resource.properties
  for (const token of path.split('/').slice(1).map(unescapeToken)) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[token]
  }

  return value
}

/**
 * Equality as AWS means it for the values a heal writes: `3` and `"3"`, `true` and `"true"` are equal; lists
 * compare as sets (alarm actions, the only list healed, are a set); absent, null and empty string are equal
 * (a removed tag reads back as absent).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  const left = scalar(a)
  const right = scalar(b)
  if (Array.isArray(left) && Array.isArray(right)) {
    const keys = (list: unknown[]) => new Set(list.map((item) => canonicalJson(scalar(item))))
    const l = keys(left)
    const r = keys(right)
    return l.size === r.size && [...l].every((key) => r.has(key))
  }

  return canonicalJson(left) === canonicalJson(right)
}

function scalar(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'string') {
    if (value === 'true' || value === 'false') return value === 'true'
    if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value)
  }

  return value
}

/** JSON with object keys sorted at every level: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner
    return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
  }) ?? 'null'
}

/**
 * A stable hash of what a resource looks like (properties and tags): a saved plan records it per target and
 * the heal refuses a target whose hash changed since (Terraform's stale-plan rule).
 */
export function hashActualState(resource: ActualResource): string {
  const digest = createHash('sha256').update(canonicalJson({properties: resource.properties, tags: resource.tags})).digest('hex')
  return `sha256:${digest}`
}
