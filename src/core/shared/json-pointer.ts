// JSON pointers (RFC 6901) into a resource's Properties: the one address format that differences, ignore rules,
// severity overrides, template lines and the resource modules' path lists share.

export const escapeSegment = (segment: string | number): string => String(segment).replaceAll('~', '~0').replaceAll('/', '~1')

export const unescapeSegment = (segment: string): string => segment.replaceAll('~1', '/').replaceAll('~0', '~')

export const childPointer = (pointer: string, segment: string | number): string => `${pointer}/${escapeSegment(segment)}`

export const pointerSegments = (pointer: string): string[] => (pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeSegment))

/**
 * `/ContainerDefinitions/0/Image` -> `/ContainerDefinitions/Image`: the resource modules and the risk table name
 * properties without list positions, so a rule about `Image` holds for every container.
 */
export const withoutIndices = (pointer: string): string =>
  pointer
    .split('/')
    .filter((segment, index) => index === 0 || !/^\d+$/.test(segment))
    .join('/')

/** The first segment: the top-level property a difference belongs to (`/Tags/Owner` -> `Tags`). */
export const topLevelProperty = (pointer: string): string => pointerSegments(pointer)[0] ?? ''

export const isTagPointer = (pointer: string): boolean => pointer.startsWith('/Tags/')

/** `/Tags/<key>`: tags are addressed by key, not by list position, so the address survives reordering. */
export const tagPointer = (key: string): string => childPointer('/Tags', key)

export const tagKeyOf = (pointer: string): string | undefined => (isTagPointer(pointer) ? unescapeSegment(pointer.slice('/Tags/'.length)) : undefined)

/** The template line of a value, or of its nearest ancestor that has one (an added list element has no line of its own). */
export function lineOf(lines: Record<string, number>, pointer: string): number | undefined {
  let current = pointer
  for (;;) {
    const line = lines[current]
    if (line !== undefined) return line
    if (current === '') return undefined
    current = current.slice(0, current.lastIndexOf('/'))
  }
}
