import {
  type ActualResource,
  type DesiredModel,
  type DesiredResource,
  type Difference,
  type DriftAnalysis,
  type DriftItem,
  type Severity,
  type Snapshot,
  type StackResource,
  type SuppressedDifference,
  type UnreadTypes,
} from '../model.js'
import type {SeverityBase, SeverityOverride} from '../risk/classify.js'
import {type AnyResourceTypeModule, resourceType} from '../resources/index.js'
import {hasOwnTags, physicalIdKey, stackResourceKeys} from '../resources/types.js'
import {type Comparison, compareProperties, compareTags} from './compare.js'
import {lineOf} from '../shared/json-pointer.js'
import {type ResolveContext, resolveValue, withoutUnresolved} from './resolve.js'
import {declaredReferrers, type Referrers} from './referrers.js'
import {coversDifference, coversResource, describeExpectedRule, type ExpectedRule, expectedRuleFor, type IgnoreRule, parseIgnoreRules} from './rules.js'
import {type ExtraScope, inScope} from './scope.js'

export interface DiffOptions {
  strictTags: boolean
  /** Config `ignore`, `.ialctlignore` lines and `--ignore` flags, in the grammar of rules.ts. */
  ignore: string[]
  expected: readonly ExpectedRule[]
  severityOverrides: readonly SeverityOverride[]
  /** Config `severity.base` (the seed's `sensitivity` map). */
  severityBase?: SeverityBase
  extraScope: ExtraScope
  /** `autoHeal.severityLimit`, for `autoHealable`. */
  severityLimit: Severity
}

/** What matching, comparing and suppressing need (the assess step reads the rest of DiffOptions). */
export type MatchOptions = Omit<DiffOptions, 'severityOverrides' | 'severityBase' | 'severityLimit'>

type MatchState = {kind: 'matched'; actual: ActualResource} | {kind: 'missing'} | {kind: 'unknown'; reason: string}

/**
 * Desired model x snapshot -> drift items (SPEC 2), in-sync, ignored, expected and not-checked: it only matches,
 * compares and suppresses. The items are not rated yet: `assessDrift` (src/core/risk/assess.ts) rates them, decides
 * their heals and sorts them, once. Pure and linear: AWS resources are indexed once by their identity keys, each
 * declared resource is matched once (memoised, so `!Ref` chains resolve in any order).
 */
export function analyseDrift(model: DesiredModel, snapshot: Snapshot, options: MatchOptions): DriftAnalysis {
  const ignoreRules = parseIgnoreRules(options.ignore)
  const declared = new Map([...(model.unselected ?? []), ...model.resources].map((resource) => [resource.logicalId, resource]))
  const matcher = new Matcher(model, snapshot, declared)
  const analysis: DriftAnalysis = {
    items: [],
    matches: new Map(),
    desired: new Map(),
    actual: new Map(),
    resolved: new Map(),
    inSync: [],
    unsupported: [],
    notChecked: [],
    ignored: [],
    expected: [],
    heals: new Map(),
  }

  for (const resource of model.resources) {
    analysis.desired.set(resource.logicalId, resource)
    const module = resourceType(resource.type)
    if (!module) {
      analysis.unsupported.push(resource)
      continue
    }

    const location = {file: resource.file, line: resource.location.line}
    const state = matcher.match(resource.logicalId)
    const resourceRule = ignoreRules.find((rule) => coversResource(rule, resource.logicalId, resource.type))
    if (state.kind === 'unknown') {
      analysis.inSync.push(resource.logicalId)
      if (!resourceRule) analysis.notChecked.push({id: resource.logicalId, path: '', reason: state.reason, location})
      continue
    }

    if (state.kind === 'missing') {
      if (resourceRule) {
        analysis.inSync.push(resource.logicalId)
        analysis.ignored.push(wholeResource(resource.logicalId, resource.type, 'REMOVE', resourceRule, resource.location.line))
      } else analysis.items.push(missingItem(resource, location, snapshot.regions))
      continue
    }

    const {actual} = state
    analysis.matches.set(resource.logicalId, actual)
    analysis.actual.set(resource.logicalId, actual)
    const comparison = matcher.compare(resource, actual, module, options.strictTags)
    const kept = suppress(comparison, resource, actual, ignoreRules, options.expected, analysis)
    for (const {path, reason} of comparison.notChecked) {
      if (isIgnored(ignoreRules, resource.logicalId, resource.type, path)) continue
      analysis.notChecked.push({id: resource.logicalId, path, reason, location: {file: resource.file, line: lineOf(resource.lines, path) ?? resource.location.line}})
    }

    if (kept.length === 0) {
      analysis.inSync.push(resource.logicalId)
      continue
    }

    analysis.resolved?.set(resource.logicalId, comparison.properties)
    const driftType = kept.every((difference) => difference.path.startsWith('/Tags/')) ? 'tag_drift' : 'configuration_drift'
    analysis.items.push(unclassified(resource.logicalId, resource.type, driftType, actual.physicalId, actual.region, location, kept))
  }

  // Resources of unselected phases claim their AWS resources, which are then neither reported nor extra.
  for (const resource of model.unselected ?? []) if (resourceType(resource.type)) matcher.match(resource.logicalId)

  for (const actual of matcher.unclaimed()) {
    const module = resourceType(actual.type)!
    if (!(inScope(actual, module, options.extraScope) || matcher.partOfOurs(actual, module, options.extraScope)) || matcher.ownerIsClaimed(actual, module) || module.neverExtra?.(actual)) continue
    const name = module.displayName(actual)
    const rule = ignoreRules.find((candidate) => coversResource(candidate, actual.physicalId, actual.type) || coversResource(candidate, name, actual.type))
    if (rule) {
      analysis.ignored.push(wholeResource(actual.physicalId, actual.type, 'ADD', rule))
      continue
    }

    const id = module.extraId?.(actual) ?? actual.physicalId
    analysis.actual.set(id, actual)
    analysis.items.push(unclassified(id, actual.type, 'extra_resource', actual.physicalId, actual.region, null, []))
  }

  return analysis
}

