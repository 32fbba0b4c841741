// The history read as a story per item: when it was first seen, every run that saw it, when it went away and came
// back. Pure: runs in, timelines out; the status of a new run's items and what it resolved follow from them.

import type {ItemStatus, ResolvedItem} from '../model.js'
import {type HistoryItem, type HistoryRun, type HistoryScope} from './run-record.js'

/** One stretch of runs that saw an item without a run in between that looked and did not. */
export interface Episode {
  start: string
  lastSeen: string
  /** The first run that looked at the item and did not see it; null while it is still there. */
  resolvedAt: string | null
}

export interface ItemTimeline {
  key: string
  /** The item as the latest run that saw it recorded it (severity, paths and place can change over time). */
  item: HistoryItem
  firstSeen: string
  lastSeen: string
  /** Runs that saw the item. */
  runs: number
  episodes: Episode[]
}

/** Whether a run looked at an item: a run limited to some targets, regions, phases or readable types did not look at the others. */
export function covers(scope: HistoryScope, item: Pick<HistoryItem, 'target' | 'region' | 'phase' | 'type'>): boolean {
  if (scope.targets !== null && item.target !== undefined && !scope.targets.includes(item.target)) return false
  if (item.region !== null && !scope.regions.includes(item.region)) return false
  if (scope.phases !== null && item.phase !== null && !scope.phases.includes(item.phase)) return false
  return !scope.unread.some((unread) => unread.type === item.type && (item.region === null || unread.region === item.region))
}

/** Runs (any order) -> one timeline per item, in order of first sighting. */
export function itemTimelines(runs: readonly HistoryRun[]): Map<string, ItemTimeline> {
  const timelines = new Map<string, ItemTimeline>()
  const open = new Map<string, ItemTimeline>()
  for (const run of [...runs].sort((a, b) => a.at.localeCompare(b.at))) {
    const seen = new Set<string>()
    for (const item of run.items) {
      if (seen.has(item.key)) continue
      seen.add(item.key)
      let timeline = timelines.get(item.key)
      if (!timeline) {
        timeline = {key: item.key, item, firstSeen: run.at, lastSeen: run.at, runs: 0, episodes: []}
        timelines.set(item.key, timeline)
      }

      timeline.item = item
      timeline.lastSeen = run.at
      timeline.runs += 1
      const episode = open.get(item.key) ? timeline.episodes.at(-1) : undefined
      if (episode) episode.lastSeen = run.at
      else timeline.episodes.push({start: run.at, lastSeen: run.at, resolvedAt: null})
      open.set(item.key, timeline)
    }

    for (const [key, timeline] of open) {
      if (seen.has(key) || !covers(run.scope, timeline.item)) continue
      timeline.episodes.at(-1)!.resolvedAt = run.at
      open.delete(key)
    }
  }

  return timelines
}

/** Whether an item was still there at the last run that looked at it. */
export const isOpen = (timeline: ItemTimeline): boolean => timeline.episodes.at(-1)?.resolvedAt === null

/** An item of the current run against the history before it. */
export interface ItemStanding {
  status: ItemStatus
  /** The first run that ever saw the item (this run for a new item). */
  firstSeen: string
}

export interface RunComparison {
  /** By item key. */
  standings: Map<string, ItemStanding>
  /** In the order the items were first seen. */
  resolved: ResolvedItem[]
}

/**
 * The current run's items against the runs before it: `new` (never seen), `known` (seen in the last run that
 * looked at it) or `returned` (seen before, then resolved); and the items resolved since the last run, counting only
 * those the current run looked at (a run limited to some targets never resolves the others).
 */
export function compareWithHistory(current: {at: string; scope: HistoryScope; items: readonly HistoryItem[]}, previous: readonly HistoryRun[]): RunComparison {
  const timelines = itemTimelines(previous.filter((run) => run.at <= current.at))
  const standings = new Map<string, ItemStanding>()
  for (const item of current.items) {
    const timeline = timelines.get(item.key)
    if (!timeline) standings.set(item.key, {status: 'new', firstSeen: current.at})
    else standings.set(item.key, {status: isOpen(timeline) ? 'known' : 'returned', firstSeen: timeline.firstSeen})
  }

  const resolved = [...timelines.values()]
    .filter((timeline) => isOpen(timeline) && !standings.has(timeline.key) && covers(current.scope, timeline.item))
    .map(({item, firstSeen}) => ({id: item.id, type: item.type, driftType: item.driftType, region: item.region, ...(item.target === undefined ? {} : {target: item.target}), firstSeen}))
  return {standings, resolved}
}
