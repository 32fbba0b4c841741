// `drift revert` against moto through the built CLI: rules put back rule by rule (read back with the SDK), an instance
// type only with --allow-restart, what can never be reverted listed with no call sent, a declined prompt that sends
// nothing, and a revert AWS refuses half-way rolled back and audited. Writes are counted by a proxy in front of moto,
// not by ialctl's own counter.
import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  ModifyInstanceAttributeCommand,
  ModifySubnetAttributeCommand,
  RevokeSecurityGroupIngressCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2'
import {DescribeAlarmsCommand, PutMetricAlarmCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeServicesCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs'
import {DescribeDBInstancesCommand, ModifyDBInstanceCommand} from '@aws-sdk/client-rds'
import {afterAll, beforeAll, expect, it} from 'vitest'

import {e2eConfigText} from './fixtures/config.js'
import {DRIFT, induceDrift} from './fixtures/drift.js'
import {createExampleEstate, type Estate} from './fixtures/estate.js'
import {awsClients, type AwsClients} from './helpers/aws-clients.js'
import {type AwsCall, type AwsProxy, isWriteCall, startCountingProxy, startFaultProxy} from './helpers/aws-proxy.js'
import {BIN, cliEnv, createWorkspace, runCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {propertyLine} from './helpers/template-lines.js'

interface RevertJson {
  plan: {entries: Array<{itemId: string; decision: string; reason: string; restarts?: true}>}
  items: Array<{itemId: string; state: string; error?: string}>
  exitCode: number
}

type Rule = {protocol?: string; from?: number; to?: number; cidr?: string; group?: string}

/** Every ingress rule of a group as AWS has it now, one per peer, sorted. */
async function ingressOf(aws: AwsClients, groupId: string): Promise<Rule[]> {
  const [group] = (await aws.ec2.send(new DescribeSecurityGroupsCommand({GroupIds: [groupId]}))).SecurityGroups ?? []
  return (group.IpPermissions ?? [])
    .flatMap((permission) => [
      ...(permission.IpRanges ?? []).map((range) => ({protocol: permission.IpProtocol, from: permission.FromPort, to: permission.ToPort, cidr: range.CidrIp})),
      ...(permission.UserIdGroupPairs ?? []).map((pair) => ({protocol: permission.IpProtocol, from: permission.FromPort, to: permission.ToPort, group: pair.GroupId})),
    ])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
}

const rule = (port: number, cidr: string): Rule => ({protocol: 'tcp', from: port, to: port, cidr})

/** Runs `ialctl drift revert ARGS` on a pseudo-terminal, typing `answer` at the prompt. */
function revertOnTerminal(workspace: Workspace, endpoint: string, args: string, answer: string): Promise<{code: number | null; transcript: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `'${process.execPath}' '${BIN}' drift revert ${args}`, '/dev/null'], {cwd: workspace.dir, env: {...cliEnv(workspace, {endpoint}), TERM: 'dumb'}})
    let transcript = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      transcript += chunk
      if (transcript.includes('Enter a value:') && !child.stdin.writableEnded) child.stdin.end(`${answer}\n`)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({code, transcript})
    })
  })
}

