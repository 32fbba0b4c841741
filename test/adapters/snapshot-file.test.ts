import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {readSnapshotFile, sortSnapshot, writeSnapshotFile} from '../../src/adapters/snapshot-file.js'
import type {Snapshot} from '../../src/core/model.js'
import {ExitCode, UsageError} from '../../src/errors.js'

const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-snapshot-'))
const file = (name: string) => path.join(dir, name)

function snapshot(): Snapshot {
  return {
    schemaVersion: 1,
    readAt: '2026-11-23T06:00:00.000Z',
    regions: ['us-west-2', 'eu-west-1'],
    accountId: '123456789012',
    types: ['AWS::EC2::VPC', 'AWS::CloudWatch::Alarm'],
    unread: [],
    apiCalls: {'EC2.DescribeVpcs': 2, 'CloudWatch.DescribeAlarms': 2},
    resources: [
      {type: 'AWS::EC2::VPC', region: 'us-west-2', physicalId: 'vpc-b', properties: {InstanceTenancy: 'default', CidrBlock: '10.1.0.0/16'}, tags: {Name: 'b'}, attributes: {}},
      {type: 'AWS::EC2::VPC', region: 'eu-west-1', physicalId: 'vpc-a', properties: {CidrBlock: '10.0.0.0/16'}, tags: {}, attributes: {VpcId: 'vpc-a'}},
      {
        type: 'AWS::CloudWatch::Alarm',
        region: 'eu-west-1',
        physicalId: 'cpu',
        arn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:cpu',
        properties: {Threshold: 80, AlarmName: 'cpu', AlarmActions: ['arn:b', 'arn:a']},
        tags: {},
        attributes: {},
      },
    ],
  }
}

async function readError(name: string, content: string): Promise<UsageError> {
  writeFileSync(file(name), content)
  return (await readSnapshotFile(file(name)).catch((error: unknown) => error)) as UsageError
}