/** Splits a resource's differences into kept, ignored (first matching ignore rule) and expected (expected rule). */
function suppress(
  comparison: Comparison,
  resource: DesiredResource,
  actual: ActualResource,
  ignoreRules: IgnoreRule[],
  expectedRules: readonly ExpectedRule[],
  analysis: DriftAnalysis,
): Difference[] {
  const kept: Difference[] = []
  for (const difference of comparison.differences) {
    const ignore = ignoreRules.find((rule) => coversDifference(rule, resource.logicalId, resource.type, difference))
    if (ignore) {
      analysis.ignored.push({id: resource.logicalId, type: resource.type, difference, rule: ignore.text})
      continue
    }

    const expected = expectedRuleFor(expectedRules, {id: resource.logicalId, type: resource.type, desired: resource.properties, actual: actual.properties}, difference)
    if (expected) {
      analysis.expected.push({id: resource.logicalId, type: resource.type, difference, rule: describeExpectedRule(expected)})
      continue
    }

    kept.push(difference)
  }

  return kept
}

function isIgnored(rules: IgnoreRule[], id: string, type: string, path: string): boolean {
  const probe: Difference = {path, expected: null, actual: null, kind: 'NOT_EQUAL'}
  return rules.some((rule) => coversDifference(rule, id, type, probe) && (path !== '' || coversResource(rule, id, type)))
}

/** A missing or extra resource suppressed by a rule: one difference for the whole resource (path ''). */
function wholeResource(id: string, type: string, kind: 'ADD' | 'REMOVE', rule: IgnoreRule, line?: number): SuppressedDifference {
  return {id, type, rule: rule.text, difference: {path: '', expected: kind === 'REMOVE' ? type : null, actual: kind === 'ADD' ? type : null, kind, line}}
}

function unclassified(
  id: string,
  type: string,
  driftType: DriftItem['driftType'],
  physicalId: string | null,
  region: string | null,
  location: DriftItem['location'],
  differences: Difference[],
): DriftItem {
  // Severity, impact and autoHealable are filled in by assess once every item is known.
  return {id, type, driftType, severity: 'low', impact: [], autoHealable: false, physicalId, region, location, differences}
}

/**
 * A declared resource not found: expected in the one region read; with several regions (and no target to say which),
 * `region` stays null and `regionsSearched` lists them all.
 */
