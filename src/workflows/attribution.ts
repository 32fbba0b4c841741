// Attribution (SPEC 11): for the most severe drifted and extra resources, the last write CloudTrail recorded on
// each. LookupEvents takes one attribute per call and allows about 2 calls per second per account and region, so
// the lookups are capped per run, spaced, cached per run, and IAM (account-global) events are read in us-east-1,
// where CloudTrail records them. When CloudTrail cannot be read, one warning line, and the check goes on.
import {LookupEventsCommand} from '@aws-sdk/client-cloudtrail'

import {type Attribution, attributionCandidates, latestWrite, lookupName} from '../core/history/attribution.js'
import type {DriftItem, DriftReport} from '../core/model.js'
import {resourceType} from '../core/resources/index.js'
import {terminalText} from '../core/shared/untrusted-text.js'
import type {Runtime} from './runtime.js'

/** LookupEvents' documented rate: 2 requests per second per account and region. */
const LOOKUP_SPACING_MS = 500
const GLOBAL_EVENTS_REGION = 'us-east-1'

/**
 * Whether a run looks in CloudTrail: `--attribution` / `--no-attribution` when given, else config
 * attribution.enabled, and only when AWS is read (a saved snapshot's resources may have changed hands since).
 */
export function wantsAttribution(runtime: Runtime, options: {attribution?: boolean; snapshotFile?: string}): boolean {
  return options.attribution ?? (runtime.settings.config.attribution.enabled && !options.snapshotFile)
}

/** The report with `changedBy` / `changedAt` on the items CloudTrail could attribute. */
export async function attributeChanges(runtime: Runtime, report: DriftReport, maxLookups: number): Promise<DriftReport> {
  const items = await attributeItems(runtime, report.items, maxLookups)
  return items === report.items ? report : {...report, items}
}

/**
 * The items with `changedBy` / `changedAt` where CloudTrail could attribute them (the same array when none was).
 * Items that already carry an attribution (a check earlier in the same run looked them up) are not looked up again.
 */
export async function attributeItems(runtime: Runtime, items: DriftItem[], maxLookups: number): Promise<DriftItem[]> {
  const candidates = attributionCandidates(
    items.filter((item) => item.changedBy === undefined),
    maxLookups,
  )
  if (candidates.length === 0) return items
  const cache = new Map<string, Attribution | null>()
  const found = new Map<string, Attribution>()
  let lookups = 0
  for (const item of candidates) {
    const region = resourceType(item.type)?.global ? GLOBAL_EVENTS_REGION : item.region
    if (!region || !item.physicalId) continue
    const name = lookupName(item.physicalId)
    // With config targets, each account's own CloudTrail, read with its role.
    const key = `${item.target ?? ''}\u0000${region}\u0000${name}`
    if (!cache.has(key)) {
      if (lookups > 0) await runtime.clock.sleep(LOOKUP_SPACING_MS, runtime.settings.network.signal)
      lookups++
      try {
        const answer = await runtime.aws.clientsFor({target: item.target, region}).cloudtrail.send(new LookupEventsCommand({LookupAttributes: [{AttributeKey: 'ResourceName', AttributeValue: name}], MaxResults: 50}), {abortSignal: runtime.settings.network.signal})
        cache.set(key, latestWrite(answer.Events ?? []))
      } catch (error) {
        runtime.output.stderr(`Warning: ${cannotAttribute(error)}; the report goes on without changedBy\n`)
        break
      }
    }

    const attribution = cache.get(key)
    if (attribution) found.set(itemKey(item), attribution)
  }

  if (found.size === 0) return items
  return items.map((item) => {
    const attribution = found.get(itemKey(item))
    return attribution ? {...item, changedBy: attribution.changedBy, changedAt: attribution.changedAt} : item
  })
}

const itemKey = (item: DriftItem) => `${item.target ?? ''}\u0000${item.type}\u0000${item.id}\u0000${item.region}`

function cannotAttribute(error: unknown): string {
  const name = (error as {name?: string}).name ?? 'Error'
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(name)) return 'CloudTrail is not readable (AccessDenied on cloudtrail:LookupEvents)'
  return `CloudTrail lookup failed: ${terminalText(`${name}: ${((error as Error).message ?? '').split('\n')[0]}`)}`
}
