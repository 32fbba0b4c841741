// AWS::S3::BucketPolicy against aws-sdk-client-mock: which buckets get a GetBucketPolicy (the bucket list is the
// bucket type's, made once), a bucket without a policy, the read-one reader, and the revert sender with its last gate.
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {GetBucketPolicyCommand, GetBucketTaggingCommand, GetBucketVersioningCommand, ListBucketsCommand, PutBucketPolicyCommand, S3Client} from '@aws-sdk/client-s3'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {executeHealCall} from '../../../src/adapters/aws/heal/index.js'
import {readActualResource} from '../../../src/adapters/aws/read-one.js'
import {readAwsSnapshot} from '../../../src/adapters/aws/snapshot.js'
import {readInterest} from '../../../src/core/diff/read-interest.js'
import {type DesiredModel, Intrinsic} from '../../../src/core/model.js'
import {ExitCode} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'
import {fixture} from './fixtures.js'

const s3 = mockClient(S3Client)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const sts = mockClient(STSClient)
const REGION = 'us-east-1'
const BUCKET_TYPE = 'AWS::S3::Bucket'
const POLICY_TYPE = 'AWS::S3::BucketPolicy'
const {Policy} = fixture<{Policy: string}>('s3-get-bucket-policy')
const settings = fixture<Record<string, Record<string, unknown>>>('s3-bucket-settings')

const clientsOf = (counter = new ApiCallCounter()) => awsClientFactory({maxAttempts: 1, counter, endpoint: 'http://127.0.0.1:9', network: testNetwork()}).clientsFor({region: REGION})
const s3Error = (name: string, httpStatusCode = 404) => Object.assign(new Error(name), {name, $fault: 'client', $metadata: {httpStatusCode, attempts: 1}})
const resource = (logicalId: string, type: string, properties: Record<string, unknown>) => ({
  logicalId,
  type,
  phase: '40-data',
  file: 'phases/40-data/04-artefacts-bucket.yaml',
  stackName: 'ial-prod',
  location: {file: 'phases/40-data/04-artefacts-bucket.yaml', line: 3, column: 3},
  properties,
  lines: {},
  dependsOn: [],
})

/** The artefacts bucket and its policy, the policy naming the bucket by `!Ref` as a template does. */
const model = (policyBucket: unknown = new Intrinsic('Ref', 'ArtefactsBucket')): DesiredModel => ({
  phasesDir: 'phases',
  phases: ['40-data'],
  parameters: {},
  resources: [
    resource('ArtefactsBucket', BUCKET_TYPE, {BucketName: new Intrinsic('Fn::Sub', 'acme-artefacts-${Env}')}),
    resource('ArtefactsBucketPolicy', POLICY_TYPE, {Bucket: policyBucket, PolicyDocument: {Statement: []}}),
  ],
})

function read(options: {model?: DesiredModel; scope?: Parameters<typeof readInterest>[1]; types?: string[]} = {}) {
  const counter = new ApiCallCounter()
  const phases = options.model && {...options.model, parameters: {Env: 'prod'}}
  return readAwsSnapshot({
    regions: [REGION],
    types: options.types ?? [BUCKET_TYPE, POLICY_TYPE],
    allowPartial: false,
    maxConcurrency: 4,
    clientsFor: () => clientsOf(counter),
    counter,
    clock: () => new Date('2026-11-23T06:00:00.000Z'),
    interest: phases && ((where) => readInterest(phases, options.scope ?? null, where)),
  })
}

const bucketsAsked = (command: Parameters<typeof s3.commandCalls>[0]) => s3.commandCalls(command).map((call) => (call.args[0].input as {Bucket: string}).Bucket).sort()

beforeEach(() => {
  for (const mock of [s3, tagging, sts]) mock.reset()
  sts.on(GetCallerIdentityCommand).resolves({Account: '123456789012'})
  s3.on(ListBucketsCommand).resolves(fixture('s3-list-buckets'))
  tagging.on(GetResourcesCommand).resolves(fixture('tagging-get-resources-buckets'))
  s3.on(GetBucketVersioningCommand).resolves(settings.GetBucketVersioning)
  s3.on(GetBucketPolicyCommand).resolves({Policy})
  s3.on(GetBucketPolicyCommand, {Bucket: 'acme-scratch'}).rejects(s3Error('NoSuchBucketPolicy'))
  s3.on(GetBucketTaggingCommand).resolves(settings.GetBucketTagging)
})

