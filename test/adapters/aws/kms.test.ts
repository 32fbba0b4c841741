// The KMS adapter against aws-sdk-client-mock: ListKeys and ListAliases pages with tags from the tagging API,
// AWS-managed keys left out before any per-key call, the three per-key calls only for the keys the run needs,
// read-one, and the executors, with a forged rotation-off call refused before any AWS call.
import {
  DescribeKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-kms'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {awsCallRunner} from '../../../src/adapters/aws/call.js'
import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {executeHealCall} from '../../../src/adapters/aws/heal/index.js'
import {readKeys} from '../../../src/adapters/aws/kms.js'
import {readActualResource} from '../../../src/adapters/aws/read-one.js'
import type {ActualResource} from '../../../src/core/model.js'
import {AwsError} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'
import {fixture} from './fixtures.js'

const REGION = 'us-east-1'
const kms = mockClient(KMSClient)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const clients = awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), endpoint: 'http://127.0.0.1:9', network: testNetwork()}).clientsFor({region: REGION})
const awsError = (name: string, httpStatusCode = 400) => Object.assign(new Error(name), {name, $fault: 'client', $metadata: {httpStatusCode}})
const DATA = '1234abcd-12ab-34cd-56ef-1234567890ab'
const OTHER = '0987dcba-09fe-87dc-65ba-ab0987654321'
const AWS_MANAGED = 'aaaa1111-bbbb-2222-cccc-333344445555'
const keys = fixture<{Keys: Array<{KeyId: string; KeyArn: string}>}>('kms-list-keys').Keys
const describeKey = fixture('kms-describe-key')

beforeEach(() => {
  kms.reset()
  tagging.reset()
})

/** Records each call's input as it was sent (the paginators reuse one input object). */
function recorded(mock: typeof kms | typeof tagging, command: unknown, answer: (input: Record<string, unknown>) => object): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = []
  ;(mock as unknown as {on(command: unknown): {callsFake(fake: (input: Record<string, unknown>) => unknown): void}}).on(command).callsFake((input) => {
    seen.push(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)))
    return answer(input)
  })
  return seen
}

const keyIdsOf = (calls: Array<{args: [{input: {KeyId?: string}}]}>) => calls.map((call) => call.args[0].input.KeyId).sort()

