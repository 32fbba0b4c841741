import type {KeyMetadata} from '@aws-sdk/client-kms'
import {describe, expect, it} from 'vitest'

import {analyseDrift} from '../../../src/core/diff/analyse.js'
import {readInterest} from '../../../src/core/diff/read-interest.js'
import {Intrinsic} from '../../../src/core/model.js'
import {healCallProblem} from '../../../src/core/resources/heal.js'
import {healCall, revertCalls} from '../../../src/core/resources/index.js'
import {isAwsManagedAlias, keyFromAws, kmsKey} from '../../../src/core/resources/kms-key.js'
import {assessDrift} from '../../../src/core/risk/assess.js'
import {desired, model, options, snapshot} from '../diff/builders.js'
import {callsOf, change, refusal} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'
const ARN = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`
const metadata = fixture<{KeyMetadata: KeyMetadata}>('kms-describe-key').KeyMetadata
const rotation = fixture<{KeyRotationEnabled: boolean; RotationPeriodInDays: number}>('kms-get-key-rotation-status')
const policy = fixture<{Policy: string}>('kms-get-key-policy').Policy
const ROOT = {Version: '2012-10-17', Statement: [{Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::123456789012:root'}, Action: 'kms:*', Resource: '*'}]}

const key = (overrides: {metadata?: Partial<KeyMetadata>; rotates?: boolean; policy?: string; aliases?: string[]; tags?: Record<string, string>} = {}) =>
  keyFromAws(
    {KeyId: KEY_ID, KeyArn: ARN},
    overrides.aliases ?? ['alias/ial-prod-data'],
    overrides.tags ?? {Name: 'ial-prod-data'},
    {metadata: {...metadata, ...overrides.metadata}, rotation: {...rotation, KeyRotationEnabled: overrides.rotates ?? true}, policy: overrides.policy ?? policy},
    region,
  )

describe('AWS::KMS::Key mapping', () => {
  it('GIVEN a key as DescribeKey, GetKeyRotationStatus and GetKeyPolicy answer it WHEN mapped THEN CloudFormation properties, the policy as a document, its aliases and state as attributes', () => {
    const actual = key()
    expect(actual).toEqual({
      type: 'AWS::KMS::Key',
      region,
      physicalId: KEY_ID,
      arn: ARN,
      properties: {
        Description: 'Encrypts the orders data at rest.',
        Enabled: true,
        EnableKeyRotation: true,
        RotationPeriodInDays: 365,
        KeyPolicy: {...ROOT, Id: 'key-default-1'},
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeySpec: 'SYMMETRIC_DEFAULT',
        MultiRegion: false,
        Origin: 'AWS_KMS',
      },
      tags: {Name: 'ial-prod-data'},
      attributes: {Arn: ARN, KeyId: KEY_ID, Aliases: ['alias/ial-prod-data'], KeyState: 'Enabled', KeyManager: 'CUSTOMER'},
    })
    expectNoAbsentValues(actual)
  })

  it('GIVEN a key as the list calls show it (no per-key call yet) WHEN mapped THEN only its id, aliases and tags', () => {
    const listed = keyFromAws({KeyId: KEY_ID, KeyArn: ARN}, [], {Owner: 'x'}, {}, region)
    expect(listed).toEqual({type: 'AWS::KMS::Key', region, physicalId: KEY_ID, arn: ARN, properties: {}, tags: {Owner: 'x'}, attributes: {Arn: ARN, KeyId: KEY_ID}})
  })

  it('GIVEN a key that does not rotate WHEN mapped THEN no rotation period (only a rotating key has one)', () => {
    expect(key({rotates: false}).properties).toMatchObject({EnableKeyRotation: false})
    expect(key({rotates: false}).properties.RotationPeriodInDays).toBeUndefined()
  })

  it('GIVEN aliases AWS keeps for its own keys WHEN asked THEN they are told apart from a customer alias', () => {
    expect(isAwsManagedAlias('alias/aws/s3')).toBe(true)
    expect(isAwsManagedAlias('alias/awsome-app')).toBe(false)
  })
})

describe('AWS::KMS::Key identity', () => {
  const declaredKey = (properties: Record<string, unknown>) => desired('DataKey', 'AWS::KMS::Key', {Description: 'Encrypts the orders data at rest.', ...properties})
  const alias = (target: unknown, name = 'alias/ial-prod-data') => desired('DataKeyAlias', 'AWS::KMS::Alias', {AliasName: name, TargetKeyId: target})
  const match = (resources: ReturnType<typeof desired>[], actual = key()) => analyseDrift(model(resources), snapshot([actual]), options()).matches.get('DataKey')?.physicalId

  it('GIVEN the phases aim an alias at the key WHEN matched THEN the key is found by that alias, whatever its Name tag says', () => {
    expect(match([declaredKey({Tags: [{Key: 'Name', Value: 'other'}]}), alias(new Intrinsic('Ref', 'DataKey'))], key())).toBe(KEY_ID)
    expect(match([declaredKey({}), alias(new Intrinsic('Fn::GetAtt', ['DataKey', 'Arn']))], key())).toBe(KEY_ID)
    // An alias of another name in AWS: not this key, even with the same description.
    expect(match([declaredKey({}), alias(new Intrinsic('Ref', 'DataKey'), 'alias/ial-prod-other')], key())).toBeUndefined()
  })

  it('GIVEN no alias in the phases WHEN matched THEN by the Name tag; without one, by the description', () => {
    expect(match([declaredKey({Tags: [{Key: 'Name', Value: 'ial-prod-data'}]})], key({aliases: []}))).toBe(KEY_ID)
    expect(match([declaredKey({Tags: [{Key: 'Name', Value: 'ial-prod-other'}]})], key({aliases: []}))).toBeUndefined()
    expect(match([declaredKey({})], key({aliases: [], tags: {}}))).toBe(KEY_ID)
  })

  it('GIVEN a key declared by its description only WHEN the run decides what to read in full THEN every key is wanted (only DescribeKey shows a description)', () => {
    const listed = keyFromAws({KeyId: 'other', KeyArn: ARN}, [], {}, {}, region)
    expect(readInterest(model([declaredKey({})]), null, {region})(listed)).toBe(true)
    expect(readInterest(model([declaredKey({}), alias(new Intrinsic('Ref', 'DataKey'))]), null, {region})(listed)).toBe(false)
    expect(readInterest(model([declaredKey({}), alias(new Intrinsic('Ref', 'DataKey'))]), null, {region})(keyFromAws({KeyId: KEY_ID, KeyArn: ARN}, ['alias/ial-prod-data'], {}, {}, region))).toBe(true)
  })

  it('GIVEN an undeclared key in the scope pending deletion WHEN analysed THEN never an extra; a live one is', () => {
    const scope = options({extraScope: {types: {}}})
    const extras = (actual: ReturnType<typeof key>) => analyseDrift(model([]), snapshot([actual]), scope).items.map((item) => item.driftType)
    expect(extras(key({metadata: {KeyState: 'PendingDeletion', Enabled: false}}))).toEqual([])
    expect(extras(key())).toEqual(['extra_resource'])
  })
})

describe('AWS::KMS::Key drift', () => {
  const declared = (properties: Record<string, unknown>) => [
    desired('DataKey', 'AWS::KMS::Key', {Description: 'Encrypts the orders data at rest.', EnableKeyRotation: true, ...properties}),
    desired('DataKeyAlias', 'AWS::KMS::Alias', {AliasName: 'alias/ial-prod-data', TargetKeyId: new Intrinsic('Ref', 'DataKey')}),
  ]
  const check = (properties: Record<string, unknown>, actual = key()) => assessDrift(analyseDrift(model(declared(properties)), snapshot([actual]), options()), options())

  it('GIVEN the template policy in YAML with statements in another order and lists for strings WHEN compared with the JSON text KMS answers THEN in sync', () => {
    const template = {Version: '2012-10-17', Statement: [{Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: {AWS: ['arn:aws:iam::123456789012:root']}, Action: ['kms:*'], Resource: ['*']}]}
    expect(check({KeyPolicy: template}).items).toEqual([])
  })

  it('GIVEN a principal added to the key policy by hand WHEN compared THEN critical drift addressed to the statement', () => {
    const widened = JSON.stringify({...ROOT, Statement: [{...ROOT.Statement[0], Principal: {AWS: ['arn:aws:iam::123456789012:root', 'arn:aws:iam::999999999999:root']}}]})
    const [item] = check({KeyPolicy: ROOT}, key({policy: widened})).items
    expect(item).toMatchObject({driftType: 'configuration_drift', severity: 'critical', autoHealable: false})
    expect(item.differences.map((difference) => difference.path)).toEqual([expect.stringMatching(/^\/KeyPolicy\/Statement\//)])
  })

  it('GIVEN rotation turned off by hand WHEN assessed THEN critical, and healable whatever the severity limit (one-way hardening)', () => {
    const [item] = check({}, key({rotates: false})).items
    expect(item).toMatchObject({severity: 'critical', autoHealable: true})
    expect(item.differences).toEqual([expect.objectContaining({path: '/EnableKeyRotation', expected: true, actual: false})])
  })
})

describe('AWS::KMS::Key heal and revert calls', () => {
  const actual = key({rotates: false})

  it('GIVEN rotation off in AWS and on in Git WHEN the heal is built THEN EnableKeyRotation, and a rollback that asks for rotation again', () => {
    expect(callsOf(kmsKey.heal!.build(actual, [change('/EnableKeyRotation', false, true)]))).toEqual([
      {api: 'KMS.EnableKeyRotation', params: {KeyId: KEY_ID}},
      {api: 'KMS.EnableKeyRotation', params: {KeyId: KEY_ID}},
    ])
  })

  it('GIVEN a heal asked to turn rotation off, or on an asymmetric key WHEN built THEN refused', () => {
    expect(refusal(kmsKey.heal!.build(key(), [change('/EnableKeyRotation', true, false)]))).toMatch(/only ever turns key rotation on/)
    expect(refusal(kmsKey.heal!.build(key({metadata: {KeySpec: 'RSA_2048'}, rotates: false}), [change('/EnableKeyRotation', false, true)]))).toMatch(/only symmetric encryption keys/)
  })

  it('GIVEN tag drift WHEN built THEN TagResource with TagKey/TagValue and UntagResource by key ARN, each passing its schema', () => {
    const set = kmsKey.tags.set(ARN, {Owner: 'platform-team'})
    const remove = kmsKey.tags.remove(ARN, {Stray: 'x'})
    expect(callsOf({ok: true, actions: [{...set, rollback: remove}]})).toEqual([
      {api: 'KMS.TagResource', params: {KeyId: ARN, Tags: [{TagKey: 'Owner', TagValue: 'platform-team'}]}},
      {api: 'KMS.UntagResource', params: {KeyId: ARN, TagKeys: ['Stray']}},
    ])
  })

  it('GIVEN forged calls WHEN checked against what a heal may send THEN rotation off is no heal call, and a smuggled parameter is refused', () => {
    expect(healCall('KMS.DisableKeyRotation')).toBeUndefined()
    expect(healCall('KMS.PutKeyPolicy')).toBeUndefined()
    expect(healCallProblem(healCall('KMS.EnableKeyRotation')!, {KeyId: KEY_ID, KeyRotationEnabled: false})?.message).toMatch(/KeyRotationEnabled is not a parameter a heal sends/)
    expect(healCallProblem(healCall('KMS.TagResource')!, {KeyId: ARN, Tags: [{TagKey: 'aws:cloudformation:stack-name', TagValue: 'x'}]})?.message).toMatch(/aws: tags excluded/)
  })

  it('GIVEN rotation on in AWS while Git says off WHEN the revert is built THEN DisableKeyRotation, marked as weakening (needs --approve-critical), its rollback rotation on', () => {
    const built = kmsKey.revert!.build(key(), [change('/EnableKeyRotation', true, false)], {applyImmediately: false})
    expect(built.ok && built.actions.map((action) => [action.api, action.rollback.api])).toEqual([['KMS.DisableKeyRotation', 'KMS.EnableKeyRotation']])
    expect(kmsKey.revert!.weakens!(change('/EnableKeyRotation', true, false))).toMatch(/turns key rotation off/)
    expect(kmsKey.revert!.weakens!(change('/EnableKeyRotation', false, true))).toBeUndefined()
    for (const action of built.ok ? built.actions : []) for (const call of [action, action.rollback]) expect(revertCalls(call.api).some((declared) => healCallProblem(declared, call.params) === undefined)).toBe(true)
  })

  it('GIVEN a description changed by hand WHEN the revert is built THEN UpdateKeyDescription back, and the description AWS had as its rollback', () => {
    const built = kmsKey.revert!.build(key({metadata: {Description: 'changed'}}), [change('/Description', 'changed', 'Encrypts the orders data at rest.')], {applyImmediately: false})
    expect(built.ok && built.actions.map((action) => [action.params, action.rollback.params])).toEqual([
      [{KeyId: KEY_ID, Description: 'Encrypts the orders data at rest.'}, {KeyId: KEY_ID, Description: 'changed'}],
    ])
  })
})
