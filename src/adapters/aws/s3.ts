import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  type S3Client,
  type Tag,
} from '@aws-sdk/client-s3'
import type {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'

import type {ActualResource} from '../../core/model.js'
import {bucketFromAws, type BucketSettings} from '../../core/resources/s3-bucket.js'
import {bucketPolicyFromAws} from '../../core/resources/s3-bucket-policy.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {readTagsByArn} from './cloudwatch.js'
import {orNull, type ReadOne} from './read-context.js'

/** ListBuckets MaxBuckets tops out at 10,000. */
export const S3_LIST_PAGE_SIZE = 10_000

/** Not found for one bucket (it was deleted between the list and the read). */
const NO_SUCH_BUCKET = ['NoSuchBucket', 'NotFound']

/** How each settings call says "this bucket has none": an answer (the property is absent), not a failure. */
const NOT_CONFIGURED = {
  publicAccessBlock: 'NoSuchPublicAccessBlockConfiguration',
  encryption: 'ServerSideEncryptionConfigurationNotFoundError',
  ownershipControls: 'OwnershipControlsNotFoundError',
  lifecycle: 'NoSuchLifecycleConfiguration',
  tagging: 'NoSuchTagSet',
  policy: 'NoSuchBucketPolicy',
} as const

const errorName = (error: unknown): string | undefined => (error as {name?: string; Code?: string}).name ?? (error as {Code?: string}).Code

/** The call's answer, or undefined when S3 answers with the "not configured" error `code`. */
async function unlessNotConfigured<T>(code: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read()
  } catch (error) {
    if (errorName(error) === code) return undefined
    throw error
  }
}

/** The five per-bucket settings calls (SPEC 9 budget: S3_BUCKET_CALLS_PER_BUCKET), in parallel under the run's bound. */
async function readBucketSettings(s3: S3Client, bucket: string, region: string, run: AwsCallRunner): Promise<BucketSettings> {
  const call = <T>(operation: string, send: () => Promise<T>) => run({service: 'S3', operation, region}, send)
  const [versioning, publicAccessBlock, encryption, ownershipControls, lifecycle] = await Promise.all([
    call('GetBucketVersioning', () => s3.send(new GetBucketVersioningCommand({Bucket: bucket}))),
    call('GetPublicAccessBlock', () => unlessNotConfigured(NOT_CONFIGURED.publicAccessBlock, () => s3.send(new GetPublicAccessBlockCommand({Bucket: bucket})))),
    call('GetBucketEncryption', () => unlessNotConfigured(NOT_CONFIGURED.encryption, () => s3.send(new GetBucketEncryptionCommand({Bucket: bucket})))),
    call('GetBucketOwnershipControls', () => unlessNotConfigured(NOT_CONFIGURED.ownershipControls, () => s3.send(new GetBucketOwnershipControlsCommand({Bucket: bucket})))),
    call('GetBucketLifecycleConfiguration', () => unlessNotConfigured(NOT_CONFIGURED.lifecycle, () => s3.send(new GetBucketLifecycleConfigurationCommand({Bucket: bucket})))),
  ])
  return {
    versioning,
    publicAccessBlock: publicAccessBlock?.PublicAccessBlockConfiguration,
    encryption: encryption?.ServerSideEncryptionConfiguration,
    ownershipControls: ownershipControls?.OwnershipControls,
    lifecycle,
  }
}

/** A bucket as ListBuckets and the tagging API show it: enough to decide whether a run needs it. */
export interface ListedBucket {
  name: string
  tags: Tag[] | undefined
}

/**
 * The buckets of one region, for the bucket and the bucket policy types alike (made once per region). S3 lists
 * buckets account-wide: ListBuckets with `BucketRegion` answers only this region's (each bucket's `BucketRegion` is
 * checked too, for a server that ignores the filter). Tags come in bulk from the tagging API. Cost: 2 walks.
 */
