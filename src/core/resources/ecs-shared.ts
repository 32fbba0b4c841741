// What every ECS type shares: how ECS tags a resource (by its full ARN), and the parameters of those calls.
import {z} from 'zod'

import {arnOf, arnString, type TagApi, tagKeyList, tagList, tagPairs} from './heal.js'

export const ecsTags: TagApi = {
  set: (arn, tags) => ({api: 'ECS.TagResource', params: {resourceArn: arn, tags: tagPairs(tags, 'key', 'value')}}),
  remove: (arn, values) => ({api: 'ECS.UntagResource', params: {resourceArn: arn, tagKeys: Object.keys(values)}}),
  target: arnOf,
  calls: [
    // ECS tags only an ARN (a short name is rejected, and an old-format service ARN cannot carry tags).
    {api: 'ECS.TagResource', params: z.strictObject({resourceArn: arnString('resourceArn'), tags: tagList('tags', {key: 'key', value: 'value'}, true)})},
    {api: 'ECS.UntagResource', params: z.strictObject({resourceArn: arnString('resourceArn'), tagKeys: tagKeyList('tagKeys')})},
  ],
}
