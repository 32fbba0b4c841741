// DynamoDB tables against moto, through the built CLI: the example estate's orders table in sync, then drift a
// person makes by hand: point-in-time recovery and deletion protection turned off, a tag changed, a table created in
// the console, the table deleted. Heal turns both protections back on (one-way hardening heals) and puts the tag
// back, read with the SDK; reverse sync writes what a person decided into the template (a switch to provisioned
// capacity with its throughput) and codifies the extra, and
// `phases validate` and cfn-lint accept the result.
//
// moto and AWS: moto answers every ListTables in one page (pagination is covered by the adapter's unit test) and
// keeps the AWS-managed key's ARN as a key id; AWS's documented behaviour is what the product follows.
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb'
import {expect, it} from 'vitest'

import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const TABLE = 'AWS::DynamoDB::Table'
const FILE = 'phases/40-data/03-orders-table.yaml'
const NAME = 'ial-prod-orders'
const EXTRA = 'ial-prod-orders-archive'

describeE2e('DynamoDB tables against moto', () => {
  const suite = exampleEstateSuite({type: TABLE})
  const {cli, check} = suite

  const pitr = async () => (await suite.aws.dynamodb.send(new DescribeContinuousBackupsCommand({TableName: NAME}))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus
  const protection = async () => (await suite.aws.dynamodb.send(new DescribeTableCommand({TableName: NAME}))).Table?.DeletionProtectionEnabled
  const arn = async () => (await suite.aws.dynamodb.send(new DescribeTableCommand({TableName: NAME}))).Table!.TableArn!
  const turnOff = async () => {
    await suite.aws.dynamodb.send(new UpdateContinuousBackupsCommand({TableName: NAME, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: false}}))
    await suite.aws.dynamodb.send(new UpdateTableCommand({TableName: NAME, DeletionProtectionEnabled: false}))
  }

  it('GIVEN the table as the phases declare it WHEN checked THEN it is read and in sync', async () => {
    expect(await pitr()).toBe('ENABLED')
    const {code, stderr, items} = await check()
    expect(code, stderr).toBe(0)
    expect(items).toEqual([])
  })

  it('GIVEN recovery and deletion protection turned off, a tag changed and a console table in scope WHEN checked THEN each at its file:line and the extra; heal turns both back on and puts the tag back, read with the SDK', async () => {
    await turnOff()
    await suite.aws.dynamodb.send(new TagResourceCommand({ResourceArn: await arn(), Tags: [{Key: 'Owner', Value: 'someone-in-the-console'}]}))
    await suite.aws.dynamodb.send(
      new CreateTableCommand({
        TableName: EXTRA,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{AttributeName: 'orderId', AttributeType: 'S'}],
        KeySchema: [{AttributeName: 'orderId', KeyType: 'HASH'}],
        Tags: [{Key: 'ManagedBy', Value: 'ialctl'}],
      }),
    )

    const {code, items} = await check()
    expect(code).toBe(2)
    const byId = Object.fromEntries(items.map((item) => [item.id, item]))
    expect(Object.keys(byId).sort()).toEqual(['OrdersTable', EXTRA])
    // Each difference alone is high; three drifted properties raise the item a step (SPEC 3). Critical, and still
    // auto-healable: both heals only harden, the third is a tag (SPEC 6).
    expect(byId.OrdersTable).toMatchObject({driftType: 'configuration_drift', severity: 'critical', autoHealable: true, location: {file: FILE, line: suite.resourceLine(FILE, 'OrdersTable')}})
    expect([...byId.OrdersTable.differences].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      {path: '/DeletionProtectionEnabled', expected: true, actual: false, kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'OrdersTable', '/DeletionProtectionEnabled')},
      {
        path: '/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled',
        expected: true,
        actual: false,
        kind: 'NOT_EQUAL',
        // The nested key, on the line below its parent.
        line: suite.propertyLine(FILE, 'OrdersTable', '/PointInTimeRecoverySpecification') + 1,
      },
      {path: '/Tags/Owner', expected: 'orders-team', actual: 'someone-in-the-console', kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'OrdersTable', '/Tags/Owner')},
    ])
    expect(byId[EXTRA]).toMatchObject({driftType: 'extra_resource', severity: 'medium', autoHealable: false})

    const heal = await cli('drift', 'heal', '--auto-approve')
    expect(heal.code, `${heal.stdout}\n${heal.stderr}`).toBe(0)
    expect(await pitr()).toBe('ENABLED')
    expect(await protection()).toBe(true)
    const {Tags} = await suite.aws.dynamodb.send(new ListTagsOfResourceCommand({ResourceArn: await arn()}))
    expect(Object.fromEntries((Tags ?? []).map((tag) => [tag.Key, tag.Value]))).toMatchObject({Owner: 'orders-team', ManagedBy: 'ialctl'})
    // An extra is never deleted.
    expect((await suite.aws.dynamodb.send(new DescribeTableCommand({TableName: EXTRA}))).Table?.TableName).toBe(EXTRA)
    expect((await check()).items.map((item) => item.driftType)).toEqual(['extra_resource'])
  })

  it('GIVEN the table switched to provisioned capacity by hand WHEN checked THEN billing drift at its file:line; WHEN reverted THEN one UpdateTable puts it back on demand, read with the SDK and audited', async () => {
    await suite.aws.dynamodb.send(new UpdateTableCommand({TableName: NAME, BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}}))
    const billingMode = async () => (await suite.aws.dynamodb.send(new DescribeTableCommand({TableName: NAME}))).Table?.BillingModeSummary?.BillingMode
    expect(await billingMode()).toBe('PROVISIONED')

    const drifted = (await check()).items.find((item) => item.id === 'OrdersTable')
    expect(drifted).toMatchObject({driftType: 'configuration_drift', severity: 'medium'})
    expect(drifted?.differences).toEqual([{path: '/BillingMode', expected: 'PAY_PER_REQUEST', actual: 'PROVISIONED', kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'OrdersTable', '/BillingMode')}])

    const reverted = await cli('drift', 'revert', 'OrdersTable', '--auto-approve', '--json')
    expect(reverted.code, `${reverted.stdout}\n${reverted.stderr}`).toBe(0)
    const json = JSON.parse(reverted.stdout) as {plan: {entries: Array<{itemId: string; decision: string; reason: string; actions: Array<{api: string; params: unknown}>}>}; items: Array<{itemId: string; state: string}>}
    expect(json.plan.entries.find((entry) => entry.itemId === 'OrdersTable')).toMatchObject({decision: 'revert', reason: 'in place by DynamoDB.UpdateTable', actions: [{api: 'DynamoDB.UpdateTable', params: {TableName: NAME, BillingMode: 'PAY_PER_REQUEST'}}]})
    expect(json.items).toEqual([expect.objectContaining({itemId: 'OrdersTable', state: 'applied'})])
    // Read back with the SDK: on demand again, and the protections the revert never touches still on.
    expect(await billingMode()).toBe('PAY_PER_REQUEST')
    expect(await protection()).toBe(true)
    const audit = readFileSync(path.join(suite.workspace.dir, '.ialctl/audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(audit.at(-1)).toMatchObject({operation: 'revert', item: 'OrdersTable', action: ['DynamoDB.UpdateTable'], result: 'applied'})
    expect((await check()).items.map((item) => item.id)).toEqual([EXTRA])
  })

  it('GIVEN a person turned recovery off and switched to provisioned capacity on purpose WHEN `reverse-sync --dry-run --all` runs THEN the template gets the values (the mode with its throughput), the table is codified, and both pass `phases validate` and cfn-lint', async () => {
    await suite.aws.dynamodb.send(new UpdateContinuousBackupsCommand({TableName: NAME, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: false}}))
    await suite.aws.dynamodb.send(new UpdateTableCommand({TableName: NAME, BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}}))
    // A heal would turn recovery back on, so reverse sync leaves it out unless asked for everything (--all).
    const result = await cli('reverse-sync', '--dry-run', '--all')
    expect(result.code, result.stderr).toBe(0)
    const diff = result.stdout.split('\n--- pull request body ---')[0]
    expect(diff, result.stdout).toContain(`--- a/${FILE}`)
    expect(diff).toMatch(/^\+\s+PointInTimeRecoveryEnabled: false$/m)
    // CloudFormation takes PROVISIONED only with a throughput (cfn-lint E3639): both are written.
    expect(diff).toMatch(/^\+\s+BillingMode: PROVISIONED$/m)
    expect(diff).toMatch(/^\+\s+ProvisionedThroughput:$/m)
    expect(diff).toMatch(/^\+\+\+ b\/phases\/99-imported\/.*\.yaml$/m)
    expect(diff).toMatch(/^\+\s+TableName: ial-prod-orders-archive$/m)

    await suite.applyAndValidate(diff, FILE)
    expect(readFileSync(path.join(suite.workspace.dir, FILE), 'utf8')).toMatch(/^ {8}PointInTimeRecoveryEnabled: false$/m)
    expect((await check()).items).toEqual([])
  })

  it('GIVEN the declared table deleted by hand WHEN checked THEN it is missing at its file:line', async () => {
    await suite.aws.dynamodb.send(new UpdateTableCommand({TableName: NAME, DeletionProtectionEnabled: false}))
    await suite.aws.dynamodb.send(new DeleteTableCommand({TableName: NAME}))
    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items).toEqual([
      expect.objectContaining({id: 'OrdersTable', driftType: 'missing_resource', location: {file: FILE, line: suite.resourceLine(FILE, 'OrdersTable')}}),
    ])
  })
})
