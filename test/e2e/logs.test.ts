// AWS::Logs::LogGroup against moto, through the built CLI: the example estate's log groups in sync, then changed by
// hand (retention cut, a tag changed, an unmanaged group in scope, a group deleted, a group made never-expiring),
// found with file:line, healed upward only (read back with the SDK), and written back to Git by reverse sync.
// moto gaps (AWS wins in the product): moto accepts any retention value, and does not return logGroupClass or
// deletionProtectionEnabled (AWS does; the example templates set neither).
import {execFileSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {CreateLogGroupCommand, DeleteLogGroupCommand, DeleteRetentionPolicyCommand, DescribeLogGroupsCommand, ListTagsForResourceCommand, PutRetentionPolicyCommand, TagResourceCommand} from '@aws-sdk/client-cloudwatch-logs'
import {expect, it} from 'vitest'

import type {DriftItem} from '../../src/core/model.js'
import {REPO_ROOT, runCli} from './helpers/cli.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'
import {propertyLine} from './helpers/template-lines.js'

const FILE = 'phases/30-compute/04-log-groups.yaml'
const API = '/ecs/ial-prod-api'
const WORKER = '/ecs/ial-prod-worker'
const EXTRA = '/ecs/ial-prod-debug'

describeE2e('AWS::Logs::LogGroup against moto', () => {
  const suite = exampleEstateSuite({type: 'AWS::Logs::LogGroup'})
  const {cli, check} = suite

  const byId = (items: DriftItem[]) => Object.fromEntries(items.map((item) => [item.id, item])) as Record<string, DriftItem>
  const group = async (name: string) => (await suite.aws.logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: name}))).logGroups?.find((candidate) => candidate.logGroupName === name)
  const tags = async (name: string) => (await suite.aws.logs.send(new ListTagsForResourceCommand({resourceArn: (await group(name))!.logGroupArn}))).tags

  it('GIVEN the log groups as the phases declare them WHEN checked THEN they are read and in sync', async () => {
    expect(suite.estate.resources.ApiLogGroup.physicalId).toBe(API)
    const {code, items, stderr} = await check()
    expect(code, stderr).toBe(0)
    expect(items).toEqual([])
  })

  it('GIVEN retention cut, a tag changed and an unmanaged group in scope WHEN checked THEN configuration, tag and extra drift show with file:line, and heal raises retention and puts the tag back', async () => {
    await suite.aws.logs.send(new PutRetentionPolicyCommand({logGroupName: API, retentionInDays: 7}))
    await suite.aws.logs.send(new TagResourceCommand({resourceArn: (await group(WORKER))!.logGroupArn, tags: {Owner: 'someone-in-the-console'}}))
    await suite.aws.logs.send(new CreateLogGroupCommand({logGroupName: EXTRA, tags: {ManagedBy: 'ialctl', Purpose: 'hotfix "debug"'}}))

    const {code, items: groups} = await check()
    expect(code).toBe(2)
    const items = byId(groups)
    expect(items.ApiLogGroup).toMatchObject({driftType: 'configuration_drift', severity: 'medium', autoHealable: true, location: {file: FILE}})
    expect(items.ApiLogGroup.differences).toEqual([
      {path: '/RetentionInDays', expected: 30, actual: 7, kind: 'NOT_EQUAL', line: propertyLine(REPO_ROOT, FILE, 'ApiLogGroup', '/RetentionInDays')},
    ])
    expect(items.WorkerLogGroup).toMatchObject({driftType: 'tag_drift', severity: 'low', autoHealable: true})
    expect(items.WorkerLogGroup.differences).toEqual([
      {path: '/Tags/Owner', expected: 'data-team', actual: 'someone-in-the-console', kind: 'NOT_EQUAL', line: propertyLine(REPO_ROOT, FILE, 'WorkerLogGroup', '/Tags/Owner')},
    ])
    expect(items[EXTRA]).toMatchObject({driftType: 'extra_resource', severity: 'medium', autoHealable: false, physicalId: EXTRA})

    const heal = await cli('drift', 'heal', '--auto-approve')
    expect(heal.code, heal.stdout + heal.stderr).toBe(0)
    expect(heal.stdout).toContain('Logs.PutRetentionPolicy')
    expect((await group(API))?.retentionInDays).toBe(30)
    expect(await tags(WORKER)).toMatchObject({Owner: 'data-team'})
    // The extra group is never deleted.
    expect(await group(EXTRA)).toBeDefined()
  })

  it('GIVEN a group made never-expiring and a declared group deleted WHEN planned THEN no heal gives a retention where AWS keeps events forever, and the deleted group is missing', async () => {
    await suite.aws.logs.send(new DeleteRetentionPolicyCommand({logGroupName: API}))
    await suite.aws.logs.send(new DeleteLogGroupCommand({logGroupName: WORKER}))

    const {items} = await check()
    expect(byId(items).WorkerLogGroup).toMatchObject({driftType: 'missing_resource', severity: 'high'})
    expect(byId(items).ApiLogGroup).toMatchObject({driftType: 'configuration_drift', autoHealable: false})

    const plan = await cli('drift', 'plan')
    expect(plan.stdout).toContain('ApiLogGroup (AWS::Logs::LogGroup): /RetentionInDays: the log group never expires its events, and a heal never sets a retention')
    const heal = await cli('drift', 'heal', '--auto-approve')
    expect(heal.stdout).not.toContain('Logs.PutRetentionPolicy')
    expect((await group(API))?.retentionInDays).toBeUndefined()
  })

  it('GIVEN that drift WHEN reverse sync writes the templates THEN the edited log group and the codified extra pass `phases validate`', async () => {
    await suite.aws.logs.send(new PutRetentionPolicyCommand({logGroupName: API, retentionInDays: 90}))
    const dryRun = await cli('reverse-sync', '--dry-run')
    expect(dryRun.code, dryRun.stderr).toBe(0)
    expect(dryRun.stdout).toMatch(/^\+\s+RetentionInDays: 90$/m)
    expect(dryRun.stdout).toContain(EXTRA)

    // The printed diff is what reverse sync commits: applied to a copy of the phases, they still validate.
    const patch = dryRun.stdout.slice(0, dryRun.stdout.indexOf('\n--- pull request body ---'))
    execFileSync('git', ['apply', '-'], {cwd: suite.workspace.dir, input: `${patch.trimEnd()}\n`})
    const validate = await runCli(suite.workspace, ['phases', 'validate'], {})
    expect(validate.code, validate.stdout + validate.stderr).toBe(0)
    expect(readFileSync(path.join(suite.workspace.dir, FILE), 'utf8')).toMatch(/^ {6}RetentionInDays: 90$/m)
    const importDir = path.join(suite.workspace.dir, 'phases/99-imported')
    const codified = readdirSync(importDir).map((file) => readFileSync(path.join(importDir, file), 'utf8'))
    expect(codified.find((text) => text.includes(EXTRA))).toMatch(/Type: AWS::Logs::LogGroup/)
  })
})