export async function listBuckets(s3: S3Client, tagging: ResourceGroupsTaggingAPIClient, region: string, run: AwsCallRunner): Promise<ListedBucket[]> {
  const [names, tagsByArn] = await Promise.all([
    run({service: 'S3', operation: 'ListBuckets', region}, async () => {
      const out: string[] = []
      for await (const page of paginateListBuckets({client: s3, pageSize: S3_LIST_PAGE_SIZE}, {BucketRegion: region})) {
        for (const bucket of page.Buckets ?? []) if (bucket.Name && (bucket.BucketRegion === undefined || bucket.BucketRegion === region)) out.push(bucket.Name)
      }

      return out
    }),
    readTagsByArn(tagging, region, 's3:bucket', run),
  ])
  const tagsOf = new Map<string, Tag[]>([...tagsByArn].map(([arn, tags]) => [arn.slice(arn.indexOf(':::') + 3), tags]))
  return names.map((name) => ({name, tags: tagsOf.get(name)}))
}

/**
 * The buckets of one region in full. The settings calls are made only for buckets the run wants (declared, or
 * extras inside the scope), decided from name and tags first. Cost: the shared list + 5 calls per wanted bucket.
 */
export async function readBuckets(s3: S3Client, listed: Promise<ListedBucket[]>, region: string, run: AwsCallRunner, wanted: (actual: ActualResource) => Promise<boolean>): Promise<ActualResource[]> {
  const read = await Promise.all(
    (await listed).map(async ({name, tags}) => {
      const listedBucket = bucketFromAws(name, region, tags, {})
      if (!(await wanted(listedBucket))) return undefined
      // A bucket deleted since the list is not there: no error, no resource.
      return orNull(NO_SUCH_BUCKET, async () => bucketFromAws(name, region, tags, await readBucketSettings(s3, name, region, run)))
    }),
  )
  return read.filter((bucket): bucket is ActualResource => bucket !== undefined && bucket !== null)
}

/** The policy of one bucket as S3 keeps it (JSON text), or undefined when the bucket has none. */
const readPolicyText = async (s3: S3Client, bucket: string, region: string, run: AwsCallRunner): Promise<string | undefined> =>
  run({service: 'S3', operation: 'GetBucketPolicy', region}, async () => (await unlessNotConfigured(NOT_CONFIGURED.policy, () => s3.send(new GetBucketPolicyCommand({Bucket: bucket}))))?.Policy)

/**
 * The bucket policies of one region: one GetBucketPolicy for each listed bucket whose policy the run wants (the
 * bucket of a declared policy, or a bucket inside the scope), decided from its name and tags. A bucket without a
 * policy (NoSuchBucketPolicy) or deleted since the list has none. Cost: the shared list + 1 call per wanted bucket.
 */
export async function readBucketPolicies(s3: S3Client, listed: Promise<ListedBucket[]>, region: string, run: AwsCallRunner, wanted: (actual: ActualResource) => Promise<boolean>): Promise<ActualResource[]> {
  const read = await Promise.all(
    (await listed).map(async ({name, tags}) => {
      if (!(await wanted(bucketPolicyFromAws(name, region, undefined, tags)))) return undefined
      const policy = await orNull(NO_SUCH_BUCKET, async () => (await readPolicyText(s3, name, region, run)) ?? null)
      return policy === null ? undefined : bucketPolicyFromAws(name, region, policy, tags)
    }),
  )
  return read.filter((policy): policy is ActualResource => policy !== undefined)
}

/** One bucket by name (heal checks and verification): its tags by GetBucketTagging, then the five settings calls. */
export const readBucket: ReadOne = (clients, name, region) =>
  orNull(NO_SUCH_BUCKET, async () => {
    const tagging = await awsCall({service: 'S3', operation: 'GetBucketTagging', region}, () =>
      unlessNotConfigured(NOT_CONFIGURED.tagging, () => clients.s3.send(new GetBucketTaggingCommand({Bucket: name}))),
    )
    return bucketFromAws(name, region, tagging?.TagSet, await readBucketSettings(clients.s3, name, region, awsCall))
  })

/** One bucket's policy by bucket name (heal checks and verification): GetBucketPolicy, and the bucket's tags for scope. */
export const readBucketPolicy: ReadOne = (clients, bucket, region) =>
  orNull(NO_SUCH_BUCKET, async () => {
    const policy = await readPolicyText(clients.s3, bucket, region, awsCall)
    if (policy === undefined) return null
    const tagging = await awsCall({service: 'S3', operation: 'GetBucketTagging', region}, () =>
      unlessNotConfigured(NOT_CONFIGURED.tagging, () => clients.s3.send(new GetBucketTaggingCommand({Bucket: bucket}))),
    )
    return bucketPolicyFromAws(bucket, region, policy, tagging?.TagSet)
  })
