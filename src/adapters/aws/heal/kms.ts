import {DisableKeyRotationCommand, EnableKeyRotationCommand, PutKeyPolicyCommand, TagResourceCommand, UntagResourceCommand, UpdateKeyDescriptionCommand} from '@aws-sdk/client-kms'

import {sendAsValidated} from './senders.js'
import type {HealExecutor} from './types.js'

/**
 * Tags, rotation on (heal), and what a revert adds: the description, the key policy put back whole (never with
 * BypassPolicyLockoutSafetyCheck, which its schema refuses), and rotation off (only through a revert, with
 * --approve-critical). Each goes to KMS as its schema let it through; DisableKeyRotation is no heal call, so a heal
 * never sends it whatever a saved plan says.
 */
export const keyExecutors: Record<string, HealExecutor> = sendAsValidated('KMS', 'kms', {
  TagResource: TagResourceCommand,
  UntagResource: UntagResourceCommand,
  EnableKeyRotation: EnableKeyRotationCommand,
  DisableKeyRotation: DisableKeyRotationCommand,
  UpdateKeyDescription: UpdateKeyDescriptionCommand,
  PutKeyPolicy: PutKeyPolicyCommand,
})
