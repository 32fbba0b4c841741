// Config targets (SPEC 8, the StackSets model): the phases are expected in every region of every target. A run
// checks each (target, region) on its own, as one region of one account, then merges the reports. Pure.

import {type DriftAnalysis, type DriftItem, type DriftReport, SEVERITIES, type Severity, type Snapshot} from './model.js'
import {resourceType} from './resources/index.js'

/** Where one region's check of a target happened. */
export interface TargetPlace {
  target: string
  /** The target's account id, when STS told it. */
  account?: string
  region: string
}

/** Account-global types (IAM) are one set per account: checked in the target's first region only. */
export const isAccountGlobal = (type: string): boolean => resourceType(type)?.global === true

/** `target/region/LogicalId` (the physical id for an extra resource): the selector that is unambiguous across targets. */
export const refOf = (place: TargetPlace, id: string): string => `${place.target}/${place.region}/${id}`

/** An item's key in an analysis: its ref with config targets (ids repeat across targets and regions), else its id. */
export const keyOf = (item: {id: string; ref?: string}): string => item.ref ?? item.id

/**
 * What one region of a target holds: its own resources and the account-global ones (read once per account; they
 * stay in every region's snapshot so that references to them resolve there too).
 */
export function regionSnapshot(snapshot: Snapshot, region: string): Snapshot {
  const inRegion = <T extends {region: string; type: string}>(entry: T) => entry.region === region || isAccountGlobal(entry.type)
  const zones = snapshot.availabilityZones?.[region]
  return {
    ...snapshot,
    regions: [region],
    resources: snapshot.resources.filter(inRegion),
    unread: snapshot.unread.filter(inRegion),
    ...(snapshot.availabilityZones ? {availabilityZones: zones ? {[region]: zones} : {}} : {}),
    ...(snapshot.stackResources ? {stackResources: snapshot.stackResources.filter((record) => record.region === region)} : {}),
  }
}

/**
 * One region's analysis as part of a target: every item names the target, account and region with its ref; in any
 * region but the target's first, account-global types are left out (the first region reports them once).
 */
export function placeAnalysis(analysis: DriftAnalysis, place: TargetPlace, firstRegion: boolean): DriftAnalysis {
  const typeOf = (id: string) => analysis.desired.get(id)?.type ?? analysis.actual.get(id)?.type
  const kept = (id: string, type?: string) => firstRegion || !isAccountGlobal(type ?? typeOf(id) ?? '')
  return {
    ...analysis,
    items: analysis.items.filter((item) => kept(item.id, item.type)).map((item) => placeItem(item, place)),
    inSync: analysis.inSync.filter((id) => kept(id)),
    notChecked: analysis.notChecked.filter((entry) => kept(entry.id)),
    ignored: analysis.ignored.filter((entry) => kept(entry.id, entry.type)),
    expected: analysis.expected.filter((entry) => kept(entry.id, entry.type)),
  }
}

function placeItem(item: DriftItem, place: TargetPlace): DriftItem {
  return {...item, region: item.region ?? place.region, target: place.target, ...(place.account ? {account: place.account} : {}), ref: refOf(place, item.id)}
}

/** A target's counts, from a report of its regions (before or after merging them). */
export function targetSummary(report: DriftReport, account: string | undefined): NonNullable<DriftReport['summary']['byTarget']>[string] {
  const {summary} = report
  return {
    ...(account ? {account} : {}),
    resources: summary.resources,
    inSync: summary.inSync,
    drifted: summary.drifted,
    missing: summary.missing,
    extra: summary.extra,
    bySeverity: {...summary.bySeverity},
    ...(summary.unreadResources ? {unreadResources: summary.unreadResources} : {}),
  }
}

/**
 * The report of a target that could not be read at all (its role could not be assumed, under --allow-partial): no
 * items, its declared resources counted as unread (never in sync), and the reason in `summary.unread`.
 */
export function unreadTargetReport(target: string, reason: string, declared: number, base: Pick<DriftReport, 'schemaVersion' | 'generatedAt' | 'source'>): DriftReport {
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>
  return {
    ...base,
    summary: {
      resources: 0,
      inSync: 0,
      drifted: 0,
      missing: 0,
      extra: 0,
      unsupported: 0,
      notChecked: 0,
      ignored: 0,
      expected: 0,
      coverage: declared === 0 ? 1 : 0,
      bySeverity,
      unread: [{target, reason}],
      unreadResources: declared,
      byTarget: {[target]: {resources: 0, inSync: 0, drifted: 0, missing: 0, extra: 0, bySeverity: {...bySeverity}, unreadResources: declared}},
    },
    items: [],
  }
}

/** The `target/region` a one-place report was checked in (a heal's check, `runUnitCheck`); undefined without targets. */
export function placeOfReport(report: {source: {regions?: string[]}; summary?: Pick<DriftReport['summary'], 'byTarget'>}): string | undefined {
  const targets = Object.keys(report.summary?.byTarget ?? {})
  const regions = report.source.regions ?? []
  return targets.length === 1 && regions.length === 1 ? `${targets[0]}/${regions[0]}` : undefined
}
