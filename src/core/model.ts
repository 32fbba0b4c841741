// The data that flows through ialctl, one way:
// phases -> DesiredModel; AWS -> Snapshot; both -> DriftAnalysis -> plans -> results -> renderers.
// Everything here is plain data (JSON-serialisable except Intrinsic, which is a tagged value).

import type {HealBuild, HealChange} from './resources/heal.js'

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export const IMPACTS = ['security', 'availability', 'cost'] as const
export type Impact = (typeof IMPACTS)[number]

export const DRIFT_TYPES = ['missing_resource', 'extra_resource', 'configuration_drift', 'tag_drift'] as const
export type DriftType = (typeof DRIFT_TYPES)[number]

/** What to do with a drift item (SPEC 11), decided by src/core/plan/recommend.ts. */
export const RECOMMENDATIONS = ['heal', 'revert', 'adopt', 'manual'] as const
export type Recommendation = (typeof RECOMMENDATIONS)[number]

export type DifferenceKind = 'ADD' | 'REMOVE' | 'NOT_EQUAL'

/** A position in a template. `file` is relative to the working directory, with forward slashes. */
export interface SourceLocation {
  file: string
  line: number
  column: number
}

/**
 * A CloudFormation intrinsic function as written in a template, short form (`!Ref X`) or long form
 * (`{Ref: X}`, `{"Fn::GetAtt": [...]}`). `fn` is always the long name: `Ref`, `Fn::GetAtt`, `Fn::Sub`, ...
 */
export class Intrinsic {
  constructor(
    readonly fn: string,
    readonly arg: unknown,
  ) {}

  toJSON(): Record<string, unknown> {
    return {[this.fn]: this.arg}
  }
}

export const isIntrinsic = (value: unknown): value is Intrinsic => value instanceof Intrinsic

export interface DesiredResource {
  logicalId: string
  type: string
  /** Phase directory name, e.g. `30-compute`. */
  phase: string
  /** Template path relative to the working directory, e.g. `phases/30-compute/02-ecs-cluster.yaml`. */
  file: string
  /** Value of the `aws:cloudformation:stack-name` tag this resource would carry (config `phases.stackName`). */
  stackName: string
  /** Location of the logical id key. */
  location: SourceLocation
  /** `Properties` as written; intrinsic values are `Intrinsic` instances. */
  properties: Record<string, unknown>
  /** JSON pointer into Properties (`/Tags/0/Value`) -> line of that value in `file`. `''` is the Properties key. */
  lines: Record<string, number>
  dependsOn: string[]
  condition?: string
  deletionPolicy?: string
}

export interface DesiredModel {
  phasesDir: string
  /** Selected phases, in apply order. */
  phases: string[]
  /** Parameter values after resolution (config `parameters`, then `Default`); unresolvable ones are absent. */
  parameters: Record<string, unknown>
  /** Resources of the selected phases in apply order (phase, file, position in file): what is reported. */
  resources: DesiredResource[]
  /**
   * Resources of the phases left out by `--phase`: matched (so that `!Ref`s into them resolve and their AWS
   * resources are not reported as extra), never reported themselves.
   */
  unselected?: DesiredResource[]
}

/** One AWS resource as read, with its properties under CloudFormation's names. */
export interface ActualResource {
  type: string
  region: string
  /** What `!Ref` returns for this type (vpc-..., sg-..., cluster name, service ARN, alarm name, ...). */
  physicalId: string
  arn?: string
  /** CloudFormation-named properties, Tags excluded (see `tags`). */
  properties: Record<string, unknown>
  /** All tags, including `aws:*` ones (identity uses them; comparison ignores them). */
  tags: Record<string, string>
  /** Values for `!GetAtt Logical.Attr`. */
  attributes: Record<string, unknown>
}

export const SNAPSHOT_SCHEMA_VERSION = 1

export interface UnreadTypes {
  type: string
  region: string
  reason: string
}

/**
 * One resource of a deployed phase stack, as CloudFormation records it (ListStackResources): which AWS resource a
 * logical id of that stack is. Read only with config `phases.identityFromStacks`.
 */
export interface StackResource {
  region: string
  stackName: string
  logicalId: string
  type: string
  /** What CloudFormation names the resource by (its `!Ref`): an id, a name, an ARN or a queue URL. Data from AWS. */
  physicalId: string
}

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION
  readAt: string
  regions: string[]
  accountId?: string
  /** Resource types that were read (an absent type was not read, so its resources are neither missing nor extra). */
  types: string[]
  /** Types that could not be read (only with --allow-partial); their declared resources are not checked. */
  unread: UnreadTypes[]
  /** API call counts per `Service.Operation`. */
  apiCalls: Record<string, number>
  /** Sorted by type, region, physicalId. */
  resources: ActualResource[]
  /**
   * Region -> names of its available availability zones, alphabetical: what `Fn::GetAZs` returns there. Read
   * only with subnets or instances; absent for a region (or in older snapshots) when not read.
   */
  availabilityZones?: Record<string, string[]>
  /**
   * The resources of the phase stacks (config `phases.identityFromStacks`), sorted by region, stack and logical id;
   * absent when not read. A stack that does not exist has none.
   */
  stackResources?: StackResource[]
}

export interface Difference {
  /** JSON pointer into Properties, e.g. `/SecurityGroupIngress/1/CidrIp` or `/Tags/Owner`. */
  path: string
  expected: unknown
  actual: unknown
  kind: DifferenceKind
  line?: number
}

/** An item against the history (SPEC 11): first seen in this run, seen in the last run too, or back after being resolved. */
export const ITEM_STATUSES = ['new', 'known', 'returned'] as const
export type ItemStatus = (typeof ITEM_STATUSES)[number]

