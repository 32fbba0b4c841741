import {CloudFormationClient, ListStackResourcesCommand, type StackResourceSummary} from '@aws-sdk/client-cloudformation'
import {DescribeSecurityGroupsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {ApiCallCounter, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {readAwsSnapshot} from '../../../src/adapters/aws/snapshot.js'
import {readStackResources} from '../../../src/adapters/aws/stacks.js'
import {AwsError, ExitCode} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'

const cloudformation = mockClient(CloudFormationClient)
const ec2 = mockClient(EC2Client)
const sts = mockClient(STSClient)

/** An error as the SDK throws it for an AWS error response (CloudFormation speaks the query protocol). */
const awsError = (name: string, message: string, httpStatusCode = 400) => Object.assign(new Error(message), {name, $fault: 'client', $metadata: {httpStatusCode, attempts: 1}})

// ListStackResources as AWS answers it: summaries of up to 100 resources a page, NextToken for the rest.
const summary = (logical: string, type: string, physical: string | undefined, status: StackResourceSummary['ResourceStatus'] = 'CREATE_COMPLETE'): StackResourceSummary => ({
  LogicalResourceId: logical,
  PhysicalResourceId: physical,
  ResourceType: type,
  ResourceStatus: status,
  LastUpdatedTimestamp: new Date('2026-11-20T10:00:00Z'),
  DriftInformation: {StackResourceDriftStatus: 'NOT_CHECKED'},
})

function clients() {
  const counter = new ApiCallCounter()
  const aws = awsClientFactory({maxAttempts: 1, counter, endpoint: 'http://127.0.0.1:9', network: testNetwork()})
  return {counter, aws}
}

beforeEach(() => {
  for (const mock of [cloudformation, ec2, sts]) mock.reset()
  sts.on(GetCallerIdentityCommand).resolves({Account: '123456789012'})
})

describe('readStackResources', () => {
  it('GIVEN a stack of two pages WHEN read THEN every record of both pages comes back, and a resource without a physical id yet is left out', async () => {
    cloudformation
      .on(ListStackResourcesCommand, {StackName: '10-network-vpc'})
      .resolvesOnce({StackResourceSummaries: [summary('Vpc', 'AWS::EC2::VPC', 'vpc-0a1'), summary('Pending', 'AWS::EC2::Subnet', undefined, 'CREATE_IN_PROGRESS')], NextToken: 'page-2'})
      .resolvesOnce({StackResourceSummaries: [summary('WebSg', 'AWS::EC2::SecurityGroup', 'sg-0b2')]})
    const {aws} = clients()

    const records = await readStackResources(aws.clientsFor({region: 'eu-west-1'}).cloudformation, '10-network-vpc', 'eu-west-1')

    expect(records).toEqual([
      {region: 'eu-west-1', stackName: '10-network-vpc', logicalId: 'Vpc', type: 'AWS::EC2::VPC', physicalId: 'vpc-0a1'},
      {region: 'eu-west-1', stackName: '10-network-vpc', logicalId: 'WebSg', type: 'AWS::EC2::SecurityGroup', physicalId: 'sg-0b2'},
    ])
    // Two calls, the second asking for the page the first pointed to.
    const calls = cloudformation.commandCalls(ListStackResourcesCommand)
    expect(calls).toHaveLength(2)
    expect(calls[1].args[0].input).toEqual({StackName: '10-network-vpc', NextToken: 'page-2'})
  })

  it('GIVEN a phase that is not deployed as a stack WHEN read THEN CloudFormation’s "does not exist" is no records, not a failure', async () => {
    cloudformation.on(ListStackResourcesCommand).rejects(awsError('ValidationError', 'Stack with id 40-data-db does not exist'))
    const {aws} = clients()
    await expect(readStackResources(aws.clientsFor({region: 'us-east-1'}).cloudformation, '40-data-db', 'us-east-1')).resolves.toEqual([])
  })

  it('GIVEN another ValidationError WHEN read THEN it is a failure, not an empty stack', async () => {
    cloudformation.on(ListStackResourcesCommand).rejects(awsError('ValidationError', '1 validation error detected: Value at stackName failed to satisfy constraint'))
    const {aws} = clients()
    await expect(readStackResources(aws.clientsFor({region: 'us-east-1'}).cloudformation, 'bad name', 'us-east-1')).rejects.toThrow(/ValidationError/)
  })
})

describe('readAwsSnapshot with the phase stacks', () => {
  const read = (stacks: string[] | undefined, allowPartial = false) => {
    const {aws, counter} = clients()
    return readAwsSnapshot({
      regions: ['us-east-1'],
      types: ['AWS::EC2::SecurityGroup'],
      allowPartial,
      maxConcurrency: 4,
      clientsFor: (region) => aws.clientsFor({region}),
      counter,
      clock: () => new Date('2026-11-23T06:00:00.000Z'),
      stacks,
    })
  }

  it('GIVEN two phase stacks, one of them not deployed WHEN the snapshot is read THEN it carries the records of the one that exists', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []})
    cloudformation.on(ListStackResourcesCommand, {StackName: '30-compute-app'}).resolves({StackResourceSummaries: [summary('WebSg', 'AWS::EC2::SecurityGroup', 'sg-0b2')]})
    cloudformation.on(ListStackResourcesCommand, {StackName: '40-data-db'}).rejects(awsError('ValidationError', 'Stack with id 40-data-db does not exist'))

    const snapshot = await read(['40-data-db', '30-compute-app'])

    expect(snapshot.stackResources).toEqual([{region: 'us-east-1', stackName: '30-compute-app', logicalId: 'WebSg', type: 'AWS::EC2::SecurityGroup', physicalId: 'sg-0b2'}])
    expect(cloudformation.commandCalls(ListStackResourcesCommand)).toHaveLength(2)
  })

  it('GIVEN no stacks to read (the switch is off) WHEN the snapshot is read THEN CloudFormation is never called and the snapshot has no records', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []})
    const snapshot = await read(undefined)
    expect(cloudformation.calls()).toHaveLength(0)
    expect(snapshot).not.toHaveProperty('stackResources')
  })

  it('GIVEN CloudFormation denies ListStackResources WHEN read THEN the run fails with exit 3 naming the stack and the IAM action', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []})
    cloudformation.on(ListStackResourcesCommand).rejects(awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:ListStackResources', 403))

    const error = (await read(['30-compute-app']).catch((error_: unknown) => error_)) as AwsError

    expect(error).toBeInstanceOf(AwsError)
    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.message).toBe('could not read stack 30-compute-app in us-east-1: AccessDenied (cloudformation:ListStackResources)')
  })

  it('GIVEN CloudFormation denies ListStackResources WHEN read with allowPartial THEN the types are read and the records left out', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []})
    cloudformation.on(ListStackResourcesCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudformation:ListStackResources', 403))
    const snapshot = await read(['30-compute-app'], true)
    expect(snapshot.types).toEqual(['AWS::EC2::SecurityGroup'])
    expect(snapshot.stackResources).toEqual([])
  })
})
