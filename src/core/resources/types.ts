import type {ActualResource, Difference, Impact, Severity} from '../model.js'
import {CFN_PROPERTY_NAMES} from './cfn-property-names.js'
import type {AnyTagApi, HealCall, PropertyHeal, PropertyRevert, TagApi} from './heal.js'

export type AwsService = 'ec2' | 'ecs' | 'rds' | 'cloudwatch' | 'autoscaling' | 's3' | 'iam' | 'sqs' | 'logs' | 'sns' | 'elbv2' | 'dynamodb' | 'lambda' | 'kms'

/**
 * When a value AWS reports is one nobody chose: the default itself (compared as JSON), or a test for values that
 * depend on the value or on the resource's other properties (as AWS reports them).
 */
export type AwsDefaultRule = string | number | boolean | ((value: unknown, properties: Readonly<Record<string, unknown>>) => boolean)

/** A declared resource as identity sees it: intrinsics resolved where possible, unresolvable values absent. */
export interface IdentityInput {
  logicalId: string
  stackName: string
  properties: Record<string, unknown>
  /**
   * The declared resources of `type` that refer to this one (`!Ref`, `!GetAtt`), their own values resolved where no
   * AWS resource is needed: a KMS key is known by the alias the phases aim at it. Absent: nothing is known of them.
   */
  referrers?(type: string): ReadonlyArray<Record<string, unknown>>
}

/**
 * How risky a drifted property is (SPEC 3). `path` is a pointer without list positions (`/ContainerDefinitions/Image`
 * covers every container) and covers what is below it; `when` lets a rating depend on the values (a major engine
 * upgrade is riskier than a minor one).
 */
export interface PropertyRating {
  path: string
  severity: Severity
  impact: Impact[]
  when?: (difference: Difference) => boolean
}

export const critical = (path: string): PropertyRating => ({path, severity: 'critical', impact: ['security']})

/**
 * The type's side of the `minor-version` expected-drift rule (SPEC 2): which property holds the version, and
 * whether a change of it is a minor upgrade AWS made on its own.
 */
export interface MinorVersionRule {
  path: string
  isMinorUpgrade(difference: Difference, resource: {desired: Readonly<Record<string, unknown>>; actual: Readonly<Record<string, unknown>>}): boolean
}

/**
 * Everything ialctl knows about one AWS resource type (SPEC 1: "adding a type is one self-contained module").
 * The module's own file also holds the mapping from the describe response to CloudFormation property names.
 */
