import {TagResourceCommand, UntagResourceCommand, UpdateContinuousBackupsCommand, UpdateTableCommand} from '@aws-sdk/client-dynamodb'

import {sendAsValidated} from './senders.js'
import type {HealExecutor} from './types.js'

/**
 * Tags, and the two one-way hardening calls: their schemas (the table module) let through only
 * `PointInTimeRecoveryEnabled: true` and `DeletionProtectionEnabled: true`, and nothing else, so what is sent is that.
 */
export const tableExecutors: Record<string, HealExecutor> = sendAsValidated('DynamoDB', 'dynamodb', {
  TagResource: TagResourceCommand,
  UntagResource: UntagResourceCommand,
  UpdateContinuousBackups: UpdateContinuousBackupsCommand,
  UpdateTable: UpdateTableCommand,
})
