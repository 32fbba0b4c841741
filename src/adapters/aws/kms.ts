import {
  type AliasListEntry,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  type KeyListEntry,
  type KMSClient,
  ListResourceTagsCommand,
  paginateListAliases,
  paginateListKeys,
} from '@aws-sdk/client-kms'
import type {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'

import type {ActualResource} from '../../core/model.js'
import {tagMap} from '../../core/resources/aws-shape.js'
import {isAwsManagedAlias, type KeyDetails, keyFromAws} from '../../core/resources/kms-key.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {readTagsByArn} from './cloudwatch.js'
import {orNull, type ReadOne} from './read-context.js'

/** ListKeys Limit tops out at 1000, ListAliases Limit at 100. */
export const KMS_KEYS_PAGE_SIZE = 1000
export const KMS_ALIASES_PAGE_SIZE = 100

/** How KMS says "no such key". */
const KEY_NOT_FOUND = ['NotFoundException']
/** Keys KMS does not rotate (asymmetric, HMAC, imported material, custom key stores) or cannot now (pending deletion or import). */
const NO_ROTATION = ['UnsupportedOperationException', 'KMSInvalidStateException']

/**
 * The customer keys of the region the run needs. ListKeys (1,000 per page) gives the ids, ListAliases (100 per page)
 * the aliases aimed at each key, and the tagging API every key's tags (100 per page), in parallel: a key with an
 * `alias/aws/` alias is AWS-managed and left out at once, and the run decides by alias, Name tag and CloudFormation
 * tags which keys it needs (declared, or an extra inside the scope). Only those get DescribeKey, GetKeyRotationStatus
 * and GetKeyPolicy (KMS has no batch describe), in parallel under the run's bound; a key DescribeKey shows as
 * AWS-managed is left out too. Budget: the module's readBudget.
 */
export async function readKeys(
  kms: KMSClient,
  tagging: ResourceGroupsTaggingAPIClient,
  region: string,
  run: AwsCallRunner = awsCall,
  wanted: (actual: ActualResource) => Promise<boolean> = async () => true,
): Promise<ActualResource[]> {
  const [keys, aliases, tagsByArn] = await Promise.all([
    run({service: 'KMS', operation: 'ListKeys', region}, async () => {
      const out: KeyListEntry[] = []
      for await (const page of paginateListKeys({client: kms, pageSize: KMS_KEYS_PAGE_SIZE}, {})) out.push(...(page.Keys ?? []))
      return out
    }),
    run({service: 'KMS', operation: 'ListAliases', region}, async () => {
      const out: AliasListEntry[] = []
      for await (const page of paginateListAliases({client: kms, pageSize: KMS_ALIASES_PAGE_SIZE}, {})) out.push(...(page.Aliases ?? []))
      return out
    }),
    readTagsByArn(tagging, region, 'kms:key', run),
  ])
  const aliasesByKey = new Map<string, string[]>()
  for (const alias of aliases) if (alias.TargetKeyId && alias.AliasName) aliasesByKey.set(alias.TargetKeyId, [...(aliasesByKey.get(alias.TargetKeyId) ?? []), alias.AliasName])
  const read = await Promise.all(
    keys.map(async ({KeyId, KeyArn}) => {
      if (!KeyId) return null
      const names = aliasesByKey.get(KeyId) ?? []
      if (names.some((name) => isAwsManagedAlias(name))) return null
      const tags = tagMap(KeyArn ? tagsByArn.get(KeyArn) : undefined)
      if (!(await wanted(keyFromAws({KeyId, KeyArn}, names, tags, {}, region)))) return null
      // A key deleted between the list and its describe is gone: it is left out, not a failure.
      return orNull(KEY_NOT_FOUND, async () => {
        const details = await describeKey(kms, KeyId, region, run)
        return details ? keyFromAws({KeyId, KeyArn}, names, tags, details, region) : null
      })
    }),
  )
  return read.filter((key): key is ActualResource => key !== null)
}

/**
 * DescribeKey, then (for a customer key not pending deletion) its rotation status and default policy, in parallel.
 * Null for an AWS-managed key: never ours to compare.
 */
async function describeKey(kms: KMSClient, keyId: string, region: string, run: AwsCallRunner): Promise<KeyDetails | null> {
  const call = <T>(operation: string, send: () => Promise<T>) => run({service: 'KMS', operation, region}, send)
  const {KeyMetadata: metadata} = await call('DescribeKey', () => kms.send(new DescribeKeyCommand({KeyId: keyId})))
  if (!metadata || metadata.KeyManager === 'AWS') return null
  if (metadata.KeyState === 'PendingDeletion' || metadata.KeyState === 'PendingReplicaDeletion') return {metadata}
  const [rotation, policy] = await Promise.all([
    orNull(NO_ROTATION, () => call('GetKeyRotationStatus', () => kms.send(new GetKeyRotationStatusCommand({KeyId: keyId})))),
    call('GetKeyPolicy', () => kms.send(new GetKeyPolicyCommand({KeyId: keyId, PolicyName: 'default'}))),
  ])
  return {metadata, rotation: rotation ?? undefined, policy: policy.Policy}
}

/** One key by id: its describe calls, its aliases (ListAliases for that key) and its tags (ListResourceTags). */
export const readKey: ReadOne = (clients, keyId, region) =>
  orNull(KEY_NOT_FOUND, async () => {
    const call = <T>(operation: string, send: () => Promise<T>) => awsCall({service: 'KMS', operation, region}, send)
    const details = await describeKey(clients.kms, keyId, region, awsCall)
    if (!details) return null
    const [aliases, tags] = await Promise.all([
      call('ListAliases', async () => {
        const out: string[] = []
        for await (const page of paginateListAliases({client: clients.kms, pageSize: KMS_ALIASES_PAGE_SIZE}, {KeyId: keyId})) out.push(...(page.Aliases ?? []).flatMap((alias) => alias.AliasName ?? []))
        return out
      }),
      call('ListResourceTags', () => clients.kms.send(new ListResourceTagsCommand({KeyId: keyId, Limit: 50}))),
    ])
    return keyFromAws({KeyId: keyId, KeyArn: details.metadata?.Arn}, aliases, tagMap(tags.Tags?.map((tag) => ({Key: tag.TagKey, Value: tag.TagValue}))), details, region)
  })