describe('snapshot files', () => {
  it('GIVEN a snapshot WHEN written and read back THEN it is the same snapshot, sorted', async () => {
    await writeSnapshotFile(file('round.json'), snapshot())
    const back = await readSnapshotFile(file('round.json'))
    expect(back).toEqual(sortSnapshot(snapshot()))
    expect(back.resources.map((resource) => `${resource.type} ${resource.region} ${resource.physicalId}`)).toEqual([
      'AWS::CloudWatch::Alarm eu-west-1 cpu',
      'AWS::EC2::VPC eu-west-1 vpc-a',
      'AWS::EC2::VPC us-west-2 vpc-b',
    ])
    expect(back.regions).toEqual(['eu-west-1', 'us-west-2'])
  })

  it('GIVEN the same state in another order WHEN written THEN the bytes are identical (clean diffs); list order inside resources is kept', async () => {
    const shuffled = snapshot()
    shuffled.resources.reverse()
    shuffled.regions.reverse()
    await writeSnapshotFile(file('a.json'), snapshot())
    await writeSnapshotFile(file('b.json'), shuffled)
    const text = readFileSync(file('a.json'), 'utf8')
    expect(readFileSync(file('b.json'), 'utf8')).toBe(text)
    expect(text.indexOf('"AlarmActions"')).toBeLessThan(text.indexOf('"AlarmName"'))
    expect(text).toContain('"AlarmActions": [\n          "arn:b",\n          "arn:a"\n        ]')
    expect(text.endsWith('}\n')).toBe(true)
  })

  it('GIVEN availability zones in any order WHEN written and read back THEN each region’s zones come back alphabetical', async () => {
    const zoned = {...snapshot(), availabilityZones: {'us-west-2': ['us-west-2c', 'us-west-2a', 'us-west-2b'], 'eu-west-1': ['eu-west-1b', 'eu-west-1a']}}
    await writeSnapshotFile(file('zones.json'), zoned)
    const back = await readSnapshotFile(file('zones.json'))
    expect(back.availabilityZones).toEqual({'eu-west-1': ['eu-west-1a', 'eu-west-1b'], 'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c']})
    expect(Object.keys(JSON.parse(readFileSync(file('zones.json'), 'utf8')).availabilityZones)).toEqual(['eu-west-1', 'us-west-2'])
  })

  it('GIVEN a snapshot written before zones were read WHEN read THEN it loads, without availabilityZones', async () => {
    writeFileSync(file('older.json'), JSON.stringify(snapshot()))
    const back = await readSnapshotFile(file('older.json'))
    expect(back).not.toHaveProperty('availabilityZones')
    expect(back.resources).toHaveLength(3)
    await writeSnapshotFile(file('older-again.json'), back)
    expect(readFileSync(file('older-again.json'), 'utf8')).not.toContain('availabilityZones')
  })

  it('GIVEN zones that are not a list of names WHEN read THEN the error points at the field', async () => {
    const error = await readError('bad-zones.json', JSON.stringify({...snapshot(), availabilityZones: {'us-east-1': 'us-east-1a'}}))
    expect(error).toBeInstanceOf(UsageError)
    expect(error.message).toMatch(/availabilityZones\.us-east-1: Expected array/)
  })

  it('GIVEN corrupt JSON WHEN read THEN a usage error names the file and says it is invalid', async () => {
    const error = await readError('corrupt.json', '{"schemaVersion": 1,, }')
    expect(error).toBeInstanceOf(UsageError)
    expect(error.exitCode).toBe(ExitCode.Usage)
    expect(error.message).toMatch(/^snapshot .*corrupt\.json is corrupt: invalid JSON/)
  })

  it('GIVEN a truncated file WHEN read THEN the error says the JSON is truncated', async () => {
    const whole = JSON.stringify(sortSnapshot(snapshot()), null, 2)
    const error = await readError('truncated.json', whole.slice(0, whole.length / 2))
    expect(error.message).toBe(`snapshot ${file('truncated.json')} is corrupt: the JSON is truncated`)
  })

  it('GIVEN an empty file WHEN read THEN the error says it is empty', async () => {
    expect((await readError('empty.json', '')).message).toBe(`snapshot ${file('empty.json')} is corrupt: the file is empty`)
  })

  it('GIVEN another schemaVersion WHEN read THEN the error names both versions', async () => {
    const error = await readError('v2.json', JSON.stringify({...snapshot(), schemaVersion: 2}))
    expect(error.message).toBe(`snapshot ${file('v2.json')} has schemaVersion 2, this ialctl reads version 1`)
  })

  it('GIVEN a resource without physicalId WHEN read THEN the error points at the field', async () => {
    const bad = snapshot() as unknown as {resources: Record<string, unknown>[]}
    delete bad.resources[1].physicalId
    const error = await readError('invalid.json', JSON.stringify(bad))
    expect(error.message).toBe(`snapshot ${file('invalid.json')} is not a valid snapshot: resources.1.physicalId: Required`)
  })

  it.each<[string, (data: Snapshot) => void, string]>([
    [
      'a resource in a region the header does not list',
      (data) => void (data.resources[0].region = 'ap-south-1'),
      'resources.0 (AWS::EC2::VPC "vpc-b") is in "ap-south-1", which its regions [us-west-2, eu-west-1] do not list',
    ],
    [
      'a resource of a type the header does not list',
      (data) => void (data.types = ['AWS::EC2::VPC']),
      'resources.2 (AWS::CloudWatch::Alarm "cpu") is of a type its types [AWS::EC2::VPC] do not list',
    ],
    ['a type ialctl does not read', (data) => void data.types.push('AWS::Fake::Thing'), 'types lists "AWS::Fake::Thing", which this ialctl does not read'],
    ['the same resource twice', (data) => void data.resources.push(structuredClone(data.resources[1])), 'resources.3 (AWS::EC2::VPC "vpc-a") is listed twice'],
    [
      'an id with a terminal escape in a region not listed',
      (data) => Object.assign(data.resources[0], {physicalId: 'vpc-\u001b[2Jx', region: 'us-east-1'}),
      'resources.0 (AWS::EC2::VPC "vpc-\\u001b[2Jx") is in "us-east-1", which its regions [us-west-2, eu-west-1] do not list',
    ],
    [
      'an unread entry in a region not listed',
      (data) => void data.unread.push({type: 'AWS::EC2::VPC', region: 'us-east-1', reason: 'denied'}),
      'unread.0 is in "us-east-1", which its regions [us-west-2, eu-west-1] do not list',
    ],
    [
      'availability zones of a region not listed',
      (data) => void (data.availabilityZones = {'us-east-1': ['us-east-1a']}),
      'availabilityZones has "us-east-1", which its regions [us-west-2, eu-west-1] do not list',
    ],
  ])('GIVEN a snapshot with %s WHEN read THEN it is refused in one line naming the contradiction', async (_case, edit, problem) => {
    const data = snapshot()
    edit(data)
    const error = await readError('contradicts.json', JSON.stringify(data))
    expect(error).toBeInstanceOf(UsageError)
    expect(error.line).toBe(`snapshot ${file('contradicts.json')} contradicts its header: ${problem} (write it again with \`ialctl snapshot --out FILE\`)`)
    expect(error.line).not.toMatch(/\p{Cc}/u)
  })

  it('GIVEN a missing file WHEN read THEN the error says so and how to make one', async () => {
    const error = (await readSnapshotFile(file('nope.json')).catch((error_: unknown) => error_)) as UsageError
    expect(error.line).toBe(`cannot read snapshot ${file('nope.json')}: no such file (write one with \`ialctl snapshot --out FILE\`)`)
  })
})
