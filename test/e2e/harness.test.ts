import {CloudWatchClient, DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {ECSClient, ListClustersCommand} from '@aws-sdk/client-ecs'
import {afterAll, beforeAll, expect, it} from 'vitest'

import {awsClients, type AwsClients} from './helpers/aws-clients.js'
import {startCountingProxy, startThrottlingProxy} from './helpers/aws-proxy.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'

const credentials = {accessKeyId: 'testing', secretAccessKey: 'testing'}

describeE2e('e2e harness', () => {
  let aws: AwsClients
  beforeAll(() => {
    aws = awsClients(motoEndpoint())
  })
  afterAll(() => aws.destroy())

  it('GIVEN the counting proxy WHEN the SDK reads and writes THEN each call is counted by service and operation', async () => {
    const proxy = await startCountingProxy(motoEndpoint())
    try {
      const ec2 = new EC2Client({endpoint: proxy.endpoint, region: 'us-east-1', credentials})
      const ecs = new ECSClient({endpoint: proxy.endpoint, region: 'us-east-1', credentials})
      await ec2.send(new DescribeVpcsCommand({}))
      await ecs.send(new ListClustersCommand({}))
      await ecs.send(new ListClustersCommand({}))
      expect(proxy.counts()).toEqual({'ec2.DescribeVpcs': 1, 'ecs.ListClusters': 2})
      expect(proxy.writes()).toEqual([])
    } finally {
      await proxy.close()
    }
  })

  const sends: Record<string, (endpoint: string) => Promise<unknown>> = {
    'EC2 (ec2 query protocol)': (endpoint) => new EC2Client({endpoint, region: 'us-east-1', credentials, maxAttempts: 1}).send(new DescribeVpcsCommand({})),
    'ECS (JSON protocol)': (endpoint) => new ECSClient({endpoint, region: 'us-east-1', credentials, maxAttempts: 1}).send(new ListClustersCommand({})),
    'CloudWatch (query-compatible JSON)': (endpoint) =>
      new CloudWatchClient({endpoint, region: 'us-east-1', credentials, maxAttempts: 1}).send(new DescribeAlarmsCommand({})),
  }

  it.each([
    ['EC2 (ec2 query protocol)', 'RequestLimitExceeded'],
    ['ECS (JSON protocol)', 'ThrottlingException'],
    ['CloudWatch (query-compatible JSON)', 'Throttling'],
  ])('GIVEN the throttling proxy WHEN %s is called once THEN the SDK sees a throttling error named %s', async (api, code) => {
    const proxy = await startThrottlingProxy(motoEndpoint(), 1)
    try {
      const error = await sends[api](proxy.endpoint).catch((caught: unknown) => caught)
      expect(error).toMatchObject({name: code})
    } finally {
      await proxy.close()
    }
  })

  it('GIVEN the throttling proxy WHEN the SDK retries THEN the call succeeds after the throttled answers', async () => {
    const proxy = await startThrottlingProxy(motoEndpoint(), 2)
    try {
      const ec2 = new EC2Client({endpoint: proxy.endpoint, region: 'us-east-1', credentials, maxAttempts: 5})
      const answer = await ec2.send(new DescribeVpcsCommand({}))
      expect(answer.Vpcs?.length).toBeGreaterThan(0)
      expect(proxy.calls.map((call) => call.throttled)).toEqual([true, true, false])
    } finally {
      await proxy.close()
    }
  })
})
