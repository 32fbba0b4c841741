// AWS::EC2::VPC against aws-sdk-client-mock: the list reader (which VPCs get their two DescribeVpcAttribute calls,
// exact call counts, a VPC gone since the list, a denied attribute call), the read-one reader, and the revert sender
// with its last-gate refusals.
import {DescribeVpcAttributeCommand, DescribeVpcsCommand, EC2Client, ModifyVpcAttributeCommand, type Vpc} from '@aws-sdk/client-ec2'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {executeHealCall} from '../../../src/adapters/aws/heal/index.js'
import {readActualResource} from '../../../src/adapters/aws/read-one.js'
import {readAwsSnapshot} from '../../../src/adapters/aws/snapshot.js'
import {readInterest} from '../../../src/core/diff/read-interest.js'
import type {DesiredModel} from '../../../src/core/model.js'
import {AwsError, ExitCode} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'
import {fixture} from './fixtures.js'

const ec2 = mockClient(EC2Client)
const sts = mockClient(STSClient)
const REGION = 'us-east-1'
const TYPE = 'AWS::EC2::VPC'
const PROD = fixture<{Vpcs: Vpc[]}>('ec2-describe-vpcs').Vpcs[0]
const DNS = fixture<Record<'enableDnsSupport' | 'enableDnsHostnames', object>>('ec2-describe-vpc-attribute')
/** Three VPCs: the declared one (Name prod, CloudFormation tags), another team's, and one tagged ManagedBy ialctl. */
const VPCS: Vpc[] = [
  PROD,
  {...PROD, VpcId: 'vpc-0aaaaaaaaaaaaaaa1', Tags: [{Key: 'Name', Value: 'data-science'}]},
  {...PROD, VpcId: 'vpc-0bbbbbbbbbbbbbbb2', Tags: [{Key: 'Name', Value: 'sandbox'}, {Key: 'ManagedBy', Value: 'ialctl'}]},
]

const clientsOf = (counter = new ApiCallCounter()) => awsClientFactory({maxAttempts: 1, counter, endpoint: 'http://127.0.0.1:9', network: testNetwork()}).clientsFor({region: REGION})
const ec2Error = (name: string, httpStatusCode = 400) => Object.assign(new Error(name), {name, $fault: 'client', $metadata: {httpStatusCode, attempts: 1}})

/** The phases of a run: the production VPC, found by its Name tag. */
const model: DesiredModel = {
  phasesDir: 'phases',
  phases: ['00-foundation'],
  parameters: {},
  resources: [
    {
      logicalId: 'Vpc',
      type: TYPE,
      phase: '00-foundation',
      file: 'phases/00-foundation/01-vpc.yaml',
      stackName: 'ial-prod',
      location: {file: 'phases/00-foundation/01-vpc.yaml', line: 23, column: 3},
      properties: {CidrBlock: '10.0.0.0/16', EnableDnsSupport: true, EnableDnsHostnames: true, Tags: [{Key: 'Name', Value: 'prod'}]},
      lines: {},
      dependsOn: [],
    },
  ],
}

function read(options: {model?: DesiredModel; scope?: Parameters<typeof readInterest>[1]; allowPartial?: boolean} = {}) {
  const counter = new ApiCallCounter()
  return readAwsSnapshot({
    regions: [REGION],
    types: [TYPE],
    allowPartial: options.allowPartial ?? false,
    maxConcurrency: 4,
    clientsFor: () => clientsOf(counter),
    counter,
    clock: () => new Date('2026-12-02T06:00:00.000Z'),
    interest: options.model && ((where) => readInterest(options.model!, options.scope ?? null, where)),
  })
}

/** Which VPC and attribute each DescribeVpcAttribute asked for, sorted. */
const attributesAsked = () =>
  ec2
    .commandCalls(DescribeVpcAttributeCommand)
    .map((call) => `${call.args[0].input.VpcId} ${call.args[0].input.Attribute}`)
    .sort()

beforeEach(() => {
  ec2.reset()
  sts.reset()
  sts.on(GetCallerIdentityCommand).resolves({Account: '123456789012'})
  ec2.on(DescribeVpcsCommand).resolves({Vpcs: VPCS})
  // As EC2 answers: the VPC id and the one attribute asked for. DNS hostnames are off in the sandbox VPC.
  ec2.on(DescribeVpcAttributeCommand).callsFake(async ({VpcId, Attribute}: {VpcId: string; Attribute: 'enableDnsSupport' | 'enableDnsHostnames'}) =>
    VpcId === 'vpc-0bbbbbbbbbbbbbbb2' && Attribute === 'enableDnsHostnames' ? {VpcId, EnableDnsHostnames: {Value: false}} : {...DNS[Attribute], VpcId},
  )
})

