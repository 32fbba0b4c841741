// `drift history`: the timelines as a person asks about them. Per item: first and last seen, how many runs saw
// it, when and how it was resolved, how old it is; and a trend (items open at the end of each day, per severity).
// Pure: the runs, the heal/revert audit lines and "now" come in as data.

import {SEVERITIES, type Severity} from '../model.js'
import {parseInterval} from '../shared/interval.js'
import type {HistoryItem, HistoryRun} from './run-record.js'
import {type Episode, isOpen, type ItemTimeline, itemTimelines} from './timeline.js'

/** How an item went away: a heal or revert that ialctl applied (from the audit log), or it just went away. */
export type ResolvedBy = 'heal' | 'revert' | 'gone'

/** A heal or revert the audit log recorded as applied: the evidence of how an item was resolved. */
export interface AppliedChange {
  time: string
  item: string
  type: string
  region: string | null
  by: 'heal' | 'revert'
  who: string | null
}

export interface HistoryEntry {
  id: string
  type: string
  driftType: HistoryItem['driftType']
  region: string | null
  target?: string
  severity: Severity
  location: {file: string; line: number} | null
  /** The drifted paths the last run that saw the item recorded. */
  paths: string[]
  state: 'open' | 'resolved'
  firstSeen: string
  lastSeen: string
  /** Runs that saw the item. */
  runs: number
  /** Times it came back after being resolved. */
  returns: number
  resolvedAt: string | null
  resolvedBy: ResolvedBy | null
  /** Who applied the heal or revert, when the audit log says. */
  resolvedByWho: string | null
  /** Days from first seen to resolution (or to now while open), one decimal. */
  ageDays: number
}

export interface TrendDay {
  /** UTC day, `YYYY-MM-DD`. */
  day: string
  /** Items open at the end of the day, per severity. */
  bySeverity: Record<Severity, number>
}

export interface DriftHistory {
  generatedAt: string
  /** Runs recorded (after retention), and the first and last of them. */
  runs: number
  firstRun: string | null
  lastRun: string | null
  /** Open items first (most severe, then oldest), then resolved ones (most recent first). */
  items: HistoryEntry[]
  trend: TrendDay[]
}

export interface HistoryQuery {
  /** Items seen or resolved at or after this time, and trend days from its day. */
  since?: string
  /** Logical (or physical, for extra resources) ids. */
  ids?: string[]
  targets?: string[]
}

const DAY_MS = 86_400_000
/** The trend's days are bounded: a history of years is summarised over its last year. */
const MAX_TREND_DAYS = 366

export function driftHistory(runs: readonly HistoryRun[], applied: readonly AppliedChange[], now: string, query: HistoryQuery = {}): DriftHistory {
  const sorted = [...runs].sort((a, b) => a.at.localeCompare(b.at))
  const wanted = (item: HistoryItem) => (!query.ids?.length || query.ids.includes(item.id)) && (!query.targets?.length || (item.target !== undefined && query.targets.includes(item.target)))
  const timelines = [...itemTimelines(sorted).values()].filter((timeline) => wanted(timeline.item))
  const entries = timelines.map((timeline) => historyEntry(timeline, applied, now)).filter((entry) => !query.since || entry.lastSeen >= query.since || (entry.resolvedAt !== null && entry.resolvedAt >= query.since))
  return {
    generatedAt: now,
    runs: sorted.length,
    firstRun: sorted[0]?.at ?? null,
    lastRun: sorted.at(-1)?.at ?? null,
    items: entries.sort(entryOrder),
    trend: trend(timelines, sorted, query.since),
  }
}

function historyEntry(timeline: ItemTimeline, applied: readonly AppliedChange[], now: string): HistoryEntry {
  const {item} = timeline
  const last = timeline.episodes.at(-1) as Episode
  const open = isOpen(timeline)
  const change = open ? undefined : resolvingChange(item, last, applied)
  const end = open ? now : (last.resolvedAt as string)
  return {
    id: item.id,
    type: item.type,
    driftType: item.driftType,
    region: item.region,
    ...(item.target === undefined ? {} : {target: item.target}),
    severity: item.severity,
    location: item.location,
    paths: item.paths,
    state: open ? 'open' : 'resolved',
    firstSeen: timeline.firstSeen,
    lastSeen: timeline.lastSeen,
    runs: timeline.runs,
    returns: timeline.episodes.length - 1,
    resolvedAt: open ? null : last.resolvedAt,
    resolvedBy: open ? null : (change?.by ?? 'gone'),
    resolvedByWho: change?.who ?? null,
    ageDays: Math.max(0, Math.round(((Date.parse(end) - Date.parse(timeline.firstSeen)) / DAY_MS) * 10) / 10),
  }
}

/** The latest applied heal or revert of the item between the last run that saw it and the run that did not. */
function resolvingChange(item: HistoryItem, episode: Episode, applied: readonly AppliedChange[]): AppliedChange | undefined {
  return applied
    .filter((change) => change.item === item.id && change.type === item.type && (item.region === null || change.region === null || change.region === item.region))
    .filter((change) => change.time >= episode.lastSeen && change.time <= (episode.resolvedAt as string))
    .sort((a, b) => a.time.localeCompare(b.time))
    .at(-1)
}

const SEVERITY_RANK: Record<Severity, number> = {critical: 0, high: 1, medium: 2, low: 3}

function entryOrder(a: HistoryEntry, b: HistoryEntry): number {
  if (a.state !== b.state) return a.state === 'open' ? -1 : 1
  if (a.state === 'open') return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.firstSeen.localeCompare(b.firstSeen) || a.id.localeCompare(b.id)
  return (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? '') || a.id.localeCompare(b.id)
}

/** Items open at the end of each UTC day from the first run (or `since`) to the last run, per severity. */
function trend(timelines: readonly ItemTimeline[], runs: readonly HistoryRun[], since?: string): TrendDay[] {
  if (runs.length === 0) return []
  const lastDay = dayOf(runs.at(-1)!.at)
  const firstDay = [dayOf(runs[0]!.at), since ? dayOf(since) : '', dayOf(new Date(Date.parse(`${lastDay}T00:00:00.000Z`) - (MAX_TREND_DAYS - 1) * DAY_MS).toISOString())].sort().at(-1)!
  const days: TrendDay[] = []
  for (let time = Date.parse(`${firstDay}T00:00:00.000Z`); dayOf(new Date(time).toISOString()) <= lastDay; time += DAY_MS) {
    const day = dayOf(new Date(time).toISOString())
    const endOfDay = new Date(time + DAY_MS).toISOString()
    const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>
    for (const timeline of timelines) {
      if (timeline.episodes.some((episode) => episode.start < endOfDay && (episode.resolvedAt === null || episode.resolvedAt >= endOfDay))) bySeverity[timeline.item.severity]++
    }

    days.push({day, bySeverity})
  }

  return days
}

const dayOf = (iso: string): string => iso.slice(0, 10)

/** `--since`: a duration back from now (`7d`, `12h`) or an ISO date or time; null when it is neither. */
export function sinceTime(text: string, now: string): string | null {
  const back = parseInterval(text)
  if (back !== null) return new Date(Date.parse(now) - back).toISOString()
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return null
  const time = Date.parse(/T/.test(text) ? text.trim() : `${text.trim()}T00:00:00.000Z`)
  return Number.isNaN(time) ? null : new Date(time).toISOString()
}
