// How `drift revert` puts a role's permissions back (SPEC 11): its trust policy, its inline policies and its attached
// managed policies, each to exactly what Git declares. Pure.
//
// The diff shows a policy document statement by statement (`/Policies/0/PolicyDocument/Statement/0/Action`), which
// is not enough to write one: IAM takes a whole document. So the value written is the template's whole value at the
// property, resolved from Git by the analysis (`changeOf`'s `declared`), never put together from differences, and
// never taken from a saved plan (a saved plan whose document differs from what Git re-derives is refused as edited).
// The whole declared document is written: a part of it an ignore rule hides from the report is put back too.
//
// Decisions (README "heal / revert / adopt"):
// - An inline policy the template does not declare (added by hand) is deleted: `Policies` declares the role's inline
//   policies, and removing a permission Git never granted is what a revert is for. It is not a resource (SPEC 11 never
//   deletes one): its document is in the plan and the audit line, and the rollback puts it back. Deleting one that
//   holds a Deny statement removes a block, so that needs --approve-critical.
// - Narrowing back to Git is a plain revert; putting back a document that allows anything AWS's does not (someone
//   narrowed it by hand, or removed a policy), attaching a managed policy, or dropping a Deny weakens security
//   although Git says so: --approve-critical, prompt or not (`weakens`, read with policy-document.ts `grantsBeyond`).
// - A managed policy attached by hand is detached (narrowing); what it holds is not read here, so a hand-attached
//   policy of only Deny statements is detached like any other.

import {z} from 'zod'

import {grantsBeyond, parsePolicyDocument, samePolicy} from '../diff/policy-document.js'
import {findUnresolved} from '../diff/resolve.js'
import type {ActualResource} from '../model.js'
import {type HealAction, type HealApiCall, type HealChange, nonEmptyString, type PropertyRevert, type RevertBuild} from './heal.js'

const TRUST = '/AssumeRolePolicyDocument'
const INLINE = '/Policies'
const ATTACHED = '/ManagedPolicyArns'

interface InlinePolicy {
  PolicyName: string
  PolicyDocument: Record<string, unknown>
}

/** The declared value at `path` as plain JSON, checked for the shape its calls need; a string says why not. */
function declaredValue(path: string, declared: unknown): unknown {
  if (declared === undefined || declared === null) return `${path}: the declared value is not known, so it cannot be written whole`
  const unresolved = findUnresolved(declared)
  if (unresolved) return `${path}: the declared value could not be resolved (${unresolved.reason})`
  const value = JSON.parse(JSON.stringify(declared)) as unknown
  if (path === TRUST) return parsePolicyDocument(value) ?? `${path}: the declared value is not a policy document`
  if (path === ATTACHED) return Array.isArray(value) && value.every((arn) => typeof arn === 'string' && arn.startsWith('arn:')) ? value : `${path}: the declared value is not a list of policy ARNs`
  const policies = inlinePolicies(value)
  if (typeof policies === 'string') return `${path}: the declared value ${policies}`
  return policies
}

/** A list of `{PolicyName, PolicyDocument}` with names unique and documents readable, or what is wrong with it. */
function inlinePolicies(value: unknown): InlinePolicy[] | string {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) return 'is not a list of inline policies'
  const out: InlinePolicy[] = []
  for (const policy of value as unknown[]) {
    const {PolicyName: name, PolicyDocument: text} = (policy ?? {}) as {PolicyName?: unknown; PolicyDocument?: unknown}
    const document = parsePolicyDocument(text)
    if (typeof name !== 'string' || name === '' || !document) return 'holds an inline policy without a name or a readable document'
    if (out.some((other) => other.PolicyName === name)) return `names inline policy ${name} twice`
    out.push({PolicyName: name, PolicyDocument: document})
  }

  return out
}

/** What AWS has at `path` now, in the same form as the declared value. */
const currentOf = (actual: ActualResource, path: string): unknown => actual.properties[path.slice(1)] ?? (path === TRUST ? null : [])

function changeOf(actual: ActualResource, path: string, _differences: unknown, declared: unknown): HealChange | string {
  const to = declaredValue(path, declared)
  if (typeof to === 'string') return to
  return {path, from: currentOf(actual, path), to}
}

const text = (document: unknown) => JSON.stringify(parsePolicyDocument(document))
const call = (api: string, params: Record<string, unknown>): HealApiCall => ({api, params})

