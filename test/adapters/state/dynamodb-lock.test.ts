import {ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ResourceNotFoundException} from '@aws-sdk/client-dynamodb'
import {mockClient} from 'aws-sdk-client-mock'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {LockHeldError} from '../../../src/adapters/lock-file.js'
import {acquireDynamoLock, type DynamoLockOptions} from '../../../src/adapters/state/dynamodb-lock.js'
import {AwsError, ConfigError, ExitCode, type IalError} from '../../../src/errors.js'
import {type HungServer, startHungServer, testNetwork} from '../../helpers/network.js'

const dynamodb = mockClient(DynamoDBClient)
const client = () => new DynamoDBClient({region: 'us-east-1', credentials: {accessKeyId: 'test', secretAccessKey: 'test'}})
const NOW = new Date('2026-12-01T10:00:00.000Z')
const NOW_SECONDS = NOW.getTime() / 1000

const options = (overrides: Partial<DynamoLockOptions> = {}): DynamoLockOptions => ({
  table: 'ialctl-locks',
  lockId: 'acme-state/infra/heal.lock',
  region: 'us-east-1',
  owner: {pid: 4242, startedAt: NOW.toISOString(), host: 'runner-b', runId: '20261201T100000Z-bbbbbbbb'},
  ttlMs: 600_000,
  forceUnlock: false,
  now: () => NOW,
  warn: () => {},
  ...overrides,
})

/** The item another run wrote, in DynamoDB's attribute-value shape. */
const holderItem = (overrides: Record<string, unknown> = {}) => ({
  LockID: {S: 'acme-state/infra/heal.lock'},
  RunId: {S: '20261201T095500Z-aaaaaaaa'},
  Host: {S: 'runner-a'},
  Pid: {N: '1717'},
  StartedAt: {S: '2026-12-01T09:55:00.000Z'},
  ExpiresAt: {N: String(NOW_SECONDS + 300)},
  Tool: {S: 'ialctl'},
  ...overrides,
})

/** What DynamoDB answers a PutItem whose condition failed, with ReturnValuesOnConditionCheckFailure ALL_OLD. */
const conditionFailed = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({message: 'The conditional request failed', $metadata: {httpStatusCode: 400, requestId: 'R1'}, ...(item ? {Item: item as never} : {})})

const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('expected a failure'), (error: unknown) => error as IalError)

beforeEach(() => dynamodb.reset())

