// A saved plan is a file anyone can edit (SPEC 10). Each way finding 1 of issue 14 edited one is tried here against
// moto, through a counting proxy: the edited plan is refused (or the config's policy holds), and not one write call
// reaches AWS, counted at the HTTP level; AWS is then read back with the SDK and is as the drift left it.
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeTagsCommand} from '@aws-sdk/client-ec2'
import {DescribeClustersCommand, DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {DescribeDBClustersCommand} from '@aws-sdk/client-rds'
import {beforeAll, expect, it} from 'vitest'

import type {HealPlan, HealPlanEntry} from '../../src/core/plan/heal-plan.js'
import {e2eConfigText} from './fixtures/config.js'
import {DRIFT} from './fixtures/drift.js'
import {type CliResult, createWorkspace, runCli} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

// The config forbids healing ECS services: the worker's DesiredCount drift is refused in the plan.
const FORBID = 'AWS::ECS::Service'

describeE2e('saved plans edited by hand, against moto', () => {
  const suite = exampleEstateSuite({induceDrift: true, proxy: true, config: e2eConfigText({'autoHeal.forbid': [FORBID]})})
  let saved: HealPlan
  /** The worker's entry as a plan without the forbid rule holds it: the calls the builders really make. */
  let workerAsBuilt: HealPlanEntry

  const heal = (plan: HealPlan, ...flags: string[]) => {
    writeFileSync(path.join(suite.workspace.dir, 'edited.json'), JSON.stringify(plan, null, 2))
    suite.proxy.calls.length = 0
    return runCli(suite.workspace, ['drift', 'heal', '--plan', 'edited.json', '--auto-approve', ...flags], {endpoint: suite.proxy.endpoint})
  }

  const edited = (edit: (entries: Map<string, HealPlanEntry>) => void): HealPlan => {
    const plan = structuredClone(saved)
    edit(new Map(plan.entries.filter((entry) => entry.driftType !== null).map((entry) => [entry.itemId, entry])))
    return plan
  }

  /** What the drift fixture left in AWS, read with the SDK. */
  async function awsState() {
    const vpc = suite.estate.resources[DRIFT.changedTag.id]
    const cluster = suite.estate.resources[DRIFT.removedTag.id]
    const worker = suite.estate.resources[DRIFT.desiredCount.id]
    const api = suite.estate.resources.ApiService
    const aurora = suite.estate.resources[DRIFT.backupWindow.id]
    const alarm = suite.estate.resources[DRIFT.threshold.id]
    const services = (await suite.aws.ecs.send(new DescribeServicesCommand({cluster: worker.attributes.Cluster, services: [worker.attributes.Name, api.attributes.Name]}))).services ?? []
    const db = (await suite.aws.rds.send(new DescribeDBClustersCommand({DBClusterIdentifier: aurora.physicalId}))).DBClusters![0]
    const vpcTags = (await suite.aws.ec2.send(new DescribeTagsCommand({Filters: [{Name: 'resource-id', Values: [vpc.physicalId]}]}))).Tags ?? []
    const clusterTags = (await suite.aws.ecs.send(new DescribeClustersCommand({clusters: [cluster.attributes.Arn], include: ['TAGS']}))).clusters![0].tags ?? []
    return {
      vpcOwner: vpcTags.find((tag) => tag.Key === DRIFT.changedTag.key)?.Value,
      clusterOwner: clusterTags.find((tag) => tag.key === DRIFT.removedTag.key)?.value,
      counts: Object.fromEntries(services.map((service) => [service.serviceName, service.desiredCount])),
      aurora: {backupWindow: db.PreferredBackupWindow, deletionProtection: db.DeletionProtection},
      threshold: (await suite.aws.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [alarm.physicalId]}))).MetricAlarms![0].Threshold,
    }
  }

  let before: Awaited<ReturnType<typeof awsState>>

  beforeAll(async () => {
    const unforbidden = createWorkspace({config: e2eConfigText()})
    const built = await runCli(unforbidden, ['drift', 'plan', '--json'], {endpoint: motoEndpoint()})
    workerAsBuilt = (JSON.parse(built.stdout) as HealPlan).entries.find((entry) => entry.itemId === DRIFT.desiredCount.id)!
    expect(workerAsBuilt.decision).toBe('heal')

    const planned = await runCli(suite.workspace, ['drift', 'plan', '--out', 'plan.json'], {endpoint: motoEndpoint()})
    expect(planned.code, planned.stderr).toBe(0)
    saved = JSON.parse(readFileSync(path.join(suite.workspace.dir, 'plan.json'), 'utf8')) as HealPlan
    before = await awsState()
    expect(before.aurora.deletionProtection).toBe(true)
  })

  /** The one line a refused plan prints, and what must hold after it: no write reached AWS, AWS as it was. */
  async function expectRefused(result: CliResult, line: string) {
    expect(result.stderr).toBe(`Error: ${line} (a saved plan is re-derived, never replayed: make a new plan with ialctl drift plan --out FILE)\n`)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(suite.proxy.writes()).toEqual([])
    expect(await awsState()).toEqual(before)
  }

  const edit = (id: string, fields: string) => `the plan in edited.json was edited: ${id}: it differs from the entry rebuilt from the config, phases and AWS in ${fields}; nothing was sent`

  it('GIVEN a tag heal with an extra call that scales another service to 0 WHEN healing the plan THEN it is refused whole and no write reaches AWS', async () => {
    const api = suite.estate.resources.ApiService
    const plan = edited((entries) => {
      const vpc = entries.get(DRIFT.changedTag.id)!
      vpc.actions.push({
        api: 'ECS.UpdateService',
        params: {cluster: api.attributes.Cluster, service: api.physicalId, desiredCount: 0},
        rollback: {api: 'ECS.UpdateService', params: {cluster: api.attributes.Cluster, service: api.physicalId, desiredCount: 2}},
      })
    })

    await expectRefused(await heal(plan), edit(DRIFT.changedTag.id, 'its calls'))
  })

  it('GIVEN the Aurora backup-window heal with DeletionProtection false added WHEN healing the plan THEN it is refused whole and protection stays on', async () => {
    const plan = edited((entries) => {
      const aurora = entries.get(DRIFT.backupWindow.id)!
      aurora.actions[0].params.DeletionProtection = false
    })

    await expectRefused(await heal(plan), edit(DRIFT.backupWindow.id, 'its calls'))
  })

  it('GIVEN the forbidden worker service turned into a heal that scales it to 0 WHEN healing the plan THEN it is refused whole', async () => {
    const plan = edited((entries) => {
      const worker = entries.get(DRIFT.desiredCount.id)!
      const [build] = workerAsBuilt.actions
      Object.assign(worker, {decision: 'heal', actions: [{...build, params: {...build.params, desiredCount: 0}}]})
    })

    await expectRefused(await heal(plan), edit(DRIFT.desiredCount.id, 'its calls'))
  })

  it("GIVEN the forbidden worker turned into a heal with the calls the builders make, and the alarm's severity lowered WHEN healing THEN it is refused whole, naming the alarm", async () => {
    const plan = edited((entries) => {
      Object.assign(entries.get(DRIFT.desiredCount.id)!, {decision: 'heal', actions: workerAsBuilt.actions})
      entries.get(DRIFT.threshold.id)!.severity = 'low'
    })

    await expectRefused(await heal(plan), edit(DRIFT.threshold.id, 'its severity'))
  })

  it('GIVEN the forbidden worker alone turned into a heal with the calls the builders make WHEN healing THEN the forbid rule from config holds: skipped, exit 2, no write', async () => {
    const plan = edited((entries) => Object.assign(entries.get(DRIFT.desiredCount.id)!, {decision: 'heal', actions: workerAsBuilt.actions}))
    plan.entries = plan.entries.filter((entry) => entry.itemId === DRIFT.desiredCount.id)

    const result = await heal(plan)

    expect(result.stdout).toContain(`  - ${DRIFT.desiredCount.id} (AWS::ECS::Service) skipped: forbidden by autoHeal.forbid rule '${FORBID}'\n`)
    expect(result.stdout).toContain('Heal: 0 applied, 1 skipped, 0 failed.')
    expect(result.code, result.stderr).toBe(2)
    expect(suite.proxy.writes()).toEqual([])
    expect(await awsState()).toEqual(before)
  })

  it('GIVEN policy written into the plan file (forbid emptied, severity limit raised) WHEN healing THEN the file is refused as malformed in one line', async () => {
    const plan = {...saved, autoHeal: {forbid: [], severityLimit: 'critical', maxResources: 100}} as HealPlan

    const result = await heal(plan)

    expect(result.stderr).toBe(
      "Error: edited.json is not a valid heal plan: (root): Unrecognized key(s) in object: 'autoHeal' (create it again with ialctl drift plan --out FILE)\n",
    )
    expect(result.code).toBe(1)
    expect(suite.proxy.calls).toEqual([])
    expect(await awsState()).toEqual(before)
  })

  it('GIVEN the plan as saved WHEN healing it THEN its heal items go through the same proxy (the count above could have seen them)', async () => {
    const result = await heal(saved, '--json')

    expect(result.code, result.stderr).toBe(0)
    const healed = JSON.parse(result.stdout) as {summary: {applied: number; skipped: number}}
    expect(healed.summary).toMatchObject({applied: 4, skipped: 0})
    expect(suite.proxy.writes().map((call) => call.operation)).toEqual(expect.arrayContaining(['CreateTags', 'TagResource', 'ModifyDBCluster', 'PutMetricAlarm']))
    expect((await awsState()).counts[suite.estate.resources[DRIFT.desiredCount.id].attributes.Name]).toBe(DRIFT.desiredCount.value)
  })
})
