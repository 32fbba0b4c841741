import type {KeyMetadata} from '@aws-sdk/client-kms'
import {z} from 'zod'

import {parsePolicyDocument} from '../diff/policy-document.js'
import type {ActualResource} from '../model.js'
import {actualResource} from './aws-shape.js'
import {combineReverts, type HealApiCall, NEVER_REVERTED, nonEmptyString, type PropertyHeal, type PropertyRevert, refuse, type TagApi, tagKeyList, tagList, tagPairs} from './heal.js'
import {wholePolicyRevert} from './policy-revert.js'
import {actualCloudFormationKeys, cloudFormationKey, critical, type ResourceTypeModule, str, templateTags} from './types.js'

// Call budget (SPEC 9): ListKeys (1,000 a page), ListAliases (100 a page) and the tagging API's GetResources (100 a
// page) per region: the key ids, the aliases aimed at each key and every key's tags, enough to tell which keys the
// run needs (declared, or an extra inside the scope); AWS-managed keys (their `alias/aws/` alias) are left out
// there. Then DescribeKey, GetKeyRotationStatus and GetKeyPolicy per needed key: KMS has no batch describe. 3 calls
// per region + 3 per needed key + 0.03 per key. A declared key found only by its description makes every customer
// key of the region needed (only DescribeKey shows a description).

const ROTATION = '/EnableKeyRotation'
const DESCRIPTION = '/Description'
const KEY_POLICY = '/KeyPolicy'
const ALIAS_TYPE = 'AWS::KMS::Alias'

/** KMS tags a key by id or ARN with `[{TagKey, TagValue}]`, and removes tags by key. */
const keyTags: TagApi = {
  set: (key, tags) => ({api: 'KMS.TagResource', params: {KeyId: key, Tags: tagPairs(tags, 'TagKey', 'TagValue')}}),
  remove: (key, values) => ({api: 'KMS.UntagResource', params: {KeyId: key, TagKeys: Object.keys(values)}}),
  target: (actual) => actual.arn ?? actual.physicalId,
  calls: [
    {api: 'KMS.TagResource', params: z.strictObject({KeyId: nonEmptyString('KeyId'), Tags: tagList('Tags', {key: 'TagKey', value: 'TagValue'}, true)})},
    {api: 'KMS.UntagResource', params: z.strictObject({KeyId: nonEmptyString('KeyId'), TagKeys: tagKeyList('TagKeys')})},
  ],
}

/**
 * Rotation back on (SPEC 6, one-way hardening): EnableKeyRotation takes no value that could turn it off, and
 * DisableKeyRotation is no heal call, so a saved plan edited to weaken the key is refused before any call. The
 * rollback asks for rotation again, as every hardening heal's does: a failed verification shows as not restored,
 * never as rotation turned off.
 */
const rotationHeal: PropertyHeal = {
  paths: [ROTATION],
  hardeningPaths: [ROTATION],
  calls: [{api: 'KMS.EnableKeyRotation', params: z.strictObject({KeyId: nonEmptyString('KeyId')})}],
  build(actual, changes) {
    const [change] = changes
    if (change.to !== true) return refuse(`${ROTATION} → ${JSON.stringify(change.to)}: a heal only ever turns key rotation on`)
    if (actual.properties.KeySpec !== undefined && actual.properties.KeySpec !== 'SYMMETRIC_DEFAULT') {
      return refuse(`${ROTATION}: KMS rotates only symmetric encryption keys, and this one is ${String(actual.properties.KeySpec)}`)
    }

    const call: HealApiCall = {api: 'KMS.EnableKeyRotation', params: {KeyId: actual.physicalId}}
    return {ok: true, actions: [{...call, rollback: call}]}
  },
}

/**
 * What `drift revert` adds: the description (UpdateKeyDescription, either way), and rotation turned off when Git says
 * off (DisableKeyRotation): a weakening, so only with `--approve-critical`.
 */
