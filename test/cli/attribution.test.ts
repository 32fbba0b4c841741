// CloudTrail attribution through the built CLI: the demo snapshot checked with --attribution, and an HTTP stand-in
// for CloudTrail answering LookupEvents in its real JSON shape (moto does not implement LookupEvents).
import {cpSync, readFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {createWorkspace, REPO_ROOT, runCli, type Workspace} from '../helpers/cli.js'

const SG = 'sg-0a1b2c3d4e5f60703'
const ALICE = 'arn:aws:sts::123456789012:assumed-role/Admin/alice'

/** LookupEvents' answer for a resource, as CloudTrail sends it (EventTime in epoch seconds, the record as JSON text). */
function eventsFor(name: string) {
  if (name !== SG) return {Events: []}
  const write = {eventVersion: '1.08', userIdentity: {type: 'AssumedRole', arn: ALICE}, eventTime: '2026-11-30T14:02:11Z', eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.9', readOnly: false}
  const read = {...write, userIdentity: {type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/ReadOnly/bob'}, eventTime: '2026-11-30T15:00:00Z', eventName: 'DescribeSecurityGroups', readOnly: true}
  return {
    Events: [
      {EventId: 'e2', EventName: 'DescribeSecurityGroups', ReadOnly: 'true', EventTime: Date.parse(read.eventTime) / 1000, EventSource: 'ec2.amazonaws.com', Username: 'bob', Resources: [{ResourceType: 'AWS::EC2::SecurityGroup', ResourceName: SG}], CloudTrailEvent: JSON.stringify(read)},
      {EventId: 'e1', EventName: 'AuthorizeSecurityGroupIngress', ReadOnly: 'false', EventTime: Date.parse(write.eventTime) / 1000, EventSource: 'ec2.amazonaws.com', Username: 'alice', Resources: [{ResourceType: 'AWS::EC2::SecurityGroup', ResourceName: SG}], CloudTrailEvent: JSON.stringify(write)},
    ],
  }
}

interface Lookup {
  target: string
  name: string
  at: number
}

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function cloudTrailStandIn(mode: 'answer' | 'denied'): Promise<{url: string; lookups: Lookup[]}> {
  const lookups: Lookup[] = []
  const server = createServer((request, response) => {
    let text = ''
    request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
    request.on('end', () => {
      const body = JSON.parse(text) as {LookupAttributes: Array<{AttributeKey: string; AttributeValue: string}>}
      lookups.push({target: String(request.headers['x-amz-target']), name: body.LookupAttributes[0]!.AttributeValue, at: Date.now()})
      if (mode === 'denied') {
        response.writeHead(400, {'content-type': 'application/x-amz-json-1.1'}).end(JSON.stringify({__type: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudtrail:LookupEvents'}))
        return
      }

      response.writeHead(200, {'content-type': 'application/x-amz-json-1.1'}).end(JSON.stringify(eventsFor(body.LookupAttributes[0]!.AttributeValue)))
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lookups}
}

function demoWorkspace(extraConfig = ''): Workspace {
  const workspace = createWorkspace({config: `${readFileSync(path.join(REPO_ROOT, 'config/ialctl.yaml'), 'utf8')}\n${extraConfig}\n`})
  cpSync(path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json'), path.join(workspace.dir, 'drifted.json'))
  return workspace
}

describe('drift check --attribution', () => {
  it('GIVEN CloudTrail recorded a write and a later read on the opened security group WHEN checking THEN the item carries the writer and its time, in JSON and text, and the lookups are capped, most severe first, spaced', {timeout: 120_000}, async () => {
    const trail = await cloudTrailStandIn('answer')
    const workspace = demoWorkspace('attribution: {maxLookups: 3}')
    const json = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--attribution', '--json'], {endpoint: trail.url})
    expect(json.code, json.stderr).toBe(2)
    expect(json.stderr).toBe('')
    const report = JSON.parse(json.stdout) as DriftReport
    const group = report.items.find((item) => item.id === 'DatabaseSecurityGroup')!
    expect(group).toMatchObject({changedBy: ALICE, changedAt: '2026-11-30T14:02:11.000Z'})
    expect(report.items.filter((item) => item.changedBy !== undefined)).toHaveLength(1)

    expect(trail.lookups).toHaveLength(3)
    expect(trail.lookups.every((lookup) => lookup.target === 'CloudTrail_20131101.LookupEvents')).toBe(true)
    // The two critical items first (the security group, then the IAM role by its name), then the high one.
    expect(trail.lookups.map((lookup) => lookup.name)).toEqual([SG, 'ial-prod-api-task', 'i-0a1b2c3d4e5f60718'])
    for (let index = 1; index < trail.lookups.length; index++) expect(trail.lookups[index]!.at - trail.lookups[index - 1]!.at).toBeGreaterThanOrEqual(450)

    const text = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--attribution'], {endpoint: trail.url})
    expect(text.stdout).toContain(`changed by ${ALICE} at 2026-11-30T14:02:11.000Z (CloudTrail)`)
  })

  it('GIVEN CloudTrail denies LookupEvents WHEN checking THEN one warning line, one call, and the report and exit code are those of the check', {timeout: 60_000}, async () => {
    const trail = await cloudTrailStandIn('denied')
    const workspace = demoWorkspace()
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--attribution', '--json'], {endpoint: trail.url})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('Warning: CloudTrail is not readable (AccessDenied on cloudtrail:LookupEvents); the report goes on without changedBy\n')
    expect(trail.lookups).toHaveLength(1)
    expect((JSON.parse(result.stdout) as DriftReport).items.every((item) => item.changedBy === undefined)).toBe(true)
  })

  it('GIVEN a snapshot check without --attribution WHEN checking THEN CloudTrail is not called', {timeout: 60_000}, async () => {
    const trail = await cloudTrailStandIn('answer')
    const workspace = demoWorkspace('attribution: {enabled: true}')
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '-q'], {endpoint: trail.url})
    expect(result.code).toBe(2)
    expect(trail.lookups).toEqual([])
  })
})
