// How `drift revert` puts a security group's rules back (SPEC 11): rule by rule, never the whole group. A rule
// added by hand is revoked, a rule removed by hand is authorized again, a rule changed by hand is authorized as
// declared and then revoked as found. Every call carries exactly one rule (the schema refuses anything else), so a
// revert can never replace or empty a group. Pure.

import {z} from 'zod'

import type {ActualResource, Difference} from '../model.js'
import {canonicalJson} from '../shared/canonical-json.js'
import {pointerSegments} from '../shared/json-pointer.js'
import {type HealAction, type HealApiCall, type HealChange, holdsIntrinsic, nonEmptyString, type PropertyRevert, type RevertBuild} from './heal.js'

/** IANA protocol numbers EC2 accepts in place of names. */
export const PROTOCOL_NAMES: Record<string, string> = {'6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6'}

type Direction = 'ingress' | 'egress'
type Rule = Record<string, unknown>

const RULE_PATHS: Record<string, Direction> = {'/SecurityGroupIngress': 'ingress', '/SecurityGroupEgress': 'egress'}

/** The one peer of a rule, per direction, and where it goes in an IpPermission. */
const PEERS: Record<Direction, Record<string, 'IpRanges' | 'Ipv6Ranges' | 'UserIdGroupPairs' | 'PrefixListIds'>> = {
  ingress: {CidrIp: 'IpRanges', CidrIpv6: 'Ipv6Ranges', SourceSecurityGroupId: 'UserIdGroupPairs', SourcePrefixListId: 'PrefixListIds'},
  egress: {CidrIp: 'IpRanges', CidrIpv6: 'Ipv6Ranges', DestinationSecurityGroupId: 'UserIdGroupPairs', DestinationPrefixListId: 'PrefixListIds'},
}

const WORLD = new Set(['0.0.0.0/0', '::/0'])

const isRule = (value: unknown): value is Rule => value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * A template rule in the form the reader gives AWS's rules (ec2-security-group.ts `expandRules`), so that a rule
 * put back compares equal to the one read back: protocol names for numbers, numeric ports, no ports for "all
 * traffic". A string says why the rule cannot be sent.
 */
function awsRule(rule: unknown, direction: Direction): Rule | string {
  if (!isRule(rule)) return `${JSON.stringify(rule)} is not a rule`
  if (holdsIntrinsic(rule)) return 'a value of the declared rule could not be resolved'
  const peers = Object.keys(PEERS[direction]).filter((key) => rule[key] !== undefined && rule[key] !== null)
  if (peers.length !== 1) return `a ${direction} rule names exactly one of ${Object.keys(PEERS[direction]).join(', ')}`
  const allowed = new Set(['IpProtocol', 'FromPort', 'ToPort', 'Description', 'SourceSecurityGroupOwnerId', ...peers])
  const unknown = Object.keys(rule).filter((key) => !allowed.has(key))
  if (unknown.length > 0) return `${unknown.join(', ')} cannot be sent in a rule`
  const raw = String(rule.IpProtocol ?? '').toLowerCase()
  if (raw === '') return 'the rule has no IpProtocol'
  const protocol = PROTOCOL_NAMES[raw] ?? raw
  const out: Rule = {IpProtocol: protocol}
  if (protocol !== '-1') {
    for (const key of ['FromPort', 'ToPort']) {
      const port = Number(rule[key])
      if (rule[key] === undefined || rule[key] === null || !Number.isInteger(port)) return `${key} ${JSON.stringify(rule[key] ?? null)} is not a port`
      out[key] = port
    }
  }

  out[peers[0]] = String(rule[peers[0]])
  if (rule.SourceSecurityGroupOwnerId !== undefined && rule.SourceSecurityGroupOwnerId !== null) out.SourceSecurityGroupOwnerId = String(rule.SourceSecurityGroupOwnerId)
  if (typeof rule.Description === 'string' && rule.Description !== '') out.Description = rule.Description
  return out
}