export interface ResourceTypeModule<Tags extends AnyTagApi = TagApi> {
  readonly type: string
  readonly service: AwsService
  /**
   * Account-global (IAM): one set of resources per account, whatever the region. It is read once per account
   * (through the first configured region's clients, whose region its resources carry), never once per region.
   */
  readonly global?: true
  /** What reading every resource of the type may cost in API calls (SPEC 9); `npm run bench` measures against it. */
  readonly readBudget: ReadBudget
  /** Keys under which an AWS resource of this type can be found (`cfn:stack/logical`, `name:web`, ...). */
  actualKeys(actual: ActualResource): string[]
  /** Keys to look a declared resource up by, most trusted first (SPEC 1, "Matched to AWS by"). */
  desiredKeys(desired: IdentityInput): string[]
  /**
   * The property whose value `!Ref` returns when a template sets it (a bucket's `BucketName`): a resource that names
   * this one by `!Ref` (a bucket policy) then has a known identity before AWS is read, so its reader asks AWS only
   * about that one. Absent: `!Ref` is known only once the resource is matched in AWS.
   */
  readonly refProperty?: string
  /**
   * Prefixes of identity keys that only the per-resource calls reveal (a KMS key's description): a declared resource
   * looked up by one makes every resource of its type worth those calls, since the list calls cannot tell which it is.
   */
  readonly describedKeyPrefixes?: readonly string[]
  /** AWS resources that may match a declared one but are never reported as extra (a KMS key pending deletion). */
  neverExtra?(actual: ActualResource): boolean
  /**
   * The keys an AWS resource of this type is found under from the physical id CloudFormation records for it in a
   * phase stack (ListStackResources, config `phases.identityFromStacks`), when that id is not the resource's own
   * `physicalId` as read (SQS records a queue URL whose host is not the one ListQueues answers: found by queue name).
   * Absent: `physicalIdKey(id)`, the resource whose physical id is exactly that.
   */
  stackPhysicalIdKeys?(physicalId: string): string[]
  /** Lists AWS treats as sets, as JSON pointers into Properties (compared without order). */
  readonly setPaths: readonly string[]
  /** Properties AWS accepts as an ARN or a short name (compared by the name part). */
  readonly arnOrNamePaths: readonly string[]
  /**
   * Properties that hold an IAM policy document (trust policy, inline policies, bucket/key/queue policies),
   * compared by meaning, not as written (src/core/diff/policy-document.ts).
   */
  readonly policyPaths?: readonly string[]
  /**
   * Maps of name -> secret value (Lambda environment variables, SPEC 10): the mapping puts AWS's values in as digests
   * (`secretDigest`), the diff digests the template's before comparing, and reverse sync and codify never write a
   * value there (src/core/diff/secret-values.ts).
   */
  readonly secretPaths?: readonly string[]
  /**
   * Lists of `{Key, Value}` in which AWS reports every key with its value, defaults included (ELB attributes):
   * compared by Key, only the keys the template sets; a difference is the whole element (`/Attributes/2`).
   * `awsDefaults` address one key of such a list as `/Attributes/<key>`.
   */
  readonly keyedListPaths?: readonly string[]
  /**
   * Properties a template may set that the describe calls do not return (passwords, user data, attributes that
   * need a call per resource): reported as not checked when AWS has no value, instead of drifting forever.
   */
  readonly notReturnedPaths: readonly string[]
  /** Risk ratings of its properties, first match wins; a property not listed is rated by src/core/risk's default. */
  readonly ratings: readonly PropertyRating[]
  /** Properties a heal never changes, and why (shown in the plan); a pointer covers what is below it. */
  readonly neverHealed: Readonly<Record<string, string>>
  /** How its service tags it: every supported type's tags are healed. */
  readonly tags: Tags
  /** Its properties healed in place, with the calls that do it; absent when only tags are healed. */
  readonly heal?: PropertyHeal
  /**
   * Its properties put back in place by `drift revert` beyond what `heal` covers (SPEC 11); a heal path is always
   * revertible too. Absent: a revert does what a heal does, no more.
   */
  readonly revert?: PropertyRevert
  /**
   * Top-level properties CloudFormation takes only together (a provisioned table's `ProvisionedThroughput` with its
   * `BillingMode`): when reverse sync adopts a difference in one of a group, it writes the group's others as AWS has
   * them too, so that the template it writes stays valid.
   */
  readonly adoptTogether?: ReadonlyArray<readonly string[]>
  /** Properties a revert never changes, and why (shown as "cannot revert"); a pointer covers what is below it. */
  readonly neverReverted?: Readonly<Record<string, string>>
  /** Expected drift (SPEC 2) the type knows how to recognise. */
  readonly expectedDrift?: {
    readonly minorVersion?: MinorVersionRule
    /** The property the `autoscaling-range` rule applies to unless the rule names one. */
    readonly scalingCountPath?: string
    /**
     * The range AWS itself keeps the scaled count in (an auto scaling group's MinSize..MaxSize, as AWS reports them):
     * a count inside it is expected drift without a configured range; outside it, or without one, it is drift.
     */
    readonly ownScalingRange?: (actual: Readonly<Record<string, unknown>>) => {min: number; max: number; source: string} | undefined
  }
  /**
   * The resources that launched this one and own it (an instance of an auto scaling group), as a type and an identity
   * key of that type: an undeclared resource whose owner is declared is AWS's doing, never an extra resource.
   */
  ownedBy?(actual: ActualResource): Array<{type: string; key: string}>
  /**
   * The resource this one is part of (a listener of its load balancer), as a type and an identity key of that type:
   * an undeclared one is an extra when that resource is declared or inside the extra scope, whatever its own tags
   * say (a listener added by hand to a declared load balancer carries no tags).
   */
  partOf?(actual: ActualResource): Array<{type: string; key: string}>
  /**
   * Values AWS fills in when a template leaves the property out (CloudFormation's documented defaults), and values
   * AWS assigns itself, keyed by JSON pointer into Properties. Codifying an extra resource into a new template drops
   * them: writing them would make an imported template noisier than a hand-written one and pin choices nobody made.
   */
  readonly awsDefaults: Readonly<Record<string, AwsDefaultRule>>
  /**
   * The template's resolved properties as the type's describe call would answer them, where AWS leaves out what a
   * template may spell (a security group rule whose source group is in the group's own account has no owner in
   * AWS's answer). Absent: the template's values are compared as they are.
   */
  desiredAsRead?(properties: Record<string, unknown>, actual: ActualResource): Record<string, unknown>
  /**
   * The id an extra of this type has in reports and selections, when its physical id is another type's too (a
   * bucket policy is known by its bucket's name): item ids are unique in a report. Default: the physical id.
   */
  extraId?(actual: ActualResource): string
  /** A human name for extra-resource reports and scope prefixes (Name tag, cluster name, ...). */
  displayName(actual: ActualResource): string
  /**
   * How a person reads a value of this type at `path` (a JSON pointer into Properties), when the type knows better
   * than a generic `key=value` list: a security group rule reads `tcp 22 from 0.0.0.0/0`. Undefined: no opinion.
   * The text must carry every part of the value, so that reports never lose a detail by showing it.
   */
  describeValue?(path: string, value: unknown): string | undefined
}

