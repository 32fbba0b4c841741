// Elastic Load Balancing v2 end to end, against moto: the ALB and the API target group the example phases declare,
// drifted by hand through the plain AWS API, found, healed where that is safe, and written back to Git where it is not.
//
// moto gaps, noted where they matter (AWS's documented behaviour is what the product follows):
// - DescribeLoadBalancerAttributes answers a subset of AWS's keys (no access_logs.s3.enabled nor
//   idle_timeout.timeout_seconds until they are set); only the keys a template sets are compared, so this is invisible.
// - moto allows 10 tags per load balancer (AWS: 50).
// - moto's DescribeTargetGroupAttributes answers a subset of AWS's keys plus `waf.fail_open.enabled` (a load
//   balancer attribute in AWS), so a codified extra target group may carry that key; AWS's documented keys are what
//   the module knows as defaults. moto's default health check timeout is 10 s (AWS: 5 s for HTTP), which a codified
//   extra therefore writes out.
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {execFileSync} from 'node:child_process'

import {
  AddTagsCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  SetSecurityGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {beforeAll, expect, it} from 'vitest'

import {REPO_ROOT} from './helpers/cli.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const FILE = 'phases/30-compute/05-alb.yaml'
const ID = 'WebLoadBalancer'
const TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer'
const GROUP = 'ApiTargetGroup'
const GROUP_TYPE = 'AWS::ElasticLoadBalancingV2::TargetGroup'

/** 1-based line of the first line of the file matching `pattern` after line `after` (read as text, not through the product). */
const lineOf = (pattern: RegExp, after = 0) => readFileSync(path.join(REPO_ROOT, FILE), 'utf8').split('\n').findIndex((line, index) => index >= after && pattern.test(line)) + 1

describeE2e('ELBv2 load balancer against moto', () => {
  const suite = exampleEstateSuite({type: TYPE, failOnStderr: /Error/})
  const {cli} = suite
  let arn: string
  let groupArn: string
  const check = async () => {
    const checked = await suite.check()
    return {...checked, groups: checked.report.items.filter((item) => item.type === GROUP_TYPE)}
  }

  const targetGroup = async () => (await suite.aws.elbv2.send(new DescribeTargetGroupsCommand({TargetGroupArns: [groupArn]}))).TargetGroups![0]

  const attribute = async (key: string) =>
    (await suite.aws.elbv2.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: arn}))).Attributes?.find((candidate) => candidate.Key === key)?.Value
  const subnets = () => [suite.estate.resources.PrivateSubnetA.physicalId, suite.estate.resources.PrivateSubnetB.physicalId]

  beforeAll(async () => {
    arn = suite.estate.resources[ID].physicalId
    groupArn = suite.estate.resources[GROUP].physicalId
    // Another team's load balancer and target group: outside the scope (no ManagedBy=ialctl), never reported, their
    // attributes never read.
    await suite.aws.elbv2.send(new CreateLoadBalancerCommand({Name: 'alb-other-team', Scheme: 'internal', Subnets: subnets()}))
    await suite.aws.elbv2.send(new CreateTargetGroupCommand({Name: 'tg-other-team', Protocol: 'HTTP', Port: 80, VpcId: suite.estate.resources.Vpc.physicalId, TargetType: 'ip'}))
  })

  it('GIVEN the ALB and target group as the phases declare them WHEN checked and snapshotted THEN in sync, and attributes are read for the declared ones only', async () => {
    const {items, groups} = await check()
    expect(items).toEqual([])
    expect(groups).toEqual([])
    const snapshot = await cli('snapshot', '--out', 'snapshot.json', '--json')
    expect(snapshot.code, snapshot.stderr).toBe(0)
    const calls = (JSON.parse(snapshot.stdout) as {apiCalls: Record<string, number>}).apiCalls
    // One DescribeTags per ELBv2 type (two load balancers, two target groups, the declared ALB's listeners: 20 ARNs a call).
    expect(calls).toMatchObject({'ELBv2.DescribeLoadBalancers': 1, 'ELBv2.DescribeTargetGroups': 1, 'ELBv2.DescribeTags': 3, 'ELBv2.DescribeLoadBalancerAttributes': 1, 'ELBv2.DescribeTargetGroupAttributes': 1})
  })

  it('GIVEN the target group’s Owner tag and health check path changed by hand WHEN checked THEN one medium item with file:line; WHEN healed THEN AWS has them back', async () => {
    await suite.aws.elbv2.send(new AddTagsCommand({ResourceArns: [groupArn], Tags: [{Key: 'Owner', Value: 'someone-in-the-console'}]}))
    await suite.aws.elbv2.send(new ModifyTargetGroupCommand({TargetGroupArn: groupArn, HealthCheckPath: '/'}))

    const {code, groups} = await check()
    expect(code).toBe(2)
    const start = lineOf(/^ {2}ApiTargetGroup:/)
    expect(groups).toMatchObject([{id: GROUP, driftType: 'configuration_drift', severity: 'medium', impact: ['availability', 'cost'], autoHealable: true, location: {file: FILE, line: start}}])
    expect(groups[0].differences).toEqual([
      {path: '/HealthCheckPath', expected: '/health', actual: '/', kind: 'NOT_EQUAL', line: lineOf(/HealthCheckPath: \/health/)},
      {path: '/Tags/Owner', expected: 'platform-team', actual: 'someone-in-the-console', kind: 'NOT_EQUAL', line: lineOf(/Value: platform-team/, start)},
    ])

    const heal = await cli('drift', 'heal', '--auto-approve')
    expect(heal.code, heal.stdout + heal.stderr).toBe(0)
    expect(await targetGroup()).toMatchObject({HealthCheckPath: '/health', HealthCheckIntervalSeconds: 15, HealthCheckTimeoutSeconds: 5})
    const tags = (await suite.aws.elbv2.send(new DescribeTagsCommand({ResourceArns: [groupArn]}))).TagDescriptions?.[0]?.Tags
    expect(tags).toContainEqual({Key: 'Owner', Value: 'platform-team'})
    expect((await check()).groups).toEqual([])
  })

  it('GIVEN a changed tag and deletion protection turned off by hand WHEN checked THEN both differences with file:line; WHEN healed THEN AWS has the tag and protection back', async () => {
    await suite.aws.elbv2.send(new AddTagsCommand({ResourceArns: [arn], Tags: [{Key: 'Owner', Value: 'someone-in-the-console'}]}))
    await suite.aws.elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: [{Key: 'deletion_protection.enabled', Value: 'false'}]}))

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
    const tags = (await suite.aws.elbv2.send(new DescribeTagsCommand({ResourceArns: [arn]}))).TagDescriptions?.[0]?.Tags
    expect(tags).toContainEqual({Key: 'Owner', Value: 'platform-team'})
    expect((await check()).items).toEqual([])
  })

  it('GIVEN the security group swapped, the idle timeout and a deregistration delay changed by hand WHEN reverted THEN one SetSecurityGroups, one ModifyLoadBalancerAttributes and one ModifyTargetGroupAttributes put the declared values back, read back with the SDK', async () => {
    const web = suite.estate.resources.WebSecurityGroup.physicalId
    const app = suite.estate.resources.AppSecurityGroup.physicalId
    await suite.aws.elbv2.send(new SetSecurityGroupsCommand({LoadBalancerArn: arn, SecurityGroups: [app]}))
    await suite.aws.elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '300'}]}))
    await suite.aws.elbv2.send(new ModifyTargetGroupAttributesCommand({TargetGroupArn: groupArn, Attributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '120'}]}))

    // Putting the declared group back lets in whatever it allows: without --approve-critical it is refused, nothing sent.
    const refused = await cli('drift', 'revert', ID, '--auto-approve', '--json')
    expect(refused.code, refused.stderr).toBe(2)
    expect((JSON.parse(refused.stdout) as {plan: {entries: Array<{itemId: string; decision: string; reason: string}>}}).plan.entries).toEqual([
      expect.objectContaining({itemId: ID, decision: 'refused', reason: expect.stringContaining(`adds security group ${web} to the load balancer`)}),
    ])
    expect((await suite.aws.elbv2.send(new DescribeLoadBalancersCommand({LoadBalancerArns: [arn]}))).LoadBalancers?.[0]?.SecurityGroups).toEqual([app])

    const result = await cli('drift', 'revert', ID, GROUP, '--auto-approve', '--approve-critical', '--json')
    expect(result.code, result.stdout + result.stderr).toBe(0)
    const revert = JSON.parse(result.stdout) as {plan: {entries: Array<{itemId: string; reason: string}>}; items: Array<{itemId: string; state: string}>}
    expect(Object.fromEntries(revert.items.map((item) => [item.itemId, item.state]))).toEqual({[ID]: 'applied', [GROUP]: 'applied'})
    expect(revert.plan.entries.find((entry) => entry.itemId === ID)?.reason).toBe('in place by ELBv2.SetSecurityGroups, ELBv2.ModifyLoadBalancerAttributes')
    expect(revert.plan.entries.find((entry) => entry.itemId === GROUP)?.reason).toBe('in place by ELBv2.ModifyTargetGroupAttributes')

    expect((await suite.aws.elbv2.send(new DescribeLoadBalancersCommand({LoadBalancerArns: [arn]}))).LoadBalancers?.[0]?.SecurityGroups).toEqual([web])
    expect(await attribute('idle_timeout.timeout_seconds')).toBe('120')
    // Only the declared keys were written: deletion protection stayed on.
    expect(await attribute('deletion_protection.enabled')).toBe('true')
    const groupAttributes = (await suite.aws.elbv2.send(new DescribeTargetGroupAttributesCommand({TargetGroupArn: groupArn}))).Attributes ?? []
    expect(groupAttributes.find((one) => one.Key === 'deregistration_delay.timeout_seconds')?.Value).toBe('30')
    const after = await check()
    expect(after.items).toEqual([])
    expect(after.groups).toEqual([])
  })

  it('GIVEN an idle timeout and a deregistration delay changed by hand, and an extra ALB and target group in scope WHEN reverse-synced THEN the patched phases validate and check in sync with AWS', async () => {
    await suite.aws.elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '300'}]}))
    const hotfix = await suite.aws.elbv2.send(new CreateLoadBalancerCommand({Name: 'alb-hotfix-prod', Scheme: 'internal', Subnets: subnets(), Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]}))
    await suite.aws.elbv2.send(new ModifyTargetGroupAttributesCommand({TargetGroupArn: groupArn, Attributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '120'}]}))
    const hotfixGroup = await suite.aws.elbv2.send(
      new CreateTargetGroupCommand({Name: 'tg-hotfix-prod', Protocol: 'HTTP', Port: 9090, VpcId: suite.estate.resources.Vpc.physicalId, TargetType: 'ip', HealthCheckPath: '/ping', Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]}),
    )

    const {items, groups} = await check()
    expect(items.map((item) => [item.id, item.driftType, item.autoHealable])).toEqual([
      [ID, 'configuration_drift', false],
      [hotfix.LoadBalancers![0].LoadBalancerArn, 'extra_resource', false],
    ])
    expect(items[0].differences).toMatchObject([{path: '/LoadBalancerAttributes/1', actual: {Key: 'idle_timeout.timeout_seconds', Value: '300'}, line: lineOf(/- Key: idle_timeout\.timeout_seconds/)}])
    // Attributes are never healed (stickiness, delay, algorithm are a person's decision): reverse sync.
    expect(groups.map((item) => [item.id, item.driftType, item.severity, item.autoHealable])).toEqual([
      [GROUP, 'configuration_drift', 'medium', false],
      [hotfixGroup.TargetGroups![0].TargetGroupArn, 'extra_resource', 'medium', false],
    ])
    expect(groups[0].differences).toMatchObject([{path: '/TargetGroupAttributes/0', actual: {Key: 'deregistration_delay.timeout_seconds', Value: '120'}, line: lineOf(/- Key: deregistration_delay\.timeout_seconds/)}])

    const dryRun = await cli('reverse-sync', '--dry-run')
    expect(dryRun.code, dryRun.stderr).toBe(0)
    const patch = dryRun.stdout.split('\n--- pull request body ---')[0]
    expect(patch).toContain('+++ b/phases/99-imported/01-elasticloadbalancingv2-load-balancer.yaml')
    expect(patch).toMatch(/\+\+\+ b\/phases\/99-imported\/\d+-elasticloadbalancingv2-target-group\.yaml/)
    expect(patch).toContain('+      Name: tg-hotfix-prod')
    expect(patch).toContain('+      HealthCheckPath: /ping')
    writeFileSync(path.join(suite.workspace.dir, 'reverse-sync.patch'), `${patch.trimEnd()}\n`)
    execFileSync('git', ['apply', 'reverse-sync.patch'], {cwd: suite.workspace.dir})
    const edited = readFileSync(path.join(suite.workspace.dir, FILE), 'utf8')
    // Only the Value lines changed, in the template's own quoting.
    expect(edited).toContain("- Key: idle_timeout.timeout_seconds\n          Value: '300'\n")
    expect(edited).toContain("- Key: deregistration_delay.timeout_seconds\n          Value: '120'\n")

    const validate = await cli('phases', 'validate')
    expect(validate.code, validate.stdout + validate.stderr).toBe(0)
    const after = await check()
    expect(after.items).toEqual([])
    expect(after.groups).toEqual([])
  })

  it('GIVEN the security groups replaced by hand, then the ALB and target group deleted WHEN checked THEN critical and never healed, then missing', async () => {
    await suite.aws.elbv2.send(new SetSecurityGroupsCommand({LoadBalancerArn: arn, SecurityGroups: [suite.estate.resources.AppSecurityGroup.physicalId]}))
    const swapped = (await check()).items
    expect(swapped).toMatchObject([{id: ID, driftType: 'configuration_drift', severity: 'critical', impact: ['security'], autoHealable: false}])
    expect(swapped[0].differences.map(({path, kind, actual}) => [path, kind, actual])).toEqual([
      ['/SecurityGroups/0', 'REMOVE', null],
      ['/SecurityGroups/1', 'ADD', suite.estate.resources.AppSecurityGroup.physicalId],
    ])

    await suite.aws.elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: [{Key: 'deletion_protection.enabled', Value: 'false'}]}))
    await suite.aws.elbv2.send(new DeleteLoadBalancerCommand({LoadBalancerArn: arn}))
    await suite.aws.elbv2.send(new DeleteTargetGroupCommand({TargetGroupArn: groupArn}))
    const {code, items, groups} = await check()
    expect(code).toBe(2)
    expect(items).toMatchObject([{id: ID, driftType: 'missing_resource', severity: 'high', location: {file: FILE}}])
    expect(groups).toMatchObject([{id: GROUP, driftType: 'missing_resource', location: {file: FILE, line: lineOf(/^ {2}ApiTargetGroup:/)}}])
  })
})