/** One rule as the IpPermission of an Authorize/Revoke call. */
function permissionOf(rule: Rule, direction: Direction): Record<string, unknown> {
  const [peer, list] = Object.entries(PEERS[direction]).find(([key]) => rule[key] !== undefined)!
  const description = rule.Description === undefined ? {} : {Description: rule.Description}
  const entry =
    list === 'IpRanges'
      ? {CidrIp: rule[peer], ...description}
      : list === 'Ipv6Ranges'
        ? {CidrIpv6: rule[peer], ...description}
        : list === 'PrefixListIds'
          ? {PrefixListId: rule[peer], ...description}
          : {GroupId: rule[peer], ...(rule.SourceSecurityGroupOwnerId === undefined ? {} : {UserId: rule.SourceSecurityGroupOwnerId}), ...description}
  const ports = rule.IpProtocol === '-1' ? {} : {FromPort: rule.FromPort, ToPort: rule.ToPort}
  return {IpProtocol: rule.IpProtocol, ...ports, [list]: [entry]}
}

/** `tcp 22 from 0.0.0.0/0`: enough to name a rule in a refusal. */
function ruleText(rule: Rule, direction: Direction): string {
  const peer = Object.keys(PEERS[direction]).find((key) => rule[key] !== undefined)
  const ports = rule.IpProtocol === '-1' ? 'all traffic' : `${String(rule.IpProtocol)} ${rule.FromPort === rule.ToPort ? String(rule.FromPort) : `${String(rule.FromPort)}-${String(rule.ToPort)}`}`
  return `${ports} ${direction === 'ingress' ? 'from' : 'to'} ${peer ? String(rule[peer]) : '?'}`
}

/** `a` without the elements of `b` (as multisets, by canonical JSON). */
function without(a: readonly Rule[], b: readonly Rule[]): Rule[] {
  const left = b.map((rule) => canonicalJson(rule))
  return a.filter((rule) => {
    const at = left.indexOf(canonicalJson(rule))
    if (at === -1) return true
    left.splice(at, 1)
    return false
  })
}

const rulesAt = (actual: ActualResource, path: string): Rule[] => {
  const value = actual.properties[path.slice(1)]
  return Array.isArray(value) ? value.filter(isRule) : []
}

/**
 * The rule list AWS must end with: AWS's rules, minus those added by hand (an `ADD` difference), plus those removed
 * by hand (`REMOVE`), with a rule changed by hand (differences below one element, paired by the diff with the most
 * similar AWS rule) swapped for the declared one. The AWS rule of a changed one is the only AWS rule that holds every
 * differing field's AWS value; more than one, and the revert cannot tell which to revoke.
 */
function changeOf(actual: ActualResource, path: string, differences: readonly Difference[]): HealChange | string {
  const direction = RULE_PATHS[path]
  const from = rulesAt(actual, path)
  const to: Array<Rule | undefined> = [...from]
  const added: Rule[] = []
  const changed = new Map<string, Difference[]>()
  const removed: Rule[] = []
  for (const difference of differences) {
    const segments = pointerSegments(difference.path).slice(1)
    if (segments.length === 1 && difference.kind === 'ADD' && isRule(difference.actual)) added.push(difference.actual)
    else if (segments.length === 1 && difference.kind === 'REMOVE') {
      const rule = awsRule(difference.expected, direction)
      if (typeof rule === 'string') return `${difference.path}: ${rule}`
      removed.push(rule)
    } else if (segments.length === 2) changed.set(segments[0], [...(changed.get(segments[0]) ?? []), difference])
    else return `${difference.path}: not a rule or a field of one`
  }

  for (const [index, fields] of changed) {
    const candidates = to.flatMap((rule, at) => (rule && fields.every((field) => sameField(rule[pointerSegments(field.path)[2]], field.actual)) ? [at] : []))
    if (candidates.length !== 1) return `${path}/${index}: ${candidates.length === 0 ? 'no' : 'more than one'} rule in AWS matches the changed rule, so the one to revoke is not known`
    const merged: Rule = {...to[candidates[0]]}
    for (const field of fields) {
      const name = pointerSegments(field.path)[2]
      if (field.expected === null || field.expected === undefined) delete merged[name]
      else merged[name] = field.expected
    }

    const rule = awsRule(merged, direction)
    if (typeof rule === 'string') return `${path}/${index}: ${rule}`
    to[candidates[0]] = undefined
    removed.push(rule)
  }

  for (const rule of added) {
    const at = to.findIndex((one) => one !== undefined && canonicalJson(one) === canonicalJson(rule))
    if (at === -1) return `${path}: the added rule ${ruleText(rule, direction)} is no longer in AWS`
    to[at] = undefined
  }

  return {path, from, to: [...to.filter((rule): rule is Rule => rule !== undefined), ...removed]}
}

const sameField = (a: unknown, b: unknown) => ((a === undefined || a === null) && (b === undefined || b === null)) || String(a) === String(b)

