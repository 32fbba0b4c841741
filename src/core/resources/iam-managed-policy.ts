import type {ManagedPolicyDetail} from '@aws-sdk/client-iam'
import {z} from 'zod'

import {parsePolicyDocument, samePolicy} from '../diff/policy-document.js'
import type {ActualResource} from '../model.js'
import {actualResource} from './aws-shape.js'
import {keyValueTagApi, NEVER_REVERTED, nonEmptyString, type PropertyRevert, type RevertBuild} from './heal.js'
import {declaredPolicyChange, policyWeakening} from './policy-revert.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, equalsJson, type ResourceTypeModule, str} from './types.js'

// A customer managed policy (AWS-managed policies are never read: GetAccountAuthorizationDetails with the
// LocalManagedPolicy filter lists only the account's own, so they are never extras). Account-global, like roles.
//
// Identity: ManagedPolicyName (unique in the account). CloudFormation does not tag managed policies (the type has no
// Tags), so a policy it named itself, `<stack>-<LogicalId>-<suffix>`, is found by that name without its suffix, or
// through the phase stack's record of its ARN (`phases.identityFromStacks`).

const PERMISSIONS_ARE_A_DECISION = 'what a policy allows, and to whom it is attached, is a security decision for a person (revert or reverse-sync it)'

/** IAM's policy version ids: `v1`, `v2`, ... */
const VERSION_ID = /^v\d+$/

/** IAM keeps at most five versions of a managed policy. */
export const MAX_POLICY_VERSIONS = 5

/** `ial-prod-10-security-ApiConfigReadPolicy-1A2B3C4D5E6F` -> the name without CloudFormation's suffix. */
const generatedKey = (name: string): string | undefined => {
  const at = name.lastIndexOf('-')
  return at > 0 && /^[A-Za-z0-9]{8,}$/.test(name.slice(at + 1)) ? `generated:${name.slice(0, at)}` : undefined
}

// IAM tags a policy by its ARN. A template cannot declare them (CloudFormation's type has no Tags), so only strict
// tag mode ever compares them, and they are not read (no call per policy): these calls exist for the module's shape.
const policyTags = keyValueTagApi({tag: 'IAM.TagPolicy', untag: 'IAM.UntagPolicy', targetParam: 'PolicyArn', target: (actual) => actual.physicalId || undefined})

/**
 * The default version's document back to Git's (SPEC 11), by CreatePolicyVersion with SetAsDefault: the whole
 * declared document, from the analysis (never pieced together from the statement-level differences). IAM keeps five
 * versions: with five, the oldest version that is not the default is deleted first (a version nobody uses, not the
 * policy); the call says which (`DeleteNonDefaultVersionFirst`, read by the executor, never sent to AWS). The
 * rollback makes the version that was the default the default again. Narrowing back to Git is a plain revert; a
 * document that allows anything AWS's does not allow now needs --approve-critical.
 */
const documentRevert: PropertyRevert = {
  paths: ['/PolicyDocument'],
  restartPaths: [],
  changeOf: (actual, path, _differences, declared) => declaredPolicyChange(path, declared, actual.properties.PolicyDocument ?? null, 'value'),
  build(actual, changes): RevertBuild {
    const [change] = changes
    const defaultVersion = str(actual.attributes.DefaultVersionId)
    if (!defaultVersion || !VERSION_ID.test(defaultVersion)) return {ok: false, reason: 'the default version of the policy is not known, so it could not be made the default again if the revert failed'}
    if (samePolicy(change.to, change.from)) return {ok: false, reason: 'AWS already holds what Git declares: nothing to put back'}
    const versions = Number(actual.attributes.VersionCount ?? 0)
    const oldest = str(actual.attributes.OldestNonDefaultVersionId)
    if (versions >= MAX_POLICY_VERSIONS && !oldest) return {ok: false, reason: `the policy has ${versions} versions and none to delete`}
    const create = {
      api: 'IAM.CreatePolicyVersion',
      params: {PolicyArn: actual.physicalId, PolicyDocument: JSON.stringify(change.to), SetAsDefault: true, ...(versions >= MAX_POLICY_VERSIONS ? {DeleteNonDefaultVersionFirst: oldest} : {})},
    }
    return {ok: true, actions: [{...create, rollback: {api: 'IAM.SetDefaultPolicyVersion', params: {PolicyArn: actual.physicalId, VersionId: defaultVersion}}}]}
  },
  weakens: (change) => policyWeakening(change, 'a document'),
  calls: [
    {
      api: 'IAM.CreatePolicyVersion',
      params: z.strictObject({
        PolicyArn: nonEmptyString('PolicyArn').refine((value) => /^arn:[\w-]+:iam::\d{12}:policy\/.+$/.test(value), 'PolicyArn must be a customer managed policy ARN (arn:aws:iam::<account>:policy/...)'),
        PolicyDocument: nonEmptyString('PolicyDocument').refine(isPolicyText, 'PolicyDocument must be a policy document as JSON text (an object with a Statement)'),
        // Always the default: a revert writes what the policy grants now, never a spare version.
        SetAsDefault: z.literal(true, {errorMap: () => ({message: 'SetAsDefault must be true'})}),
        DeleteNonDefaultVersionFirst: nonEmptyString('DeleteNonDefaultVersionFirst').regex(VERSION_ID, 'DeleteNonDefaultVersionFirst must be a version id (v1, v2, ...)').optional(),
      }),
    },
    {
      api: 'IAM.SetDefaultPolicyVersion',
      params: z.strictObject({
        PolicyArn: nonEmptyString('PolicyArn').refine((value) => /^arn:[\w-]+:iam::\d{12}:policy\/.+$/.test(value), 'PolicyArn must be a customer managed policy ARN (arn:aws:iam::<account>:policy/...)'),
        VersionId: nonEmptyString('VersionId').regex(VERSION_ID, 'VersionId must be a version id (v1, v2, ...)'),
      }),
    },
  ],
}

