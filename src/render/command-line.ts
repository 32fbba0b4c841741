/**
 * Flags as a user would type them again, for the commands a report suggests next: `--phases . --region
 * eu-west-1`. Values are shell-quoted; a value with control characters or a backtick is written in `$'…'` form
 * with escapes, so it can neither move the terminal's cursor nor break out of a Markdown code span.
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
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F`]/

export function shellWord(value: string): string {
  if (SAFE.test(value)) return value
  if (!UNPRINTABLE.test(value)) return `'${value.replaceAll("'", String.raw`'\''`)}'`
  const escaped = [...value].map((char) => {
    const code = char.codePointAt(0) ?? 0
    if (UNPRINTABLE.test(char)) return String.raw`\x` + code.toString(16).padStart(2, '0')
    return char === "'" || char === '\\' ? `\\${char}` : char
  })
  return `$'${escaped.join('')}'`
}
