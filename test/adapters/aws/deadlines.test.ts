import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {DescribeVpcsCommand} from '@aws-sdk/client-ec2'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {ApiCallCounter, awsClientFactory, TIMEOUT_ATTEMPTS} from '../../../src/adapters/aws/clients.js'
import {awsCall} from '../../../src/adapters/aws/call.js'
import {readAwsSnapshot} from '../../../src/adapters/aws/snapshot.js'
import {type NetworkSettings} from '../../../src/config/settings.js'
import {AwsError, ExitCode, IalError, UsageError} from '../../../src/errors.js'
import {type ConnectProxy, type HungServer, startConnectProxy, startHungServer, testNetwork} from '../../helpers/network.js'

// The real SDK stack against loopback stand-ins: a server that takes the connection and never answers, an
// endpoint that answers, and a CONNECT proxy. Deadlines are short here; test/cli/deadlines.test.ts runs the defaults.

const VPCS = '<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet></DescribeVpcsResponse>'

let hung: HungServer
let answering: Server
let answeringUrl: string
let proxy: ConnectProxy | undefined

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  process.env.AWS_ACCESS_KEY_ID = 'test'
  process.env.AWS_SECRET_ACCESS_KEY = 'test'
  hung = await startHungServer()
  answering = createServer((request, response) => {
    request.resume()
    request.on('end', () => response.writeHead(200, {'content-type': 'text/xml'}).end(VPCS))
  })
  await new Promise<void>((resolve) => answering.listen(0, '127.0.0.1', resolve))
  answeringUrl = `http://127.0.0.1:${(answering.address() as AddressInfo).port}`
})

afterAll(async () => {
  await hung.close()
  await new Promise<void>((resolve) => answering.close(() => resolve()))
})

afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

const short = (overrides: Partial<NetworkSettings> = {}) => testNetwork({connectTimeoutMs: 300, socketTimeoutMs: 400, ...overrides})

async function describeVpcs(endpoint: string, network: NetworkSettings, counter = new ApiCallCounter()) {
  const {ec2} = awsClientFactory({endpoint, maxAttempts: 8, counter, network}).clientsFor({region: 'us-east-1'})
  return awsCall({service: 'EC2', operation: 'DescribeVpcs', region: 'us-east-1'}, () => ec2.send(new DescribeVpcsCommand({})))
}

const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('expected a failure'), (error: unknown) => error as IalError)

