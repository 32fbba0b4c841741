import {
  AttachRolePolicyCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'

import {sendAsValidated} from './senders.js'

export const roleTagExecutors = sendAsValidated('IAM', 'iam', {TagRole: TagRoleCommand, UntagRole: UntagRoleCommand})

/** A revert's calls on a role's permissions (iam-role-revert.ts): sent as their schemas let them through. */
export const rolePermissionExecutors = sendAsValidated('IAM', 'iam', {
  UpdateAssumeRolePolicy: UpdateAssumeRolePolicyCommand,
  PutRolePolicy: PutRolePolicyCommand,
  DeleteRolePolicy: DeleteRolePolicyCommand,
  AttachRolePolicy: AttachRolePolicyCommand,
  DetachRolePolicy: DetachRolePolicyCommand,
})
