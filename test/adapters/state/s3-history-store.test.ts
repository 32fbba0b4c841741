import {DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException} from '@aws-sdk/client-s3'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {s3HistoryStore} from '../../../src/adapters/state/s3-history-store.js'
import {parseS3Url} from '../../../src/adapters/state/s3-objects.js'
import type {HistoryRun} from '../../../src/core/history/run-record.js'
import {ExitCode, UsageError} from '../../../src/errors.js'

const s3 = mockClient(S3Client)
const client = () => new S3Client({region: 'us-east-1', credentials: {accessKeyId: 'test', secretAccessKey: 'test'}})
const location = {bucket: 'acme-state', prefix: 'infra', region: 'us-east-1'}
const body = (text: string) => ({transformToString: async () => text}) as never
const run = (at: string): HistoryRun => ({at, scope: {regions: ['us-east-1'], phases: null, targets: null, unread: []}, items: []}) as unknown as HistoryRun

beforeEach(() => s3.reset())

describe('s3HistoryStore', () => {
  it('GIVEN a run WHEN it is appended THEN one new object run-<time>-<random>.json under <prefix>/history/, written with If-None-Match: *', async () => {
    s3.on(PutObjectCommand).resolves({})
    const store = s3HistoryStore(client(), location)

    const written = await store.append(run('2026-12-01T10:00:00.000Z'))

    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input
    expect(input.Key).toMatch(/^infra\/history\/run-2026-12-01T10-00-00-000Z-[0-9a-f]{12}\.json$/)
    expect(input.IfNoneMatch).toBe('*')
    expect(written).toBe(`s3://acme-state/${input.Key}`)
    expect(store.dir).toBe('s3://acme-state/infra/history/')
  })

  it('GIVEN records that are not JSON (one with a terminal escape), a foreign object and a nested key WHEN read THEN only record names are read, each bad one is one escaped warning, none fails the read', async () => {
    s3.on(ListObjectsV2Command).resolves({
      Contents: [
        {Key: 'infra/history/run-2026-12-01T10-00-00-000Z-aaaaaaaaaaaa.json', Size: 100},
        {Key: 'infra/history/run-2026-11-30T10-00-00-000Z-bbbbbbbbbbbb.json', Size: 100},
        {Key: 'infra/history/notes.txt', Size: 5},
        {Key: 'infra/history/nested/run-2026-11-30T10-00-00-000Z-cccccccccccc.json', Size: 100},
      ],
    })
    s3.on(GetObjectCommand, {Key: 'infra/history/run-2026-12-01T10-00-00-000Z-aaaaaaaaaaaa.json'}).callsFake(() => ({Body: body('{"not": "a record"')}))
    s3.on(GetObjectCommand, {Key: 'infra/history/run-2026-11-30T10-00-00-000Z-bbbbbbbbbbbb.json'}).callsFake(() => ({Body: body('\u001b[31m')}))
    const store = s3HistoryStore(client(), location)

    const {runs, warnings} = await store.read()

    expect(runs).toEqual([])
    expect(warnings).toEqual([
      'history record s3://acme-state/infra/history/run-2026-12-01T10-00-00-000Z-aaaaaaaaaaaa.json skipped: not JSON',
      'history record s3://acme-state/infra/history/run-2026-11-30T10-00-00-000Z-bbbbbbbbbbbb.json skipped: not JSON',
    ])
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(2)
  })

  it('GIVEN five records and maxRuns 2 WHEN pruned THEN the three oldest are deleted in one DeleteObjects call', async () => {
    const keys = ['01', '02', '03', '04', '05'].map((day) => `infra/history/run-2026-12-${day}T10-00-00-000Z-aaaaaaaaaaaa.json`)
    s3.on(ListObjectsV2Command).resolves({Contents: keys.map((Key) => ({Key, Size: 10}))})
    s3.on(DeleteObjectsCommand).resolves({Deleted: []})
    const store = s3HistoryStore(client(), location)

    const removed = await store.prune(new Date('2026-12-05T12:00:00.000Z'), {maxAgeMs: 90 * 86_400_000, maxRuns: 2})

    expect(removed).toBe(3)
    expect(s3.commandCalls(DeleteObjectsCommand)[0]!.args[0].input.Delete?.Objects?.map((object) => object.Key)).toEqual(keys.slice(0, 3))
  })

  it('GIVEN the caller lacks s3:DeleteObject WHEN pruning THEN exit 3 names the action', async () => {
    s3.on(ListObjectsV2Command).resolves({Contents: [{Key: 'infra/history/run-2020-01-01T10-00-00-000Z-aaaaaaaaaaaa.json', Size: 10}]})
    s3.on(DeleteObjectsCommand).rejects(new S3ServiceException({name: 'AccessDenied', $fault: 'client', $metadata: {httpStatusCode: 403}, message: 'Access Denied'}))

    const error = await s3HistoryStore(client(), location).prune(new Date('2026-12-05T12:00:00.000Z'), {maxAgeMs: 86_400_000, maxRuns: 10}).then(() => expect.fail('expected a failure'), (error_: unknown) => error_ as UsageError)

    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.message).toBe('access denied for S3 DeleteObject in us-east-1: the caller lacks s3:DeleteObject')
  })
})

describe('parseS3Url', () => {
  it('GIVEN s3://bucket/key WHEN parsed THEN bucket and key', () => {
    expect(parseS3Url('s3://acme-state/reports/prod/drift.json', '--report')).toEqual({bucket: 'acme-state', key: 'reports/prod/drift.json'})
  })

  it.each([
    ['s3://', 'no bucket'],
    ['s3:///key.json', 'no bucket'],
    ['s3://acme-state', 'no object key after the bucket'],
    ['s3://acme-state/', 'no object key after the bucket'],
    ['s3://acme-state/reports/', 'the key ends with / (a folder, not an object)'],
    ['s3://Acme_State/x.json', 'Acme_State is not a valid bucket name'],
    ['s3://acme-state/x\u001b[2J.json', 'the key holds control characters'],
  ])('GIVEN %j WHEN parsed THEN one usage error: %s', (url, why) => {
    const error = (() => {
      try {
        parseS3Url(url, '--report')
      } catch (error_) {
        return error_ as UsageError
      }
    })()
    expect(error).toBeInstanceOf(UsageError)
    expect(error!.message).toMatch(new RegExp(`^--report s3://.* is not an S3 object URL: ${why.replaceAll(/[()/]/g, '\\$&')}$`))
    expect(error!.message).not.toContain('\u001b')
  })
})
