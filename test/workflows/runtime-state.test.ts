// The composition root builds the heal lock from config `state`: local files (one per target) by default, the
// DynamoDB table when the backend is aws, in state.region or the first configured region.
import {existsSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {DeleteItemCommand, DynamoDBClient, PutItemCommand} from '@aws-sdk/client-dynamodb'
import {mockClient} from 'aws-sdk-client-mock'
import {afterEach, describe, expect, it} from 'vitest'

import {LockHeldError} from '../../src/adapters/lock-file.js'
import {loadSettings} from '../../src/config/settings.js'
import {createRuntime, lockName} from '../../src/workflows/runtime.js'

function workspace(config: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-runtime-state-'))
  mkdirSync(path.join(dir, 'config'))
  writeFileSync(path.join(dir, 'config/ialctl.yaml'), config)
  return dir
}

async function runtimeIn(dir: string, env: NodeJS.ProcessEnv = {}) {
  const settings = await loadSettings({}, {AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', ...env}, dir)
  const stderr: string[] = []
  return {runtime: createRuntime(settings, {cwd: dir, output: {stderr: (text) => void stderr.push(text)}}), stderr}
}

const dynamodb = mockClient(DynamoDBClient)
afterEach(() => dynamodb.reset())

describe('runtime lock, local backend', () => {
  it('GIVEN two targets WHEN each takes its lock THEN each has its own file and neither blocks the other; the same target again is refused', async () => {
    const dir = workspace('aws: {regions: [us-east-1]}\n')
    const {runtime} = await runtimeIn(dir)

    const prod = await runtime.lock(false, 'prod')
    const staging = await runtime.lock(false, 'staging')
    const again = await runtime.lock(false, 'prod').catch((error: unknown) => error)

    expect(existsSync(path.join(dir, '.ialctl/heal-prod.lock'))).toBe(true)
    expect(existsSync(path.join(dir, '.ialctl/heal-staging.lock'))).toBe(true)
    expect(existsSync(path.join(dir, '.ialctl/heal.lock'))).toBe(false)
    expect(again).toBeInstanceOf(LockHeldError)
    await prod.release()
    await staging.release()
    expect(existsSync(path.join(dir, '.ialctl/heal-prod.lock'))).toBe(false)
  })

  it('GIVEN a target name with path characters WHEN it names its lock file THEN they are percent-encoded and stay in the directory', () => {
    expect(lockName()).toBe('heal.lock')
    expect(lockName('prod-eu.1')).toBe('heal-prod-eu.1.lock')
    expect(lockName('../../etc/x')).toBe('heal-..%2F..%2Fetc%2Fx.lock')
  })
})

describe('runtime lock, aws backend', () => {
  const config = 'aws: {regions: [eu-west-1, us-east-1]}\nstate: {backend: aws, bucket: acme-state, prefix: infra, lockTable: ialctl-locks}\n'

  it('GIVEN state.backend aws WHEN a heal takes the lock for a target THEN the item is <bucket>/<prefix>/heal-<target>.lock in the first configured region, owned by this run', async () => {
    dynamodb.on(PutItemCommand).resolves({})
    dynamodb.on(DeleteItemCommand).resolves({})
    const dir = workspace(config)
    const {runtime} = await runtimeIn(dir)

    const lock = await runtime.lock(false, 'prod')
    await lock.release()

    const put = dynamodb.commandCalls(PutItemCommand)[0]!
    expect(put.args[0].input.TableName).toBe('ialctl-locks')
    expect(put.args[0].input.Item?.LockID).toEqual({S: 'acme-state/infra/heal-prod.lock'})
    expect(put.args[0].input.Item?.RunId).toEqual({S: runtime.runId})
    expect(await (dynamodb.send as unknown as {thisValues: Array<{config: {region(): Promise<string>}}>}).thisValues[0]!.config.region()).toBe('eu-west-1')
    expect(existsSync(path.join(dir, '.ialctl'))).toBe(false)
  })

  it('GIVEN state.backend aws and no region anywhere WHEN a heal takes the lock THEN one usage error says where to set it', async () => {
    const {runtime} = await runtimeIn(workspace('state: {backend: aws, bucket: acme-state, lockTable: ialctl-locks}\n'))
    await expect(runtime.lock(false)).rejects.toThrow('state.backend aws needs a region for its bucket and lock table')
  })

  it('GIVEN a run WHEN its id is read THEN it is the start time then 8 hex digits', async () => {
    const {runtime} = await runtimeIn(workspace(config))
    expect(runtime.runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/)
  })
})
