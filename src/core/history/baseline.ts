// The onboarding baseline (SPEC 11, `drift baseline`): drift accepted as it is today, each entry pinned to the
// item's identity and a hash of the accepted values, with a date, a reason and an expiry. A check leaves out an
// item while its entry matches; a different value, or the expiry passing, brings it back. Pure: the clock's time
// comes in as data.

import {createHash} from 'node:crypto'

import {z} from 'zod'

import {DRIFT_TYPES, type DriftAnalysis, type DriftItem} from '../model.js'
import {canonicalJson} from '../shared/canonical-json.js'
import {historyItem, itemKey} from './run-record.js'

export const BASELINE_VERSION = 1
export const REASON_PLACEHOLDER = 'TODO: why this drift is accepted'

export interface BaselineEntry {
  id: string
  type: string
  driftType: DriftItem['driftType']
  region: string | null
  target?: string
  /** The drifted paths when accepted (for the reader: the hash is what is compared). */
  paths: string[]
  /** sha256 of the accepted state: every difference's path, template value and AWS value (the physical id of an extra resource). */
  valueHash: string
  acceptedAt: string
  /** ISO time after which the entry no longer applies; null: never. */
  expires: string | null
  reason: string
}

export interface Baseline {
  version: typeof BASELINE_VERSION
  items: BaselineEntry[]
}

/** The hash that pins an accepted item: a change of any drifted value (or of which values drift) changes it. */
export function acceptedValueHash(item: DriftItem): string {
  const state = {
    physicalId: item.driftType === 'extra_resource' ? item.physicalId : null,
    differences: item.differences.map(({path, expected, actual, kind}) => ({path, expected: expected ?? null, actual: actual ?? null, kind})).sort((a, b) => a.path.localeCompare(b.path)),
  }
  return `sha256:${createHash('sha256').update(canonicalJson(state)).digest('hex')}`
}

/**
 * The baseline after `drift baseline`: every current item accepted. An entry that still matches its item keeps its
 * date, reason and expiry (running the command again does not extend what was accepted); the others are new, with
 * `expires` from the command; entries of items that are gone are dropped.
 */
export function acceptCurrentDrift(items: readonly DriftItem[], previous: Baseline | null, acceptedAt: string, expires: string | null): Baseline {
  const kept = new Map((previous?.items ?? []).map((entry) => [itemKey(entry), entry]))
  return {
    version: BASELINE_VERSION,
    items: items.map((item) => {
      const {id, type, driftType, region, target, paths} = historyItem(item, null)
      const valueHash = acceptedValueHash(item)
      const before = kept.get(itemKey({id, type, driftType, region, target}))
      if (before && before.valueHash === valueHash && (before.expires === null || before.expires > acceptedAt)) return before
      return {id, type, driftType, region, ...(target === undefined ? {} : {target}), paths, valueHash, acceptedAt, expires, reason: REASON_PLACEHOLDER}
    }),
  }
}

/** Why an entry did not apply to an item of the same identity: its value changed, or it expired. */
export interface BaselineMiss {
  id: string
  why: 'changed' | 'expired'
}

/**
 * The analysis without the items the baseline accepts (their declared resources count as in sync, as a resource
 * whose differences are all ignored does), how many were left out, and the entries that no longer apply.
 */
export function applyBaseline(analysis: DriftAnalysis, baseline: Baseline, now: string): {analysis: DriftAnalysis; baselined: number; misses: BaselineMiss[]} {
  const entries = new Map(baseline.items.map((entry) => [itemKey(entry), entry]))
  const misses: BaselineMiss[] = []
  const accepted = new Set<DriftItem>()
  for (const item of analysis.items) {
    const entry = entries.get(historyItem(item, null).key)
    if (!entry) continue
    if (entry.expires !== null && entry.expires <= now) misses.push({id: item.id, why: 'expired'})
    else if (entry.valueHash !== acceptedValueHash(item)) misses.push({id: item.id, why: 'changed'})
    else accepted.add(item)
  }

  if (accepted.size === 0) return {analysis, baselined: 0, misses}
  const declaredInSync = [...accepted].filter((item) => item.driftType !== 'extra_resource' && item.driftType !== 'missing_resource').map((item) => item.id)
  const missingAccepted = [...accepted].filter((item) => item.driftType === 'missing_resource').map((item) => item.id)
  return {
    analysis: {...analysis, items: analysis.items.filter((item) => !accepted.has(item)), inSync: [...analysis.inSync, ...declaredInSync, ...missingAccepted]},
    baselined: accepted.size,
    misses,
  }
}

// ---- the file ----------------------------------------------------------------------------------------------------

const text = z.string().min(1).max(2048)
const time = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), 'an ISO 8601 date or time')
  .transform((value) => new Date(value).toISOString())

export const baselineSchema = z
  .object({
    version: z.literal(BASELINE_VERSION),
    items: z.array(
      z
        .object({
          id: text,
          type: text,
          driftType: z.enum(DRIFT_TYPES),
          region: text.nullable(),
          target: text.optional(),
          paths: z.array(z.string().max(2048)).default([]),
          valueHash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256: and 64 hex digits'),
          acceptedAt: time,
          expires: time.nullable(),
          reason: z.string().max(4096),
        })
        .strict(),
    ),
  })
  .strict()
