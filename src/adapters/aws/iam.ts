import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  type ManagedPolicyDetail,
  paginateGetAccountAuthorizationDetails,
  paginateListAttachedRolePolicies,
  paginateListEntitiesForPolicy,
  paginateListPolicyVersions,
  paginateListRolePolicies,
  paginateListRoles,
  type PolicyVersion,
  type Role,
  type RoleDetail,
} from '@aws-sdk/client-iam'

import type {ActualResource} from '../../core/model.js'
import {managedPolicyFromAws} from '../../core/resources/iam-managed-policy.js'
import {isAwsOwnedRole, roleFromAws} from '../../core/resources/iam-role.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {orNull, type ReadOne} from './read-context.js'

/** GetAccountAuthorizationDetails, ListRoles and the per-role list calls all take MaxItems up to 1000. */
export const IAM_PAGE_SIZE = 1000

/** How IAM says "no such role" (the SDK's exception name, and the API's error code). */
const NOT_FOUND = ['NoSuchEntityException', 'NoSuchEntity']

interface AuthorizationDetails {
  roles: RoleDetail[]
  policies: ManagedPolicyDetail[]
}

/**
 * Reads IAM once per account (IAM is global: the types are `global`, so this runs for one region only).
 *
 * Call budget: GetAccountAuthorizationDetails (Role + LocalManagedPolicy) answers every role with its trust policy,
 * inline and attached policies and tags, and every customer managed policy with its versions' documents, up to
 * 1,000 items per page; ListRoles adds MaxSessionDuration and Description, 1,000 roles per page. About two calls
 * per 1,000 roles and policies, and no call per resource.
 */
export class IamReader {
  private details?: Promise<AuthorizationDetails>
  private listed?: Promise<Map<string, Role>>

  constructor(
    private readonly iam: IAMClient,
    private readonly region: string,
    private readonly run: AwsCallRunner = awsCall,
  ) {}

  private authorizationDetails(): Promise<AuthorizationDetails> {
    this.details ??= this.run({service: 'IAM', operation: 'GetAccountAuthorizationDetails', region: this.region}, async () => {
      const out: AuthorizationDetails = {roles: [], policies: []}
      const pages = paginateGetAccountAuthorizationDetails({client: this.iam, pageSize: IAM_PAGE_SIZE}, {Filter: ['Role', 'LocalManagedPolicy']})
      for await (const page of pages) {
        out.roles.push(...(page.RoleDetailList ?? []))
        out.policies.push(...(page.Policies ?? []))
      }

      return out
    })
    return this.details
  }

  private listedRoles(): Promise<Map<string, Role>> {
    this.listed ??= this.run({service: 'IAM', operation: 'ListRoles', region: this.region}, async () => {
      const byName = new Map<string, Role>()
      for await (const page of paginateListRoles({client: this.iam, pageSize: IAM_PAGE_SIZE}, {})) {
        for (const role of page.Roles ?? []) if (role.RoleName) byName.set(role.RoleName, role)
      }

      return byName
    })
    return this.listed
  }

  /**
   * Every customer managed policy (the LocalManagedPolicy filter leaves AWS-managed ones out: never extras), with
   * the roles it is attached to, from the same call's role details: no call of its own.
   */
  async readManagedPolicies(): Promise<ActualResource[]> {
    const {roles, policies} = await this.authorizationDetails()
    const attachedTo = new Map<string, string[]>()
    for (const role of roles) {
      for (const policy of role.AttachedManagedPolicies ?? []) if (policy.PolicyArn && role.RoleName) attachedTo.set(policy.PolicyArn, [...(attachedTo.get(policy.PolicyArn) ?? []), role.RoleName])
    }

    return policies.filter((policy) => policy.Arn).map((policy) => managedPolicyFromAws(policy, attachedTo.get(policy.Arn!) ?? [], this.region))
  }

  /** Every role the account's owner made (AWS's own roles left out: they are never extras). */
  async readRoles(): Promise<ActualResource[]> {
    const [{roles}, listed] = await Promise.all([this.authorizationDetails(), this.listedRoles()])
    return roles.filter((role) => !isAwsOwnedRole(role.Path)).map((role) => roleFromAws(role, listed.get(role.RoleName ?? ''), this.region))
  }
}

