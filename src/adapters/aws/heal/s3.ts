import {
  DeleteBucketLifecycleCommand,
  DeleteBucketTaggingCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  type PutBucketLifecycleConfigurationCommandInput,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3'

import {awsCall} from '../call.js'
import {sendAsValidated} from './senders.js'
import type {HealExecutor} from './types.js'

// The module's schemas have checked the params: all four public access settings true, versioning Enabled, a
// non-empty tag set; for drift revert, one encryption rule that keeps encryption on, one ownership rule, a whole
// lifecycle rule set. The SDK computes the Content-MD5/checksum these PUT calls require.
export const bucketExecutors = {
  ...sendAsValidated('S3', 's3', {
    PutBucketTagging: PutBucketTaggingCommand,
    DeleteBucketTagging: DeleteBucketTaggingCommand,
    PutPublicAccessBlock: PutPublicAccessBlockCommand,
    PutBucketVersioning: PutBucketVersioningCommand,
    PutBucketEncryption: PutBucketEncryptionCommand,
    PutBucketOwnershipControls: PutBucketOwnershipControlsCommand,
    DeleteBucketLifecycle: DeleteBucketLifecycleCommand,
  }),
  'S3.PutBucketLifecycleConfiguration': putLifecycle,
}

/** A lifecycle date travels in a plan as ISO text (plans are JSON); the SDK serialises only a Date. */
const asDates = <T extends {Date?: Date}>(value: T): T => (typeof (value.Date as unknown) === 'string' ? {...value, Date: new Date(value.Date as unknown as string)} : value)

async function putLifecycle(...[clients, params, region]: Parameters<HealExecutor>): Promise<void> {
  const input = params as unknown as PutBucketLifecycleConfigurationCommandInput
  const Rules = (input.LifecycleConfiguration?.Rules ?? []).map((rule) => ({
    ...rule,
    ...(rule.Expiration ? {Expiration: asDates(rule.Expiration)} : {}),
    ...(rule.Transitions ? {Transitions: rule.Transitions.map((transition) => asDates(transition))} : {}),
  }))
  await awsCall({service: 'S3', operation: 'PutBucketLifecycleConfiguration', region}, () => clients.s3.send(new PutBucketLifecycleConfigurationCommand({...input, LifecycleConfiguration: {Rules}})))
}

// The bucket policy's revert: the module's schema has checked the document (JSON text with a Statement, 20 KB at most).
export const bucketPolicyExecutors = sendAsValidated('S3', 's3', {PutBucketPolicy: PutBucketPolicyCommand})
