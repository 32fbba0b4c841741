// `ialctl mcp` end to end: the built CLI started as a child process and driven over stdio by the SDK's own Client,
// against moto through the counting proxy (every AWS call seen at the HTTP level), with the phases in a real git
// clone whose origin is a bare repository behind the GitHub stand-in. What an agent gets must be what the CLI gives;
// a write happens only for a plan of the session, named by its token, and only as planned.
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {CreateTagsCommand, DescribeSecurityGroupsCommand, DescribeTagsCommand} from '@aws-sdk/client-ec2'
import {DescribeClustersCommand, DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {DescribeDBClustersCommand} from '@aws-sdk/client-rds'
import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js'
import {afterEach, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import type {HealResult} from '../../src/core/heal-result.js'
import type {HealPlan} from '../../src/core/plan/heal-plan.js'
import {DRIFT} from './fixtures/drift.js'
import {BIN, cliEnv, runCli} from './helpers/cli.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const TOKEN = 'ghp_e2eSecretToken0123456789abcdefABCDEF'

interface Served {
  client: Client
  /** What the server wrote to stderr. */
  stderr: () => string
  /** Transport errors: a line on stdout that is not a protocol message ends up here. */
  errors: Error[]
}

describeE2e('ialctl mcp over stdio against moto', () => {
  const suite = exampleEstateSuite({induceDrift: true, proxy: true, github: {token: TOKEN}})
  const served: Served[] = []

  afterEach(async () => {
    for (const {client, errors, stderr} of served.splice(0)) {
      await client.close()
      // Nothing but the protocol reached stdout, and the server said nothing on stderr.
      expect(errors).toEqual([])
      expect(stderr()).toBe('')
    }
  })
  const env = () => cliEnv(suite.workspace, {endpoint: suite.proxy.endpoint, githubToken: TOKEN, env: {GITHUB_API_URL: suite.github.url, TMPDIR: suite.fixture.temp}})

  async function serve(...flags: string[]): Promise<Client> {
    const transport = new StdioClientTransport({command: process.execPath, args: [BIN, 'mcp', ...flags], cwd: suite.workspace.dir, env: env(), stderr: 'pipe'})
    let stderr = ''
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    const client = new Client({name: 'ialctl-e2e', version: '1.0.0'})
    const errors: Error[] = []
    client.onerror = (error) => errors.push(error)
    await client.connect(transport)
    served.push({client, stderr: () => stderr, errors})
    return client
  }

  const call = async <T>(client: Client, name: string, args: Record<string, unknown> = {}) => {
    const result = await client.callTool({name, arguments: args})
    const text = (result.content as Array<{text: string}>).map((part) => part.text).join('\n')
    return {isError: Boolean(result.isError), text, structured: result.structuredContent as T}
  }

  /** The values the heal plan puts back, as AWS has them now, read with the SDK. */
  async function healedValues() {
    const vpc = suite.estate.resources[DRIFT.changedTag.id]
    const cluster = suite.estate.resources[DRIFT.removedTag.id]
    const vpcTags = (await suite.aws.ec2.send(new DescribeTagsCommand({Filters: [{Name: 'resource-id', Values: [vpc.physicalId]}]}))).Tags ?? []
    const clusterTags = (await suite.aws.ecs.send(new DescribeClustersCommand({clusters: [cluster.attributes.Arn], include: ['TAGS']}))).clusters![0].tags ?? []
    const worker = suite.estate.resources[DRIFT.desiredCount.id]
    return {
      workerCount: (await suite.aws.ecs.send(new DescribeServicesCommand({cluster: worker.attributes.Cluster, services: [worker.attributes.Name]}))).services![0].desiredCount,
      vpcOwner: vpcTags.find((tag) => tag.Key === DRIFT.changedTag.key)?.Value,
      clusterOwner: clusterTags.find((tag) => tag.key === DRIFT.removedTag.key)?.value,
      backupWindow: (await suite.aws.rds.send(new DescribeDBClustersCommand({DBClusterIdentifier: suite.estate.resources[DRIFT.backupWindow.id].physicalId}))).DBClusters![0].PreferredBackupWindow,
      threshold: (await suite.aws.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [suite.estate.resources[DRIFT.threshold.id].physicalId]}))).MetricAlarms![0].Threshold,
    }
  }

  it('GIVEN the server without --allow-writes WHEN the client lists tools THEN there is no write tool; with --allow-writes heal, revert and reverse_sync_apply appear', async () => {
    const readOnly = await serve()
    const writing = await serve('--allow-writes')

    expect((await readOnly.listTools()).tools.map((tool) => tool.name)).toEqual(['check_drift', 'explain_drift', 'plan_heal', 'plan_revert', 'reverse_sync_preview', 'drift_history'])
    expect((await writing.listTools()).tools.map((tool) => tool.name)).toEqual(['check_drift', 'explain_drift', 'plan_heal', 'plan_revert', 'reverse_sync_preview', 'drift_history', 'heal', 'revert', 'reverse_sync_apply'])
  })

  it('GIVEN the drifted estate WHEN check_drift is called after `drift check --json` THEN it returns the same items, seen in the history that run left, and the latest-report resource is that report', async () => {
    const client = await serve()

    const cli = await runCli(suite.workspace, ['drift', 'check', '--json'], {endpoint: suite.proxy.endpoint})
    const checked = await call<DriftReport>(client, 'check_drift')

    expect(cli.code, cli.stderr).toBe(2)
    expect(checked.isError).toBe(false)
    const fromCli = (JSON.parse(cli.stdout) as DriftReport).items
    expect(fromCli.length).toBeGreaterThan(5)
    // The same workflow as drift check: the CLI's run is in the history, so every item is known since then.
    expect(checked.structured.items).toEqual(fromCli.map((item) => ({...item, status: 'known'})))
    expect(fromCli.map((item) => (item as {status?: string}).status)).toEqual(fromCli.map(() => 'new'))
    const {contents} = await client.readResource({uri: 'ialctl://report/latest'})
    expect(JSON.parse((contents[0] as {text: string}).text)).toEqual(checked.structured)
  })

  it('GIVEN the drift WHEN reverse_sync_preview is called THEN the unified diff of the templates comes back and nothing is pushed or asked of GitHub', async () => {
    const client = await serve()

    const preview = await call<{planToken: string; status: string; diff: string; files: string[]}>(client, 'reverse_sync_preview')

    expect(preview.structured.status).toBe('dry-run')
    // The hand-opened 0.0.0.0/0 rule is critical security drift: left out of the templates, as the CLI does.
    expect(preview.structured.diff).toContain('+++ b/phases/99-imported/')
    expect(preview.structured.diff).not.toMatch(/^\+.*0\.0\.0\.0\/0/m)
    expect(suite.github.requests).toEqual([])
    expect(suite.fixture.git(suite.fixture.bare, 'branch', '--list')).toBe('* main\n')
    expect(suite.fixture.git(suite.fixture.clone, 'status', '--porcelain', '--', 'phases')).toBe('')
  })

  it('GIVEN a preview whose drift changed since WHEN reverse_sync_apply is called with its token THEN it is refused and nothing is pushed; a fresh preview opens the PR', async () => {
    const client = await serve('--allow-writes')
    const stale = await call<{planToken: string}>(client, 'reverse_sync_preview')
    await suite.aws.ec2.send(new CreateTagsCommand({Resources: [suite.drift.extraInstanceId], Tags: [{Key: 'Team', Value: 'ops-on-call'}]}))

    const refused = await call(client, 'reverse_sync_apply', {planToken: stale.structured.planToken, confirm: true})

    expect(refused.isError).toBe(true)
    expect(refused.text).toBe('Error: the drift changed since the preview; nothing was pushed (preview the reverse sync again and apply the new plan) (exit 1: usage or configuration error)')
    expect(suite.github.requests).toEqual([])
    expect(suite.fixture.git(suite.fixture.bare, 'branch', '--list')).toBe('* main\n')

    const fresh = await call<{planToken: string}>(client, 'reverse_sync_preview')
    const applied = await call<{status: string; prUrl: string; branch: string; files: string[]}>(client, 'reverse_sync_apply', {planToken: fresh.structured.planToken, confirm: true})

    expect(applied.isError, applied.text).toBe(false)
    expect(applied.structured).toMatchObject({status: 'opened', prUrl: suite.github.pulls[0].html_url})
    expect(applied.text).not.toContain(applied.structured.prUrl)
    const imported = applied.structured.files.find((file) => file.startsWith('phases/99-imported/'))!
    expect(suite.fixture.git(suite.fixture.bare, 'show', `${applied.structured.branch}:${imported}`)).toContain('ops-on-call')
    const audit = readFileSync(path.join(suite.workspace.dir, '.ialctl/audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line))
    expect(audit).toEqual([expect.objectContaining({item: 'reverse-sync', physicalId: applied.structured.prUrl, result: 'opened', via: 'mcp'})])
  })

  it('GIVEN a token the session never handed out, or a reverse-sync token WHEN heal is called THEN it is refused and not one AWS call is made', async () => {
    const client = await serve('--allow-writes')
    const preview = await call<{planToken: string}>(client, 'reverse_sync_preview')
    suite.proxy.calls.length = 0

    const wrong = await call(client, 'heal', {planToken: `sha256:${'a'.repeat(64)}`, confirm: true})
    const otherKind = await call(client, 'heal', {planToken: preview.structured.planToken, confirm: true})

    for (const result of [wrong, otherKind]) {
      expect(result.isError).toBe(true)
      expect(result.text).toMatch(/^Error: the planToken is not one this session handed out for a heal \(or it was used already\); nothing was sent/)
    }

    expect(suite.proxy.calls).toEqual([])
  })

  it('GIVEN a heal plan whose resource changed in AWS after plan_heal WHEN heal is called with its token THEN the item is skipped as stale and no write call is sent', async () => {
    const client = await serve('--allow-writes')
    const planned = await call<{planToken: string; plan: HealPlan}>(client, 'plan_heal', {ids: [DRIFT.changedTag.id]})
    expect(planned.structured.plan.entries.map((entry) => [entry.itemId, entry.decision])).toEqual([[DRIFT.changedTag.id, 'heal']])
    const vpc = suite.estate.resources[DRIFT.changedTag.id]
    await suite.aws.ec2.send(new CreateTagsCommand({Resources: [vpc.physicalId], Tags: [{Key: DRIFT.changedTag.key, Value: 'someone-else'}]}))
    suite.proxy.calls.length = 0

    const healed = await call<HealResult>(client, 'heal', {planToken: planned.structured.planToken, confirm: true})

    expect(healed.isError).toBe(false)
    expect(healed.structured.summary).toMatchObject({applied: 0, skipped: 1})
    expect(healed.structured.items[0].checks).toEqual([expect.objectContaining({name: 'unchanged', passed: false})])
    expect(healed.text).toBe('Heal: 0 applied, 1 skipped, 0 failed. exit 2: drift, or planned items not applied.')
    expect(suite.proxy.writes()).toEqual([])
    expect((await healedValues()).vpcOwner).toBe('someone-else')
  })

  it('GIVEN plan_heal WHEN heal is called with its token THEN exactly the planned calls are sent, AWS reads back as the templates say, the audit says via mcp, and the token cannot be used again', async () => {
    const client = await serve('--allow-writes')
    const planned = await call<{planToken: string; plan: HealPlan}>(client, 'plan_heal')
    const toHeal = planned.structured.plan.entries.filter((entry) => entry.decision === 'heal')
    expect(toHeal.map((entry) => entry.itemId).sort()).toEqual([DRIFT.backupWindow.id, DRIFT.threshold.id, DRIFT.removedTag.id, DRIFT.changedTag.id, DRIFT.desiredCount.id].sort())
    suite.proxy.calls.length = 0

    const healed = await call<HealResult>(client, 'heal', {planToken: planned.structured.planToken, confirm: true})

    expect(healed.isError, healed.text).toBe(false)
    expect(healed.structured.summary).toMatchObject({applied: toHeal.length, skipped: 0, failed: 0})
    expect(healed.structured.exitCode).toBe(0)
    const plannedCalls = toHeal.flatMap((entry) => entry.actions.map((action) => action.api.split('.')[1]))
    expect(suite.proxy.writes().map((write) => write.operation).sort()).toEqual(plannedCalls.sort())
    // Read back with the SDK: each healed value is the one the plan said it would write.
    const willWrite = (id: string, change: string) => toHeal.find((entry) => entry.itemId === id)?.changes.find((one) => one.path === change)?.to
    expect(await healedValues()).toEqual({
      workerCount: willWrite(DRIFT.desiredCount.id, '/DesiredCount'),
      vpcOwner: willWrite(DRIFT.changedTag.id, `/Tags/${DRIFT.changedTag.key}`),
      clusterOwner: willWrite(DRIFT.removedTag.id, `/Tags/${DRIFT.removedTag.key}`),
      backupWindow: willWrite(DRIFT.backupWindow.id, '/PreferredBackupWindow'),
      threshold: Number(willWrite(DRIFT.threshold.id, '/Threshold')),
    })
    expect((await healedValues()).vpcOwner).not.toBe('someone-else')
    expect((await healedValues()).workerCount).not.toBe(DRIFT.desiredCount.value)

    const audit = readFileSync(path.join(suite.workspace.dir, '.ialctl/audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as {item: string; via: string; result: string})
    const healLines = audit.filter((line) => line.item !== 'reverse-sync')
    expect(healLines.filter((line) => line.result === 'applied').map((line) => line.item).sort()).toEqual(toHeal.map((entry) => entry.itemId).sort())
    for (const line of audit) expect(line.via).toBe('mcp')

    suite.proxy.calls.length = 0
    const again = await call(client, 'heal', {planToken: planned.structured.planToken, confirm: true})
    expect(again.isError).toBe(true)
    expect(suite.proxy.calls).toEqual([])
  })

  it('GIVEN the rules added by hand to the database security group WHEN plan_revert then revert run on a server with --approve-critical THEN exactly the planned revokes are sent, the rules are gone and the audit says revert via mcp', async () => {
    const client = await serve('--allow-writes', '--approve-critical')
    const group = suite.estate.resources[DRIFT.openedRule.id]
    const planned = await call<{planToken: string; plan: HealPlan}>(client, 'plan_revert', {ids: [DRIFT.openedRule.id]})
    const [entry] = planned.structured.plan.entries
    expect(entry).toMatchObject({itemId: DRIFT.openedRule.id, decision: 'revert', severity: 'critical'})
    suite.proxy.calls.length = 0

    const reverted = await call<HealResult>(client, 'revert', {planToken: planned.structured.planToken, confirm: true})

    expect(reverted.isError, reverted.text).toBe(false)
    expect(reverted.structured.summary).toMatchObject({applied: 1, skipped: 0, failed: 0})
    expect(suite.proxy.writes().map((write) => write.operation)).toEqual(entry.actions.map((action) => action.api.split('.')[1]))
    const rules = (await suite.aws.ec2.send(new DescribeSecurityGroupsCommand({GroupIds: [group.physicalId]}))).SecurityGroups![0].IpPermissions ?? []
    const cidrs = rules.flatMap((rule) => (rule.IpRanges ?? []).map((range) => range.CidrIp))
    expect(cidrs).not.toContain(DRIFT.openedRule.cidr)
    expect(cidrs).not.toContain('10.99.0.0/16')
    const audit = readFileSync(path.join(suite.workspace.dir, '.ialctl/audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(audit.at(-1)).toMatchObject({item: DRIFT.openedRule.id, operation: 'revert', result: 'applied', via: 'mcp'})
  })
})
