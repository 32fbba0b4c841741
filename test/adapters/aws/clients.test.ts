import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import {DescribeVpcsCommand} from '@aws-sdk/client-ec2'
import {GetCallerIdentityCommand} from '@aws-sdk/client-sts'
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest'

import {ApiCallCounter, apiRateLimit, awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {readAwsSnapshot} from '../../../src/adapters/aws/snapshot.js'
import {AwsError, ExitCode} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'

// These tests talk HTTP to a local stand-in so that the real middleware stack runs: retries, counting, signing.

type Handler = (request: {target: string; action: string; body: string; authorization: string}) => {status: number; body: string; json?: boolean}

let server: Server
let endpoint: string
let handler: Handler = () => ({status: 500, body: ''})

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/'
const vpcsXml = (ids: string[]) =>
  `<DescribeVpcsResponse xmlns="${EC2_NS}"><requestId>req-1</requestId><vpcSet>${ids
    .map((id) => `<item><vpcId>${id}</vpcId><cidrBlock>10.0.0.0/16</cidrBlock><instanceTenancy>default</instanceTenancy><ownerId>123456789012</ownerId></item>`)
    .join('')}</vpcSet></DescribeVpcsResponse>`
/** DescribeVpcAttribute as EC2 answers it: the VPC id and the one attribute asked for. */
const vpcAttributeXml = (body: string, value: boolean) => {
  const form = new URLSearchParams(body)
  const attribute = form.get('Attribute') ?? ''
  return `<DescribeVpcAttributeResponse xmlns="${EC2_NS}"><requestId>req-3</requestId><vpcId>${form.get('VpcId') ?? ''}</vpcId><${attribute}><value>${value}</value></${attribute}></DescribeVpcAttributeResponse>`
}
const ec2Error = (code: string, message: string) => `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>req-2</RequestID></Response>`

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'test'
  process.env.AWS_SECRET_ACCESS_KEY = 'test'
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '')
      const action = new URLSearchParams(body).get('Action') ?? target.split('.').at(-1) ?? ''
      const answer = handler({target, action, body, authorization: String(request.headers.authorization ?? '')})
      const json = answer.json ?? target !== ''
      response.writeHead(answer.status, json ? {'content-type': 'application/x-amz-json-1.1', ...(answer.status >= 400 ? {'x-amzn-errortype': JSON.parse(answer.body).__type} : {})} : {'content-type': 'text/xml'})
      response.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
afterEach(() => {
  handler = () => ({status: 500, body: ''})
})

function snapshotOf(types: string[], options: {maxAttempts: number; endpoint?: string; counter?: ApiCallCounter}) {
  const counter = options.counter ?? new ApiCallCounter()
  const aws = awsClientFactory({endpoint: options.endpoint ?? endpoint, maxAttempts: options.maxAttempts, counter, network: testNetwork()})
  return readAwsSnapshot({
    regions: ['us-east-1'],
    types,
    allowPartial: false,
    maxConcurrency: 2,
    clientsFor: (region) => aws.clientsFor({region}),
    counter,
  })
}

