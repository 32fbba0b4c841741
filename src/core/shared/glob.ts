// The globs of ignore rules, severity overrides and heal policy (`forbid`). Hand-written rather than picomatch:
// picomatch reads `?` as a wildcard, lets `/A/**/B` match `/A/B` and never matches an empty name with `*`, which
// would change what existing rules match.

/** Glob over pointers: `*` stays inside one segment, `**` crosses segments. A rule also covers everything below it. */
export function pointerGlob(pattern: string): (pointer: string) => boolean {
  const body = pattern
    .split('**')
    .map((part) => part.split('*').map(escapeRegExp).join('[^/]*'))
    .join('.*')
  const regex = new RegExp(`^${body}(?:/.*)?$`)
  return (pointer) => regex.test(pointer)
}

/** Glob over names (logical ids, types, tag keys): `*` matches anything. */
export function nameGlob(pattern: string): (name: string) => boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`)
  return (name) => regex.test(name)
}

const escapeRegExp = (text: string) => text.replaceAll(/[.+?^${}()|[\]\\]/g, String.raw`\$&`)
