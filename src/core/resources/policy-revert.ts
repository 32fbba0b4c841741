import {grantsBeyond, parsePolicyDocument} from '../diff/policy-document.js'
import {findUnresolved} from '../diff/resolve.js'
import type {ActualResource} from '../model.js'
import {type HealApiCall, type HealCall, type HealChange, type PropertyRevert, refuse} from './heal.js'

/**
 * The change that puts a declared policy document back whole: Git's whole value (`declared`, resolved), never one
 * pieced together from differences or taken from a saved plan. `name` is how messages call it ("policy", "document").
 */
export function declaredPolicyChange(path: string, declared: unknown, from: unknown, name: string): HealChange | string {
  if (declared === undefined || declared === null) return `${path}: the declared ${name} is not known, so it cannot be written whole`
  const unresolved = findUnresolved(declared)
  if (unresolved) return `${path}: the declared ${name} could not be resolved (${unresolved.reason})`
  const to = parsePolicyDocument(JSON.parse(JSON.stringify(declared)) as unknown)
  return to ? {path, from, to} : `${path}: the declared value is not a policy document`
}

/** Why putting `change.to` back weakens access although Git says so: it allows what AWS's document does not now. */
export function policyWeakening(change: HealChange, what: string): string | undefined {
  const wider = grantsBeyond(change.to, change.from)
  return wider.length > 0 ? `puts back ${what} that allows more than AWS's now (${wider.join(', ')})` : undefined
}

export interface WholePolicyRevert {
  /** The property holding the document (`/KeyPolicy`, `/PolicyDocument`). */
  path: string
  /** How messages call the declared value, AWS's value and what a widened one is: "policy", "key policy", "a key policy". */
  names: {declared: string; aws: string; widened: string}
  /** The call that writes `document` as the resource's whole policy. */
  put(actual: ActualResource, document: Record<string, unknown>): HealApiCall
  call: HealCall
}

/**
 * A policy a service takes whole in one call (a KMS key policy, an S3 bucket policy): `drift revert` writes Git's
 * document, the rollback AWS's as read. Narrowing AWS's policy back to Git's is a plain revert; a declared document
 * that allows anything AWS's does not (or drops one of its Deny statements) needs --approve-critical.
 */
export function wholePolicyRevert({path, names, put, call}: WholePolicyRevert): PropertyRevert {
  return {
    paths: [path],
    restartPaths: [],
    changeOf: (actual, changed, _differences, declared) => declaredPolicyChange(changed, declared, actual.properties[path.slice(1)], names.declared),
    build(actual, changes) {
      const [change] = changes
      const [to, from] = [parsePolicyDocument(change?.to), parsePolicyDocument(change?.from)]
      if (!change || changes.length !== 1 || change.path !== path || !to) return refuse(`only ${path} is put back, whole`)
      if (!from) return refuse(`${path}: AWS's ${names.aws} could not be read, so it could not be put back if the revert failed`)
      return {ok: true, actions: [{...put(actual, to), rollback: put(actual, from)}]}
    },
    weakens: (change) => policyWeakening(change, names.widened),
    calls: [call],
  }
}