describe('readVpcs', () => {
  it('GIVEN three VPCs, one declared WHEN read THEN one DescribeVpcs of 1000, and only the declared VPC costs its two DescribeVpcAttribute calls', async () => {
    const {resources} = await read({model})

    expect(ec2.commandCalls(DescribeVpcsCommand).map((call) => call.args[0].input)).toEqual([{MaxResults: 1000}])
    expect(attributesAsked()).toEqual(['vpc-0123456789abcdef0 enableDnsHostnames', 'vpc-0123456789abcdef0 enableDnsSupport'])
    expect(ec2.calls()).toHaveLength(1 + 2)
    const byId = new Map(resources.map((vpc) => [vpc.physicalId, vpc.properties]))
    expect(byId.get('vpc-0123456789abcdef0')).toEqual({CidrBlock: '10.0.0.0/16', InstanceTenancy: 'default', EnableDnsSupport: true, EnableDnsHostnames: true})
    // The others keep what the list said: their DNS settings are not read, never guessed.
    expect(byId.get('vpc-0aaaaaaaaaaaaaaa1')).toEqual({CidrBlock: '10.0.0.0/16', InstanceTenancy: 'default'})
  })

  it('GIVEN an extra-resource scope by tag WHEN read THEN the in-scope extra gets its attribute calls too, the VPC outside the scope none', async () => {
    const {resources} = await read({model, scope: {tagKey: 'ManagedBy', tagValue: 'ialctl', types: {}}})

    expect(attributesAsked()).toEqual([
      'vpc-0123456789abcdef0 enableDnsHostnames',
      'vpc-0123456789abcdef0 enableDnsSupport',
      'vpc-0bbbbbbbbbbbbbbb2 enableDnsHostnames',
      'vpc-0bbbbbbbbbbbbbbb2 enableDnsSupport',
    ])
    expect(resources.find((vpc) => vpc.physicalId === 'vpc-0bbbbbbbbbbbbbbb2')?.properties).toMatchObject({EnableDnsSupport: true, EnableDnsHostnames: false})
  })

  it('GIVEN no phases (a snapshot of every type) WHEN read THEN every VPC costs its two calls: 1 + 2 x 3', async () => {
    const {resources} = await read()
    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(1)
    expect(ec2.commandCalls(DescribeVpcAttributeCommand)).toHaveLength(6)
    expect(resources.every((vpc) => typeof vpc.properties.EnableDnsSupport === 'boolean' && typeof vpc.properties.EnableDnsHostnames === 'boolean')).toBe(true)
  })

  it('GIVEN the declared VPC deleted between the list and its attribute calls WHEN read THEN it is simply not there', async () => {
    ec2.on(DescribeVpcAttributeCommand).rejects(ec2Error('InvalidVpcID.NotFound'))
    const {resources} = await read({model})
    expect(resources.map((vpc) => vpc.physicalId)).toEqual(['vpc-0aaaaaaaaaaaaaaa1', 'vpc-0bbbbbbbbbbbbbbb2'])
  })

  it('GIVEN DescribeVpcAttribute denied WHEN read THEN the run fails with exit 3 naming the EC2 action; with allowPartial the VPCs are unread, never compared half-read', async () => {
    ec2.on(DescribeVpcAttributeCommand).rejects(ec2Error('UnauthorizedOperation', 403))

    const failure = await read({model}).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AwsError)
    expect((failure as AwsError).exitCode).toBe(ExitCode.Remote)
    expect((failure as AwsError).message).toMatch(/ec2:DescribeVpcAttribute/)

    const partial = await read({model, allowPartial: true}).catch((error: unknown) => error)
    // Nothing else was asked for, so nothing could be read: the run fails even with allowPartial (SPEC 9).
    expect(partial).toBeInstanceOf(AwsError)
  })
})