describe('AWS clients on the wire', () => {
  it('GIVEN EC2 throttles DescribeVpcs twice and one DescribeVpcAttribute once WHEN VPCs are read THEN the read succeeds, the DNS settings are read, and every attempt is counted', async () => {
    let [listAttempts, attributeAttempts] = [0, 0]
    handler = ({action, body}) => {
      if (action === 'GetCallerIdentity') return {status: 403, body: '<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>'}
      if (action === 'DescribeVpcAttribute') {
        attributeAttempts++
        return attributeAttempts === 1 ? {status: 503, body: ec2Error('RequestLimitExceeded', 'Request limit exceeded.')} : {status: 200, body: vpcAttributeXml(body, !body.includes('enableDnsHostnames'))}
      }

      listAttempts++
      return listAttempts <= 2 ? {status: 503, body: ec2Error('RequestLimitExceeded', 'Request limit exceeded.')} : {status: 200, body: vpcsXml(['vpc-1', 'vpc-2'])}
    }

    const snapshot = await snapshotOf(['AWS::EC2::VPC'], {maxAttempts: 5})

    expect(snapshot.resources.map((resource) => [resource.physicalId, resource.properties.EnableDnsSupport, resource.properties.EnableDnsHostnames])).toEqual([
      ['vpc-1', true, false],
      ['vpc-2', true, false],
    ])
    expect(snapshot.apiCalls).toEqual({'EC2.DescribeVpcs': 3, 'EC2.DescribeVpcAttribute': 5, 'STS.GetCallerIdentity': 1})
  })

  it('GIVEN ECS throttles once with a 400 ThrottlingException WHEN clusters are read THEN the retry succeeds', async () => {
    let throttled = false
    handler = ({action}) => {
      if (action === 'ListClusters' && !throttled) {
        throttled = true
        return {status: 400, body: JSON.stringify({__type: 'ThrottlingException', message: 'Rate exceeded'})}
      }

      if (action === 'ListClusters') return {status: 200, body: JSON.stringify({clusterArns: ['arn:aws:ecs:us-east-1:123456789012:cluster/prod']})}
      if (action === 'DescribeClusters') {
        return {status: 200, body: JSON.stringify({clusters: [{clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', clusterName: 'prod', status: 'ACTIVE'}], failures: []})}
      }

      return {status: 200, body: '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>', json: false}
    }

    const snapshot = await snapshotOf(['AWS::ECS::Cluster'], {maxAttempts: 3})

    expect(snapshot.resources.map((resource) => resource.physicalId)).toEqual(['prod'])
    expect(snapshot.apiCalls).toMatchObject({'ECS.ListClusters': 2, 'ECS.DescribeClusters': 1})
  })

  it('GIVEN EC2 refuses the action WHEN read THEN exit 3 and the message names the IAM action', async () => {
    handler = () => ({status: 403, body: ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.')})

    const error = (await snapshotOf(['AWS::EC2::VPC'], {maxAttempts: 1}).catch((error_: unknown) => error_)) as AwsError

    expect(error).toBeInstanceOf(AwsError)
    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.message).toBe('could not read AWS::EC2::VPC in us-east-1: AccessDenied (ec2:DescribeVpcs)')
  })

  it('GIVEN an expired session token WHEN read THEN one line says so, exit 3', async () => {
    handler = ({target}) =>
      target ? {status: 400, body: JSON.stringify({__type: 'ExpiredTokenException', message: 'The security token included in the request is expired'})} : {status: 400, body: ec2Error('ExpiredToken', 'expired')}

    const error = (await snapshotOf(['AWS::ECS::Cluster'], {maxAttempts: 1}).catch((error_: unknown) => error_)) as AwsError

    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.line).toBe('AWS refused the credentials for ECS ListClusters in us-east-1: expired credentials (renew the session (aws sso login, or new temporary credentials) and retry)')
  })

  it('GIVEN an endpoint that refuses connections WHEN read THEN exit 3 saying the endpoint does not answer', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))

    const error = (await snapshotOf(['AWS::RDS::DBInstance'], {maxAttempts: 1, endpoint: `http://127.0.0.1:${port}`}).catch((error_: unknown) => error_)) as AwsError

    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.message).toBe('cannot reach AWS for RDS DescribeDBInstances in us-east-1: endpoint not answering (ECONNREFUSED)')
  })
})

describe('config targets: credentials per target (issue 19)', () => {
  const PROD = 'arn:aws:iam::111111111111:role/ialctl-readonly'
  const HEAL = 'arn:aws:iam::111111111111:role/ialctl-heal'
  const assumed = (key: string) =>
    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/ialctl-readonly/ialctl</Arn><AssumedRoleId>AROAEXAMPLE:ialctl</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`
  const identity = '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111111111111</Account><Arn>arn:aws:sts::111111111111:assumed-role/ialctl-readonly/ialctl</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>'

  it('GIVEN a target with a read role and a heal role WHEN clients of two regions read and one writes THEN each role is assumed once, counted, and its keys sign the calls', async () => {
    const assumeRoles: string[] = []
    const signedWith: string[] = []
    handler = ({action, body, authorization}) => {
      if (action === 'AssumeRole') {
        const role = new URLSearchParams(body).get('RoleArn') ?? ''
        assumeRoles.push(`${role} ${new URLSearchParams(body).get('ExternalId')}`)
        return {status: 200, body: assumed(role === HEAL ? 'ASIAHEAL' : 'ASIAREAD'), json: false}
      }

      signedWith.push(/Credential=(\w+)\//.exec(authorization)?.[1] ?? '')
      return action === 'GetCallerIdentity' ? {status: 200, body: identity, json: false} : {status: 200, body: vpcsXml(['vpc-1'])}
    }

    const counter = new ApiCallCounter()
    const target = {name: 'prod', roleArn: PROD, healRoleArn: HEAL, externalId: 'ext-1', regions: ['us-east-1', 'eu-west-1'], parameters: {}}
    const aws = awsClientFactory({endpoint, maxAttempts: 1, counter, network: testNetwork(), targets: [target]})
    await aws.clientsFor({target: 'prod', region: 'us-east-1'}).sts.send(new GetCallerIdentityCommand({}))
    await aws.clientsFor({target: 'prod', region: 'eu-west-1'}).ec2.send(new DescribeVpcsCommand({}))
    await aws.clientsFor({target: 'prod', region: 'us-east-1'}).ec2.send(new DescribeVpcsCommand({}))
    await aws.clientsFor({target: 'prod', region: 'us-east-1', access: 'write'}).ec2.send(new DescribeVpcsCommand({}))

    expect(assumeRoles).toEqual([`${PROD} ext-1`, `${HEAL} ext-1`])
    expect(signedWith).toEqual(['ASIAREAD', 'ASIAREAD', 'ASIAREAD', 'ASIAHEAL'])
    expect(counter.counts()).toEqual({'EC2.DescribeVpcs': 3, 'STS.AssumeRole': 2, 'STS.GetCallerIdentity': 1})
  })

  it('GIVEN a target name the config lacks WHEN clients are asked for THEN a usage error names it', () => {
    const aws = awsClientFactory({endpoint, maxAttempts: 1, network: testNetwork(), targets: []})
    expect(() => aws.clientsFor({target: 'qa', region: 'us-east-1'})).toThrow('no AWS target named qa is configured')
  })
})

describe('ApiCallCounter', () => {
  it('GIVEN calls recorded in any order WHEN counted THEN keys are Service.Operation, sorted, with a total', () => {
    const counter = new ApiCallCounter()
    counter.record('RDS', 'DescribeDBInstances')
    counter.record('EC2', 'DescribeVpcs')
    counter.record('EC2', 'DescribeVpcs')
    expect(Object.entries(counter.counts())).toEqual([
      ['EC2.DescribeVpcs', 2],
      ['RDS.DescribeDBInstances', 1],
    ])
    expect(counter.total()).toBe(3)
  })
})

describe('apiRateLimit', () => {
  it('GIVEN 4 calls per second WHEN 5 calls arrive at once THEN they are spaced 250 ms apart', async () => {
    vi.useFakeTimers()
    try {
      const take = apiRateLimit(4)
      const start = Date.now()
      const waits: number[] = []
      const calls = [0, 1, 2, 3, 4].map(() => take().then(() => waits.push(Date.now() - start)))
      await vi.advanceTimersByTimeAsync(1000)
      await Promise.all(calls)
      expect(waits).toEqual([0, 250, 500, 750, 1000])
      await vi.advanceTimersByTimeAsync(4000)
      const idle = Date.now()
      await take()
      expect(Date.now() - idle).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('GIVEN maxApiRate 20 WHEN clients of two regions send 6 calls at once THEN they share one limit (at least 250 ms)', async () => {
    handler = () => ({status: 200, body: vpcsXml([])})
    const counter = new ApiCallCounter()
    const aws = awsClientFactory({endpoint, maxAttempts: 1, maxApiRate: 20, counter, network: testNetwork()})
    const clients = ['us-east-1', 'eu-west-1'].map((region) => aws.clientsFor({region}))
    const started = Date.now()
    await Promise.all(clients.flatMap((client) => [1, 2, 3].map(() => client.ec2.send(new DescribeVpcsCommand({})))))
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
    expect(counter.counts()).toEqual({'EC2.DescribeVpcs': 6})
  })
})
