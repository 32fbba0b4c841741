// AWS::S3::Bucket against aws-sdk-client-mock: the list reader (calls, pages, the region filter, which buckets get
// their settings calls), the read-one reader, and the heal senders with their last-gate refusals.
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {
  DeleteBucketTaggingCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {executeHealCall} from '../../../src/adapters/aws/heal/index.js'
import {readActualResource} from '../../../src/adapters/aws/read-one.js'
import {readAwsSnapshot} from '../../../src/adapters/aws/snapshot.js'
import {readInterest} from '../../../src/core/diff/read-interest.js'
import {type DesiredModel, Intrinsic} from '../../../src/core/model.js'
import {S3_BUCKET_CALLS_PER_BUCKET} from '../../../src/core/resources/s3-bucket.js'
import {AwsError, ExitCode} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'
import {fixture} from './fixtures.js'

const s3 = mockClient(S3Client)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const sts = mockClient(STSClient)
const REGION = 'us-east-1'
const TYPE = 'AWS::S3::Bucket'
const settings = fixture<Record<string, Record<string, unknown>>>('s3-bucket-settings')

/** An error as the SDK throws it for an S3 error response. */
/** The clients of one region, as a run builds them (endpoint given: moto-style path addressing). */
const clientsOf = (endpoint: string | undefined = 'http://127.0.0.1:9', counter = new ApiCallCounter()) =>
  awsClientFactory({maxAttempts: 1, counter, endpoint, network: testNetwork()}).clientsFor({region: REGION})

const s3Error = (name: string, httpStatusCode = 404) => Object.assign(new Error(name), {name, $fault: 'client', $metadata: {httpStatusCode, attempts: 1}})

/** The phases of a run: the artefacts bucket, declared by name. */
const model = (properties: Record<string, unknown> = {BucketName: 'acme-artefacts-prod'}): DesiredModel => ({
  phasesDir: 'phases',
  phases: ['50-storage'],
  parameters: {},
  resources: [
    {logicalId: 'ArtefactsBucket', type: TYPE, phase: '50-storage', file: 'phases/50-storage/01-artefacts-bucket.yaml', stackName: 'ial-prod', location: {file: 'phases/50-storage/01-artefacts-bucket.yaml', line: 3, column: 3}, properties, lines: {}, dependsOn: []},
  ],
})

function read(options: {model?: DesiredModel; scope?: Parameters<typeof readInterest>[1]} = {}) {
  const counter = new ApiCallCounter()
  return readAwsSnapshot({
    regions: [REGION],
    types: [TYPE],
    allowPartial: false,
    maxConcurrency: 4,
    clientsFor: () => clientsOf(undefined, counter),
    counter,
    clock: () => new Date('2026-11-23T06:00:00.000Z'),
    interest: options.model && ((where) => readInterest(options.model!, options.scope ?? null, where)),
  })
}

function answerSettings(): void {
  s3.on(GetBucketVersioningCommand).resolves(settings.GetBucketVersioning)
  s3.on(GetPublicAccessBlockCommand).resolves(settings.GetPublicAccessBlock)
  s3.on(GetBucketEncryptionCommand).resolves(settings.GetBucketEncryption)
  s3.on(GetBucketOwnershipControlsCommand).resolves(settings.GetBucketOwnershipControls)
  s3.on(GetBucketLifecycleConfigurationCommand).resolves(settings.GetBucketLifecycleConfiguration)
  s3.on(GetBucketTaggingCommand).resolves(settings.GetBucketTagging)
}

const bucketsAsked = (command: Parameters<typeof s3.commandCalls>[0]) => s3.commandCalls(command).map((call) => (call.args[0].input as {Bucket: string}).Bucket).sort()

beforeEach(() => {
  for (const mock of [s3, tagging, sts]) mock.reset()
  sts.on(GetCallerIdentityCommand).resolves({Account: '123456789012'})
  s3.on(ListBucketsCommand).resolves(fixture('s3-list-buckets'))
  tagging.on(GetResourcesCommand).resolves(fixture('tagging-get-resources-buckets'))
  answerSettings()
})

describe('readBuckets', () => {
  it('GIVEN three buckets, one declared WHEN read THEN ListBuckets asks for this region only, tags come in one GetResources, and only the declared bucket costs its five settings calls', async () => {
    const {resources} = await read({model: model()})

    expect(s3.commandCalls(ListBucketsCommand).map((call) => call.args[0].input)).toEqual([{BucketRegion: REGION, MaxBuckets: 10_000}])
    expect(tagging.commandCalls(GetResourcesCommand).map((call) => call.args[0].input)).toEqual([{ResourceTypeFilters: ['s3:bucket'], ResourcesPerPage: 100}])
    expect(resources.map((bucket) => bucket.physicalId)).toEqual(['acme-artefacts-prod'])
    expect(resources[0].properties.PublicAccessBlockConfiguration).toEqual({BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true})
    expect(resources[0].tags).toMatchObject({team: 'platform', 'aws:cloudformation:logical-id': 'ArtefactsBucket'})
    const perBucket = [GetBucketVersioningCommand, GetPublicAccessBlockCommand, GetBucketEncryptionCommand, GetBucketOwnershipControlsCommand, GetBucketLifecycleConfigurationCommand]
    for (const command of perBucket) expect(bucketsAsked(command)).toEqual(['acme-artefacts-prod'])
    // The module's budget is what the reader spends: after the two walks, S3_BUCKET_CALLS_PER_BUCKET per wanted bucket.
    expect(s3.calls()).toHaveLength(1 + S3_BUCKET_CALLS_PER_BUCKET)
  })

  it('GIVEN a template without BucketName WHEN read THEN the bucket is found by its CloudFormation tags', async () => {
    const {resources} = await read({model: model({})})
    expect(resources.map((bucket) => bucket.physicalId)).toEqual(['acme-artefacts-prod'])
  })

  it('GIVEN an extra-resource scope by tag WHEN read THEN the in-scope extra gets its settings calls and the bucket outside the scope none', async () => {
    const {resources} = await read({model: model(), scope: {tagKey: 'ial:managed', types: {}}})
    expect(resources.map((bucket) => bucket.physicalId)).toEqual(['acme-artefacts-prod', 'acme-scratch'])
    expect(bucketsAsked(GetBucketVersioningCommand)).toEqual(['acme-artefacts-prod', 'acme-scratch'])
  })

  it('GIVEN a name built from a parameter and the account id WHEN read THEN it is resolved before the settings calls', async () => {
    const phases = model({BucketName: new Intrinsic('Fn::Sub', 'acme-${Env}-${AWS::AccountId}')})
    s3.on(ListBucketsCommand).resolves({Buckets: [{Name: 'acme-prod-123456789012', BucketRegion: REGION}, {Name: 'acme-dev-123456789012', BucketRegion: REGION}]})
    const {resources} = await read({model: {...phases, parameters: {Env: 'prod'}}})
    expect(resources.map((bucket) => bucket.physicalId)).toEqual(['acme-prod-123456789012'])
    expect(bucketsAsked(GetBucketVersioningCommand)).toEqual(['acme-prod-123456789012'])
  })

  it('GIVEN a name from another resource attribute (unknown before reading) WHEN read THEN every bucket of the region is read, never a false missing', async () => {
    const {resources} = await read({model: model({BucketName: new Intrinsic('Fn::GetAtt', ['Other', 'Name'])})})
    expect(resources).toHaveLength(3)
  })

  it('GIVEN no phases (a snapshot of every type) WHEN read THEN every bucket of the region is read', async () => {
    const {resources} = await read()
    expect(resources).toHaveLength(3)
  })

  it('GIVEN a server that ignores BucketRegion and a bucket of another region WHEN read THEN that bucket is left out', async () => {
    s3.on(ListBucketsCommand).resolves({Buckets: [{Name: 'acme-artefacts-prod', BucketRegion: REGION}, {Name: 'acme-artefacts-eu', BucketRegion: 'eu-west-1'}]})
    const {resources} = await read()
    expect(resources.map((bucket) => bucket.physicalId)).toEqual(['acme-artefacts-prod'])
    expect(bucketsAsked(GetBucketVersioningCommand)).toEqual(['acme-artefacts-prod'])
  })

  it('GIVEN two pages of buckets WHEN read THEN the ContinuationToken is followed', async () => {
    const seen: unknown[] = []
    s3.on(ListBucketsCommand).callsFake((input: {ContinuationToken?: string}) => {
      seen.push(input.ContinuationToken)
      return input.ContinuationToken ? {Buckets: [{Name: 'b2', BucketRegion: REGION}]} : {Buckets: [{Name: 'b1', BucketRegion: REGION}], ContinuationToken: 'next'}
    })
    const {resources} = await read()
    expect(seen).toEqual([undefined, 'next'])
    expect(resources.map((bucket) => bucket.physicalId)).toEqual(['b1', 'b2'])
  })

  it('GIVEN a bucket with nothing configured WHEN read THEN the not-configured errors are absent values, not failures', async () => {
    s3.on(GetBucketVersioningCommand).resolves({})
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration'))
    s3.on(GetBucketEncryptionCommand).rejects(s3Error('ServerSideEncryptionConfigurationNotFoundError'))
    s3.on(GetBucketOwnershipControlsCommand).rejects(s3Error('OwnershipControlsNotFoundError'))
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(s3Error('NoSuchLifecycleConfiguration'))
    const {resources} = await read({model: model()})
    expect(resources[0].properties).toEqual({BucketName: 'acme-artefacts-prod'})
  })

  it('GIVEN a bucket deleted between the list and its settings WHEN read THEN it is simply not there', async () => {
    s3.on(GetBucketVersioningCommand).rejects(s3Error('NoSuchBucket'))
    const {resources} = await read({model: model()})
    expect(resources).toEqual([])
  })

  it('GIVEN access denied on a settings call WHEN read THEN the run fails with exit 3 naming the S3 action', async () => {
    s3.on(GetBucketEncryptionCommand).rejects(s3Error('AccessDenied', 403))
    const failure = await read({model: model()}).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AwsError)
    expect((failure as AwsError).exitCode).toBe(ExitCode.Remote)
    expect((failure as AwsError).message).toMatch(/s3:GetBucketEncryption/)
  })
})

