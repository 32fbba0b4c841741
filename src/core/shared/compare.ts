/**
 * Orders strings by UTF-16 code unit (code point outside surrogate pairs), as `<` does: the same order on every
 * machine and locale, unlike `localeCompare`. For what is written to files and compared byte for byte.
 */
export const compareCodePoints = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