/**
 * A type's read cost: at most `fixedCalls` per region read plus `callsPerResource` per resource. SPEC 9: the
 * first-release types stay under 0.05 calls per resource together on a 2,000-resource estate; each later type states
 * its own (list-able types under 0.1; per-resource settings calls only for declared and in-scope resources).
 */
export interface ReadBudget {
  /** Calls a read of one region makes whatever its size (the first page of each list; once per account if `global`). */
  readonly fixedCalls: number
  /** Calls each resource adds: further list pages amortised, plus any per-resource call. */
  readonly callsPerResource: number
  /** Which calls, and why that many (shown by the bench next to the measured figure). */
  readonly basis: string
}

/**
 * Whether CloudFormation's type has tags of its own (a `Tags` property). A type without (a bucket policy) may carry
 * its owner's tags for scope: they are never compared, strict mode included, nor codified. Unknown types: true.
 */
export const hasOwnTags = (type: string): boolean => {
  const names = CFN_PROPERTY_NAMES[type]
  return names === undefined || Object.hasOwn(names.properties, 'Tags')
}

/** Any type's module, whichever way its service tags (what generic code takes). */
export type AnyResourceTypeModule = ResourceTypeModule<AnyTagApi>

/** Properties healed in place (tags excluded): the module's `heal.paths`. */
export const safeHealPaths = (module: AnyResourceTypeModule): readonly string[] => module.heal?.paths ?? []

/** Every call a heal of this type may send (tag calls included). */
export const healCallsOf = (module: AnyResourceTypeModule): readonly HealCall[] => [...module.tags.calls, ...(module.heal?.calls ?? [])]

/** Every call a revert of this type may send: its heal calls and its own revert calls. */
export const revertCallsOf = (module: AnyResourceTypeModule): readonly HealCall[] => [...healCallsOf(module), ...(module.revert?.calls ?? [])]

/** The key every AWS resource is found under by its physical id as read (a stack's record of it, by default). */
export const physicalIdKey = (physicalId: string): string => `physical:${physicalId}`

/** Keys to find the AWS resource a phase stack records under `physicalId` (see `stackPhysicalIdKeys`). */
export const stackResourceKeys = (module: AnyResourceTypeModule, physicalId: string): string[] =>
  module.stackPhysicalIdKeys ? module.stackPhysicalIdKeys(physicalId) : [physicalIdKey(physicalId)]

/** Identity keys shared by every type: CloudFormation's own tags. */
export function cloudFormationKey(stackName: string, logicalId: string): string {
  return `cfn:${stackName}/${logicalId}`
}

export function actualCloudFormationKeys(actual: ActualResource): string[] {
  const logicalId = actual.tags['aws:cloudformation:logical-id']
  const stack = actual.tags['aws:cloudformation:stack-name']
  return logicalId && stack ? [cloudFormationKey(stack, logicalId)] : []
}

/** Template `Tags: [{Key, Value}]` as a map; intrinsic or missing values are skipped. */
export function templateTags(properties: Record<string, unknown>): Record<string, string> {
  const tags: Record<string, string> = {}
  const list = properties.Tags
  if (!Array.isArray(list)) return tags
  for (const tag of list) {
    const {Key, Value} = (tag ?? {}) as {Key?: unknown; Value?: unknown}
    if (typeof Key === 'string' && (typeof Value === 'string' || typeof Value === 'number' || typeof Value === 'boolean')) tags[Key] = String(Value)
  }

  return tags
}

/** `arn:aws:ecs:r:a:cluster/prod` -> `prod`; a plain name is returned as is. */
export function nameFromArn(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  if (!value.startsWith('arn:')) return value
  const resource = value.split(':').slice(5).join(':')
  return resource.split('/').at(-1)
}

/** A value AWS picks itself (derived from another resource, the engine, the AMI, ...), whatever it is. */
export const AWS_ASSIGNED: AwsDefaultRule = () => true

/** A value equal, as JSON, to `expected` (for defaults that are lists or maps). */
export const equalsJson = (expected: unknown): AwsDefaultRule => (value) => JSON.stringify(value) === JSON.stringify(expected)

export const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined)