describe('readBucket (one bucket)', () => {
  const clients = clientsOf()

  it('GIVEN an existing bucket WHEN re-read THEN its tags come from GetBucketTagging and its settings from the five calls', async () => {
    const bucket = await readActualResource(clients, TYPE, 'acme-artefacts-prod', REGION)
    expect(bucket?.properties.VersioningConfiguration).toEqual({Status: 'Enabled'})
    expect(bucket?.tags).toEqual({team: 'platform', 'aws:cloudformation:stack-name': 'ial-prod', 'aws:cloudformation:logical-id': 'ArtefactsBucket'})
    expect(s3.commandCalls(ListBucketsCommand)).toHaveLength(0)
  })

  it('GIVEN a bucket without tags WHEN re-read THEN NoSuchTagSet is no tags; GIVEN a deleted bucket THEN null; GIVEN denied THEN exit 3', async () => {
    s3.on(GetBucketTaggingCommand).rejects(s3Error('NoSuchTagSet'))
    expect((await readActualResource(clients, TYPE, 'acme-artefacts-prod', REGION))?.tags).toEqual({})
    s3.on(GetBucketTaggingCommand).rejects(s3Error('NoSuchBucket'))
    expect(await readActualResource(clients, TYPE, 'gone', REGION)).toBeNull()
    s3.on(GetBucketTaggingCommand).rejects(s3Error('AccessDenied', 403))
    await expect(readActualResource(clients, TYPE, 'acme-artefacts-prod', REGION)).rejects.toMatchObject({exitCode: ExitCode.Remote})
  })
})

