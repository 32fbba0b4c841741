// Elastic Load Balancing v2 end to end, against moto: the ALB the example phases declare, drifted by hand through
// the plain AWS API, found, healed where that is safe, and written back to Git where it is not.
//
// moto gaps, noted where they matter (AWS's documented behaviour is what the product follows):
// - DescribeLoadBalancerAttributes answers a subset of AWS's keys (no access_logs.s3.enabled nor
//   idle_timeout.timeout_seconds until they are set); only the keys a template sets are compared, so this is invisible.
// - moto allows 10 tags per load balancer (AWS: 50).
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {execFileSync} from 'node:child_process'

import {
  AddTagsCommand,
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  ModifyLoadBalancerAttributesCommand,
  SetSecurityGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {afterAll, beforeAll, expect, it} from 'vitest'

import type {DriftItem, DriftReport} from '../../src/core/model.js'
import {e2eConfigText} from './fixtures/config.js'
import {createExampleEstate, type Estate} from './fixtures/estate.js'
import {awsClients, type AwsClients} from './helpers/aws-clients.js'
import {createWorkspace, REPO_ROOT, runCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'

const FILE = 'phases/30-compute/05-alb.yaml'
const ID = 'WebLoadBalancer'
const TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer'

/** 1-based line of the first line of the file matching `pattern` (read as text, not through the product). */
const lineOf = (pattern: RegExp) => readFileSync(path.join(REPO_ROOT, FILE), 'utf8').split('\n').findIndex((line) => pattern.test(line)) + 1

describeE2e('ELBv2 load balancer against moto', () => {
  let aws: AwsClients
  let estate: Estate
  let workspace: Workspace
  let arn: string
  const cli = (...args: string[]) => runCli(workspace, args, {endpoint: motoEndpoint()})
  const check = async (): Promise<{code: number | null; report: DriftReport; items: DriftItem[]}> => {
    const result = await cli('drift', 'check', '--json')
    expect(result.stderr).not.toMatch(/Error/)
    const report = JSON.parse(result.stdout) as DriftReport
    return {code: result.code, report, items: report.items.filter((item) => item.type === TYPE)}
  }

  const attribute = async (key: string) =>
    (await aws.elbv2.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: arn}))).Attributes?.find((candidate) => candidate.Key === key)?.Value
  const subnets = () => [estate.resources.PrivateSubnetA.physicalId, estate.resources.PrivateSubnetB.physicalId]

  beforeAll(async () => {
    aws = awsClients(motoEndpoint())
    estate = await createExampleEstate(motoEndpoint())
    arn = estate.resources[ID].physicalId
    // Another team's load balancer: outside the scope (no ManagedBy=ialctl), never reported, its attributes never read.
    await aws.elbv2.send(new CreateLoadBalancerCommand({Name: 'alb-other-team', Scheme: 'internal', Subnets: subnets()}))
    workspace = createWorkspace({config: e2eConfigText()})
  })
  afterAll(() => aws.destroy())

  it('GIVEN the ALB as the phases declare it WHEN checked and snapshotted THEN it is in sync, and attributes are read for the declared load balancer only', async () => {
    const {items} = await check()
    expect(items).toEqual([])
    const snapshot = await cli('snapshot', '--out', 'snapshot.json', '--json')
    expect(snapshot.code, snapshot.stderr).toBe(0)
    const calls = (JSON.parse(snapshot.stdout) as {apiCalls: Record<string, number>}).apiCalls
    expect(calls).toMatchObject({'ELBv2.DescribeLoadBalancers': 1, 'ELBv2.DescribeTags': 1, 'ELBv2.DescribeLoadBalancerAttributes': 1})
  })

  it('GIVEN a changed tag and deletion protection turned off by hand WHEN checked THEN both differences with file:line; WHEN healed THEN AWS has the tag and protection back', async () => {
    await aws.elbv2.send(new AddTagsCommand({ResourceArns: [arn], Tags: [{Key: 'Owner', Value: 'someone-in-the-console'}]}))
    await aws.elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: [{Key: 'deletion_protection.enabled', Value: 'false'}]}))

    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items).toHaveLength(1)
    // Rated high (deletion protection), yet healable: turning protection on is a one-way hardening heal.
    expect(items[0]).toMatchObject({id: ID, driftType: 'configuration_drift', severity: 'high', autoHealable: true, location: {file: FILE}})
    expect(items[0].differences).toEqual([
      {path: '/LoadBalancerAttributes/0', expected: {Key: 'deletion_protection.enabled', Value: 'true'}, actual: {Key: 'deletion_protection.enabled', Value: 'false'}, kind: 'NOT_EQUAL', line: lineOf(/- Key: deletion_protection\.enabled/)},
      {path: '/Tags/Owner', expected: 'platform-team', actual: 'someone-in-the-console', kind: 'NOT_EQUAL', line: lineOf(/Value: platform-team/)},
    ])

    const heal = await cli('drift', 'heal', '--auto-approve')
    expect(heal.code, heal.stdout + heal.stderr).toBe(0)
    expect(await attribute('deletion_protection.enabled')).toBe('true')
    const tags = (await aws.elbv2.send(new DescribeTagsCommand({ResourceArns: [arn]}))).TagDescriptions?.[0]?.Tags
    expect(tags).toContainEqual({Key: 'Owner', Value: 'platform-team'})
    expect((await check()).items).toEqual([])
  })

  it('GIVEN an idle timeout changed by hand and an extra ALB in scope WHEN reverse-synced THEN the patched phases validate and check in sync with AWS', async () => {
    await aws.elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '300'}]}))
    const hotfix = await aws.elbv2.send(new CreateLoadBalancerCommand({Name: 'alb-hotfix-prod', Scheme: 'internal', Subnets: subnets(), Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]}))

    const {items} = await check()
    expect(items.map((item) => [item.id, item.driftType, item.autoHealable])).toEqual([
      [ID, 'configuration_drift', false],
      [hotfix.LoadBalancers![0].LoadBalancerArn, 'extra_resource', false],
    ])
    expect(items[0].differences).toMatchObject([{path: '/LoadBalancerAttributes/1', actual: {Key: 'idle_timeout.timeout_seconds', Value: '300'}, line: lineOf(/- Key: idle_timeout\.timeout_seconds/)}])

    const dryRun = await cli('reverse-sync', '--dry-run')
    expect(dryRun.code, dryRun.stderr).toBe(0)
    const patch = dryRun.stdout.split('\n--- pull request body ---')[0]
    expect(patch).toContain('+++ b/phases/99-imported/01-elasticloadbalancingv2-load-balancer.yaml')
    writeFileSync(path.join(workspace.dir, 'reverse-sync.patch'), `${patch.trimEnd()}\n`)
    execFileSync('git', ['apply', 'reverse-sync.patch'], {cwd: workspace.dir})
    const edited = readFileSync(path.join(workspace.dir, FILE), 'utf8')
    // Only the Value line changed, in the template's own quoting.
    expect(edited).toContain("- Key: idle_timeout.timeout_seconds\n          Value: '300'\n")

    const validate = await cli('phases', 'validate')
    expect(validate.code, validate.stdout + validate.stderr).toBe(0)
    expect((await check()).items).toEqual([])
  })

  it('GIVEN the security groups replaced by hand, then the ALB deleted WHEN checked THEN critical and never healed, then missing', async () => {
    await aws.elbv2.send(new SetSecurityGroupsCommand({LoadBalancerArn: arn, SecurityGroups: [estate.resources.AppSecurityGroup.physicalId]}))
    const swapped = (await check()).items
    expect(swapped).toMatchObject([{id: ID, driftType: 'configuration_drift', severity: 'critical', impact: ['security'], autoHealable: false}])
    expect(swapped[0].differences.map(({path, kind, actual}) => [path, kind, actual])).toEqual([
      ['/SecurityGroups/0', 'REMOVE', null],
      ['/SecurityGroups/1', 'ADD', estate.resources.AppSecurityGroup.physicalId],
    ])

    await aws.elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: [{Key: 'deletion_protection.enabled', Value: 'false'}]}))
    await aws.elbv2.send(new DeleteLoadBalancerCommand({LoadBalancerArn: arn}))
    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items).toMatchObject([{id: ID, driftType: 'missing_resource', severity: 'high', location: {file: FILE}}])
  })
})
