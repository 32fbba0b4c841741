import {
  AttachRolePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  paginateListPolicyVersions,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam'

import {awsCall} from '../call.js'
import {sendAsValidated} from './senders.js'
import {type HealExecutor, UnsafeHealCallError} from './types.js'

export const roleTagExecutors = sendAsValidated('IAM', 'iam', {TagRole: TagRoleCommand, UntagRole: UntagRoleCommand})

/** A revert's calls on a role's permissions and settings (iam-role-revert.ts, iam-role-settings-revert.ts): sent as their schemas let them through. */
export const rolePermissionExecutors = sendAsValidated('IAM', 'iam', {
  UpdateRole: UpdateRoleCommand,
  UpdateAssumeRolePolicy: UpdateAssumeRolePolicyCommand,
  PutRolePolicy: PutRolePolicyCommand,
  DeleteRolePolicy: DeleteRolePolicyCommand,
  AttachRolePolicy: AttachRolePolicyCommand,
  DetachRolePolicy: DetachRolePolicyCommand,
})

export const policyExecutors = sendAsValidated('IAM', 'iam', {TagPolicy: TagPolicyCommand, UntagPolicy: UntagPolicyCommand, SetDefaultPolicyVersion: SetDefaultPolicyVersionCommand})

/**
 * CreatePolicyVersion as the default, after deleting the non-default version the plan names when IAM holds its five
 * versions (iam-managed-policy.ts). The versions are read again first: a named version that became the default is
 * never deleted (refused), one already gone or a policy with room is left alone.
 */
const createPolicyVersion: HealExecutor = async (clients, params, region) => {
  const {DeleteNonDefaultVersionFirst: spare, ...create} = params as {PolicyArn: string; PolicyDocument: string; SetAsDefault: true; DeleteNonDefaultVersionFirst?: string}
  const call = <T>(operation: string, send: () => Promise<T>) => awsCall({service: 'IAM', operation, region}, send)
  if (spare) {
    const versions = await call('ListPolicyVersions', async () => {
      const out = []
      for await (const page of paginateListPolicyVersions({client: clients.iam}, {PolicyArn: create.PolicyArn})) out.push(...(page.Versions ?? []))
      return out
    })
    const named = versions.find((version) => version.VersionId === spare)
    if (named?.IsDefaultVersion) throw new UnsafeHealCallError(`refusing IAM.CreatePolicyVersion: ${spare} is the default version of ${create.PolicyArn} now, and a revert deletes only a version nobody uses`, 'plan again with ialctl drift plan --revert')
    if (named && versions.length >= 5) await call('DeletePolicyVersion', () => clients.iam.send(new DeletePolicyVersionCommand({PolicyArn: create.PolicyArn, VersionId: spare})))
  }

  await call('CreatePolicyVersion', () => clients.iam.send(new CreatePolicyVersionCommand(create)))
}

export const policyVersionExecutors: Record<string, HealExecutor> = {'IAM.CreatePolicyVersion': createPolicyVersion}
