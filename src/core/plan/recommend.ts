// One decision per drift item (SPEC 11): heal it, revert it, adopt it into Git, or leave it to a person. The report's
// `recommended`, the "Next" section and reverse sync's "Revert recommended" list all come from here.

import type {DriftItem, Recommendation} from '../model.js'

export type {Recommendation} from '../model.js'

/**
 * Critical security drift (world-open ingress, public access, encryption off, a widened policy): what Git should not
 * follow without a person deciding. Reverse sync leaves it out unless `--include-critical`.
 */
export const isCriticalSecurity = (item: Pick<DriftItem, 'severity' | 'impact' | 'driftType'>): boolean =>
  item.severity === 'critical' && item.impact.includes('security') && item.driftType !== 'missing_resource'

/**
 * - `heal`: a heal puts it back safely (auto-healable);
 * - `revert`: critical security drift that `drift revert` can put back in place (Git is assumed right);
 * - `manual`: a missing resource (never created by ialctl), or critical security drift no revert can undo;
 * - `adopt`: everything else: reverse sync brings Git up to date, if AWS is right.
 */
export function recommend(item: Pick<DriftItem, 'severity' | 'impact' | 'driftType' | 'autoHealable'>, revertible: boolean): Recommendation {
  if (item.driftType === 'missing_resource') return 'manual'
  if (item.autoHealable) return 'heal'
  if (isCriticalSecurity(item)) return revertible ? 'revert' : 'manual'
  return 'adopt'
}
