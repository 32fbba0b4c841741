// Who changed a drifted resource (SPEC 11): the last write event CloudTrail recorded on it. Pure: which items to
// look up (capped, most severe and newest first), and which event of a lookup is the answer.
import type {DriftItem, Severity} from '../model.js'

export interface Attribution {
  /** Principal ARN (userIdentity.arn), else the user name CloudTrail gives. */
  changedBy: string
  changedAt: string
  eventName: string
  sourceIPAddress?: string
}

/** One event of LookupEvents as CloudTrail returns it (`CloudTrailEvent` is the full record as JSON text). */
export interface TrailEvent {
  EventName?: string
  EventTime?: Date
  ReadOnly?: string
  Username?: string
  CloudTrailEvent?: string
}

const RANK: Record<Severity, number> = {critical: 0, high: 1, medium: 2, low: 3}

/**
 * The items worth a lookup, in the order they are looked up: drifted and extra resources with a physical id (a
 * missing one has nothing to look up), most severe first, then new and returned before known, then the most
 * recently first seen; at most `max`.
 */
export function attributionCandidates(items: readonly DriftItem[], max: number): DriftItem[] {
  const fresh = (item: DriftItem) => (item.status === 'known' ? 1 : 0)
  return items
    .filter((item) => item.driftType !== 'missing_resource' && item.physicalId)
    .toSorted((a, b) => RANK[a.severity] - RANK[b.severity] || fresh(a) - fresh(b) || (b.firstSeen ?? '').localeCompare(a.firstSeen ?? ''))
    .slice(0, max)
}

/** CloudTrail records ResourceName as the short name or id; an ARN's last part is what it indexes for most types. */
export function lookupName(physicalId: string): string {
  if (!physicalId.startsWith('arn:')) return physicalId
  const resource = physicalId.split(':').slice(5).join(':')
  return resource.split('/').at(-1) || resource
}

/** The newest write (not read-only) event, as an attribution; null when there is none. */
export function latestWrite(events: readonly TrailEvent[]): Attribution | null {
  let best: Attribution | null = null
  for (const event of events) {
    const record = parseRecord(event.CloudTrailEvent)
    const readOnly = event.ReadOnly ?? (record.readOnly === undefined ? undefined : String(record.readOnly))
    if (readOnly === 'true') continue
    const time = event.EventTime ? event.EventTime.toISOString() : typeof record.eventTime === 'string' ? new Date(record.eventTime).toISOString() : null
    if (!time || Number.isNaN(Date.parse(time))) continue
    const identity = (record.userIdentity ?? {}) as {arn?: unknown}
    const changedBy = typeof identity.arn === 'string' ? identity.arn : event.Username
    if (!changedBy) continue
    if (best && best.changedAt >= time) continue
    best = {
      changedBy,
      changedAt: time,
      eventName: event.EventName ?? (typeof record.eventName === 'string' ? record.eventName : 'unknown'),
      ...(typeof record.sourceIPAddress === 'string' ? {sourceIPAddress: record.sourceIPAddress} : {}),
    }
  }

  return best
}

function parseRecord(text: string | undefined): Record<string, unknown> {
  if (!text) return {}
  try {
    const value = JSON.parse(text) as unknown
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
