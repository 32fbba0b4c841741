import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
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

/**
 * The buckets of one region. S3 lists buckets account-wide: ListBuckets with `BucketRegion` answers only this
 * region's (each bucket's `BucketRegion` is checked too, for a server that ignores the filter). Tags come in bulk
 * from the tagging API; the settings calls are made only for buckets the run wants (declared, or extras inside
 * the scope), decided from name and tags first. Cost: 2 walks per region + 5 calls per wanted bucket.
 */
export async function readBuckets(
  s3: S3Client,
  tagging: ResourceGroupsTaggingAPIClient,
  region: string,
  run: AwsCallRunner,
  wanted: (actual: ActualResource) => Promise<boolean>,
): Promise<ActualResource[]> {
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
  const read = await Promise.all(
    names.map(async (name) => {
      const listed = bucketFromAws(name, region, tagsOf.get(name), {})
      if (!(await wanted(listed))) return undefined
      // A bucket deleted since the list is not there: no error, no resource.
      return orNull(NO_SUCH_BUCKET, async () => bucketFromAws(name, region, tagsOf.get(name), await readBucketSettings(s3, name, region, run)))
    }),
  )
  return read.filter((bucket): bucket is ActualResource => bucket !== undefined && bucket !== null)
}

/** One bucket by name (heal checks and verification): its tags by GetBucketTagging, then the five settings calls. */
export const readBucket: ReadOne = (clients, name, region) =>
  orNull(NO_SUCH_BUCKET, async () => {
    const tagging = await awsCall({service: 'S3', operation: 'GetBucketTagging', region}, () =>
      unlessNotConfigured(NOT_CONFIGURED.tagging, () => clients.s3.send(new GetBucketTaggingCommand({Bucket: name}))),
    )
    return bucketFromAws(name, region, tagging?.TagSet, await readBucketSettings(clients.s3, name, region, awsCall))
  })
