import {
  DeleteBucketTaggingCommand,
  PutBucketTaggingCommand,
  type PutBucketTaggingCommandInput,
  PutBucketVersioningCommand,
  type PutBucketVersioningCommandInput,
  PutPublicAccessBlockCommand,
  type PutPublicAccessBlockCommandInput,
} from '@aws-sdk/client-s3'

import {awsCall} from '../call.js'
import type {HealExecutor} from './types.js'

// The senders only move validated params into the command (executeHealCall has checked them against the module's
// schemas: all four public access settings true, versioning Enabled, a non-empty tag set). The SDK computes the
// Content-MD5/checksum these PUT calls require.
export const bucketExecutors: Record<string, HealExecutor> = {
  async 'S3.PutBucketTagging'(clients, params, region) {
    const input = params as unknown as PutBucketTaggingCommandInput
    await awsCall({service: 'S3', operation: 'PutBucketTagging', region}, () => clients.s3.send(new PutBucketTaggingCommand(input)))
  },

  async 'S3.DeleteBucketTagging'(clients, params, region) {
    const {Bucket} = params as {Bucket: string}
    await awsCall({service: 'S3', operation: 'DeleteBucketTagging', region}, () => clients.s3.send(new DeleteBucketTaggingCommand({Bucket})))
  },

  async 'S3.PutPublicAccessBlock'(clients, params, region) {
    const input = params as unknown as PutPublicAccessBlockCommandInput
    await awsCall({service: 'S3', operation: 'PutPublicAccessBlock', region}, () => clients.s3.send(new PutPublicAccessBlockCommand(input)))
  },

  async 'S3.PutBucketVersioning'(clients, params, region) {
    const input = params as unknown as PutBucketVersioningCommandInput
    await awsCall({service: 'S3', operation: 'PutBucketVersioning', region}, () => clients.s3.send(new PutBucketVersioningCommand(input)))
  },
}
