// `drift revert` of an ELBv2 attribute list (a load balancer's LoadBalancerAttributes, a target group's
// TargetGroupAttributes): the declared keys that differ, written back by one Modify*Attributes call that names only
// those keys, and rolled back with the values read. Pure.
import {z} from 'zod'

import type {ActualResource, Difference} from '../model.js'
import {type HealApiCall, type HealChange, holdsIntrinsic, nonEmptyString, type PropertyRevert, refuse} from './heal.js'

export interface Attribute {
  Key: string
  Value: string
}

/** What an attribute list's revert needs to know about its resource type. */
export interface AttributesRevertSpec {
  /** The list property, `/LoadBalancerAttributes`. */
  path: string
  /** `ELBv2.ModifyLoadBalancerAttributes`. */
  api: string
  /** The call's resource parameter, `LoadBalancerArn`. */
  arnParam: string
  /** What a full ARN of the resource holds (`:loadbalancer/`). */
  arnPart: string
  /** The one attribute a rollback never puts back as read, and the value it keeps instead (protection stays on). */
  keptOnRollback?: Attribute
  /** Attributes whose value the call never writes, with why (the schema refuses them too). */
  neverWritten?: ReadonlyArray<{attribute: Attribute; reason: string}>
  /** Why writing `key` from `from` to `to` weakens security, or undefined. */
  weakens?: (key: string, from: string, to: string) => string | undefined
}

/** AWS's attribute keys are dotted lower-case words (`routing.http2.enabled`); anything else is not one. */
const ATTRIBUTE_KEY = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/

/** Modify*Attributes takes at most 20 attributes a call (Elastic Load Balancing API reference). */
const MAX_ATTRIBUTES = 20

const plainValue = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined)

const asAttribute = (element: unknown): Attribute | undefined => {
  if (element === null || typeof element !== 'object') return undefined
  const {Key, Value} = element as {Key?: unknown; Value?: unknown}
  const value = plainValue(Value)
  return typeof Key === 'string' && ATTRIBUTE_KEY.test(Key) && value !== undefined ? {Key, Value: value} : undefined
}

export const isAttributeList = (value: unknown): value is Attribute[] => Array.isArray(value) && value.every((element) => asAttribute(element) !== undefined)

/**
 * The revert of one attribute list. A drifted key comes as the whole element at the template's position
 * (`/LoadBalancerAttributes/1`, declared `{Key, Value}` against AWS's); the change carries only those keys: `to`
 * with the declared values, `from` with AWS's, so that the call never writes a key the template does not set.
 */
export function attributesRevert(spec: AttributesRevertSpec): PropertyRevert {
  const {path, api, arnParam, arnPart} = spec
  const refusedValue = (attribute: Attribute) => spec.neverWritten?.find((never) => never.attribute.Key === attribute.Key && never.attribute.Value === attribute.Value.toLowerCase())
  const message = `Attributes must list 1 to ${MAX_ATTRIBUTES} attributes, each a Key and a string Value, every key once`
  const only = {errorMap: () => ({message})}
  const attribute = z.strictObject({Key: z.string(only).regex(ATTRIBUTE_KEY, message), Value: z.string(only)}, only)
  const call = {
    api,
    params: z.strictObject({
      [arnParam]: nonEmptyString(arnParam).refine((arn) => arn.startsWith('arn:') && arn.includes(arnPart), `${arnParam} must be a full ARN`),
      Attributes: z
        .array(attribute, only)
        .min(1, message)
        .max(MAX_ATTRIBUTES, message)
        .refine((list) => new Set(list.map((one) => one.Key)).size === list.length, message)
        .superRefine((list, context) => {
          for (const one of list) {
            const never = refusedValue(one)
            if (never) context.addIssue({code: z.ZodIssueCode.custom, message: `Attributes may not set ${one.Key}=${one.Value}: ${never.reason}`})
          }
        }),
    }),
  }

  return {
    paths: [path],
    restartPaths: [],
    calls: [call],
    changeOf: (actual, changePath, differences) => attributeChange(actual, changePath, differences),
    build(actual, changes) {
      const change = changes[0]
      if (!isAttributeList(change.to) || !isAttributeList(change.from) || change.to.length === 0) return refuse(`${path}: only declared keys with plain values are reverted`)
      if (change.to.length > MAX_ATTRIBUTES) return refuse(`${path}: more than ${MAX_ATTRIBUTES} attributes differ; revert them by hand`)
      const arn = actual.arn ?? actual.physicalId
      const write = (attributes: Attribute[]): HealApiCall => ({api, params: {[arnParam]: arn, Attributes: attributes}})
      // What a rollback never undoes (protection turned back on stays on): it asks for what is there instead.
      const kept = spec.keptOnRollback
      const rollback = change.from.map((one) => (kept && one.Key === kept.Key ? kept : one))
      return {ok: true, actions: [{...write(change.to), rollback: write(rollback)}]}
    },
    weakens(change) {
      if (!spec.weakens || !isAttributeList(change.to) || !isAttributeList(change.from)) return undefined
      const before = new Map(change.from.map((one) => [one.Key, one.Value]))
      const reasons = change.to.flatMap((one) => spec.weakens?.(one.Key, before.get(one.Key) ?? '', one.Value) ?? [])
      return reasons.length > 0 ? reasons.join('; ') : undefined
    },
    never(change) {
      if (change.path !== path || !isAttributeList(change.to)) return undefined
      const reasons = change.to.flatMap((one) => refusedValue(one)?.reason ?? [])
      return reasons.length > 0 ? reasons.join('; ') : undefined
    },
  }

  /** The declared keys that differ, as `{to, from}` attribute lists, or why they cannot be put back. */
  function attributeChange(actual: ActualResource, changePath: string, differences: readonly Difference[]): HealChange | string {
    const to: Attribute[] = []
    const from: Attribute[] = []
    for (const difference of differences) {
      if (!new RegExp(`^${changePath}/\\d+$`).test(difference.path)) return `${difference.path}: only whole attributes ({Key, Value}) are reverted`
      if (holdsIntrinsic(difference.expected)) return `${changePath}: the declared value could not be resolved`
      const declared = asAttribute(difference.expected)
      if (!declared) return `${difference.path}: the declared attribute is not a Key with a plain value`
      const read = asAttribute(difference.actual)
      if (!read || read.Key !== declared.Key) return `${difference.path}: AWS did not answer ${declared.Key} for this ${noun(actual)}, so there is nothing to put back on rollback`
      to.push(declared)
      from.push(read)
    }

    return {path: changePath, from, to}
  }
}

const noun = (actual: ActualResource) => (actual.type.endsWith('TargetGroup') ? 'target group' : 'load balancer')
