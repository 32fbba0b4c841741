import {hasControls, visibleControls} from '../core/shared/untrusted-text.js'

/**
 * Flags as a user would type them again, for the commands a report suggests next: `--phases . --region
 * eu-west-1`. Values are shell-quoted; a value with control or layout characters or a backtick is written in
 * `$'…'` form with escapes, so it can neither move the terminal's cursor nor break out of a Markdown code span.
 */
export function commandLineFlags(flags: ReadonlyArray<readonly [name: string, value: boolean | number | string | readonly string[] | undefined]>): string {
  const words: string[] = []
  for (const [name, value] of flags) {
    if (value === undefined || value === false) continue
    if (value === true) words.push(`--${name}`)
    else for (const one of Array.isArray(value) ? value : [value]) words.push(`--${name}`, shellWord(String(one)))
  }

  return words.join(' ')
}

const SAFE = /^[\w@%+=:,./-]+$/

export function shellWord(value: string): string {
  if (SAFE.test(value)) return value
  if (!hasControls(value) && !value.includes('`')) return `'${value.replaceAll("'", String.raw`'\''`)}'`
  // bash's $'…' reads the escapes visibleControls writes (\n, \x1b, \u202e); backslash and quote are escaped first.
  const escaped = visibleControls(value.replaceAll('\\', '\\\\').replaceAll("'", String.raw`\'`)).replaceAll('`', String.raw`\x60`)
  return `$'${escaped}'`
}
