// A heal call that AWS refuses (an IAM policy without ecs:UpdateService): that item fails and is rolled back,
// the other items are healed, exit 2, and the audit log says so. Injected by a proxy (moto does not check IAM).
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {afterAll, beforeAll, expect, it} from 'vitest'

import {DRIFT} from './fixtures/drift.js'
import {type AwsProxy, startFaultProxy} from './helpers/aws-proxy.js'
import {runCli} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

describeE2e('a heal call refused by AWS', () => {
  const suite = exampleEstateSuite({induceDrift: true})
  let proxy: AwsProxy

  beforeAll(async () => {
    proxy = await startFaultProxy(motoEndpoint(), 'access-denied', 1000, (call) => call.operation === 'UpdateService')
  })
  afterAll(() => proxy?.close())

  it('GIVEN ecs:UpdateService is denied WHEN `drift heal --auto-approve` runs THEN that item is rolled back, the others are healed, and it exits 2', async () => {
    const result = await runCli(suite.workspace, ['drift', 'heal', '--auto-approve', '--json'], {endpoint: proxy.endpoint})
    expect(result.code, result.stderr).toBe(2)
    const heal = JSON.parse(result.stdout) as {items: Array<{itemId: string; state: string; error?: string}>; summary: {applied: number; failed: number; rolledBack: number}}
    const worker = heal.items.find((item) => item.itemId === DRIFT.desiredCount.id)!
    expect(worker.state).toBe('rolled_back')
    expect(worker.error).toMatch(/^ECS.UpdateService failed: access denied/)
    expect(heal.summary).toMatchObject({applied: 4, failed: 1, rolledBack: 1})

    const created = suite.estate.resources[DRIFT.desiredCount.id]
    const service = (await suite.aws.ecs.send(new DescribeServicesCommand({cluster: created.attributes.Cluster, services: [created.attributes.Name]}))).services![0]
    expect(service.desiredCount).toBe(DRIFT.desiredCount.value)

    const audit = readFileSync(path.join(suite.workspace.dir, '.ialctl/audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as {item: string; result: string})
    expect(Object.fromEntries(audit.map((record) => [record.item, record.result]))).toEqual({
      [DRIFT.changedTag.id]: 'applied',
      [DRIFT.removedTag.id]: 'applied',
      [DRIFT.desiredCount.id]: 'rolled_back',
      [DRIFT.backupWindow.id]: 'applied',
      [DRIFT.threshold.id]: 'applied',
    })
  })
})