function missingItem(resource: DesiredResource, location: DriftItem['location'], regions: readonly string[]): DriftItem {
  const item = unclassified(resource.logicalId, resource.type, 'missing_resource', null, regions.length === 1 ? regions[0] : null, location, [])
  return regions.length > 1 ? {...item, regionsSearched: [...regions].sort()} : item
}

/**
 * Finds each declared resource's AWS resource: first by what its phase stack records for it (when the snapshot has
 * the stacks' resources), then by its type's identity keys, resolving references on the way.
 */
class Matcher {
  private readonly index = new Map<string, Map<string, ActualResource[]>>()
  /** `stack\0logicalId` -> what the phase stacks record for it, per region. */
  private readonly stackRecords = new Map<string, StackResource[]>()
  private readonly claimed = new Set<ActualResource>()
  private readonly states = new Map<string, MatchState>()
  private readonly resolving = new Set<string>()
  private readonly readTypes: Set<string>
  private readonly unread = new Map<string, UnreadTypes[]>()
  /** Declared resources that point at a declared one (an alias at its key), their values resolved without AWS. */
  private readonly referrers: Referrers

  constructor(
    private readonly model: DesiredModel,
    private readonly snapshot: Snapshot,
    private readonly declared: Map<string, DesiredResource>,
  ) {
    this.readTypes = new Set(snapshot.types)
    const single = snapshot.regions.length === 1 ? snapshot.regions[0] : undefined
    this.referrers = declaredReferrers([...declared.values()], (resource) =>
      withoutUnresolved(resolveValue(resource.properties, {...this.context(resource, single), resource: () => ({reason: 'an identity never waits for another resource'})}) as Record<string, unknown>),
    )
    for (const entry of snapshot.unread) this.unread.set(entry.type, [...(this.unread.get(entry.type) ?? []), entry])
    for (const actual of snapshot.resources) {
      const module = resourceType(actual.type)
      if (!module) continue
      let byKey = this.index.get(actual.type)
      if (!byKey) this.index.set(actual.type, (byKey = new Map()))
      for (const key of [physicalIdKey(actual.physicalId), ...module.actualKeys(actual)]) {
        const list = byKey.get(key)
        if (list) list.push(actual)
        else byKey.set(key, [actual])
      }
    }

    for (const record of snapshot.stackResources ?? []) {
      const key = stackRecordKey(record.stackName, record.logicalId)
      this.stackRecords.set(key, [...(this.stackRecords.get(key) ?? []), record])
    }
  }

  match(logicalId: string): MatchState {
    const known = this.states.get(logicalId)
    if (known) return known
    const resource = this.declared.get(logicalId)
    if (!resource) return {kind: 'unknown', reason: `${logicalId} is neither a parameter with a value nor a declared resource`}
    if (this.resolving.has(logicalId)) return {kind: 'unknown', reason: `${logicalId} refers to itself through its references`}
    this.resolving.add(logicalId)
    const state = this.find(resource)
    this.resolving.delete(logicalId)
    this.states.set(logicalId, state)
    return state
  }

  unclaimed(): ActualResource[] {
    return this.snapshot.resources.filter((actual) => !this.claimed.has(actual) && resourceType(actual.type) && this.readTypes.has(actual.type))
  }

  /** Whether a resource that launched this one (its module's `ownedBy`) is declared and found: then AWS owns it. */
  ownerIsClaimed(actual: ActualResource, module: AnyResourceTypeModule): boolean {
    return (module.ownedBy?.(actual) ?? []).some(({type, key}) => this.index.get(type)?.get(key)?.some((owner) => this.claimed.has(owner)) ?? false)
  }

  /** Whether the resource this one is part of (its module's `partOf`) is declared and found, or inside the scope. */
  partOfOurs(actual: ActualResource, module: AnyResourceTypeModule, scope: ExtraScope): boolean {
    return (module.partOf?.(actual) ?? []).some(({type, key}) => this.index.get(type)?.get(key)?.some((whole) => this.claimed.has(whole) || inScope(whole, resourceType(type)!, scope)) ?? false)
  }

