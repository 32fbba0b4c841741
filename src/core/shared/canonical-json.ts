import {configure} from 'safe-stable-stringify'

// Keys sorted at every level (code-point order); a cycle throws as JSON.stringify does rather than being hidden.
const stableStringify = configure({circularValue: TypeError})

const absentAsNull = (_key: string, value: unknown) => (value === undefined ? null : value)

/**
 * JSON with object keys sorted at every level: the same data always gives the same text, whatever order AWS or a
 * template gave the keys in. What hashes (saved plan targets, the reverse-sync fingerprint) and comparisons use.
 */
export function canonicalJson(value: unknown, options: {absent?: 'omitted' | 'null'} = {}): string {
  // `absent: 'null'` keeps a key whose value is undefined (as null): the reverse-sync fingerprint has always been
  // computed so, and pull requests opened before must keep matching it.
  return (options.absent === 'null' ? stableStringify(value, absentAsNull) : stableStringify(value)) ?? 'null'
}

/** The same, indented by two spaces and ending in a newline: files meant to be read and diffed (snapshots). */
export function canonicalJsonFile(value: unknown): string {
  return `${stableStringify(value, null, 2) ?? 'null'}\n`
}

/** The same data as a value whose keys are in canonical order (absent becomes null), for reports built as objects. */
export function canonicalValue(value: unknown): unknown {
  if (value === undefined) return null
  if (value === null || typeof value !== 'object') return value
  return JSON.parse(canonicalJson(value)) as unknown
}
