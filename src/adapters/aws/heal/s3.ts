import {DeleteBucketTaggingCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand} from '@aws-sdk/client-s3'

import {sendAsValidated} from './senders.js'

// The module's schemas have checked the params: all four public access settings true, versioning Enabled, a
// non-empty tag set. The SDK computes the Content-MD5/checksum these PUT calls require.
export const bucketExecutors = sendAsValidated('S3', 's3', {
  PutBucketTagging: PutBucketTaggingCommand,
  DeleteBucketTagging: DeleteBucketTaggingCommand,
  PutPublicAccessBlock: PutPublicAccessBlockCommand,
  PutBucketVersioning: PutBucketVersioningCommand,
})

// The bucket policy's revert: the module's schema has checked the document (JSON text with a Statement, 20 KB at most).
export const bucketPolicyExecutors = sendAsValidated('S3', 's3', {PutBucketPolicy: PutBucketPolicyCommand})
