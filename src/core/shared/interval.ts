// The one grammar of a time interval: config `watch.interval`, IAL_DRIFT_CHECK_INTERVAL and `drift watch --interval`.

/** A whole number and a unit, nothing else: `500ms`, `30s`, `30m`, `6h`, `1d`. */
export const INTERVAL_PATTERN = /^(\d+)(ms|s|m|h|d)$/

const UNIT_MS = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000} as const

/** `30m`, `6h`, `1d`, `500ms` -> milliseconds (surrounding spaces ignored); null when not an interval or zero. */
export function parseInterval(text: string): number | null {
  const match = INTERVAL_PATTERN.exec(text.trim())
  if (!match) return null
  const value = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
  return value > 0 ? value : null
}