const keySettingsRevert: PropertyRevert = {
  paths: [DESCRIPTION, ROTATION],
  restartPaths: [],
  calls: [
    {api: 'KMS.UpdateKeyDescription', params: z.strictObject({KeyId: nonEmptyString('KeyId'), Description: z.string({errorMap: () => ({message: 'Description must be a string'})}).max(8192, 'Description must be at most 8192 characters')})},
    {api: 'KMS.EnableKeyRotation', params: z.strictObject({KeyId: nonEmptyString('KeyId')})},
    {api: 'KMS.DisableKeyRotation', params: z.strictObject({KeyId: nonEmptyString('KeyId')})},
  ],
  build(actual, changes) {
    const actions = []
    for (const change of changes) {
      if (change.path === DESCRIPTION) {
        if (typeof change.to !== 'string' && change.to !== undefined) return refuse(`${DESCRIPTION} ${JSON.stringify(change.to)} is not a description`)
        const call = (text: unknown): HealApiCall => ({api: 'KMS.UpdateKeyDescription', params: {KeyId: actual.physicalId, Description: typeof text === 'string' ? text : ''}})
        actions.push({...call(change.to), rollback: call(actual.properties.Description)})
      } else {
        if (typeof change.to !== 'boolean') return refuse(`${ROTATION} ${JSON.stringify(change.to)} is not on or off`)
        const call = (on: boolean): HealApiCall => ({api: on ? 'KMS.EnableKeyRotation' : 'KMS.DisableKeyRotation', params: {KeyId: actual.physicalId}})
        // Rotation turned back on is rolled back by asking for it again, as the heal's is: never by turning it off.
        actions.push({...call(change.to), rollback: call(change.to || actual.properties.EnableKeyRotation === true)})
      }
    }

    return {ok: true, actions}
  },
  weakens: (change) => (change.path === ROTATION && change.to === false ? 'turns key rotation off (Git says off, but rotation limits what one leaked key version exposes)' : undefined),
}

/** KMS's limit on a key policy's size (32 KB). */
const MAX_KEY_POLICY_BYTES = 32 * 1024

/** A key policy as JSON text, the way PutKeyPolicy takes it: an object with a Statement, at most 32 KB. */
const keyPolicyText = nonEmptyString('Policy')
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_KEY_POLICY_BYTES, `Policy must be at most ${MAX_KEY_POLICY_BYTES} bytes (KMS's limit)`)
  .refine((value) => 'Statement' in (parsePolicyDocument(value) ?? {}), 'Policy must be a policy document as JSON text (an object with a Statement)')

/**
 * The key policy put back whole with PutKeyPolicy (KMS takes a whole document; the diff shows it statement by
 * statement, so the value written is Git's whole resolved value, never one pieced together from differences or taken
 * from a saved plan). Narrowing AWS's policy back to Git's is a plain revert (critical: approved on a terminal or with
 * --approve-critical); a declared policy that allows anything AWS's does not, or drops one of its Deny statements,
 * widens who may use the key although Git says so: --approve-critical, prompt or not. The call never carries
 * BypassPolicyLockoutSafetyCheck (the schema refuses it): KMS itself then refuses a policy that would lock the
 * caller out of the key, the one mistake nobody but AWS support can undo. The rollback writes AWS's policy as read.
 */
const keyPolicyRevert = wholePolicyRevert({
  path: KEY_POLICY,
  names: {declared: 'policy', aws: 'key policy', widened: 'a key policy'},
  put: (actual, document) => ({api: 'KMS.PutKeyPolicy', params: {KeyId: actual.physicalId, PolicyName: 'default', Policy: JSON.stringify(document)}}),
  call: {api: 'KMS.PutKeyPolicy', params: z.strictObject({KeyId: nonEmptyString('KeyId'), PolicyName: z.literal('default', {errorMap: () => ({message: 'PolicyName must be default (the only key policy KMS has)'})}), Policy: keyPolicyText})},
})