const CALLS: Record<Direction, {authorize: string; revoke: string}> = {
  ingress: {authorize: 'EC2.AuthorizeSecurityGroupIngress', revoke: 'EC2.RevokeSecurityGroupIngress'},
  egress: {authorize: 'EC2.AuthorizeSecurityGroupEgress', revoke: 'EC2.RevokeSecurityGroupEgress'},
}

function build(actual: ActualResource, changes: readonly HealChange[]): RevertBuild {
  const actions: HealAction[] = []
  for (const change of changes) {
    const direction = RULE_PATHS[change.path]
    if (!direction) return {ok: false, reason: `${change.path} is not a rule list`}
    const from = (change.from as Rule[]).map((rule) => awsRule(rule, direction))
    const to = (change.to as Rule[]).map((rule) => awsRule(rule, direction))
    const problem = [...from, ...to].find((rule): rule is string => typeof rule === 'string')
    if (problem) return {ok: false, reason: `${change.path}: ${problem}`}
    const call = (api: string, rule: Rule): HealApiCall => ({api, params: {GroupId: actual.physicalId, IpPermissions: [permissionOf(rule, direction)]}})
    const {authorize, revoke} = CALLS[direction]
    // Declared rules go in first: a rule changed by hand (10.0.0.0/8 widened to 0.0.0.0/0) never leaves a moment
    // with neither rule, which would cut the traffic Git allows.
    for (const rule of without(to as Rule[], from as Rule[])) actions.push({...call(authorize, rule), rollback: call(revoke, rule)})
    for (const rule of without(from as Rule[], to as Rule[])) actions.push({...call(revoke, rule), rollback: call(authorize, rule)})
  }

  return actions.length === 0 ? {ok: false, reason: 'no rule to revoke or authorize'} : {ok: true, actions}
}

function weakens(change: HealChange): string | undefined {
  if (RULE_PATHS[change.path] !== 'ingress' || !Array.isArray(change.from) || !Array.isArray(change.to)) return undefined
  const opened = without(change.to as Rule[], change.from as Rule[]).filter((rule) => WORLD.has(String(rule.CidrIp ?? rule.CidrIpv6)))
  return opened.length > 0 ? `authorizes ${opened.map((rule) => ruleText(rule, 'ingress')).join(', ')}: open to the world` : undefined
}

// ---- call schemas --------------------------------------------------------------------------------------------

const description = z.string({errorMap: () => ({message: 'Description must be a string'})}).optional()
const one = <T extends z.ZodTypeAny>(entry: T) => z.array(entry).length(1, 'a rule names exactly one peer').optional()
const port = z.number({errorMap: () => ({message: 'ports must be whole numbers'})}).int('ports must be whole numbers').optional()

/** One IpPermission holding exactly one rule: one protocol and port range, one peer. */
const singleRule = z
  .strictObject({
    IpProtocol: nonEmptyString('IpProtocol'),
    FromPort: port,
    ToPort: port,
    IpRanges: one(z.strictObject({CidrIp: nonEmptyString('CidrIp'), Description: description})),
    Ipv6Ranges: one(z.strictObject({CidrIpv6: nonEmptyString('CidrIpv6'), Description: description})),
    UserIdGroupPairs: one(z.strictObject({GroupId: nonEmptyString('GroupId'), UserId: nonEmptyString('UserId').optional(), Description: description})),
    PrefixListIds: one(z.strictObject({PrefixListId: nonEmptyString('PrefixListId'), Description: description})),
  })
  .refine((permission) => [permission.IpRanges, permission.Ipv6Ranges, permission.UserIdGroupPairs, permission.PrefixListIds].filter(Boolean).length === 1, 'a rule names exactly one peer')

const ruleCall = z.strictObject({
  GroupId: nonEmptyString('GroupId').refine((id) => id.startsWith('sg-'), 'GroupId must be a security group id (sg-...)'),
  IpPermissions: z.array(singleRule).length(1, 'IpPermissions must hold exactly one rule: a group is never reverted whole'),
})

export const securityGroupRulesRevert: PropertyRevert = {
  paths: Object.keys(RULE_PATHS),
  restartPaths: [],
  changeOf,
  build,
  weakens,
  calls: Object.values(CALLS).flatMap(({authorize, revoke}) => [
    {api: authorize, params: ruleCall},
    {api: revoke, params: ruleCall},
  ]),
}