describe('readBucketPolicies', () => {
  it('GIVEN a declared policy on a declared bucket (by !Ref) WHEN read THEN the bucket list is made once for both types and only that bucket costs a GetBucketPolicy', async () => {
    const {resources} = await read({model: model()})

    expect(s3.commandCalls(ListBucketsCommand)).toHaveLength(1)
    expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(1)
    expect(bucketsAsked(GetBucketPolicyCommand)).toEqual(['acme-artefacts-prod'])
    const policy = resources.find((one) => one.type === POLICY_TYPE)!
    expect(policy).toMatchObject({physicalId: 'acme-artefacts-prod', properties: {Bucket: 'acme-artefacts-prod', PolicyDocument: JSON.parse(Policy)}})
    // Its bucket's tags, for the scope.
    expect(policy.tags).toMatchObject({team: 'platform'})
  })

  it('GIVEN a tag scope WHEN read THEN the in-scope bucket\'s policy is asked for too (none: NoSuchBucketPolicy is no resource), and the bucket outside the scope is not', async () => {
    const {resources} = await read({model: model(), scope: {tagKey: 'ial:managed', types: {}}})
    expect(bucketsAsked(GetBucketPolicyCommand)).toEqual(['acme-artefacts-prod', 'acme-scratch'])
    expect(resources.filter((one) => one.type === POLICY_TYPE).map((one) => one.physicalId)).toEqual(['acme-artefacts-prod'])
  })

  it('GIVEN only the policy type and a bucket named literally WHEN read THEN no bucket settings are read, one GetBucketPolicy', async () => {
    await read({model: model('acme-scratch'), types: [POLICY_TYPE]})
    expect(bucketsAsked(GetBucketPolicyCommand)).toEqual(['acme-scratch'])
    expect(s3.commandCalls(GetBucketVersioningCommand)).toHaveLength(0)
  })

  it('GIVEN a bucket deleted between the list and its policy WHEN read THEN it has none; GIVEN denied THEN the run fails with exit 3', async () => {
    s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucket'))
    expect((await read({model: model()})).resources.filter((one) => one.type === POLICY_TYPE)).toEqual([])
    s3.on(GetBucketPolicyCommand).rejects(s3Error('AccessDenied', 403))
    await expect(read({model: model()})).rejects.toMatchObject({exitCode: ExitCode.Remote, message: expect.stringMatching(/s3:GetBucketPolicy/)})
  })
})

describe('readBucketPolicy (one policy)', () => {
  const clients = clientsOf()

  it('GIVEN a bucket with a policy WHEN re-read THEN the policy and its bucket\'s tags; without one or deleted THEN null; denied THEN exit 3', async () => {
    expect(await readActualResource(clients, POLICY_TYPE, 'acme-artefacts-prod', REGION)).toMatchObject({properties: {PolicyDocument: JSON.parse(Policy)}, tags: {team: 'platform'}})
    expect(await readActualResource(clients, POLICY_TYPE, 'acme-scratch', REGION)).toBeNull()
    s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucket'))
    expect(await readActualResource(clients, POLICY_TYPE, 'gone', REGION)).toBeNull()
    s3.on(GetBucketPolicyCommand).rejects(s3Error('AccessDenied', 403))
    await expect(readActualResource(clients, POLICY_TYPE, 'acme-artefacts-prod', REGION)).rejects.toMatchObject({exitCode: ExitCode.Remote})
  })
})

describe('S3 bucket policy revert sender', () => {
  const clients = clientsOf()

  it('GIVEN a planned PutBucketPolicy WHEN executed THEN S3 gets the bucket and the document text', async () => {
    s3.on(PutBucketPolicyCommand).resolves({})
    await executeHealCall(clients, {api: 'S3.PutBucketPolicy', params: {Bucket: 'b', Policy}}, REGION, 'revert')
    expect(s3.commandCalls(PutBucketPolicyCommand)[0].args[0].input).toEqual({Bucket: 'b', Policy})
  })

  it('GIVEN a PutBucketPolicy in a heal (a heal never writes a policy) WHEN executed THEN it is refused and nothing is sent', async () => {
    await expect(executeHealCall(clients, {api: 'S3.PutBucketPolicy', params: {Bucket: 'b', Policy}}, REGION)).rejects.toThrow('refusing S3.PutBucketPolicy: not a call a heal makes')
    expect(s3.calls()).toHaveLength(0)
  })

  it.each([
    ['a policy that is not JSON', {Bucket: 'b', Policy: '{"Statement": ['}, 'Policy must be a policy document as JSON text'],
    ['a document without a Statement', {Bucket: 'b', Policy: '{"Version":"2012-10-17"}'}, 'an object with a Statement'],
    ['a policy over S3\'s 20 KB', {Bucket: 'b', Policy: JSON.stringify({Statement: [{Sid: 'x'.repeat(21_000)}]})}, 'at most 20480 bytes'],
    ['a parameter a revert never sends', {Bucket: 'b', Policy, ConfirmRemoveSelfBucketAccess: true}, 'ConfirmRemoveSelfBucketAccess is not a parameter'],
  ])('GIVEN a forged call with %s WHEN executed THEN it is refused and no S3 call is sent', async (_name, params, message) => {
    await expect(executeHealCall(clients, {api: 'S3.PutBucketPolicy', params}, REGION, 'revert')).rejects.toThrow(message)
    expect(s3.calls()).toHaveLength(0)
  })
})