describe('acquireDynamoLock', () => {
  it('GIVEN no lock item WHEN a heal takes the lock THEN one conditional PutItem records owner and expiry, and release deletes it only if still ours', async () => {
    dynamodb.on(PutItemCommand).resolves({})
    dynamodb.on(DeleteItemCommand).resolves({})

    const lock = await acquireDynamoLock(client(), options())
    await lock.release()

    const put = dynamodb.commandCalls(PutItemCommand)[0]!.args[0].input
    expect(put.ConditionExpression).toBe('attribute_not_exists(LockID) OR ExpiresAt < :now')
    expect(put.ExpressionAttributeValues).toEqual({':now': {N: String(NOW_SECONDS)}})
    expect(put.Item).toEqual({
      LockID: {S: 'acme-state/infra/heal.lock'},
      RunId: {S: '20261201T100000Z-bbbbbbbb'},
      Host: {S: 'runner-b'},
      Pid: {N: '4242'},
      StartedAt: {S: '2026-12-01T10:00:00.000Z'},
      ExpiresAt: {N: String(NOW_SECONDS + 600)},
      Tool: {S: 'ialctl'},
    })
    expect(lock.freed).toBeNull()
    const del = dynamodb.commandCalls(DeleteItemCommand)[0]!.args[0].input
    expect(del).toEqual({TableName: 'ialctl-locks', Key: {LockID: {S: 'acme-state/infra/heal.lock'}}, ConditionExpression: 'RunId = :run', ExpressionAttributeValues: {':run': {S: '20261201T100000Z-bbbbbbbb'}}})
  })

  it('GIVEN another run holds the lock WHEN a heal asks for it THEN exit 1 names the holder: run, host, PID, start and expiry', async () => {
    dynamodb.on(PutItemCommand).rejects(conditionFailed(holderItem()))

    const error = await failure(acquireDynamoLock(client(), options()))

    expect(error).toBeInstanceOf(LockHeldError)
    expect(error.exitCode).toBe(ExitCode.Usage)
    expect(error.line).toBe(
      'another heal holds the heal lock acme-state/infra/heal.lock in DynamoDB table ialctl-locks: run 20261201T095500Z-aaaaaaaa on runner-a (PID 1717), started 2026-12-01T09:55:00.000Z, expires 2026-12-01T10:05:00.000Z (wait for it to finish; if that run is gone, --force-unlock removes the lock (it also expires at 2026-12-01T10:05:00.000Z unless renewed))',
    )
    expect(dynamodb.commandCalls(DeleteItemCommand)).toHaveLength(0)
  })

  it('GIVEN the condition failed without the old item (an endpoint that ignores ReturnValuesOnConditionCheckFailure) WHEN a heal asks THEN the holder is read with a consistent GetItem', async () => {
    dynamodb.on(PutItemCommand).rejects(conditionFailed())
    dynamodb.on(GetItemCommand).resolves({Item: holderItem()})

    const error = await failure(acquireDynamoLock(client(), options()))

    expect(error.message).toContain('run 20261201T095500Z-aaaaaaaa on runner-a (PID 1717)')
    expect(dynamodb.commandCalls(GetItemCommand)[0]!.args[0].input.ConsistentRead).toBe(true)
  })

  it('GIVEN owner text with terminal escapes and a fake workflow command WHEN the held lock is reported THEN the controls are made visible and cut short', async () => {
    const hostile = holderItem({Host: {S: 'evil\u001b]0;pwned\u0007\n::error::owned'}, RunId: {S: `r${'x'.repeat(1000)}`}})
    dynamodb.on(PutItemCommand).rejects(conditionFailed(hostile))

    const error = await failure(acquireDynamoLock(client(), options()))

    expect(error.message).toContain(String.raw`on evil\x1b]0;pwned\x07\n::error::owned (PID 1717)`)
    expect(error.message).not.toMatch(/\p{Cc}/u)
    expect(error.message).not.toContain('x'.repeat(201))
  })

  it('GIVEN a malformed lock item (Pid a string, no ExpiresAt) WHEN a heal asks THEN exit 1 says it is unreadable and how to free it', async () => {
    const {ExpiresAt: _expires, ...noExpiry} = holderItem({Pid: {S: 'not a number'}})
    dynamodb.on(PutItemCommand).rejects(conditionFailed(noExpiry))

    const error = await failure(acquireDynamoLock(client(), options()))

    expect(error.exitCode).toBe(ExitCode.Usage)
    expect(error.line).toBe(
      'the heal lock acme-state/infra/heal.lock in DynamoDB table ialctl-locks is held by an unreadable item (Pid, ExpiresAt missing or not of the expected type) (if no heal is running, remove it with --force-unlock)',
    )
  })

  it('GIVEN another run holds the lock WHEN --force-unlock THEN only that run\'s item is deleted, the lock is taken, and the removed holder is reported', async () => {
    dynamodb.on(PutItemCommand).rejectsOnce(conditionFailed(holderItem())).resolves({})
    dynamodb.on(DeleteItemCommand).resolves({})

    const lock = await acquireDynamoLock(client(), options({forceUnlock: true}))

    expect(dynamodb.commandCalls(DeleteItemCommand)[0]!.args[0].input).toMatchObject({ConditionExpression: 'RunId = :run', ExpressionAttributeValues: {':run': {S: '20261201T095500Z-aaaaaaaa'}}})
    expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(2)
    expect(lock.freed).toEqual({pid: 1717, startedAt: '2026-12-01T09:55:00.000Z', host: 'runner-a', runId: '20261201T095500Z-aaaaaaaa'})
  })

  it('GIVEN a malformed item without a RunId WHEN --force-unlock THEN the delete is conditioned on the item still having no string RunId', async () => {
    const {RunId: _run, ...noRun} = holderItem()
    dynamodb.on(PutItemCommand).rejectsOnce(conditionFailed(noRun)).resolves({})
    dynamodb.on(DeleteItemCommand).resolves({})

    const lock = await acquireDynamoLock(client(), options({forceUnlock: true}))

    expect(dynamodb.commandCalls(DeleteItemCommand)[0]!.args[0].input.ConditionExpression).toBe('attribute_not_exists(RunId) OR NOT attribute_type(RunId, :string)')
    expect(lock.freed).toEqual({pid: 0, startedAt: 'unknown', host: 'unknown'})
  })

  it('GIVEN an expired lock WHEN a heal takes it THEN the PutItem replaces it and the expired holder is reported as freed', async () => {
    dynamodb.on(PutItemCommand).resolves({Attributes: holderItem({ExpiresAt: {N: String(NOW_SECONDS - 60)}})})

    const lock = await acquireDynamoLock(client(), options())

    expect(lock.freed?.runId).toBe('20261201T095500Z-aaaaaaaa')
  })

  it('GIVEN someone forced the lock away during the heal WHEN it releases THEN the new holder\'s item is left alone', async () => {
    dynamodb.on(PutItemCommand).resolves({})
    dynamodb.on(DeleteItemCommand).rejects(conditionFailed())
    const warnings: string[] = []

    const lock = await acquireDynamoLock(client(), options({warn: (message) => warnings.push(message)}))
    await lock.release()

    expect(warnings).toEqual([])
  })

  it('GIVEN the caller lacks dynamodb:PutItem WHEN a heal asks for the lock THEN exit 3 names the IAM action', async () => {
    dynamodb.on(PutItemCommand).rejects(Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: dynamodb:PutItem'), {name: 'AccessDeniedException', $fault: 'client', $metadata: {httpStatusCode: 400}}))

    const error = await failure(acquireDynamoLock(client(), options()))

    expect(error).toBeInstanceOf(AwsError)
    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.line).toContain('access denied for DynamoDB PutItem in us-east-1: the caller lacks dynamodb:PutItem')
  })

  it('GIVEN the lock table does not exist WHEN a heal asks for the lock THEN exit 1 says how to create it', async () => {
    dynamodb.on(PutItemCommand).rejects(new ResourceNotFoundException({message: 'Requested resource not found', $metadata: {httpStatusCode: 400}}))

    const error = await failure(acquireDynamoLock(client(), options()))

    expect(error).toBeInstanceOf(ConfigError)
    expect(error.line).toBe('the heal lock table ialctl-locks does not exist in us-east-1 (create it with partition key LockID (String), or fix state.lockTable / state.region in the config)')
  })
})

