import type {Tag} from '@aws-sdk/client-s3'
import {z} from 'zod'

import type {ActualResource} from '../model.js'
import {parsePolicyDocument} from '../diff/policy-document.js'
import {actualResource, tagMap} from './aws-shape.js'
import {nonEmptyString, type TagApi} from './heal.js'
import {wholePolicyRevert} from './policy-revert.js'
import {cloudFormationKey, critical, type ResourceTypeModule, str} from './types.js'

// Reading cost (SPEC 9; `npm run bench` checks it): no list call of its own (the buckets are the ones the bucket
// type lists, ListBuckets and tags from the tagging API, made once per region for both types), then one
// GetBucketPolicy per bucket the run needs: the bucket of a declared policy, and each bucket inside the scope (whose
// policy may be an extra). S3 has no batch form; a bucket without a policy answers NoSuchBucketPolicy, no resource.

const POLICY_DOCUMENT = '/PolicyDocument'

const WHO_MAY_READ_A_BUCKET = 'who may read or write a bucket is a security decision for a person (revert or reverse-sync it)'

/**
 * A bucket policy has no tags of its own (CloudFormation's type has no Tags property): its `tags` are its bucket's,
 * read with the bucket, so that the extra-resource scope treats a policy as it treats the bucket it is on. They are
 * never compared (the type has no Tags to compare) nor healed: there is no call to heal them with.
 */
const noTags: TagApi = {
  target: () => undefined,
  calls: [],
  set: () => {
    throw new Error('AWS::S3::BucketPolicy has no tags of its own')
  },
  remove: () => {
    throw new Error('AWS::S3::BucketPolicy has no tags of its own')
  },
}

/** S3's limit on a bucket policy's size (20 KB). */
const MAX_POLICY_BYTES = 20 * 1024

/** A policy document as JSON text, the way PutBucketPolicy takes it: an object with a Statement, at most 20 KB. */
const policyText = nonEmptyString('Policy')
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_POLICY_BYTES, `Policy must be at most ${MAX_POLICY_BYTES} bytes (S3's limit)`)
  .refine((value) => {
    try {
      const parsed = JSON.parse(value) as unknown
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'Statement' in parsed
    } catch {
      return false
    }
  }, 'Policy must be a policy document as JSON text (an object with a Statement)')

/**
 * `drift revert` puts the declared document back whole with PutBucketPolicy (S3 takes a whole document; the diff shows
 * it statement by statement, so the value written is Git's whole value, `declared`, never one pieced together from
 * differences or taken from a saved plan). Narrowing AWS's policy back to Git's is a plain revert (critical: approved
 * on a terminal or with --approve-critical); a declared document that allows anything AWS's does not, or drops one of
 * its Deny statements, weakens access although Git says so: --approve-critical, prompt or not. The rollback writes
 * AWS's document as read. A policy removed by hand is a missing resource: a revert never creates one.
 */
const policyRevert = wholePolicyRevert({
  path: POLICY_DOCUMENT,
  names: {declared: 'document', aws: 'policy', widened: 'a bucket policy'},
  put: (actual, document) => ({api: 'S3.PutBucketPolicy', params: {Bucket: actual.physicalId, Policy: JSON.stringify(document)}}),
  call: {api: 'S3.PutBucketPolicy', params: z.strictObject({Bucket: nonEmptyString('Bucket'), Policy: policyText})},
})

export const s3BucketPolicy: ResourceTypeModule = {
  type: 'AWS::S3::BucketPolicy',
  service: 's3',
  readBudget: {
    fixedCalls: 0,
    callsPerResource: 1,
    basis: "the bucket type's list (ListBuckets and tags, shared), then one GetBucketPolicy per declared policy's bucket and per in-scope bucket: S3 has no batch form",
  },
  // Identity: the bucket it is on (one policy per bucket; `!Ref` of a bucket is its name). CloudFormation does not
  // tag a policy, so its own stack tags never name one.
  actualKeys: (actual) => [`bucket:${actual.physicalId}`],
  desiredKeys: ({logicalId, stackName, properties}) => [...(str(properties.Bucket) ? [`bucket:${str(properties.Bucket)}`] : []), cloudFormationKey(stackName, logicalId)],
  setPaths: [],
  arnOrNamePaths: [],
  policyPaths: [POLICY_DOCUMENT],
  notReturnedPaths: [],
  // A widened Principal ("*"), Action or Resource, or a Deny dropped, is exposure.
  ratings: [critical(POLICY_DOCUMENT)],
  neverHealed: {[POLICY_DOCUMENT]: WHO_MAY_READ_A_BUCKET},
  revert: policyRevert,
  neverReverted: {'/Bucket': 'a policy is on one bucket: moving it is a new resource'},
  tags: noTags,
  awsDefaults: {},
  displayName: (actual) => actual.physicalId,
  // Its physical id is its bucket's name, which an extra bucket of the same name has as its id already.
  extraId: (actual) => `${actual.physicalId}#policy`,
}

/**
 * GetBucketPolicy (JSON text) on `bucket` -> CloudFormation `AWS::S3::BucketPolicy`; `!Ref` is the bucket name. The
 * bucket's tags decide its scope. `policy` undefined: the policy as the bucket list shows it, before it is read.
 */
export function bucketPolicyFromAws(bucket: string, region: string, policy: string | undefined, bucketTags: readonly Tag[] | undefined): ActualResource {
  return actualResource({
    type: s3BucketPolicy.type,
    region,
    physicalId: bucket,
    properties: {
      Bucket: bucket,
      // Kept as text when it is not a JSON object (never seen from S3): the comparison then reports it as not equal.
      PolicyDocument: parsePolicyDocument(policy) ?? policy,
    },
    tags: tagMap(bucketTags),
    attributes: {},
  })
}
