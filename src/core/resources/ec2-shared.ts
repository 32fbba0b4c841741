// What every EC2 type shares: how EC2 tags a resource (by its id), and the parameters of those calls.
import {z} from 'zod'

import {nonEmptyStrings, type TagApi, tagList, tagPairs} from './heal.js'

const TAG_NAMES = {key: 'Key', value: 'Value'}

export const ec2Tags: TagApi = {
  set: (id, tags) => ({api: 'EC2.CreateTags', params: {Resources: [id], Tags: tagPairs(tags)}}),
  // Tags: [{Key, Value}] on DeleteTags deletes the tag only if it still has that value; without Tags, DeleteTags
  // deletes every tag of the resource, which is why a remove is always built with explicit keys and the schema
  // refuses any other form.
  remove: (id, values) => ({api: 'EC2.DeleteTags', params: {Resources: [id], Tags: tagPairs(values)}}),
  target: (actual) => actual.physicalId,
  calls: [
    {api: 'EC2.CreateTags', params: z.strictObject({Resources: nonEmptyStrings('Resources'), Tags: tagList('Tags', TAG_NAMES, true)})},
    {api: 'EC2.DeleteTags', params: z.strictObject({Resources: nonEmptyStrings('Resources'), Tags: tagList('Tags', TAG_NAMES, false)})},
  ],
}
