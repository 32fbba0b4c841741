import type {Role, RoleDetail} from '@aws-sdk/client-iam'

import {parsePolicyDocument} from '../diff/policy-document.js'
import type {ActualResource} from '../model.js'
import {actualResource, tagMap} from './aws-shape.js'
import {combineReverts, keyValueTagApi, NEVER_REVERTED} from './heal.js'
import {rolePermissionsRevert} from './iam-role-revert.js'
import {roleSettingsRevert} from './iam-role-settings-revert.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, equalsJson, type ResourceTypeModule, str} from './types.js'

/** Why a role's permissions are never healed: who may assume it and what it may do are a person's decision. */
const PERMISSIONS_ARE_A_DECISION = 'who may assume a role and what it may do is a security decision for a person (revert or reverse-sync it)'

// IAM tags a role by its name, not its ARN.
const roleTags = keyValueTagApi({tag: 'IAM.TagRole', untag: 'IAM.UntagRole', targetParam: 'RoleName', target: (actual) => actual.physicalId || undefined})

export const iamRole: ResourceTypeModule = {
  type: 'AWS::IAM::Role',
  service: 'iam',
  readBudget: {fixedCalls: 2, callsPerResource: 0.002, basis: 'once per account: GetAccountAuthorizationDetails (roles with policies and tags) and ListRoles (session duration), 1,000 per page each'},
  global: true,
  // RoleName first (unique in the account), then CloudFormation's tags for roles whose name CloudFormation made up.
  actualKeys: (actual) => [`name:${actual.physicalId}`, ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [...(str(properties.RoleName) ? [`name:${str(properties.RoleName)}`] : []), cloudFormationKey(stackName, logicalId)],
  // IAM keeps attached and inline policies without order.
  setPaths: ['/ManagedPolicyArns', '/Policies'],
  arnOrNamePaths: [],
  policyPaths: ['/AssumeRolePolicyDocument', '/Policies/PolicyDocument'],
  notReturnedPaths: [],
  ratings: [
    critical('/AssumeRolePolicyDocument'),
    critical('/ManagedPolicyArns'),
    critical('/Policies'),
    critical('/PermissionsBoundary'),
    {path: '/MaxSessionDuration', severity: 'medium', impact: ['security']},
    {path: '/Path', severity: 'medium', impact: ['availability']},
    {path: '/Description', severity: 'low', impact: []},
  ],
  neverHealed: {
    '/AssumeRolePolicyDocument': PERMISSIONS_ARE_A_DECISION,
    '/ManagedPolicyArns': PERMISSIONS_ARE_A_DECISION,
    '/Policies': PERMISSIONS_ARE_A_DECISION,
    '/PermissionsBoundary': PERMISSIONS_ARE_A_DECISION,
    '/Path': 'a role path cannot change in place (it needs a new role)',
  },
  tags: roleTags,
  // The trust policy, inline policies and attached policies go back to Git's by `drift revert` (iam-role-revert.ts),
  // the session duration and description by UpdateRole (iam-role-settings-revert.ts).
  revert: combineReverts(rolePermissionsRevert, roleSettingsRevert),
  neverReverted: {'/Path': NEVER_REVERTED.replacement, '/RoleName': NEVER_REVERTED.replacement},
  awsDefaults: {
    '/Path': '/',
    '/MaxSessionDuration': 3600,
    '/ManagedPolicyArns': equalsJson([]),
    '/Policies': equalsJson([]),
  },
  displayName: (actual) => actual.physicalId,
}

/**
 * Roles AWS owns, never extras: service-linked roles (`/aws-service-role/`, created and deleted by a service) and
 * roles AWS reserves for its own features (`/aws-reserved/`, e.g. IAM Identity Center's `AWSReservedSSO_*`).
 */
export const isAwsOwnedRole = (path: string | undefined): boolean => path !== undefined && (path.startsWith('/aws-service-role/') || path.startsWith('/aws-reserved/'))

/**
 * GetAccountAuthorizationDetails `RoleDetail` (+ the ListRoles `Role` for MaxSessionDuration and Description, which
 * the former does not return) -> CloudFormation `AWS::IAM::Role`. `!Ref` is the role name. Policy documents arrive
 * URL-encoded JSON and are kept as objects, so that reverse sync and codify write them as YAML.
 */
export function roleFromAws(detail: RoleDetail, listed: Role | undefined, region: string): ActualResource {
  const name = detail.RoleName ?? ''
  return actualResource({
    type: iamRole.type,
    region,
    physicalId: name,
    arn: detail.Arn,
    properties: {
      RoleName: name,
      Path: detail.Path,
      Description: listed?.Description,
      MaxSessionDuration: listed?.MaxSessionDuration,
      AssumeRolePolicyDocument: parsePolicyDocument(detail.AssumeRolePolicyDocument),
      ManagedPolicyArns: (detail.AttachedManagedPolicies ?? []).map((policy) => policy.PolicyArn),
      Policies: (detail.RolePolicyList ?? []).map((policy) => ({PolicyName: policy.PolicyName, PolicyDocument: parsePolicyDocument(policy.PolicyDocument) ?? policy.PolicyDocument})),
      PermissionsBoundary: detail.PermissionsBoundary?.PermissionsBoundaryArn,
    },
    tags: tagMap(detail.Tags),
    attributes: {Arn: detail.Arn, RoleId: detail.RoleId},
  })
}
