// Timing rules of the watch loop, pure so that tests need no clock.

const UNIT_MS = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000} as const

/** `30m`, `6h`, `1d`, `500ms` -> milliseconds; null when the text is not an interval. */
export function parseInterval(text: string): number | null {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim())
  if (!match) return null
  const value = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
  return value > 0 ? value : null
}

export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

/**
 * Delay before retry number `failures` (1 = first failure): exponential with full jitter (AWS's recommended
 * scheme), so that many watchers that failed together do not retry together. `random` is in [0, 1).
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1))
  return Math.max(policy.baseMs / 2, Math.floor(ceiling * random))
}