describe('readKeys', () => {
  it('GIVEN keys and aliases on two pages each WHEN read THEN Limit is 1000 and 100, markers are followed, the AWS-managed key costs nothing, and only the keys the run wants get the three per-key calls', async () => {
    const listed = recorded(kms, ListKeysCommand, (input) => (input.Marker ? {Keys: keys.slice(1), Truncated: false} : {Keys: keys.slice(0, 1), NextMarker: 'k2', Truncated: true}))
    const aliases = fixture<{Aliases: object[]}>('kms-list-aliases').Aliases
    const aliased = recorded(kms, ListAliasesCommand, (input) => (input.Marker ? {Aliases: aliases.slice(1), Truncated: false} : {Aliases: aliases.slice(0, 1), NextMarker: 'a2', Truncated: true}))
    const tagged = recorded(tagging, GetResourcesCommand, () => fixture('tagging-get-resources-keys'))
    kms.on(DescribeKeyCommand).resolves(describeKey)
    kms.on(GetKeyRotationStatusCommand).resolves(fixture('kms-get-key-rotation-status'))
    kms.on(GetKeyPolicyCommand).resolves(fixture('kms-get-key-policy'))
    const asked: string[] = []
    const wanted = async (actual: ActualResource) => {
      asked.push(actual.physicalId)
      return (actual.attributes.Aliases as string[] | undefined)?.includes('alias/ial-prod-data') ?? false
    }

    const read = await readKeys(clients.kms, clients.tagging, REGION, awsCallRunner(4), wanted)

    expect(listed).toEqual([{Limit: 1000}, {Limit: 1000, Marker: 'k2'}])
    expect(aliased).toEqual([{Limit: 100}, {Limit: 100, Marker: 'a2'}])
    expect(tagged).toEqual([{ResourceTypeFilters: ['kms:key'], ResourcesPerPage: 100}])
    // The key behind alias/aws/s3 is AWS's: never even asked about.
    expect(asked.sort()).toEqual([OTHER, DATA].sort())
    for (const command of [DescribeKeyCommand, GetKeyRotationStatusCommand, GetKeyPolicyCommand]) expect(keyIdsOf(kms.commandCalls(command as never) as never)).toEqual([DATA])
    expect(kms.commandCalls(GetKeyPolicyCommand)[0].args[0].input).toEqual({KeyId: DATA, PolicyName: 'default'})
    expect(read.map((key) => [key.physicalId, key.attributes.Aliases, key.tags, key.properties.EnableKeyRotation])).toEqual([
      [DATA, ['alias/ial-prod-data'], {Name: 'ial-prod-data', ManagedBy: 'ialctl'}, true],
    ])
    expect(keys.some((key) => key.KeyId === AWS_MANAGED)).toBe(true)
  })

  it('GIVEN an AWS-managed key without an alias, an asymmetric key and a key pending deletion WHEN read THEN the first is left out, the second has no rotation, the third costs one call', async () => {
    kms.on(ListKeysCommand).resolves({Keys: keys})
    kms.on(ListAliasesCommand).resolves({Aliases: []})
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: []})
    const base = (describeKey as {KeyMetadata: Record<string, unknown>}).KeyMetadata
    kms.on(DescribeKeyCommand, {KeyId: AWS_MANAGED}).resolves({KeyMetadata: {...base, KeyId: AWS_MANAGED, KeyManager: 'AWS'}})
    kms.on(DescribeKeyCommand, {KeyId: OTHER}).resolves({KeyMetadata: {...base, KeyId: OTHER, KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY'}})
    kms.on(DescribeKeyCommand, {KeyId: DATA}).resolves({KeyMetadata: {...base, KeyId: DATA, KeyState: 'PendingDeletion', Enabled: false}})
    kms.on(GetKeyRotationStatusCommand).rejects(awsError('UnsupportedOperationException'))
    kms.on(GetKeyPolicyCommand).resolves(fixture('kms-get-key-policy'))

    const read = await readKeys(clients.kms, clients.tagging, REGION, awsCallRunner(4))

    expect(read.map((key) => [key.physicalId, key.properties.KeySpec, key.properties.EnableKeyRotation, key.attributes.KeyState])).toEqual([
      [DATA, 'SYMMETRIC_DEFAULT', undefined, 'PendingDeletion'],
      [OTHER, 'RSA_2048', undefined, 'Enabled'],
    ])
    expect(keyIdsOf(kms.commandCalls(GetKeyRotationStatusCommand) as never)).toEqual([OTHER])
    expect(keyIdsOf(kms.commandCalls(GetKeyPolicyCommand) as never)).toEqual([OTHER])
  })
})

describe('readActualResource: AWS::KMS::Key', () => {
  it('GIVEN a key WHEN re-read THEN its describe calls, its own aliases and its tags by ListResourceTags', async () => {
    kms.on(DescribeKeyCommand).resolves(describeKey)
    kms.on(GetKeyRotationStatusCommand).resolves(fixture('kms-get-key-rotation-status'))
    kms.on(GetKeyPolicyCommand).resolves(fixture('kms-get-key-policy'))
    kms.on(ListAliasesCommand, {KeyId: DATA}).resolves({Aliases: [{AliasName: 'alias/ial-prod-data', TargetKeyId: DATA}]})
    kms.on(ListResourceTagsCommand).resolves({Tags: [{TagKey: 'Owner', TagValue: 'platform-team'}]})
    const key = await readActualResource(clients, 'AWS::KMS::Key', DATA, REGION)
    expect(key).toMatchObject({physicalId: DATA, tags: {Owner: 'platform-team'}, attributes: {Aliases: ['alias/ial-prod-data']}, properties: {EnableKeyRotation: true}})
  })

  it('GIVEN a deleted key WHEN re-read THEN null; GIVEN access denied THEN exit 3 naming the action', async () => {
    kms.on(DescribeKeyCommand, {KeyId: 'gone'}).rejects(awsError('NotFoundException'))
    kms.on(DescribeKeyCommand, {KeyId: 'locked'}).rejects(awsError('AccessDeniedException', 403))
    expect(await readActualResource(clients, 'AWS::KMS::Key', 'gone', REGION)).toBeNull()
    await expect(readActualResource(clients, 'AWS::KMS::Key', 'locked', REGION)).rejects.toThrow(AwsError)
    await expect(readActualResource(clients, 'AWS::KMS::Key', 'locked', REGION)).rejects.toThrow('kms:DescribeKey')
  })
})

describe('KMS executors', () => {
  it('GIVEN the heal calls WHEN executed THEN TagResource and EnableKeyRotation go out as planned', async () => {
    kms.on(TagResourceCommand).resolves({})
    kms.on(EnableKeyRotationCommand).resolves({})
    await executeHealCall(clients, {api: 'KMS.TagResource', params: {KeyId: DATA, Tags: [{TagKey: 'Owner', TagValue: 'platform-team'}]}}, REGION)
    await executeHealCall(clients, {api: 'KMS.EnableKeyRotation', params: {KeyId: DATA}}, REGION)
    expect(kms.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({KeyId: DATA, Tags: [{TagKey: 'Owner', TagValue: 'platform-team'}]})
    expect(kms.commandCalls(EnableKeyRotationCommand)[0].args[0].input).toEqual({KeyId: DATA})
  })

  it.each([
    ['rotation off as a heal', {api: 'KMS.DisableKeyRotation', params: {KeyId: DATA}}, /not a call a heal makes/],
    ['a rotation call carrying "off"', {api: 'KMS.EnableKeyRotation', params: {KeyId: DATA, KeyRotationEnabled: false}}, /KeyRotationEnabled is not a parameter/],
    ['a new key policy', {api: 'KMS.PutKeyPolicy', params: {KeyId: DATA, PolicyName: 'default', Policy: '{}'}}, /not a call a heal makes/],
  ])('GIVEN a forged heal call: %s WHEN executed THEN refused and nothing reaches AWS', async (_name, call, message) => {
    await expect(executeHealCall(clients, call, REGION)).rejects.toThrow(message)
    expect(kms.calls()).toHaveLength(0)
  })

  it('GIVEN rotation off planned by a revert WHEN executed as a revert THEN DisableKeyRotation is sent', async () => {
    kms.on(DisableKeyRotationCommand).resolves({})
    await executeHealCall(clients, {api: 'KMS.DisableKeyRotation', params: {KeyId: DATA}}, REGION, 'revert')
    expect(kms.commandCalls(DisableKeyRotationCommand)).toHaveLength(1)
  })
})
