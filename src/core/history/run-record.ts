// What one `drift check` leaves in the history: the items it saw under their stable identity, and what it looked
// at (regions, phases, types it could not read), so that a later run knows which items it can call resolved.

import {z} from 'zod'

import {DRIFT_TYPES, type DriftItem, type DriftReport, type DriftType, SEVERITIES, type Severity} from '../model.js'

export const HISTORY_RECORD_VERSION = 1

/**
 * What an item is across runs (SPEC 11): target, region, type, resource id and drift type. Not its set of paths:
 * another property drifting on the same resource changes the item, it does not make it new.
 */
export interface ItemIdentity {
  id: string
  type: string
  driftType: DriftType
  region: string | null
  /** The target (account) the item belongs to; absent without explicit targets. */
  target?: string
}

/** The identity as one string; the separator cannot occur in the parts' JSON encoding unescaped. */
export const itemKey = (item: ItemIdentity): string => JSON.stringify([item.target ?? null, item.region, item.type, item.id, item.driftType])

/** What a run looked at: an item outside it was neither seen nor resolved by that run. */
export interface HistoryScope {
  regions: string[]
  /** `--phase` selection; null: every phase. */
  phases: string[] | null
  /** `--target` selection or shard; null: every target. */
  targets: string[] | null
  /** Types not read under --allow-partial, per region: their items were not looked at. */
  unread: Array<{type: string; region: string}>
}

export interface HistoryItem extends ItemIdentity {
  key: string
  severity: Severity
  /** Phase of the declared resource; null for extra resources (they belong to no phase). */
  phase: string | null
  location: {file: string; line: number} | null
  /** The drifted property paths (JSON pointers), as seen by this run. */
  paths: string[]
}

export interface HistoryRun {
  version: typeof HISTORY_RECORD_VERSION
  /** ISO 8601 time of the run (the runtime's clock). */
  at: string
  commit: string | null
  scope: HistoryScope
  items: HistoryItem[]
}

/** One drift item of a report as the history keeps it: its identity, severity, place and paths, never its values. */
export function historyItem(item: DriftItem & {target?: string}, phase: string | null): HistoryItem {
  const identity: ItemIdentity = {id: item.id, type: item.type, driftType: item.driftType, region: item.region, ...(item.target === undefined ? {} : {target: item.target})}
  return {
    key: itemKey(identity),
    ...identity,
    severity: item.severity,
    phase,
    location: item.location ? {file: item.location.file, line: item.location.line} : null,
    paths: [...new Set(item.differences.map((difference) => difference.path))].sort(),
  }
}

// ---- the file format ---------------------------------------------------------------------------------------------
// A history file is data anyone with write access to the directory can edit: it is validated, bounded and never
// trusted further than its shape (strings are shown through the sink's escaping like any AWS string).

const MAX_TEXT = 2048
const text = z.string().max(MAX_TEXT)
// Normalised to toISOString's form: the timelines order runs by comparing these strings.
const isoTime = text
  .refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), 'an ISO 8601 time')
  .transform((value) => new Date(value).toISOString())

const historyItemSchema = z
  .object({
    key: text,
    id: text,
    type: text,
    driftType: z.enum(DRIFT_TYPES),
    region: text.nullable(),
    target: text.optional(),
    severity: z.enum(SEVERITIES),
    phase: text.nullable(),
    location: z.object({file: text, line: z.number().int().min(0)}).strict().nullable(),
    paths: z.array(text).max(10_000),
  })
  .strict()
  // The key is derived, never taken from the file: a hand-edited key cannot make two items one.
  .transform((item) => ({...item, key: itemKey(item)}))

export const historyRunSchema = z
  .object({
    version: z.literal(HISTORY_RECORD_VERSION),
    at: isoTime,
    commit: text.nullable(),
    scope: z
      .object({
        regions: z.array(text).max(1000),
        phases: z.array(text).max(1000).nullable(),
        targets: z.array(text).max(10_000).nullable(),
        unread: z.array(z.object({type: text, region: text}).strict()).max(10_000),
      })
      .strict(),
    items: z.array(historyItemSchema).max(1_000_000),
  })
  .strict()

/** A parsed history file, or why it is not one (the first problem, with its JSON path). */
export function parseHistoryRun(value: unknown): {run: HistoryRun} | {problem: string} {
  const parsed = historyRunSchema.safeParse(value)
  if (parsed.success) return {run: parsed.data}
  const [issue] = parsed.error.issues
  return {problem: issue ? `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}` : 'not a history record'}
}

/** The record of a checked report: its items under their identity, and the scope it looked at. */
export function historyRunOf(report: DriftReport, scope: HistoryScope, phaseOf: (item: DriftItem) => string | null): HistoryRun {
  return {version: HISTORY_RECORD_VERSION, at: report.generatedAt, commit: report.source.commit, scope, items: report.items.map((item) => historyItem(item, phaseOf(item)))}
}