function build(actual: ActualResource, changes: readonly HealChange[]): RevertBuild {
  const RoleName = actual.physicalId
  if (!RoleName) return {ok: false, reason: 'the role has no name to address it by'}
  const actions: HealAction[] = []
  for (const change of changes) {
    if (change.path === TRUST) {
      if (!parsePolicyDocument(change.from)) return {ok: false, reason: `${TRUST}: AWS's trust policy could not be read, so it could not be put back if the revert failed`}
      const update = (document: unknown) => call('IAM.UpdateAssumeRolePolicy', {RoleName, PolicyDocument: text(document)})
      actions.push({...update(change.to), rollback: update(change.from)})
    } else if (change.path === INLINE) {
      const [before, after] = [inlinePolicies(change.from), inlinePolicies(change.to)]
      if (typeof before === 'string' || typeof after === 'string') return {ok: false, reason: `${INLINE}: ${typeof before === 'string' ? `AWS's value ${before}` : `the declared value ${after as string}`}`}
      const put = (policy: InlinePolicy) => call('IAM.PutRolePolicy', {RoleName, PolicyName: policy.PolicyName, PolicyDocument: text(policy.PolicyDocument)})
      const remove = (PolicyName: string) => call('IAM.DeleteRolePolicy', {RoleName, PolicyName})
      // Declared documents go in first, then the policies added by hand go: never a moment with neither.
      for (const policy of after) {
        const found = before.find((one) => one.PolicyName === policy.PolicyName)
        if (!found || !samePolicy(policy.PolicyDocument, found.PolicyDocument)) actions.push({...put(policy), rollback: found ? put(found) : remove(policy.PolicyName)})
      }

      for (const policy of before) if (!after.some((one) => one.PolicyName === policy.PolicyName)) actions.push({...remove(policy.PolicyName), rollback: put(policy)})
    } else if (change.path === ATTACHED) {
      const [before, after] = [arns(change.from), arns(change.to)]
      const attach = (PolicyArn: string) => call('IAM.AttachRolePolicy', {RoleName, PolicyArn})
      const detach = (PolicyArn: string) => call('IAM.DetachRolePolicy', {RoleName, PolicyArn})
      for (const arn of after.filter((one) => !before.includes(one))) actions.push({...attach(arn), rollback: detach(arn)})
      for (const arn of before.filter((one) => !after.includes(one))) actions.push({...detach(arn), rollback: attach(arn)})
    } else return {ok: false, reason: `${change.path} is not a role permission`}
  }

  return actions.length === 0 ? {ok: false, reason: 'AWS already holds what Git declares: nothing to put back'} : {ok: true, actions}
}

const arns = (value: unknown): string[] => (Array.isArray(value) ? value.filter((arn): arn is string => typeof arn === 'string') : [])

/** Why writing `change` lets anyone do more than AWS allows now (see the module comment), or undefined. */
function weakens(change: HealChange): string | undefined {
  if (change.path === TRUST) {
    const wider = grantsBeyond(change.to, change.from)
    return wider.length > 0 ? `puts back a trust policy that lets more principals assume the role than AWS's now (${wider.join(', ')})` : undefined
  }

  if (change.path === INLINE) {
    const [before, after] = [inlinePolicies(change.from), inlinePolicies(change.to)]
    if (typeof before === 'string' || typeof after === 'string') return undefined
    const reasons = after.flatMap((policy) => {
      const found = before.find((one) => one.PolicyName === policy.PolicyName)
      const wider = grantsBeyond(policy.PolicyDocument, found?.PolicyDocument)
      return wider.length === 0 ? [] : [found ? `inline policy ${policy.PolicyName} allows more than AWS's now (${wider.join(', ')})` : `puts back inline policy ${policy.PolicyName}, removed by hand`]
    })
    for (const policy of before) {
      if (after.some((one) => one.PolicyName === policy.PolicyName)) continue
      const dropped = grantsBeyond({Statement: []}, policy.PolicyDocument)
      if (dropped.length > 0) reasons.push(`deletes inline policy ${policy.PolicyName}, whose Deny statements block access now`)
    }

    return reasons.length > 0 ? reasons.join('; ') : undefined
  }

  if (change.path === ATTACHED) {
    const attached = arns(change.to).filter((arn) => !arns(change.from).includes(arn))
    return attached.length > 0 ? `attaches ${attached.join(', ')}` : undefined
  }

  return undefined
}

// ---- call schemas --------------------------------------------------------------------------------------------

/** IAM's name rules for roles and policies: 1 to 128 of `\w+=,.@-`. */
const iamName = (name: string) => nonEmptyString(name).refine((value) => /^[\w+=,.@-]{1,128}$/.test(value), `${name} must be an IAM name (1 to 128 of letters, digits and +=,.@_-)`)

/** A policy document as JSON text, the way IAM takes it: an object with a Statement. */
const policyText = nonEmptyString('PolicyDocument').refine((value) => {
  try {
    const parsed = JSON.parse(value) as unknown
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'Statement' in parsed
  } catch {
    return false
  }
}, 'PolicyDocument must be a policy document as JSON text (an object with a Statement)')

const policyArn = nonEmptyString('PolicyArn').refine((value) => /^arn:[\w-]+:iam::(\d{12}|aws):policy\/.+$/.test(value), 'PolicyArn must be an IAM policy ARN (arn:aws:iam::...:policy/...)')

export const rolePermissionsRevert: PropertyRevert = {
  paths: [TRUST, INLINE, ATTACHED],
  restartPaths: [],
  changeOf,
  build,
  weakens,
  calls: [
    {api: 'IAM.UpdateAssumeRolePolicy', params: z.strictObject({RoleName: iamName('RoleName'), PolicyDocument: policyText})},
    {api: 'IAM.PutRolePolicy', params: z.strictObject({RoleName: iamName('RoleName'), PolicyName: iamName('PolicyName'), PolicyDocument: policyText})},
    {api: 'IAM.DeleteRolePolicy', params: z.strictObject({RoleName: iamName('RoleName'), PolicyName: iamName('PolicyName')})},
    {api: 'IAM.AttachRolePolicy', params: z.strictObject({RoleName: iamName('RoleName'), PolicyArn: policyArn})},
    {api: 'IAM.DetachRolePolicy', params: z.strictObject({RoleName: iamName('RoleName'), PolicyArn: policyArn})},
  ],
}
