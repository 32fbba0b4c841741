// Identity from the phase stacks against moto: a phase deployed as a CloudFormation stack whose queue has no name
// and no tags. Without config `phases.identityFromStacks` ialctl cannot tell that queue is the declared one
// (missing, and the queue CloudFormation named is an extra); with it, ListStackResources says which queue the
// logical id is, and the queue is matched and compared.
//
// moto and AWS: AWS tags the resources of a stack with aws:cloudformation:* (for the types that take tags), moto's
// SQS does not, which is what makes the case visible here; a type AWS cannot tag (IAM policies, listeners) is the
// same case in AWS itself. moto records the queue URL on its default host, as AWS records it on sqs.REGION's.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {CloudFormationClient, CreateStackCommand, ListStackResourcesCommand} from '@aws-sdk/client-cloudformation'
import {GetQueueAttributesCommand, SetQueueAttributesCommand} from '@aws-sdk/client-sqs'
import {afterAll, beforeAll, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {awsClients, type AwsClients} from './helpers/aws-clients.js'
import {createWorkspace, runCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'

const STACK = '25-messaging-01-jobs'
const TEMPLATE = `Resources:
  JobsQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 45
`
// Every queue is in scope, so that the unmatched one shows as extra; other types only when tagged (moto's default VPC is not).
const config = (identityFromStacks: boolean) =>
  `aws:\n  regions: [us-east-1]\nphases:\n  identityFromStacks: ${identityFromStacks}\nscope:\n  extraResources:\n    tagKey: ManagedBy\n    tagValue: ialctl\n    types:\n      AWS::SQS::Queue: {}\n`

describeE2e('identity from the phase stacks, against moto', () => {
  let aws: AwsClients
  let cloudformation: CloudFormationClient
  let phases: string
  let queueUrl: string

  const check = async (workspace: Workspace) => {
    const result = await runCli(workspace, ['drift', 'check', '--json'], {endpoint: motoEndpoint()})
    return {code: result.code, stderr: result.stderr, report: JSON.parse(result.stdout) as DriftReport}
  }

  beforeAll(async () => {
    aws = awsClients(motoEndpoint())
    cloudformation = new CloudFormationClient({endpoint: motoEndpoint(), region: 'us-east-1', credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}})
    phases = mkdtempSync(path.join(tmpdir(), 'ialctl-stack-phases-'))
    mkdirSync(path.join(phases, '25-messaging'))
    writeFileSync(path.join(phases, '25-messaging/01-jobs.yaml'), TEMPLATE)
    await cloudformation.send(new CreateStackCommand({StackName: STACK, TemplateBody: TEMPLATE}))
    const records = await cloudformation.send(new ListStackResourcesCommand({StackName: STACK}))
    queueUrl = records.StackResourceSummaries![0].PhysicalResourceId!
  })
  afterAll(() => {
    aws.destroy()
    cloudformation.destroy()
  })

  it('GIVEN the switch off WHEN checked THEN the unnamed, untagged queue cannot be told apart: missing, and extra', async () => {
    const {code, report} = await check(createWorkspace({config: config(false), phasesFrom: phases}))
    expect(code).toBe(2)
    expect(report.items.map((item) => [item.driftType, item.type])).toEqual([
      ['missing_resource', 'AWS::SQS::Queue'],
      ['extra_resource', 'AWS::SQS::Queue'],
    ])
  })

  it('GIVEN identityFromStacks WHEN checked THEN the stack’s record matches the queue: in sync, nothing missing or extra', async () => {
    const {code, stderr, report} = await check(createWorkspace({config: config(true), phasesFrom: phases}))
    expect(code, stderr).toBe(0)
    expect(report.items).toEqual([])
    expect(report.summary).toMatchObject({resources: 1, inSync: 1, missing: 0, extra: 0})
  })

  it('GIVEN the queue changed by hand WHEN checked with identityFromStacks THEN the drift is reported on JobsQueue, at its template line', async () => {
    const url = queueUrl.replace(/^https?:\/\/[^/]+/, motoEndpoint())
    await aws.sqs.send(new SetQueueAttributesCommand({QueueUrl: url, Attributes: {VisibilityTimeout: '60'}}))
    expect((await aws.sqs.send(new GetQueueAttributesCommand({QueueUrl: url, AttributeNames: ['VisibilityTimeout']}))).Attributes?.VisibilityTimeout).toBe('60')

    const {code, report} = await check(createWorkspace({config: config(true), phasesFrom: phases}))
    expect(code).toBe(2)
    expect(report.items).toEqual([
      expect.objectContaining({id: 'JobsQueue', driftType: 'configuration_drift', differences: [{path: '/VisibilityTimeout', expected: 45, actual: 60, kind: 'NOT_EQUAL', line: 5}]}),
    ])
  })

  it('GIVEN a phase whose stack was never created WHEN checked with identityFromStacks THEN that stack is no records, not an error', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'ialctl-stack-phases-'))
    mkdirSync(path.join(other, '30-compute'))
    writeFileSync(path.join(other, '30-compute/01-never-deployed.yaml'), TEMPLATE)
    const {code, stderr, report} = await check(createWorkspace({config: config(true), phasesFrom: other}))
    expect(stderr).not.toContain('Error')
    expect(code).toBe(2)
    expect(report.items.map((item) => item.driftType)).toEqual(['missing_resource', 'extra_resource'])
  })
})
