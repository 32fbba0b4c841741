import {CloudWatchClient, DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {ECSClient, ListClustersCommand} from '@aws-sdk/client-ecs'
import {spawn} from 'node:child_process'

import {afterAll, beforeAll, expect, it} from 'vitest'

import {awsClients, type AwsClients} from './helpers/aws-clients.js'
import {startCountingProxy, startThrottlingProxy} from './helpers/aws-proxy.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {freePort, motoCommand, startMoto} from './helpers/moto.js'

const credentials = {accessKeyId: 'testing', secretAccessKey: 'testing'}
const python = process.env.E2E_PYTHON ?? 'python3'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  return condition()
}

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

  it('GIVEN a started moto WHEN it is stopped THEN its process is gone', async () => {
    const moto = await startMoto({python})
    expect(alive(moto.pid)).toBe(true)
    await moto.stop()
    expect(await waitUntil(() => !alive(moto.pid), 3000)).toBe(true)
  })

  it('GIVEN moto started by a process WHEN that process is killed with SIGKILL (no cleanup) THEN moto exits by itself', async () => {
    // A shell stands for the test runner: it starts moto in the background, reports its pid, and is killed.
    const port = await freePort()
    const command = motoCommand(python, port, 0)
    const shell = spawn('sh', ['-c', 'IALCTL_MOTO_PARENT=$$ "$@" & echo $!; wait', 'sh', command.file, ...command.args], {
      env: {...process.env, PYTHONUNBUFFERED: '1'},
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    const pid = Number(await new Promise<string>((resolve) => shell.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))))
    const answering = () =>
      fetch(`http://127.0.0.1:${port}/moto-api/data.json`)
        .then((response) => response.ok)
        .catch(() => false)
    expect(await waitUntil(answering, 20_000)).toBe(true)
    shell.kill('SIGKILL')
    expect(await waitUntil(() => !alive(pid), 5000)).toBe(true)
  })
})