const keyRevert = combineReverts(keySettingsRevert, keyPolicyRevert)
export const kmsKey: ResourceTypeModule = {
  type: 'AWS::KMS::Key',
  service: 'kms',
  readBudget: {
    fixedCalls: 3,
    callsPerResource: 3.03,
    basis: 'ListKeys, 1,000 per page, ListAliases and tags from the tagging API, 100 per page, then DescribeKey, GetKeyRotationStatus and GetKeyPolicy per declared or in-scope key: KMS has no batch describe',
  },
  // A key answers to every alias aimed at it, its Name tag, its description and CloudFormation's tags.
  actualKeys(actual) {
    const aliases = Array.isArray(actual.attributes.Aliases) ? (actual.attributes.Aliases as unknown[]).filter((alias): alias is string => typeof alias === 'string') : []
    const description = str(actual.properties.Description)
    return [
      ...aliases.map((alias) => `alias:${alias}`),
      ...(actual.tags.Name ? [`name-tag:${actual.tags.Name}`] : []),
      ...(description ? [`description:${description}`] : []),
      ...actualCloudFormationKeys(actual),
    ]
  },
  // The alias the phases aim at the key when they declare one, else its Name tag, else its description (README).
  desiredKeys({logicalId, stackName, properties, referrers}) {
    const aliases = (referrers?.(ALIAS_TYPE) ?? []).map((alias) => str(alias.AliasName)).filter((name): name is string => name !== undefined)
    const name = templateTags(properties).Name
    const description = str(properties.Description)
    const own = aliases.length > 0 ? aliases.map((alias) => `alias:${alias}`) : name ? [`name-tag:${name}`] : description ? [`description:${description}`] : []
    return [...own, cloudFormationKey(stackName, logicalId)]
  },
  describedKeyPrefixes: ['description:'],
  // Scheduled for deletion: unusable, and on its way out; it may still be a declared key (that drift shows), never an extra.
  neverExtra: (actual) => actual.attributes.KeyState === 'PendingDeletion',
  setPaths: [],
  arnOrNamePaths: [],
  // KMS answers the policy as JSON text; the template holds YAML: compared by meaning.
  policyPaths: ['/KeyPolicy'],
  // Creation-time options no describe call answers.
  notReturnedPaths: ['/PendingWindowInDays', '/BypassPolicyLockoutSafetyCheck'],
  ratings: [
    critical('/KeyPolicy'),
    critical(ROTATION),
    critical('/RotationPeriodInDays'),
    {path: '/Enabled', severity: 'high', impact: ['availability', 'security']},
    {path: '/KeyUsage', severity: 'high', impact: ['availability']},
    {path: '/KeySpec', severity: 'high', impact: ['availability']},
    {path: '/MultiRegion', severity: 'high', impact: ['security']},
    {path: '/Origin', severity: 'high', impact: ['security']},
  ],
  neverHealed: {
    '/KeyPolicy': 'a key policy is never healed: who may use a key is a security decision for a person (revert or reverse-sync it)',
    '/Enabled': 'enabling or disabling a key is a person’s decision (everything encrypted under it follows)',
  },
  tags: keyTags,
  heal: rotationHeal,
  revert: keyRevert,
  neverReverted: {
    '/Enabled': 'enabling or disabling a key is a person’s decision',
    '/KeyUsage': NEVER_REVERTED.replacement,
    '/KeySpec': NEVER_REVERTED.replacement,
    '/MultiRegion': NEVER_REVERTED.replacement,
    '/Origin': NEVER_REVERTED.replacement,
  },
  awsDefaults: {'/Enabled': true, '/KeyUsage': 'ENCRYPT_DECRYPT', '/KeySpec': 'SYMMETRIC_DEFAULT', '/MultiRegion': false, '/Origin': 'AWS_KMS', '/EnableKeyRotation': false, '/RotationPeriodInDays': 365},
  displayName: (actual) => {
    const aliases = Array.isArray(actual.attributes.Aliases) ? (actual.attributes.Aliases as unknown[]) : []
    return str(aliases[0]) ?? actual.tags.Name ?? str(actual.properties.Description) ?? actual.physicalId
  },
}

/** What the per-key calls answer (absent: not read, as for a key the run does not need). */
export interface KeyDetails {
  metadata?: KeyMetadata
  /** GetKeyRotationStatus; undefined where KMS does not rotate the key (asymmetric, HMAC, imported material). */
  rotation?: {KeyRotationEnabled?: boolean; RotationPeriodInDays?: number}
  /** GetKeyPolicy's `Policy`, JSON text. */
  policy?: string
}

/**
 * ListKeys + ListAliases + tags, and for a key the run needs DescribeKey + GetKeyRotationStatus + GetKeyPolicy ->
 * CloudFormation `AWS::KMS::Key`; `!Ref` is the key id. The aliases aimed at the key and its state are attributes
 * (identity and the extra rule read them; codify never copies attributes).
 */
export function keyFromAws(key: {KeyId: string; KeyArn?: string}, aliases: readonly string[], tags: Readonly<Record<string, string>>, details: KeyDetails, region: string): ActualResource {
  const metadata = details.metadata
  const rotates = details.rotation?.KeyRotationEnabled
  return actualResource({
    type: kmsKey.type,
    region,
    physicalId: key.KeyId,
    arn: metadata?.Arn ?? key.KeyArn,
    properties: {
      Description: metadata?.Description,
      Enabled: metadata?.Enabled,
      EnableKeyRotation: rotates,
      // Only a rotating key has a period; CloudFormation's default is 365 days.
      RotationPeriodInDays: rotates ? details.rotation?.RotationPeriodInDays : undefined,
      KeyPolicy: details.policy === undefined ? undefined : (parsePolicyDocument(details.policy) ?? details.policy),
      KeyUsage: metadata?.KeyUsage,
      KeySpec: metadata?.KeySpec,
      MultiRegion: metadata?.MultiRegion,
      Origin: metadata?.Origin,
    },
    tags: {...tags},
    attributes: {Arn: metadata?.Arn ?? key.KeyArn, KeyId: key.KeyId, Aliases: aliases.length > 0 ? [...aliases].sort() : undefined, KeyState: metadata?.KeyState, KeyManager: metadata?.KeyManager},
  })
}

/** An alias AWS keeps for its own keys (`alias/aws/s3`): the key it names is AWS-managed. */
export const isAwsManagedAlias = (alias: string): boolean => alias.startsWith('alias/aws/')