describe('readVpc (one VPC)', () => {
  const clients = clientsOf()

  it('GIVEN a VPC WHEN re-read THEN DescribeVpcs by id and its two DNS settings; GIVEN it is gone THEN null; GIVEN denied THEN exit 3', async () => {
    const vpc = await readActualResource(clients, TYPE, 'vpc-0bbbbbbbbbbbbbbb2', REGION)
    expect(vpc?.properties).toMatchObject({EnableDnsSupport: true, EnableDnsHostnames: false})
    expect(attributesAsked()).toEqual(['vpc-0bbbbbbbbbbbbbbb2 enableDnsHostnames', 'vpc-0bbbbbbbbbbbbbbb2 enableDnsSupport'])

    ec2.on(DescribeVpcsCommand).rejects(ec2Error('InvalidVpcID.NotFound'))
    expect(await readActualResource(clients, TYPE, 'vpc-0ccccccccccccccc3', REGION)).toBeNull()

    ec2.on(DescribeVpcsCommand).resolves({Vpcs: [PROD]})
    ec2.on(DescribeVpcAttributeCommand).rejects(ec2Error('UnauthorizedOperation', 403))
    await expect(readActualResource(clients, TYPE, 'vpc-0123456789abcdef0', REGION)).rejects.toMatchObject({exitCode: ExitCode.Remote})
  })
})

describe('VPC revert sender', () => {
  const clients = clientsOf()

  it('GIVEN planned ModifyVpcAttribute calls WHEN executed THEN each carries exactly the one attribute planned', async () => {
    ec2.on(ModifyVpcAttributeCommand).resolves({})
    await executeHealCall(clients, {api: 'EC2.ModifyVpcAttribute', params: {VpcId: 'vpc-0123456789abcdef0', EnableDnsSupport: {Value: true}}}, REGION, 'revert')
    await executeHealCall(clients, {api: 'EC2.ModifyVpcAttribute', params: {VpcId: 'vpc-0123456789abcdef0', EnableDnsHostnames: {Value: false}}}, REGION, 'revert')
    expect(ec2.commandCalls(ModifyVpcAttributeCommand).map((call) => call.args[0].input)).toEqual([
      {VpcId: 'vpc-0123456789abcdef0', EnableDnsSupport: {Value: true}},
      {VpcId: 'vpc-0123456789abcdef0', EnableDnsHostnames: {Value: false}},
    ])
  })

  it.each([
    ['both attributes in one call (AWS takes one)', {VpcId: 'vpc-0123456789abcdef0', EnableDnsSupport: {Value: true}, EnableDnsHostnames: {Value: true}}, 'ModifyVpcAttribute changes exactly one of EnableDnsSupport, EnableDnsHostnames'],
    ['no attribute at all', {VpcId: 'vpc-0123456789abcdef0'}, 'ModifyVpcAttribute changes exactly one of EnableDnsSupport, EnableDnsHostnames'],
    ['a subnet id instead of a VPC id', {VpcId: 'subnet-0aaa1111bbbb2222c', EnableDnsSupport: {Value: true}}, 'VpcId must be a vpc id'],
    ['a value that is not a boolean', {VpcId: 'vpc-0123456789abcdef0', EnableDnsHostnames: {Value: 'false'}}, 'EnableDnsHostnames must be {Value: true or false}'],
    ['a bare boolean', {VpcId: 'vpc-0123456789abcdef0', EnableDnsSupport: false}, 'EnableDnsSupport must be {Value: true or false}'],
    ['another attribute of the API', {VpcId: 'vpc-0123456789abcdef0', EnableNetworkAddressUsageMetrics: {Value: true}}, 'EnableNetworkAddressUsageMetrics is not a parameter a revert sends'],
  ])('GIVEN a forged call with %s WHEN executed THEN it is refused and no EC2 call is sent', async (_name, params, message) => {
    await expect(executeHealCall(clients, {api: 'EC2.ModifyVpcAttribute', params}, REGION, 'revert')).rejects.toThrow(`refusing EC2.ModifyVpcAttribute: ${message}`)
    expect(ec2.calls()).toHaveLength(0)
  })

  it('GIVEN a valid ModifyVpcAttribute in a heal plan WHEN executed THEN it is refused (only drift revert sends it) and no EC2 call is sent', async () => {
    const call = {api: 'EC2.ModifyVpcAttribute', params: {VpcId: 'vpc-0123456789abcdef0', EnableDnsSupport: {Value: false}}}
    await expect(executeHealCall(clients, call, REGION)).rejects.toThrow('refusing EC2.ModifyVpcAttribute: not a call a heal makes')
    expect(ec2.calls()).toHaveLength(0)
  })
})