describe('S3 heal senders', () => {
  const clients = clientsOf()
  const allOn = {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}

  it('GIVEN planned S3 calls WHEN executed THEN each command carries the planned params', async () => {
    s3.on(PutPublicAccessBlockCommand).resolves({})
    s3.on(PutBucketVersioningCommand).resolves({})
    s3.on(PutBucketTaggingCommand).resolves({})
    s3.on(DeleteBucketTaggingCommand).resolves({})
    await executeHealCall(clients, {api: 'S3.PutPublicAccessBlock', params: {Bucket: 'b', PublicAccessBlockConfiguration: allOn}}, REGION)
    await executeHealCall(clients, {api: 'S3.PutBucketVersioning', params: {Bucket: 'b', VersioningConfiguration: {Status: 'Enabled'}}}, REGION)
    await executeHealCall(clients, {api: 'S3.PutBucketTagging', params: {Bucket: 'b', Tagging: {TagSet: [{Key: 'team', Value: 'platform'}]}}}, REGION)
    await executeHealCall(clients, {api: 'S3.DeleteBucketTagging', params: {Bucket: 'b'}}, REGION)
    expect(s3.commandCalls(PutPublicAccessBlockCommand)[0].args[0].input).toEqual({Bucket: 'b', PublicAccessBlockConfiguration: allOn})
    expect(s3.commandCalls(PutBucketVersioningCommand)[0].args[0].input).toEqual({Bucket: 'b', VersioningConfiguration: {Status: 'Enabled'}})
    expect(s3.commandCalls(PutBucketTaggingCommand)[0].args[0].input).toEqual({Bucket: 'b', Tagging: {TagSet: [{Key: 'team', Value: 'platform'}]}})
    expect(s3.commandCalls(DeleteBucketTaggingCommand)[0].args[0].input).toEqual({Bucket: 'b'})
  })

  it.each([
    ['a public access setting turned off', 'S3.PutPublicAccessBlock', {Bucket: 'b', PublicAccessBlockConfiguration: {...allOn, RestrictPublicBuckets: false}}, 'RestrictPublicBuckets may only be turned on (true)'],
    ['a public access block missing a setting (it would become false)', 'S3.PutPublicAccessBlock', {Bucket: 'b', PublicAccessBlockConfiguration: {BlockPublicAcls: true}}, 'may only be turned on (true)'],
    ['versioning suspended', 'S3.PutBucketVersioning', {Bucket: 'b', VersioningConfiguration: {Status: 'Suspended'}}, 'versioning may only be turned to Enabled'],
    ['an MFA-delete change', 'S3.PutBucketVersioning', {Bucket: 'b', VersioningConfiguration: {Status: 'Enabled', MFADelete: 'Disabled'}}, 'MFADelete'],
    ['an empty tag set (it would drop every tag)', 'S3.PutBucketTagging', {Bucket: 'b', Tagging: {TagSet: []}}, 'TagSet must list at least one tag'],
    ['an extra parameter', 'S3.DeleteBucketTagging', {Bucket: 'b', ExpectedBucketOwner: '1'}, 'ExpectedBucketOwner is not a parameter a heal sends'],
  ])('GIVEN a forged call with %s WHEN executed THEN it is refused and no S3 call is sent', async (_name, api, params, message) => {
    await expect(executeHealCall(clients, {api, params}, REGION)).rejects.toThrow(`refusing ${api}: `)
    await expect(executeHealCall(clients, {api, params}, REGION)).rejects.toThrow(message)
    expect(s3.calls()).toHaveLength(0)
  })
})

describe('S3 client', () => {
  it('GIVEN a custom endpoint (moto) WHEN clients are built THEN S3 uses path-style addressing; against AWS it does not', async () => {
    const custom = clientsOf('http://127.0.0.1:5000')
    const aws = awsClientFactory({maxAttempts: 1, network: testNetwork()}).clientsFor({region: REGION})
    expect(await custom.s3.config.forcePathStyle).toBe(true)
    expect(await aws.s3.config.forcePathStyle).toBe(false)
  })
})