/** An item of the previous runs that the current run looked at and did not see. */
export interface ResolvedItem {
  id: string
  type: string
  driftType: DriftType
  region: string | null
  target?: string
  /** The first run that saw it. */
  firstSeen: string
}

export interface DriftItem {
  /** Logical id for declared resources; the physical id for extra resources (or the type's `extraId`: a bucket policy is `<bucket>#policy`). */
  id: string
  type: string
  driftType: DriftType
  severity: Severity
  impact: Impact[]
  autoHealable: boolean
  physicalId: string | null
  /** Where the resource is (or, when missing, was expected: the one region read). */
  region: string | null
  /**
   * A missing resource looked for in several regions (no target says which one it belongs to): every region it
   * was searched in, so that the report says where to look. Absent otherwise.
   */
  regionsSearched?: string[]
  location: {file: string; line: number} | null
  differences: Difference[]
  /** Against the history, when the run has one (version 2). */
  status?: ItemStatus
  /** ISO time of the first run that saw the item (version 2, with `status`). */
  firstSeen?: string
  /** Version 2, with attribution: the principal of the last write CloudTrail recorded on the resource, and when. */
  changedBy?: string
  changedAt?: string
  /** Report version 2: what to do with it (src/core/plan/recommend.ts), set by assess. */
  recommended?: Recommendation
  /** Version 2, with config targets: the target (account and role) the resource was read in, its account id, and
   * `target/region/LogicalId` (or the physical id for extra resources): the selector that is unambiguous across targets. */
  target?: string
  account?: string
  ref?: string
}

/** A property that was not compared, and why (an unresolvable intrinsic, an unreadable type). */
export interface NotCheckedProperty {
  id: string
  path: string
  reason: string
  location: {file: string; line: number} | null
}

/** A difference suppressed by an ignore or expected-drift rule. */
export interface SuppressedDifference {
  id: string
  type: string
  difference: Difference
  rule: string
}

/** How one drift item would be healed, before any config policy: its changes and the calls, or why it cannot be. */
export interface ItemHeal {
  changes: HealChange[]
  build: HealBuild
}

/** Everything the pure diff knows; the report, the heal plan and the reverse-sync plan all start here. */
export interface DriftAnalysis {
  items: DriftItem[]
  /** Declared resource -> the AWS resource it matched (absent when missing). */
  matches: Map<string, ActualResource>
  /** Item id -> the declared resource behind it (absent for extra resources). */
  desired: Map<string, DesiredResource>
  /** Item id -> the AWS resource behind it (absent for missing resources). */
  actual: Map<string, ActualResource>
  /**
   * Item id -> the declared resource's properties as they were compared (intrinsics resolved, `Unresolved` where
   * they could not be), for drifted declared resources only. A revert that writes a whole value (an IAM policy
   * document, which the differences only show statement by statement) takes it from here: from Git, never from a
   * difference or a saved plan. Absent: no declared value is known (such a revert says it cannot be made).
   */
  resolved?: Map<string, Record<string, unknown>>
  inSync: string[]
  unsupported: DesiredResource[]
  notChecked: NotCheckedProperty[]
  ignored: SuppressedDifference[]
  expected: SuppressedDifference[]
  /** Item id -> its heal, decided once by assess (the report's `autoHealable` and the heal plan both read it). */
  heals: Map<string, ItemHeal>
}

/**
 * Report JSON versions: 2 is what ialctl writes, a strict superset of 1 (SPEC 5: every version-1 field keeps its
 * name and meaning); 1 stays available (`--schema-version 1`) for consumers of the first release's shape.
 */
export const REPORT_SCHEMA_VERSIONS = [1, 2] as const
export type ReportSchemaVersion = (typeof REPORT_SCHEMA_VERSIONS)[number]
export const REPORT_SCHEMA_VERSION: ReportSchemaVersion = 2

/** A declared resource of a type ialctl does not read: named in every report so that nobody mistakes it for checked. */
export interface UnsupportedResource {
  id: string
  type: string
  location: {file: string; line: number}
}

export interface DriftSummary {
  resources: number
  inSync: number
  drifted: number
  missing: number
  extra: number
  unsupported: number
  notChecked: number
  ignored: number
  expected: number
  coverage: number
  bySeverity: Record<Severity, number>
  /** Version 2: the resources `unsupported` counts, in phase order. */
  unsupportedResources?: UnsupportedResource[]
  /** Version 2, when the run has a history: items of the previous runs this run looked at and did not see. */
  resolved?: ResolvedItem[]
  /** Version 2: items left out because the baseline accepts them (their declared resources count as in sync). */
  baselined?: number
  /** Version 2, under --allow-partial: what was not read (a whole target when its role could not be assumed). */
  unread?: UnreadEntry[]
  /** Version 2: declared resources of unread targets: neither in sync nor drifted, outside `resources`. */
  unreadResources?: number
  /** Version 2, with config targets: target name -> its counts. */
  byTarget?: Record<string, TargetSummary>
}

/** Something a run could not read: a type in a region, or (without type and region) a whole target. */
export interface UnreadEntry {
  target?: string
  type?: string
  region?: string
  reason: string
}

/** One target's share of the summary. */
export interface TargetSummary {
  account?: string
  resources: number
  inSync: number
  drifted: number
  missing: number
  extra: number
  bySeverity: Record<Severity, number>
  unreadResources?: number
}

export interface DriftReport {
  schemaVersion: ReportSchemaVersion
  generatedAt: string
  source: {phases: string; commit: string | null; regions: string[]; snapshot: string | null; uncommittedChanges?: boolean}
  summary: DriftSummary
  items: DriftItem[]
}
