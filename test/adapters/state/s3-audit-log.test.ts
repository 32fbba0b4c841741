import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException} from '@aws-sdk/client-s3'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import type {AuditRecord} from '../../../src/adapters/audit-log.js'
import {s3AuditLog} from '../../../src/adapters/state/s3-audit-log.js'
import {AwsError, ExitCode, type IalError} from '../../../src/errors.js'

const s3 = mockClient(S3Client)
const client = () => new S3Client({region: 'us-east-1', credentials: {accessKeyId: 'test', secretAccessKey: 'test'}})
const location = {bucket: 'acme-state', prefix: 'infra', region: 'us-east-1'}
const RUN = {runId: '20261201T100000Z-0badcafe', startedAt: new Date('2026-12-01T10:00:00.000Z')}

const record = (item: string, result = 'applied'): AuditRecord => ({
  time: '2026-12-01T10:00:05.000Z', who: 'arn:aws:iam::123456789012:user/ops', item, type: 'AWS::ECS::Service', physicalId: `arn:aws:ecs:us-east-1:123456789012:service/prod/${item}`,
  region: 'us-east-1', action: ['ECS.UpdateService'], before: {'/DesiredCount': 5}, after: {'/DesiredCount': 2}, result, checks: [], via: 'cli',
})

/** S3's answer to a PUT with If-None-Match: * on a key that exists (HTTP 412). */
const preconditionFailed = () =>
  new S3ServiceException({name: 'PreconditionFailed', $fault: 'client', $metadata: {httpStatusCode: 412, requestId: 'R1'}, message: 'At least one of the pre-conditions you specified did not hold'})
const accessDenied = () => new S3ServiceException({name: 'AccessDenied', $fault: 'client', $metadata: {httpStatusCode: 403, requestId: 'R2'}, message: 'Access Denied'})

/** GetObject's streaming body, as far as the adapter reads it. */
const body = (text: string) => ({transformToString: async () => text}) as never
const fallbackIn = () => path.join(mkdtempSync(path.join(tmpdir(), 'ialctl-s3-audit-')), '.ialctl', 'audit.jsonl')
const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('expected a failure'), (error: unknown) => error as IalError)

beforeEach(() => s3.reset())

