// Shared state for CI runners (issue 19) against moto, through the built CLI: two `drift heal` processes meet at
// the DynamoDB lock (one heals, the other exits 1 naming the holder), the audit log lands in S3 as one object per
// run, and a second run writes a new object beside the first, which stays as it was.
//
// The overlap is made deterministic by a slow network, not by a fake: the first heal goes through a proxy that
// forwards its DynamoDB calls at once and holds its other calls (the AWS reads, the heal, S3) until the test has run
// the second heal. Both are the real CLI against the real lock item.
import {hostname} from 'node:os'
import {existsSync} from 'node:fs'
import path from 'node:path'

import {CreateTableCommand, DynamoDBClient, GetItemCommand} from '@aws-sdk/client-dynamodb'
import {CreateTagsCommand} from '@aws-sdk/client-ec2'
import {CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client} from '@aws-sdk/client-s3'
import {afterAll, beforeAll, expect, it} from 'vitest'

import type {HealResult} from '../../src/core/heal-result.js'
import {e2eConfigText} from './fixtures/config.js'
import {DRIFT, induceDrift} from './fixtures/drift.js'
import {createExampleEstate, type Estate} from './fixtures/estate.js'
import {awsClients, type AwsClients} from './helpers/aws-clients.js'
import {type AwsProxy, startAwsProxy} from './helpers/aws-proxy.js'
import {createWorkspace, REGION, runCli, startCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'

const BUCKET = 'acme-ialctl-state'
const TABLE = 'ialctl-locks'
const LOCK_ID = `${BUCKET}/e2e/heal.lock`

describeE2e('shared state for CI runners: DynamoDB lock and S3 audit log on moto', () => {
  let workspace: Workspace
  let estate: Estate
  let aws: AwsClients
  let s3: S3Client
  let dynamodb: DynamoDBClient
  const proxies: AwsProxy[] = []

  const auditKeys = async () => ((await s3.send(new ListObjectsV2Command({Bucket: BUCKET, Prefix: 'e2e/audit/'}))).Contents ?? []).map((object) => object.Key!).sort()
  const objectText = async (key: string) => (await s3.send(new GetObjectCommand({Bucket: BUCKET, Key: key}))).Body!.transformToString()
  const lockItem = async () => (await dynamodb.send(new GetItemCommand({TableName: TABLE, Key: {LockID: {S: LOCK_ID}}, ConsistentRead: true}))).Item

  beforeAll(async () => {
    const config = {endpoint: motoEndpoint(), region: REGION, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}}
    s3 = new S3Client({...config, forcePathStyle: true})
    dynamodb = new DynamoDBClient(config)
    aws = awsClients(motoEndpoint())
    await s3.send(new CreateBucketCommand({Bucket: BUCKET}))
    // The layout of Terraform's lock table: partition key LockID (String).
    await dynamodb.send(new CreateTableCommand({TableName: TABLE, KeySchema: [{AttributeName: 'LockID', KeyType: 'HASH'}], AttributeDefinitions: [{AttributeName: 'LockID', AttributeType: 'S'}], BillingMode: 'PAY_PER_REQUEST'}))
    estate = await createExampleEstate(motoEndpoint())
    await induceDrift(motoEndpoint(), estate)
    workspace = createWorkspace({config: e2eConfigText({state: {backend: 'aws', bucket: BUCKET, prefix: 'e2e', lockTable: TABLE}})})
  })
  afterAll(async () => {
    s3?.destroy()
    dynamodb?.destroy()
    aws?.destroy()
    await Promise.all(proxies.map((proxy) => proxy.close()))
  })

  it('GIVEN one heal holds the DynamoDB lock WHEN a second `drift heal --auto-approve` starts THEN it exits 1 naming the holder, and the first heals and writes its audit object', async () => {
    let openGate = () => {}
    const gate = new Promise<void>((resolve) => (openGate = resolve))
    const slow = await startAwsProxy(motoEndpoint(), {hold: {when: (call) => call.service !== 'dynamodb', until: gate}})
    proxies.push(slow)

    const first = startCli(workspace, ['drift', 'heal', '--auto-approve', '--json'], {endpoint: slow.endpoint})
    let holder = await lockItem()
    for (let waited = 0; !holder && waited < 30_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      holder = await lockItem()
    }

    expect(holder?.Pid).toEqual({N: String(first.pid)})
    const firstRunId = holder!.RunId!.S!
    const second = await runCli(workspace, ['drift', 'heal', '--auto-approve'], {endpoint: motoEndpoint()})
    openGate()
    const healed = await first.result

    expect(second.code, second.stderr).toBe(1)
    expect(second.stderr).toContain(`Error: another heal holds the heal lock ${LOCK_ID} in DynamoDB table ${TABLE}: run ${firstRunId} on ${hostname()} (PID ${first.pid}), started `)
    expect(second.stdout).toBe('')
    expect(healed.code, healed.stderr).toBe(0)
    const result = JSON.parse(healed.stdout) as HealResult
    const applied = result.items.filter((item) => item.state === 'applied').map((item) => item.itemId)
    expect(applied).toContain(DRIFT.changedTag.id)
    // Released at the end, only by its owner; the audit log is in S3, not on the runner.
    expect(await lockItem()).toBeUndefined()
    expect(existsSync(path.join(workspace.dir, '.ialctl/audit.jsonl'))).toBe(false)
    const [key, ...others] = await auditKeys()
    expect(others).toEqual([])
    expect(key).toMatch(new RegExp(String.raw`^e2e/audit/\d{4}/\d{2}/\d{2}/${firstRunId}\.jsonl$`))
    expect(key!.slice('e2e/audit/'.length, 'e2e/audit/YYYY/MM/DD'.length).replaceAll('/', '-')).toBe(`${firstRunId.slice(0, 4)}-${firstRunId.slice(4, 6)}-${firstRunId.slice(6, 8)}`)
    const lines = (await objectText(key!)).split('\n').filter(Boolean).map((line) => JSON.parse(line) as {item: string; result: string; via: string})
    expect(lines.filter((line) => line.result === 'applied').map((line) => line.item).sort()).toEqual([...applied].sort())
    expect(new Set(lines.map((line) => line.via))).toEqual(new Set(['cli']))
  })

  it('GIVEN a first audit object WHEN drift comes back and a second heal runs THEN it writes a new object and the first is unchanged', async () => {
    const [firstKey] = await auditKeys()
    const firstText = await objectText(firstKey!)
    const vpc = estate.resources[DRIFT.changedTag.id]!
    await aws.ec2.send(new CreateTagsCommand({Resources: [vpc.physicalId], Tags: [{Key: DRIFT.changedTag.key, Value: 'changed-again'}]}))

    const again = await runCli(workspace, ['drift', 'heal', '--auto-approve'], {endpoint: motoEndpoint()})

    expect(again.code, again.stderr).toBe(0)
    const keys = await auditKeys()
    expect(keys).toHaveLength(2)
    expect(keys).toContain(firstKey)
    expect(await objectText(firstKey!)).toBe(firstText)
    const secondKey = keys.find((key) => key !== firstKey)!
    expect((await objectText(secondKey)).split('\n').filter(Boolean).map((line) => (JSON.parse(line) as {item: string}).item)).toContain(DRIFT.changedTag.id)
  })

  it('GIVEN an audit object WHEN anything PUTs its key with If-None-Match: * THEN S3 refuses with 412 and the object stays', async () => {
    // moto 5.2 implements If-None-Match: * on PutObject (412 PreconditionFailed) as AWS documents it. Gap: AWS
    // answers 409 ConditionalRequestConflict when two conditional writes to one key race; moto never does. ialctl
    // never races on a key (each run's key carries its run id), so only the 412 path matters here.
    const [key] = await auditKeys()
    const before = await objectText(key!)

    const error = await s3.send(new PutObjectCommand({Bucket: BUCKET, Key: key, Body: 'replaced', IfNoneMatch: '*'})).catch((error_: unknown) => error_ as {name: string; $metadata: {httpStatusCode: number}})

    expect(error).toMatchObject({name: 'PreconditionFailed', $metadata: {httpStatusCode: 412}})
    expect(await objectText(key!)).toBe(before)
  })

  it('GIVEN state.backend aws WHEN `drift check --report s3://…` runs twice and `snapshot --out s3://…` once THEN the report, the snapshot and the history records are S3 objects, and the second check knows the first one\'s items', async () => {
    const first = await runCli(workspace, ['drift', 'check', '--json', '--report', `s3://${BUCKET}/reports/drift.json`], {endpoint: motoEndpoint()})
    const second = await runCli(workspace, ['drift', 'check', '--json', '--report', `s3://${BUCKET}/reports/drift.json`], {endpoint: motoEndpoint()})
    const snapshot = await runCli(workspace, ['snapshot', '--out', `s3://${BUCKET}/snapshots/estate.json`], {endpoint: motoEndpoint()})

    expect(first.code, first.stderr).toBe(2)
    expect(second.code, second.stderr).toBe(2)
    const report = JSON.parse(second.stdout) as {items: Array<{id: string; status?: string}>}
    expect(report.items.length).toBeGreaterThan(0)
    expect(new Set(report.items.map((item) => item.status))).toEqual(new Set(['known']))
    expect(JSON.parse(await objectText('reports/drift.json'))).toEqual(report)
    expect(snapshot.code, snapshot.stderr).toBe(0)
    expect(snapshot.stdout).toContain(`wrote s3://${BUCKET}/snapshots/estate.json:`)
    expect(JSON.parse(await objectText('snapshots/estate.json'))).toMatchObject({resources: expect.any(Array)})
    const history = ((await s3.send(new ListObjectsV2Command({Bucket: BUCKET, Prefix: 'e2e/history/'}))).Contents ?? []).map((object) => object.Key!)
    expect(history).toHaveLength(2)
    for (const key of history) expect(key).toMatch(/^e2e\/history\/run-[\dTZ-]+-[0-9a-f]{12}\.json$/)
    expect(existsSync(path.join(workspace.dir, '.ialctl/history'))).toBe(false)

    const listed = await runCli(workspace, ['drift', 'history', '--json'], {endpoint: motoEndpoint()})
    expect(listed.code, listed.stderr).toBe(0)
    const items = (JSON.parse(listed.stdout) as {items: Array<{id: string; runs: number; resolvedBy?: string | null}>}).items
    expect(items.length).toBeGreaterThan(0)
  })
})