/**
 * One role by name: GetRole (trust policy, tags, boundary, session duration), its attached policies, and each
 * inline policy's document, so that the result maps exactly as the snapshot's does.
 */
export const readRole: ReadOne = (clients, roleName, region) =>
  orNull(NOT_FOUND, async () => {
    const call = <T>(operation: string, send: () => Promise<T>) => awsCall({service: 'IAM', operation, region}, send)
    const {iam} = clients
    const answer = await call('GetRole', () => iam.send(new GetRoleCommand({RoleName: roleName})))
    const role = answer.Role
    if (!role) return null
    const [attached, inlineNames] = await Promise.all([
      call('ListAttachedRolePolicies', async () => {
        const out = []
        for await (const page of paginateListAttachedRolePolicies({client: iam, pageSize: IAM_PAGE_SIZE}, {RoleName: roleName})) out.push(...(page.AttachedPolicies ?? []))
        return out
      }),
      call('ListRolePolicies', async () => {
        const out: string[] = []
        for await (const page of paginateListRolePolicies({client: iam, pageSize: IAM_PAGE_SIZE}, {RoleName: roleName})) out.push(...(page.PolicyNames ?? []))
        return out
      }),
    ])
    const inline = await Promise.all(
      inlineNames.map(async (PolicyName) => {
        const policy = await call('GetRolePolicy', () => iam.send(new GetRolePolicyCommand({RoleName: roleName, PolicyName})))
        return {PolicyName, PolicyDocument: policy.PolicyDocument}
      }),
    )
    const detail: RoleDetail = {
      Path: role.Path,
      RoleName: role.RoleName,
      RoleId: role.RoleId,
      Arn: role.Arn,
      AssumeRolePolicyDocument: role.AssumeRolePolicyDocument,
      RolePolicyList: inline,
      AttachedManagedPolicies: attached,
      PermissionsBoundary: role.PermissionsBoundary,
      Tags: role.Tags,
    }
    return roleFromAws(detail, role, region)
  })

/**
 * One customer managed policy by ARN: GetPolicy, its versions (for the count a revert stays within), the default
 * version's document, and the roles it is attached to, so that the result maps exactly as the snapshot's does.
 */
export const readManagedPolicy: ReadOne = (clients, policyArn, region) =>
  orNull(NOT_FOUND, async () => {
    const call = <T>(operation: string, send: () => Promise<T>) => awsCall({service: 'IAM', operation, region}, send)
    const {iam} = clients
    const {Policy: policy} = await call('GetPolicy', () => iam.send(new GetPolicyCommand({PolicyArn: policyArn})))
    if (!policy) return null
    const [versions, roles, current] = await Promise.all([
      call('ListPolicyVersions', async () => {
        const out: PolicyVersion[] = []
        for await (const page of paginateListPolicyVersions({client: iam, pageSize: IAM_PAGE_SIZE}, {PolicyArn: policyArn})) out.push(...(page.Versions ?? []))
        return out
      }),
      call('ListEntitiesForPolicy', async () => {
        const out: string[] = []
        for await (const page of paginateListEntitiesForPolicy({client: iam, pageSize: IAM_PAGE_SIZE}, {PolicyArn: policyArn, EntityFilter: 'Role'})) {
          for (const role of page.PolicyRoles ?? []) if (role.RoleName) out.push(role.RoleName)
        }

        return out
      }),
      call('GetPolicyVersion', () => iam.send(new GetPolicyVersionCommand({PolicyArn: policyArn, VersionId: policy.DefaultVersionId}))),
    ])
    const detail: ManagedPolicyDetail = {
      PolicyName: policy.PolicyName,
      PolicyId: policy.PolicyId,
      Arn: policy.Arn,
      Path: policy.Path,
      DefaultVersionId: policy.DefaultVersionId,
      AttachmentCount: policy.AttachmentCount,
      IsAttachable: policy.IsAttachable,
      Description: policy.Description,
      PolicyVersionList: versions.map((version) => (version.VersionId === policy.DefaultVersionId ? {...version, Document: current.PolicyVersion?.Document, IsDefaultVersion: true} : version)),
    }
    return managedPolicyFromAws(detail, roles, region)
  })