describeE2e('drift revert', () => {
  let estate: Estate
  let workspace: Workspace
  let aws: AwsClients
  let proxy: AwsProxy
  const writesSince = (start: number): string[] => proxy.calls.slice(start).filter((call: AwsCall) => isWriteCall(call)).map((call) => call.operation)

  beforeAll(async () => {
    aws = awsClients(motoEndpoint())
    estate = await createExampleEstate(motoEndpoint())
    await induceDrift(motoEndpoint(), estate)
    // More hand changes: the web group loses its port-80 rule, the app group's rule is widened to the world, and
    // the web instance is resized in the console (stop, change type, start).
    const web = estate.resources.WebSecurityGroup.physicalId
    await aws.ec2.send(new RevokeSecurityGroupIngressCommand({GroupId: web, IpPermissions: [{IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{CidrIp: '0.0.0.0/0', Description: 'HTTP, redirected to HTTPS'}]}]}))
    const app = estate.resources.AppSecurityGroup.physicalId
    await aws.ec2.send(new RevokeSecurityGroupIngressCommand({GroupId: app, IpPermissions: [{IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{CidrIp: '10.20.0.0/16', Description: 'API traffic from the VPC'}]}]}))
    await aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({GroupId: app, IpPermissions: [{IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{CidrIp: '0.0.0.0/0'}]}]}))
    const instance = estate.resources.WebInstance.physicalId
    await aws.ec2.send(new StopInstancesCommand({InstanceIds: [instance]}))
    await aws.ec2.send(new ModifyInstanceAttributeCommand({InstanceId: instance, InstanceType: {Value: 't3.small'}}))
    await aws.ec2.send(new StartInstancesCommand({InstanceIds: [instance]}))
    workspace = createWorkspace({config: e2eConfigText()})
    proxy = await startCountingProxy(motoEndpoint())
  })
  afterAll(async () => {
    aws?.destroy()
    await proxy?.close()
  })

  it('GIVEN a revert AWS refuses half-way (the revoke of the widened app rule is denied) WHEN run THEN the authorized rule is revoked again, the item is rolled back, audited, and it exits 2', async () => {
    const app = estate.resources.AppSecurityGroup.physicalId
    const before = await ingressOf(aws, app)
    const faults = await startFaultProxy(motoEndpoint(), 'access-denied', 1, (call) => call.operation === 'RevokeSecurityGroupIngress')
    try {
      const result = await runCli(workspace, ['drift', 'revert', 'AppSecurityGroup', '--auto-approve', '--approve-critical', '--json'], {endpoint: faults.endpoint})
      expect(result.code, result.stderr).toBe(2)
      const revert = JSON.parse(result.stdout) as RevertJson
      expect(revert.items).toEqual([expect.objectContaining({itemId: 'AppSecurityGroup', state: 'rolled_back', error: expect.stringMatching(/^EC2.RevokeSecurityGroupIngress failed: access denied/)})])
      expect(faults.calls.filter(isWriteCall).map((call) => `${call.operation}${call.fault ? ' (denied)' : ''}`)).toEqual([
        'AuthorizeSecurityGroupIngress',
        'RevokeSecurityGroupIngress (denied)',
        'RevokeSecurityGroupIngress',
      ])
    } finally {
      await faults.close()
    }

    expect(await ingressOf(aws, app)).toEqual(before)
    const audit = readFileSync(path.join(workspace.dir, '.ialctl/audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(audit.at(-1)).toMatchObject({
      operation: 'revert',
      item: 'AppSecurityGroup',
      result: 'rolled_back',
      action: ['EC2.AuthorizeSecurityGroupIngress', 'EC2.RevokeSecurityGroupIngress', 'rollback:EC2.RevokeSecurityGroupIngress'],
    })
  })

  it('GIVEN a 0.0.0.0/0 rule added by hand and a rule removed by hand WHEN reverted with approval THEN each is put back by rule and the other rules stay', async () => {
    const db = estate.resources.DatabaseSecurityGroup.physicalId
    const web = estate.resources.WebSecurityGroup.physicalId
    const app = estate.resources.AppSecurityGroup.physicalId
    const start = proxy.calls.length
    const result = await runCli(workspace, ['drift', 'revert', 'DatabaseSecurityGroup', 'WebSecurityGroup', 'AppSecurityGroup', '--auto-approve', '--approve-critical', '--json'], {endpoint: proxy.endpoint})
    expect(result.code, result.stderr).toBe(0)
    const revert = JSON.parse(result.stdout) as RevertJson
    expect(Object.fromEntries(revert.items.map((item) => [item.itemId, item.state]))).toEqual({DatabaseSecurityGroup: 'applied', WebSecurityGroup: 'applied', AppSecurityGroup: 'applied'})

    expect(await ingressOf(aws, db)).toEqual([rule(DRIFT.openedRule.port, '10.20.10.0/23')])
    expect(await ingressOf(aws, web)).toEqual([rule(443, '0.0.0.0/0'), rule(80, '0.0.0.0/0')].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))))
    expect(await ingressOf(aws, app)).toEqual([rule(8080, '10.20.0.0/16')])
    expect(writesSince(start).sort()).toEqual(['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupIngress'])
  })

  it('GIVEN an instance type changed by hand WHEN reverted without --allow-restart THEN it is refused with the flag it needs and no call is sent; WITH it THEN stopped, modified, started and verified', async () => {
    const id = estate.resources.WebInstance.physicalId
    let start = proxy.calls.length
    const refused = await runCli(workspace, ['drift', 'revert', 'WebInstance', '--auto-approve', '--json'], {endpoint: proxy.endpoint})
    expect(refused.code, refused.stderr).toBe(2)
    const refusedJson = JSON.parse(refused.stdout) as RevertJson
    expect(refusedJson.plan.entries).toEqual([expect.objectContaining({itemId: 'WebInstance', decision: 'refused', reason: `it restarts ${id}: pass --allow-restart to revert it`, restarts: true})])
    expect(refusedJson.items).toEqual([expect.objectContaining({itemId: 'WebInstance', state: 'skipped', error: `it restarts ${id}: pass --allow-restart to revert it`})])
    expect(writesSince(start)).toEqual([])

    start = proxy.calls.length
    const reverted = await runCli(workspace, ['drift', 'revert', 'WebInstance', '--allow-restart', '--auto-approve'], {endpoint: proxy.endpoint})
    expect(reverted.code, reverted.stderr).toBe(0)
    expect(reverted.stdout).toContain('WebInstance (AWS::EC2::Instance) will be reverted (restarts, severity high)')
    expect(reverted.stdout).toMatch(/WebInstance \(AWS::EC2::Instance\) reverted by EC2.StopInstances, EC2.ModifyInstanceAttribute, EC2.StartInstances and verified/)
    expect(writesSince(start)).toEqual(['StopInstances', 'ModifyInstanceAttribute', 'StartInstances'])
    const [instance] = (await aws.ec2.send(new DescribeInstancesCommand({InstanceIds: [id]}))).Reservations?.[0]?.Instances ?? []
    expect(instance.InstanceType).toBe('t3.micro')
    expect(['pending', 'running']).toContain(instance.State?.Name)
  })

  it('GIVEN a terminated instance and an extra one WHEN reverted THEN both are listed as cannot revert with the reason and no call is sent', async () => {
    const start = proxy.calls.length
    const result = await runCli(workspace, ['drift', 'revert', DRIFT.terminated.id, '--type', 'AWS::EC2::Instance', '--auto-approve', '--approve-critical'], {endpoint: proxy.endpoint})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(`× ${DRIFT.terminated.id} (AWS::EC2::Instance): a revert never creates a resource`)
    expect(result.stdout).toContain('Plan: 0 to revert, 1 cannot revert, 0 refused.')
    expect(writesSince(start)).toEqual([])
  })

  it('GIVEN an alarm whose threshold and operator were changed by hand, and a service deployed with another task definition WHEN reverted THEN one PutMetricAlarm and one UpdateService (with --allow-restart) put the declared values back, read back with the SDK', async () => {
    // The alarm: the threshold is already raised to 90 (induceDrift); the operator is changed in the console too.
    const alarmName = estate.resources[DRIFT.threshold.id].physicalId
    const [alarm] = (await aws.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [alarmName]}))).MetricAlarms ?? []
    const {AlarmArn: _arn, StateValue: _state, StateReason: _reason, StateReasonData: _data, StateUpdatedTimestamp: _at, AlarmConfigurationUpdatedTimestamp: _updated, StateTransitionedTimestamp: _moved, ...definition} = alarm
    await aws.cloudwatch.send(new PutMetricAlarmCommand({...definition, ComparisonOperator: 'GreaterThanOrEqualToThreshold'} as never))
    // The service: a hotfix task definition of another family deployed by hand (the declared one is still ACTIVE).
    const service = estate.resources.ApiService
    const declared = estate.resources.ApiTaskDefinition.physicalId
    const {taskDefinition: hotfix} = await aws.ecs.send(
      new RegisterTaskDefinitionCommand({family: 'api-hotfix', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{name: 'api', image: 'public.ecr.aws/nginx/nginx:1.27', essential: true}]}),
    )
    await aws.ecs.send(new UpdateServiceCommand({cluster: service.attributes.Cluster, service: service.attributes.Name, taskDefinition: hotfix!.taskDefinitionArn}))
    const serviceNow = async () => (await aws.ecs.send(new DescribeServicesCommand({cluster: service.attributes.Cluster, services: [service.attributes.Name]}))).services?.[0]
    expect((await serviceNow())?.taskDefinition).toBe(hotfix!.taskDefinitionArn)

    let start = proxy.calls.length
    const refused = await runCli(workspace, ['drift', 'revert', 'ApiService', '--auto-approve', '--json'], {endpoint: proxy.endpoint})
    expect(refused.code, refused.stderr).toBe(2)
    expect((JSON.parse(refused.stdout) as RevertJson).plan.entries).toEqual([expect.objectContaining({itemId: 'ApiService', decision: 'refused', restarts: true, reason: `it restarts ${service.physicalId}: pass --allow-restart to revert it`})])
    expect(writesSince(start)).toEqual([])

    start = proxy.calls.length
    const result = await runCli(workspace, ['drift', 'revert', DRIFT.threshold.id, 'ApiService', '--allow-restart', '--auto-approve', '--json'], {endpoint: proxy.endpoint})
    expect(result.code, result.stderr).toBe(0)
    const revert = JSON.parse(result.stdout) as RevertJson
    expect(Object.fromEntries(revert.items.map((item) => [item.itemId, item.state]))).toEqual({[DRIFT.threshold.id]: 'applied', ApiService: 'applied'})
    expect(revert.plan.entries.find((entry) => entry.itemId === 'ApiService')?.reason).toBe('in place by ECS.UpdateService; restarts the resource (/TaskDefinition)')
    expect(writesSince(start).sort()).toEqual(['PutMetricAlarm', 'UpdateService'])

    const [after] = (await aws.cloudwatch.send(new DescribeAlarmsCommand({AlarmNames: [alarmName]}))).MetricAlarms ?? []
    expect({threshold: after.Threshold, operator: after.ComparisonOperator}).toEqual({threshold: 75, operator: 'GreaterThanThreshold'})
    // What the template does not declare stayed as it was: PutMetricAlarm went out with the alarm's full definition.
    expect({description: after.AlarmDescription, actions: after.AlarmActions, period: after.Period}).toEqual({description: alarm.AlarmDescription, actions: alarm.AlarmActions, period: alarm.Period})
    expect((await serviceNow())?.taskDefinition).toBe(declared)
  })

  it('GIVEN the revert prompt on a terminal WHEN the answer is `yes` instead of the critical resource id THEN nothing is sent and it exits 1', async () => {
    // The 0.0.0.0/0 rule again, added by hand after the revert above.
    const db = estate.resources.DatabaseSecurityGroup.physicalId
    await aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({GroupId: db, IpPermissions: [{IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{CidrIp: '0.0.0.0/0'}]}]}))
    const start = proxy.calls.length
    const {code, transcript} = await revertOnTerminal(workspace, proxy.endpoint, 'DatabaseSecurityGroup', 'yes')
    expect(transcript).toContain('ialctl will send these calls:')
    expect(transcript).toContain(`Type the resource ids to approve: ${db}`)
    expect(transcript).toContain('Revert cancelled: nothing was changed.')
    expect(code).toBe(1)
    expect(writesSince(start)).toEqual([])
    expect(await ingressOf(aws, db)).toContainEqual(rule(5432, '0.0.0.0/0'))
  })

  it('GIVEN public IPs turned off by hand for the public subnet WHEN reverted THEN refused as a weakening without --approve-critical (nothing sent); WITH it one ModifySubnetAttribute turns them on again, read back with the SDK', async () => {
    const publicSubnet = estate.resources.PublicSubnetA.physicalId
    const privateSubnet = estate.resources.PrivateSubnetA.physicalId
    await aws.ec2.send(new ModifySubnetAttributeCommand({SubnetId: publicSubnet, MapPublicIpOnLaunch: {Value: false}}))
    // A private subnet leaves MapPublicIpOnLaunch out of its template: AWS's false is its default, never drift.
    let start = proxy.calls.length
    const refused = await runCli(workspace, ['drift', 'revert', 'PublicSubnetA', 'PrivateSubnetA', '--auto-approve', '--json'], {endpoint: proxy.endpoint})
    expect(refused.code, refused.stderr).toBe(2)
    expect((JSON.parse(refused.stdout) as RevertJson).plan.entries).toEqual([
      expect.objectContaining({itemId: 'PublicSubnetA', decision: 'refused', reason: expect.stringContaining('gives every instance launched in the subnet a public IP address')}),
    ])
    expect(writesSince(start)).toEqual([])

    start = proxy.calls.length
    const result = await runCli(workspace, ['drift', 'revert', 'PublicSubnetA', '--auto-approve', '--approve-critical', '--json'], {endpoint: proxy.endpoint})
    expect(result.code, result.stderr).toBe(0)
    const revert = JSON.parse(result.stdout) as RevertJson
    expect(revert.plan.entries).toEqual([expect.objectContaining({itemId: 'PublicSubnetA', decision: 'revert', reason: 'in place by EC2.ModifySubnetAttribute'})])
    expect(revert.items).toEqual([expect.objectContaining({itemId: 'PublicSubnetA', state: 'applied'})])
    expect(writesSince(start)).toEqual(['ModifySubnetAttribute'])
    const subnets = (await aws.ec2.send(new DescribeSubnetsCommand({SubnetIds: [publicSubnet, privateSubnet]}))).Subnets ?? []
    expect(Object.fromEntries(subnets.map((subnet) => [subnet.SubnetId, subnet.MapPublicIpOnLaunch]))).toEqual({[publicSubnet]: true, [privateSubnet]: false})
  })

  it('GIVEN automatic minor upgrades turned off by hand on the Aurora writer WHEN checked THEN drift at its line; WHEN reverted THEN one ModifyDBInstance turns them on again at once (no restart, not scheduled), read back with the SDK', async () => {
    const id = estate.resources.AuroraWriter.physicalId
    const autoMinor = async () => (await aws.rds.send(new DescribeDBInstancesCommand({DBInstanceIdentifier: id}))).DBInstances?.[0]?.AutoMinorVersionUpgrade
    // moto gap: moto gives an Aurora instance a random maintenance window of its own and refuses every
    // ModifyDBInstance while it overlaps the cluster's backup window (moved to 07:00-08:00 by the drift above), even
    // one that changes neither; AWS keeps an Aurora member's backups at the cluster. The setup pins the instance's
    // window to the cluster's declared one, which the template does not set for the instance (not compared).
    await aws.rds.send(new ModifyDBInstanceCommand({DBInstanceIdentifier: id, AutoMinorVersionUpgrade: false, PreferredMaintenanceWindow: 'sun:05:00-sun:06:00', ApplyImmediately: true}))
    expect(await autoMinor()).toBe(false)
    const checked = await runCli(workspace, ['drift', 'check', '--json'], {endpoint: motoEndpoint()})
    const item = (JSON.parse(checked.stdout) as {items: Array<{id: string; differences: unknown[]}>}).items.find((entry) => entry.id === 'AuroraWriter')
    expect(item?.differences).toContainEqual({path: '/AutoMinorVersionUpgrade', expected: true, actual: false, kind: 'NOT_EQUAL', line: propertyLine(workspace.dir, 'phases/40-data/02-aurora-postgresql.yaml', 'AuroraWriter', '/AutoMinorVersionUpgrade')})

    const start = proxy.calls.length
    const result = await runCli(workspace, ['drift', 'revert', 'AuroraWriter', '--auto-approve', '--json'], {endpoint: proxy.endpoint})
    expect(result.code, result.stderr).toBe(0)
    const revert = JSON.parse(result.stdout) as RevertJson
    expect(revert.plan.entries).toEqual([expect.objectContaining({itemId: 'AuroraWriter', decision: 'revert', reason: 'in place by RDS.ModifyDBInstance'})])
    expect(revert.plan.entries[0].restarts).toBeUndefined()
    expect(revert.items).toEqual([expect.objectContaining({itemId: 'AuroraWriter', state: 'applied'})])
    expect(writesSince(start)).toEqual(['ModifyDBInstance'])
    expect(await autoMinor()).toBe(true)
  })
})