  /** The comparison, and the declared properties as compared (what a revert writes whole values from). */
  compare(resource: DesiredResource, actual: ActualResource, module: AnyResourceTypeModule, strictTags: boolean): Comparison & {properties: Record<string, unknown>} {
    const resolved = resolveValue(resource.properties, this.context(resource, actual.region)) as Record<string, unknown>
    const properties = module.desiredAsRead ? module.desiredAsRead(resolved, actual) : resolved
    const lines = (pointer: string) => lineOf(resource.lines, pointer)
    // A secret-bearing map is declared whole: a name only AWS has is drift (a variable added by hand).
    const rules = {setPaths: module.setPaths, arnOrNamePaths: module.arnOrNamePaths, policyPaths: module.policyPaths, keyedListPaths: module.keyedListPaths, wholeMapPaths: module.secretPaths, notReturned: module.notReturnedPaths}
    const byValue = compareProperties(properties, actual.properties, rules, lines)
    const byTag = compareTags(properties.Tags, actual.tags, strictTags && hasOwnTags(module.type), lines)
    return {differences: [...byValue.differences, ...byTag.differences], notChecked: [...byValue.notChecked, ...byTag.notChecked], properties}
  }

  private find(resource: DesiredResource): MatchState {
    const module = resourceType(resource.type)
    if (!module) return {kind: 'unknown', reason: `${resource.logicalId} is ${resource.type}, a type ialctl does not read`}
    const unread = this.unread.get(resource.type)
    if (!this.readTypes.has(resource.type)) {
      const why = unread?.map((entry) => `${entry.region}: ${entry.reason}`).join('; ') ?? 'not in the snapshot'
      return {kind: 'unknown', reason: `${resource.type} was not read (${why})`}
    }

    const singleRegion = this.snapshot.regions.length === 1 ? this.snapshot.regions[0] : undefined
    const properties = resolveValue(resource.properties, this.context(resource, singleRegion)) as Record<string, unknown>
    const recorded = this.recordedByStack(resource, module)
    if (recorded) {
      this.claimed.add(recorded)
      return {kind: 'matched', actual: recorded}
    }

    const referrers = (type: string) => this.referrers(resource.logicalId, type)
    const keys = module.desiredKeys({logicalId: resource.logicalId, stackName: resource.stackName, properties: withoutUnresolved(properties), referrers})
    const byKey = this.index.get(resource.type)
    for (const key of keys) {
      const candidate = byKey?.get(key)?.find((actual) => !this.claimed.has(actual))
      if (candidate) {
        this.claimed.add(candidate)
        return {kind: 'matched', actual: candidate}
      }
    }

    // Not found where some regions could not be read: it may be there. Not found under a condition: it may be meant to be absent.
    if (unread?.length) return {kind: 'unknown', reason: `${resource.type} could not be read in ${unread.map((entry) => `${entry.region} (${entry.reason})`).join(', ')}`}
    if (resource.condition) return {kind: 'unknown', reason: `not in AWS, and created only when condition ${resource.condition} holds (conditions are not evaluated)`}
    return {kind: 'missing'}
  }

  /**
   * The AWS resource the resource's phase stack records for its logical id, in that stack's region (an account-wide
   * type in any), when it was read. A record of another type is not this resource (the stack is not this template).
   */
  private recordedByStack(resource: DesiredResource, module: AnyResourceTypeModule): ActualResource | undefined {
    const byKey = this.index.get(resource.type)
    for (const record of this.stackRecords.get(stackRecordKey(resource.stackName, resource.logicalId)) ?? []) {
      if (record.type !== resource.type) continue
      for (const key of stackResourceKeys(module, record.physicalId)) {
        const candidate = byKey?.get(key)?.find((actual) => !this.claimed.has(actual) && (module.global || actual.region === record.region))
        if (candidate) return candidate
      }
    }

    return undefined
  }

  private context(resource: DesiredResource, region: string | undefined): ResolveContext {
    return {
      parameters: this.model.parameters,
      region,
      accountId: this.snapshot.accountId,
      availabilityZones: this.snapshot.availabilityZones,
      stackName: resource.stackName,
      resource: (logicalId) => {
        const state = this.match(logicalId)
        if (state.kind === 'matched') return state.actual
        return {reason: state.kind === 'missing' ? `${logicalId} is not in AWS` : state.reason}
      },
    }
  }
}

const stackRecordKey = (stackName: string, logicalId: string): string => `${stackName}\u0000${logicalId}`