describe('acquireDynamoLock renewal', () => {
  it('GIVEN a held lock WHEN a third of the TTL passes THEN it is renewed on condition that it is still ours; WHEN it was taken over THEN one warning', async () => {
    dynamodb.on(PutItemCommand).resolvesOnce({}).rejects(conditionFailed(holderItem()))
    const warnings: string[] = []

    const lock = await acquireDynamoLock(client(), options({ttlMs: 3000, warn: (message) => warnings.push(message)}))
    await new Promise((resolve) => setTimeout(resolve, 1200))
    await lock.release()

    const renewal = dynamodb.commandCalls(PutItemCommand)[1]!.args[0].input
    expect(renewal.ConditionExpression).toBe('RunId = :run')
    expect(renewal.Item?.ExpiresAt).toEqual({N: String(NOW_SECONDS + 3)})
    expect(warnings).toEqual(['the heal lock acme-state/infra/heal.lock was taken over by another run (--force-unlock or an expiry): this heal no longer holds it'])
    // Not ours any more: release deletes nothing.
    expect(dynamodb.commandCalls(DeleteItemCommand)).toHaveLength(0)
  })
})

describe('acquireDynamoLock against a hung endpoint', () => {
  let hung: HungServer
  const saved = {id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY}
  beforeAll(async () => {
    // The real credential chain of the factory, fed from the environment as on a runner.
    process.env.AWS_ACCESS_KEY_ID = 'test'
    process.env.AWS_SECRET_ACCESS_KEY = 'test'
    hung = await startHungServer()
  })
  afterAll(async () => {
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID
    else process.env.AWS_ACCESS_KEY_ID = saved.id
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY
    else process.env.AWS_SECRET_ACCESS_KEY = saved.secret
    await hung.close()
  })

  it('GIVEN DynamoDB takes the connection and never answers WHEN a heal asks for the lock THEN the run\'s deadlines end it with exit 3 naming the endpoint', async () => {
    dynamodb.restore()
    const network = testNetwork({connectTimeoutMs: 300, socketTimeoutMs: 400})
    const clients = awsClientFactory({endpoint: hung.url, maxAttempts: 8, network}).clientsFor({region: 'us-east-1'})
    const started = Date.now()

    const error = await failure(acquireDynamoLock(clients.dynamodb, options()))

    expect(error.exitCode).toBe(ExitCode.Remote)
    expect(error.message).toContain(`AWS endpoint ${hung.url} did not answer within 400 ms (DynamoDB PutItem in us-east-1)`)
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