describe('s3AuditLog', () => {
  it('GIVEN two records WHEN the run flushes THEN one object <prefix>/audit/YYYY/MM/DD/<run-id>.jsonl holds both lines, written with If-None-Match: *', async () => {
    s3.on(PutObjectCommand).resolves({ETag: '"e1"'})
    const log = s3AuditLog(client(), location, {...RUN, fallbackFile: fallbackIn()})

    await log.append(record('Web'))
    await log.append(record('Api'))
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0)
    await log.flush!()
    await log.flush!()

    const puts = s3.commandCalls(PutObjectCommand)
    expect(puts).toHaveLength(1)
    const input = puts[0]!.args[0].input
    expect(input).toMatchObject({Bucket: 'acme-state', Key: 'infra/audit/2026/12/01/20261201T100000Z-0badcafe.jsonl', IfNoneMatch: '*', ContentType: 'application/x-ndjson'})
    expect(String(input.Body).split('\n').filter(Boolean).map((line) => JSON.parse(line).item)).toEqual(['Web', 'Api'])
  })

  it('GIVEN the key is taken (S3 answers 412 Precondition Failed) WHEN the run flushes THEN the object is written under the next name and the existing one is not replaced', async () => {
    s3.on(PutObjectCommand).rejectsOnce(preconditionFailed()).resolves({})
    const log = s3AuditLog(client(), location, {...RUN, fallbackFile: fallbackIn()})

    await log.append(record('Web'))
    await log.flush!()

    expect(s3.commandCalls(PutObjectCommand).map((call) => [call.args[0].input.Key, call.args[0].input.IfNoneMatch])).toEqual([
      ['infra/audit/2026/12/01/20261201T100000Z-0badcafe.jsonl', '*'],
      ['infra/audit/2026/12/01/20261201T100000Z-0badcafe-2.jsonl', '*'],
    ])
  })

  it('GIVEN a session that flushes twice WHEN each flush has lines THEN each is a new object, never the same key', async () => {
    s3.on(PutObjectCommand).resolves({})
    const log = s3AuditLog(client(), {...location, prefix: ''}, {...RUN, fallbackFile: fallbackIn()})

    await log.append(record('Web'))
    await log.flush!()
    await log.append(record('Api'))
    await log.flush!()

    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key)).toEqual(['audit/2026/12/01/20261201T100000Z-0badcafe.jsonl', 'audit/2026/12/01/20261201T100000Z-0badcafe-2.jsonl'])
  })

  it('GIVEN the caller lacks s3:PutObject WHEN the run flushes THEN the lines go to the local audit file and the run fails with exit 3 naming the action and the file', async () => {
    s3.on(PutObjectCommand).rejects(accessDenied())
    const fallbackFile = fallbackIn()
    const log = s3AuditLog(client(), location, {...RUN, fallbackFile})

    await log.append(record('Web'))
    const error = await failure(log.flush!())

    expect(error).toBeInstanceOf(AwsError)
    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.line).toBe(
      `the 1 audit line of this run could not be written to s3://acme-state/infra/audit/ (access denied for S3 PutObject in us-east-1: the caller lacks s3:PutObject); they were appended to ${fallbackFile} instead (grant s3:PutObject to the caller's IAM policy)`,
    )
    expect(readFileSync(fallbackFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).item)).toEqual(['Web'])
  })

  it('GIVEN S3 refuses and the local directory cannot be written WHEN the run flushes THEN the error says the lines are lost, never silently', async () => {
    s3.on(PutObjectCommand).rejects(accessDenied())
    const base = mkdtempSync(path.join(tmpdir(), 'ialctl-s3-audit-'))
    writeFileSync(path.join(base, 'blocker'), 'a file, not a directory')
    const log = s3AuditLog(client(), location, {...RUN, fallbackFile: path.join(base, 'blocker', 'audit.jsonl')})

    await log.append(record('Web'))
    const error = await failure(log.flush!())

    expect(error.message).toMatch(/^the 1 audit line of this run could not be written to s3:\/\/acme-state\/infra\/audit\/ \(.*s3:PutObject\) nor to .*blocker\/audit\.jsonl \((ENOTDIR|EEXIST)\): they are lost$/)
  })

  it('GIVEN audit objects with applied heals, a revert and hostile lines WHEN drift history reads them THEN the applied changes come back in time order and the bad lines are counted', async () => {
    s3.on(ListObjectsV2Command).resolves({
      IsTruncated: false,
      Contents: [
        {Key: 'infra/audit/2026/11/30/20261130T060000Z-aaaaaaaa.jsonl', Size: 400},
        {Key: 'infra/audit/2026/12/01/20261201T060000Z-bbbbbbbb.jsonl', Size: 400},
        {Key: 'infra/audit/2026/12/01/notes.txt', Size: 10},
      ],
    })
    s3.on(GetObjectCommand, {Key: 'infra/audit/2026/11/30/20261130T060000Z-aaaaaaaa.jsonl'}).callsFake(() => ({Body: body(`${JSON.stringify({...record('Web'), time: '2026-11-30T06:00:01.000Z'})}\nnot json\n`)}))
    s3.on(GetObjectCommand, {Key: 'infra/audit/2026/12/01/20261201T060000Z-bbbbbbbb.jsonl'}).callsFake(() => ({
      Body: body(`${JSON.stringify({...record('Api'), operation: 'revert', time: '2026-12-01T06:00:01.000Z'})}\n${JSON.stringify({...record('Db', 'failed')})}\n{"item":"\\u001b[31m"}\n`),
    }))
    const log = s3AuditLog(client(), location, {...RUN, fallbackFile: fallbackIn()})

    const {changes, skipped} = await log.readApplied()

    expect(changes.map((change) => [change.item, change.by, change.time])).toEqual([
      ['Web', 'heal', '2026-11-30T06:00:01.000Z'],
      ['Api', 'revert', '2026-12-01T06:00:01.000Z'],
    ])
    expect(skipped).toBe(2)
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toMatchObject({Bucket: 'acme-state', Prefix: 'infra/audit/'})
    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input.Key)).not.toContain('infra/audit/2026/12/01/notes.txt')
  })

  it('GIVEN the caller lacks s3:ListBucket WHEN drift history reads the audit objects THEN exit 3 names s3:ListBucket', async () => {
    s3.on(ListObjectsV2Command).rejects(accessDenied())
    const log = s3AuditLog(client(), location, {...RUN, fallbackFile: fallbackIn()})

    const error = await failure(log.readApplied())

    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.message).toBe('access denied for S3 ListBucket in us-east-1: the caller lacks s3:ListBucket')
  })
})
