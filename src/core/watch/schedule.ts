// Timing rules of the watch loop, pure so that tests need no clock.

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
