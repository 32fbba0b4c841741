// Several AWS accounts on one moto server, for the config-targets tests: moto maps the credentials AssumeRole
// hands out into the role's account, so a client that assumes `arn:aws:iam::111111111111:role/x` works in account
// 111111111111. moto's AssumeRole never refuses and needs no role: a refused role is the fault proxy's job.
import {CreateQueueCommand, SQSClient} from '@aws-sdk/client-sqs'
import {fromTemporaryCredentials} from '@aws-sdk/credential-providers'

import {motoEndpoint} from './e2e.js'

/** SQS in the account of `roleArn`, through that role, as ialctl reaches it. The caller destroys it. */
export function sqsInAccount(roleArn: string, region: string): SQSClient {
  const endpoint = motoEndpoint()
  return new SQSClient({
    endpoint,
    region,
    credentials: fromTemporaryCredentials({params: {RoleArn: roleArn, RoleSessionName: 'e2e-seed'}, masterCredentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}, clientConfig: {endpoint, region}}),
  })
}

export interface SeedQueue {
  name: string
  visibility: number
  /** The Environment tag; none when absent. */
  environment?: string
}

/** Creates the queues in the account of `roleArn`, in `region`. */
export async function seedQueues(roleArn: string, region: string, queues: SeedQueue[]): Promise<void> {
  const sqs = sqsInAccount(roleArn, region)
  try {
    for (const queue of queues) {
      await sqs.send(new CreateQueueCommand({QueueName: queue.name, Attributes: {VisibilityTimeout: String(queue.visibility)}, ...(queue.environment ? {tags: {Environment: queue.environment}} : {})}))
    }
  } finally {
    sqs.destroy()
  }
}

export const TARGET_REGIONS = ['us-east-1', 'eu-west-1']

/** The phases of the targets tests: a jobs queue tagged with the target's Environment parameter, and an audit queue. */
export const queuesTemplate = (prefix: string): string => `Parameters:
  Environment:
    Type: String
Resources:
  JobsQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: ${prefix}jobs
      VisibilityTimeout: 30
      Tags:
        - Key: Environment
          Value: !Ref Environment
  AuditQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: ${prefix}audit
`

/** One entry of config `targets:` in TARGET_REGIONS, its Environment parameter set. */
export const targetEntry = (name: string, roleArn: string, environment: string): string =>
  `  - name: ${name}\n    roleArn: ${roleArn}\n    regions: [${TARGET_REGIONS.join(', ')}]\n    parameters: {Environment: ${environment}}\n`

/** A config with prod and staging targets (and any further entries). */
export const targetsConfig = (prod: string, staging: string, extra = ''): string =>
  `aws:\n  regions: [us-east-1]\ntargets:\n${targetEntry('prod', prod, 'production')}${targetEntry('staging', staging, 'staging')}${extra}`