function isPolicyText(value: string): boolean {
  try {
    const parsed = JSON.parse(value) as unknown
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'Statement' in parsed
  } catch {
    return false
  }
}

export const iamManagedPolicy: ResourceTypeModule = {
  type: 'AWS::IAM::ManagedPolicy',
  service: 'iam',
  readBudget: {
    fixedCalls: 1,
    callsPerResource: 0.001,
    basis: 'once per account: the roles\' GetAccountAuthorizationDetails (Filter Role and LocalManagedPolicy, 1,000 items a page) answers every customer managed policy with its versions\' documents; no call of its own',
  },
  global: true,
  actualKeys: (actual) => [`name:${str(actual.properties.ManagedPolicyName) ?? ''}`, ...[generatedKey(str(actual.properties.ManagedPolicyName) ?? '')].filter((key) => key !== undefined), ...actualCloudFormationKeys(actual)],
  desiredKeys: ({logicalId, stackName, properties}) => [
    ...(str(properties.ManagedPolicyName) ? [`name:${str(properties.ManagedPolicyName)}`] : [`generated:${stackName}-${logicalId}`]),
    cloudFormationKey(stackName, logicalId),
  ],
  // Attachments are sets; AWS answers role names.
  setPaths: ['/Roles', '/Users', '/Groups'],
  arnOrNamePaths: ['/Roles', '/Users', '/Groups'],
  policyPaths: ['/PolicyDocument'],
  // Users and groups attached to it are not read (the batch call reads roles and policies only).
  notReturnedPaths: ['/Users', '/Groups'],
  ratings: [critical('/PolicyDocument'), critical('/Roles'), critical('/Users'), critical('/Groups'), {path: '/Path', severity: 'medium', impact: ['availability']}, {path: '/Description', severity: 'low', impact: []}],
  neverHealed: {
    '/PolicyDocument': PERMISSIONS_ARE_A_DECISION,
    '/Roles': PERMISSIONS_ARE_A_DECISION,
    '/Users': PERMISSIONS_ARE_A_DECISION,
    '/Groups': PERMISSIONS_ARE_A_DECISION,
    '/ManagedPolicyName': 'a policy name cannot change in place (it needs a new policy)',
    '/Path': 'a policy path cannot change in place (it needs a new policy)',
    '/Description': 'a policy description cannot change in place (it needs a new policy)',
  },
  tags: policyTags,
  revert: documentRevert,
  neverReverted: {
    '/ManagedPolicyName': NEVER_REVERTED.replacement,
    '/Path': NEVER_REVERTED.replacement,
    '/Description': NEVER_REVERTED.replacement,
    '/Roles': 'attachments are put back on the role (its ManagedPolicyArns), by a revert of the role',
  },
  awsDefaults: {'/Path': '/', '/Roles': equalsJson([])},
  displayName: (actual) => str(actual.properties.ManagedPolicyName) ?? actual.physicalId,
}

/**
 * GetAccountAuthorizationDetails `ManagedPolicyDetail` (+ the names of the roles it is attached to, from the same
 * call's role details) -> CloudFormation `AWS::IAM::ManagedPolicy`. `!Ref` is the policy ARN. The document is the
 * default version's, URL-encoded by IAM, kept as an object so that reverse sync and codify write it as YAML.
 */
export function managedPolicyFromAws(detail: ManagedPolicyDetail, roles: readonly string[], region: string): ActualResource {
  const versions = detail.PolicyVersionList ?? []
  const byDefault = versions.find((version) => version.IsDefaultVersion) ?? versions.find((version) => version.VersionId === detail.DefaultVersionId)
  // The name is the ARN's last segment (moto leaves PolicyName out of this call; AWS answers it).
  const name = detail.PolicyName ?? detail.Arn?.split('/').at(-1)
  const others = versions.filter((version) => version !== byDefault && version.VersionId).sort((a, b) => created(a) - created(b))
  return actualResource({
    type: iamManagedPolicy.type,
    region,
    physicalId: detail.Arn ?? '',
    arn: detail.Arn,
    properties: {
      ManagedPolicyName: name,
      Path: detail.Path,
      Description: detail.Description,
      PolicyDocument: parsePolicyDocument(byDefault?.Document) ?? byDefault?.Document,
      Roles: [...roles].sort(),
    },
    tags: {},
    attributes: {
      PolicyArn: detail.Arn,
      PolicyId: detail.PolicyId,
      DefaultVersionId: detail.DefaultVersionId ?? byDefault?.VersionId,
      AttachmentCount: detail.AttachmentCount,
      IsAttachable: detail.IsAttachable,
      // What a revert needs to stay within IAM's five versions (see the module's revert).
      VersionCount: versions.length,
      OldestNonDefaultVersionId: others[0]?.VersionId,
    },
  })
}

/** When a version was made; a date as the SDK gives it, or as JSON text. */
const created = (version: {CreateDate?: Date | string}): number => (version.CreateDate === undefined ? 0 : new Date(version.CreateDate).getTime())