describe('deadlines of AWS requests', () => {
  it('GIVEN an endpoint that never answers and maxAttempts 8 WHEN VPCs are read THEN two attempts, then exit 3 and one line naming the endpoint and the deadline', async () => {
    const counter = new ApiCallCounter()
    const started = Date.now()

    const error = await failure(describeVpcs(hung.url, short(), counter))

    expect(error).toBeInstanceOf(AwsError)
    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.line).toMatch(new RegExp(`^AWS endpoint ${hung.url} did not answer within 400 ms \\(EC2 DescribeVpcs in us-east-1\\) \\(.*--socket-timeout`))
    expect(error.line).not.toContain('\n')
    expect(counter.counts()).toEqual({'EC2.DescribeVpcs': TIMEOUT_ATTEMPTS})
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('GIVEN a hung endpoint WHEN a snapshot of many types is read two calls at a time THEN the calls queued behind the first to give up fail at once', async () => {
    const counter = new ApiCallCounter()
    const types = ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::ECS::Cluster', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::CloudWatch::Alarm']
    const aws = awsClientFactory({endpoint: hung.url, maxAttempts: 8, counter, network: short()})
    const started = Date.now()

    const error = await failure(readAwsSnapshot({regions: ['us-east-1'], types, allowPartial: false, maxConcurrency: 2, counter, clientsFor: (region) => aws.clientsFor({region})}))

    // Without the hung-endpoint rule this takes one deadline pair per queued call: 8 calls / 2 at a time * 0.8 s.
    expect(Date.now() - started).toBeLessThan(2500)
    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.line).toMatch(new RegExp(`^AWS endpoint ${hung.url} did not answer within 400 ms`))
    expect(Object.values(counter.counts()).reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(2 * TIMEOUT_ATTEMPTS + 2)
  })

  it('GIVEN a proxy that takes the connection and never answers CONNECT WHEN VPCs are read through it THEN the connect deadline names the endpoint, exit 3', async () => {
    const error = await failure(describeVpcs('https://ec2.example.invalid', short({proxy: {httpsProxy: hung.url}})))

    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.line).toMatch(/^AWS endpoint https:\/\/ec2\.example\.invalid did not accept a connection within 300 ms \(EC2 DescribeVpcs in us-east-1\) \(.*--connect-timeout/)
  })

  it('GIVEN the run is aborted while a call hangs WHEN VPCs are read THEN the call ends at once with the reason of the abort', async () => {
    const run = new AbortController()
    const reason = new UsageError('the run took longer than --timeout 1 s')
    setTimeout(() => run.abort(reason), 100)
    const started = Date.now()

    const error = await failure(describeVpcs(hung.url, testNetwork({signal: run.signal})))

    expect(error).toBe(reason)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('proxy of AWS requests', () => {
  it('GIVEN http_proxy names a CONNECT proxy WHEN VPCs are read THEN the request goes through one tunnel to the endpoint', async () => {
    proxy = await startConnectProxy()

    const output = await describeVpcs(answeringUrl, testNetwork({proxy: {httpProxy: proxy.url}}))

    expect(output.Vpcs?.map((vpc) => vpc.VpcId)).toEqual(['vpc-1'])
    expect(proxy.tunnels).toEqual([new URL(answeringUrl).host])
  })

  it('GIVEN no_proxy names the endpoint host WHEN VPCs are read THEN the proxy is not used', async () => {
    proxy = await startConnectProxy()

    await describeVpcs(answeringUrl, testNetwork({proxy: {httpProxy: proxy.url, noProxy: 'example.com, 127.0.0.1'}}))

    expect(proxy.tunnels).toEqual([])
  })

  it('GIVEN a proxy and a hung endpoint behind it WHEN VPCs are read THEN the deadline still applies through the tunnel', async () => {
    proxy = await startConnectProxy()

    const error = await failure(describeVpcs(hung.url, short({proxy: {httpProxy: proxy.url}})))

    expect(error.line).toMatch(new RegExp(`^AWS endpoint ${hung.url} did not answer within 400 ms`))
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1)
  })
})

describe('regions', () => {
  it('GIVEN a misspelt region WHEN clients are created THEN exit 1 names it as unknown and suggests the region meant', () => {
    const create = () => awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), network: testNetwork()}).clientsFor({region: 'us-esat-1'})

    expect(create).toThrow(UsageError)
    expect(create).toThrow(/^unknown AWS region us-esat-1$/)
    try {
      create()
    } catch (error) {
      expect((error as UsageError).line).toBe('unknown AWS region us-esat-1 (did you mean us-east-1? set --region, aws.regions in the config, or AWS_REGION)')
    }
  })

  it('GIVEN a name that cannot be a region WHEN clients are created THEN exit 1 says so instead of the SDK parser error', () => {
    const create = () => awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), network: testNetwork()}).clientsFor({region: 'us_east_1'})

    expect(create).toThrow(/^"us_east_1" is not an AWS region name$/)
  })

  it('GIVEN a region with a pattern AWS uses but no such region WHEN clients are created THEN it is unknown', () => {
    expect(() => awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), network: testNetwork()}).clientsFor({region: 'eu-north-9'})).toThrow(/^unknown AWS region eu-north-9$/)
  })

  it('GIVEN a custom endpoint (a local stand-in) WHEN a region AWS does not have is used THEN it is accepted', () => {
    expect(() => awsClientFactory({endpoint: answeringUrl, maxAttempts: 1, counter: new ApiCallCounter(), network: testNetwork()}).clientsFor({region: 'local-1'})).not.toThrow()
  })

  it.each(['us-east-1', 'eu-central-2', 'ap-southeast-5', 'us-gov-west-1', 'cn-north-1'])('GIVEN the real region %s WHEN clients are created THEN it is accepted', (region) => {
    expect(() => awsClientFactory({maxAttempts: 1, counter: new ApiCallCounter(), network: testNetwork()}).clientsFor({region})).not.toThrow()
  })
})

describe('AWS_CA_BUNDLE', () => {
  let tlsServer: ReturnType<typeof createHttpsServer>
  let tlsUrl: string
  let pem: string

  beforeAll(async () => {
    // A certificate of its own, as a TLS-intercepting proxy or a private endpoint has.
    const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-ca-'))
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')]
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'})
    pem = readFileSync(cert, 'utf8')
    tlsServer = createHttpsServer({key: readFileSync(key), cert: pem}, (request, response) => {
      request.resume()
      request.on('end', () => response.writeHead(200, {'content-type': 'text/xml'}).end(VPCS))
    })
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve))
    tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`
  })

  afterAll(() => new Promise<void>((resolve) => tlsServer.close(() => resolve())))

  it('GIVEN an endpoint with a private CA and no bundle WHEN VPCs are read THEN exit 3 says the certificate is not trusted and names AWS_CA_BUNDLE', async () => {
    const error = await failure(describeVpcs(tlsUrl, testNetwork()))

    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.line).toMatch(/^cannot reach AWS for EC2 DescribeVpcs in us-east-1: untrusted TLS certificate \(\w+\) \(set AWS_CA_BUNDLE to/)
  })

  it('GIVEN AWS_CA_BUNDLE holds that CA WHEN VPCs are read directly and through a CONNECT proxy THEN both succeed', async () => {
    proxy = await startConnectProxy()
    const awsCaBundle = {file: 'ca.pem', pem}

    const direct = await describeVpcs(tlsUrl, testNetwork({awsCaBundle}))
    const proxied = await describeVpcs(tlsUrl, testNetwork({awsCaBundle, proxy: {httpsProxy: proxy.url}}))

    expect(direct.Vpcs?.map((vpc) => vpc.VpcId)).toEqual(['vpc-1'])
    expect(proxied.Vpcs?.map((vpc) => vpc.VpcId)).toEqual(['vpc-1'])
    expect(proxy.tunnels).toEqual([new URL(tlsUrl).host])
  })
})
