// What the three Elastic Load Balancing v2 types share: identity by name (load balancer and target group), tags
// (one AddTags/RemoveTags pair for every ELBv2 ARN), the `{Key, Value}` attribute lists, and the human form of an
// attribute. Pure.
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {arnOf, nonEmptyString, type TagApi, tagKeyList, tagList, tagPairs} from './heal.js'
import {str} from './types.js'

/** Identity key of a load balancer or target group name (unique per region and account, as AWS enforces). */
export const elbv2NameKey = (value: unknown): string[] => {
  const name = str(value)
  return name ? [`name:${name}`] : []
}

/** AddTags / RemoveTags take a list of ARNs; a heal addresses exactly one resource. */
const oneArn = z.tuple([nonEmptyString('ResourceArns').refine((arn) => arn.startsWith('arn:'), 'ResourceArns must hold one full ARN')], {
  errorMap: () => ({message: 'ResourceArns must hold exactly one ARN'}),
})

export const elbv2Tags: TagApi = {
  set: (arn, tags) => ({api: 'ELBv2.AddTags', params: {ResourceArns: [arn], Tags: tagPairs(tags)}}),
  remove: (arn, values) => ({api: 'ELBv2.RemoveTags', params: {ResourceArns: [arn], TagKeys: Object.keys(values)}}),
  target: arnOf,
  calls: [
    {api: 'ELBv2.AddTags', params: z.strictObject({ResourceArns: oneArn, Tags: tagList('Tags', {key: 'Key', value: 'Value'}, true)})},
    {api: 'ELBv2.RemoveTags', params: z.strictObject({ResourceArns: oneArn, TagKeys: tagKeyList('TagKeys')})},
  ],
}

/** An attribute list as AWS answers it (`[{Key, Value}]`, every key), in CloudFormation's shape. */
export const attributeList = (attributes: ReadonlyArray<{Key?: string; Value?: string}> | undefined): Array<{Key: string; Value: string}> | undefined =>
  attributes?.flatMap((attribute) => (attribute.Key === undefined ? [] : [{Key: attribute.Key, Value: attribute.Value ?? ''}]))

/** The value of one attribute key in a resource as read (`deletion_protection.enabled` -> `'false'`). */
export function attributeValue(actual: ActualResource, path: string, key: string): string | undefined {
  const list = actual.properties[path.slice(1)]
  if (!Array.isArray(list)) return undefined
  const found = (list as Array<{Key?: unknown; Value?: unknown}>).find((attribute) => attribute?.Key === key)
  return found === undefined ? undefined : String(found.Value)
}

/** `{Key: 'deletion_protection.enabled', Value: 'false'}` reads `deletion_protection.enabled=false`. */
export function describeAttribute(listPath: string, path: string, value: unknown): string | undefined {
  if (!new RegExp(`^${listPath}/\\d+$`).test(path) || value === null || typeof value !== 'object') return undefined
  const {Key, Value} = value as {Key?: unknown; Value?: unknown}
  return typeof Key === 'string' && (typeof Value === 'string' || typeof Value === 'number' || typeof Value === 'boolean') ? `${Key}=${String(Value)}` : undefined
}

/** A load balancer or target group name from its ARN (`.../app/alb-web-prod/50dc6c495c0c9188` -> `alb-web-prod`). */
export function elbv2NameFromArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined
  const resource = arn.split(':').slice(5).join(':')
  const parts = resource.split('/')
  // loadbalancer/app/NAME/ID, targetgroup/NAME/ID
  return parts[0] === 'loadbalancer' ? parts[2] : parts[0] === 'targetgroup' ? parts[1] : undefined
}
