// SNS notifications against moto: a topic with an SQS queue subscribed, read back after each check. A check that
// finds new drift publishes one message with the counts in the subject and the drift reason with file:line in the
// message; an unchanged check publishes nothing.
import {CreateTagsCommand} from '@aws-sdk/client-ec2'
import {CreateTopicCommand, SNSClient, SubscribeCommand} from '@aws-sdk/client-sns'
import {CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand} from '@aws-sdk/client-sqs'
import {afterAll, beforeAll, expect, it} from 'vitest'

import {e2eConfigText} from './fixtures/config.js'
import {DRIFT} from './fixtures/drift.js'
import {createExampleEstate, type Estate} from './fixtures/estate.js'
import {awsClients, type AwsClients} from './helpers/aws-clients.js'
import {createWorkspace, REGION, runCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {propertyLine} from './helpers/template-lines.js'

describeE2e('SNS notifications against moto', () => {
  let estate: Estate
  let workspace: Workspace
  let aws: AwsClients
  let sns: SNSClient
  let queueUrl: string

  const received = async (waitSeconds: number) => {
    const {Messages = []} = await aws.sqs.send(new ReceiveMessageCommand({QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds}))
    // SNS wraps what it delivers to SQS in its JSON envelope (unless raw delivery is on).
    return Messages.map((message) => JSON.parse(message.Body!) as {Subject: string; Message: string})
  }

  beforeAll(async () => {
    aws = awsClients(motoEndpoint())
    sns = new SNSClient({endpoint: motoEndpoint(), region: REGION, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}})
    estate = await createExampleEstate(motoEndpoint())
    const {TopicArn} = await sns.send(new CreateTopicCommand({Name: 'ial-drift'}))
    const queue = await aws.sqs.send(new CreateQueueCommand({QueueName: 'ial-drift-inbox'}))
    queueUrl = queue.QueueUrl!
    const {Attributes} = await aws.sqs.send(new GetQueueAttributesCommand({QueueUrl: queueUrl, AttributeNames: ['QueueArn']}))
    await sns.send(new SubscribeCommand({TopicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn}))
    workspace = createWorkspace({config: `${e2eConfigText()}\nnotify: {channels: [{type: sns, topicArn: "${TopicArn}"}]}\n`})
  })
  afterAll(() => {
    aws.destroy()
    sns.destroy()
  })

  it('GIVEN a tag changed by hand WHEN `drift check` runs THEN one SNS message: counts in the subject, the drift reason and file:line in the message', async () => {
    await aws.ec2.send(new CreateTagsCommand({Resources: [estate.resources[DRIFT.changedTag.id]!.physicalId], Tags: [{Key: DRIFT.changedTag.key, Value: DRIFT.changedTag.value}]}))
    const result = await runCli(workspace, ['drift', 'check'], {endpoint: motoEndpoint()})
    expect(result.code).toBe(2)
    expect(result.stderr).not.toMatch(/Warning/)

    const messages = await received(2)
    expect(messages).toHaveLength(1)
    expect(messages[0]!.Subject).toBe('ialctl drift: 1 new, 0 returned, 0 resolved (1 item: 1 low)')
    const file = estate.model.resources.find((resource) => resource.logicalId === DRIFT.changedTag.id)!.file
    const line = propertyLine(workspace.dir, file, DRIFT.changedTag.id, `/Tags/${DRIFT.changedTag.key}`)
    expect(messages[0]!.Message).toContain(`[new] low Vpc (AWS::EC2::VPC, tag drift) at ${file}:${line}: /Tags/Owner: `)
    expect(messages[0]!.Message).toContain(`→ "${DRIFT.changedTag.value}"`)
  })

  it('GIVEN the same drift WHEN `drift check` runs again THEN nothing is published', async () => {
    const result = await runCli(workspace, ['drift', 'check'], {endpoint: motoEndpoint()})
    expect(result.code).toBe(2)
    expect(await received(1)).toEqual([])
  })
})
