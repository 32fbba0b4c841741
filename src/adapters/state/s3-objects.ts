// The few S3 calls the state backend makes, with its errors mapped once: `s3://bucket/key` URLs, a write that never
// replaces an object (If-None-Match: *), a plain write (reports, snapshots), listing, reading and deleting.

import {DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client} from '@aws-sdk/client-s3'

import {S3_BUCKET_NAME} from '../../config/state-schema.js'
import {terminalText} from '../../core/shared/untrusted-text.js'
import {isIalError, UsageError} from '../../errors.js'
import {toAwsError} from '../aws/errors.js'

export type S3Objects = Pick<S3Client, 'send'>

/** The state backend's bucket and key prefix (no slash at either end; '' for the root), and its region. */
export interface StateLocation {
  bucket: string
  prefix: string
  /** Read when a call is made: the runtime resolves it then, so a run that never touches the bucket needs none. */
  readonly region: string
}

/** `<prefix>/<name>/`, or `<name>/` at the bucket's root. */
export const statePrefix = (location: Pick<StateLocation, 'prefix'>, name: string): string => `${location.prefix ? `${location.prefix}/` : ''}${name}/`

export interface S3Location {
  bucket: string
  key: string
}

/** Whether a `--report`/`--out` value names an S3 object rather than a file. */
export const isS3Url = (text: string): boolean => /^s3:\/\//i.test(text)

/**
 * `s3://bucket/key` -> {bucket, key}. Anything else that starts with `s3://` is one usage error saying what is
 * wrong: no bucket, a bucket name S3 refuses, no key, a key that names a "folder" (ends in /).
 */
export function parseS3Url(text: string, flag: string): S3Location {
  const shown = terminalText(text)
  const bad = (why: string) => new UsageError(`${flag} ${shown} is not an S3 object URL: ${why}`, 'write s3://BUCKET/KEY, e.g. s3://acme-ialctl-state/reports/drift.json')
  const match = /^s3:\/\/([^/]*)\/?(.*)$/is.exec(text)
  if (!match) throw bad('it must start with s3://')
  const [, bucket = '', key = ''] = match
  if (bucket === '') throw bad('no bucket')
  if (!S3_BUCKET_NAME.test(bucket)) throw bad(`${terminalText(bucket)} is not a valid bucket name`)
  if (key === '') throw bad('no object key after the bucket')
  if (key.endsWith('/')) throw bad('the key ends with / (a folder, not an object)')
  if (Buffer.byteLength(key, 'utf8') > 1024) throw bad('the key is longer than 1024 bytes')
  // eslint-disable-next-line no-control-regex -- a control character in a key is never what was meant
  if (/[\u0000-\u001F\u007F]/.test(key)) throw bad('the key holds control characters')
  return {bucket, key}
}

export const s3Url = ({bucket, key}: S3Location): string => `s3://${bucket}/${key}`

/** Writes an object only if no object has that key: 'exists' when S3 answers 412 Precondition Failed. */
export async function putNewObject(client: S3Objects, where: S3Location, body: string, contentType: string, region: string): Promise<'written' | 'exists'> {
  try {
    await client.send(new PutObjectCommand({Bucket: where.bucket, Key: where.key, Body: body, ContentType: contentType, IfNoneMatch: '*'}))
    return 'written'
  } catch (error) {
    if (isPreconditionFailed(error)) return 'exists'
    throw s3Error(error, 'PutObject', region, where)
  }
}

/** Writes (or replaces) an object: a report or snapshot at the URL the person gave, as a file would be. */
export async function putObject(client: S3Objects, where: S3Location, body: string, contentType: string, region: string): Promise<void> {
  try {
    await client.send(new PutObjectCommand({Bucket: where.bucket, Key: where.key, Body: body, ContentType: contentType}))
  } catch (error) {
    throw s3Error(error, 'PutObject', region, where)
  }
}

/** The keys under a prefix, in key order (ListObjectsV2, 1000 per page), after `startAfter` when given. */
export async function listKeys(client: S3Objects, bucket: string, prefix: string, region: string, startAfter?: string): Promise<Array<{key: string; size: number}>> {
  const keys: Array<{key: string; size: number}> = []
  let token: string | undefined
  do {
    try {
      const page = await client.send(new ListObjectsV2Command({Bucket: bucket, Prefix: prefix, MaxKeys: 1000, ContinuationToken: token, ...(token || !startAfter ? {} : {StartAfter: startAfter})}))
      for (const object of page.Contents ?? []) if (object.Key) keys.push({key: object.Key, size: object.Size ?? 0})
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } catch (error) {
      throw s3Error(error, 'ListObjectsV2', region, {bucket, key: prefix})
    }
  } while (token)
  return keys
}

/** An object's text; null when it is gone (deleted between the listing and the read). */
export async function getText(client: S3Objects, where: S3Location, region: string): Promise<string | null> {
  try {
    const answer = await client.send(new GetObjectCommand({Bucket: where.bucket, Key: where.key}))
    return (await answer.Body?.transformToString('utf8')) ?? ''
  } catch (error) {
    if ((error as {name?: string}).name === 'NoSuchKey') return null
    throw s3Error(error, 'GetObject', region, where)
  }
}

/** Deletes keys, 1000 per DeleteObjects call; a key S3 could not delete is an error naming it. */
export async function deleteKeys(client: S3Objects, bucket: string, keys: string[], region: string): Promise<void> {
  for (let start = 0; start < keys.length; start += 1000) {
    const batch = keys.slice(start, start + 1000)
    let answer
    try {
      answer = await client.send(new DeleteObjectsCommand({Bucket: bucket, Delete: {Objects: batch.map((key) => ({Key: key})), Quiet: true}}))
    } catch (error) {
      throw s3Error(error, 'DeleteObjects', region, {bucket, key: batch[0]!})
    }

    const failed = answer.Errors?.[0]
    if (failed) throw toAwsError(Object.assign(new Error(failed.Message ?? 'not deleted'), {name: failed.Code ?? 'Error'}), {service: 'S3', operation: 'DeleteObject', region})
  }
}

const isPreconditionFailed = (error: unknown): boolean => {
  const failure = error as {name?: string; $metadata?: {httpStatusCode?: number}} | undefined
  return failure?.name === 'PreconditionFailed' || failure?.$metadata?.httpStatusCode === 412
}

/** A missing bucket is the config's (or the URL's) fault: exit 1; anything else from S3 is exit 3 naming the action. */
function s3Error(error: unknown, operation: string, region: string, where: S3Location): Error {
  if (isIalError(error)) return error
  if ((error as {name?: string}).name === 'NoSuchBucket') {
    return new UsageError(`the S3 bucket ${where.bucket} does not exist (${s3Url(where)})`, 'create it, or fix state.bucket / the s3:// URL', {cause: error})
  }

  return toAwsError(error, {service: 'S3', operation: IAM_ACTION[operation] ?? operation, region})
}

/** Calls authorised by an IAM action of another name. */
const IAM_ACTION: Record<string, string> = {ListObjectsV2: 'ListBucket', DeleteObjects: 'DeleteObject'}
