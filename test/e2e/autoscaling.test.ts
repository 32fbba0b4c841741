// Auto scaling group end to end, against moto: the ECS capacity group the example phases declare
// (phases/30-compute/06-ecs-capacity.yaml), drifted by hand through the plain AWS API, found, healed where that is
// safe, and written back to Git where it is not.
//
// moto and AWS: moto launches the group's instances and tags them `aws:autoscaling:groupName` as AWS does; it does
// not run scaling policies, so scaling is imitated with SetDesiredCapacity. AWS's documented behaviour is what the
// product follows.
import {spawnSync} from 'node:child_process'

import {
  CreateAutoScalingGroupCommand,
  CreateOrUpdateTagsCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling'
import {DescribeInstancesCommand} from '@aws-sdk/client-ec2'
import {expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {e2eConfigText} from './fixtures/config.js'
import {createWorkspace, runCli} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const FILE = 'phases/30-compute/06-ecs-capacity.yaml'
const ID = 'EcsCapacityGroup'
const NAME = 'ial-prod-ecs-capacity'
const TYPE = 'AWS::AutoScaling::AutoScalingGroup'

describeE2e('auto scaling group against moto', () => {
  const suite = exampleEstateSuite({type: TYPE, failOnStderr: /Error/})
  const {cli, check} = suite

  const group = async (name = NAME) => (await suite.aws.autoscaling.send(new DescribeAutoScalingGroupsCommand({AutoScalingGroupNames: [name]}))).AutoScalingGroups?.[0]
  const line = (pointer: string) => suite.propertyLine(FILE, ID, pointer)

  it('GIVEN the group as the phases declare it, with the instances it launched WHEN checked THEN it is in sync and its instances are never extra', async () => {
    const launched = (await group())?.Instances?.map((instance) => instance.InstanceId) ?? []
    expect(launched).toHaveLength(2)
    // moto tags them as AWS does, with the group's ManagedBy=ialctl propagated: inside the extra-resource scope.
    const {Reservations} = await suite.aws.ec2.send(new DescribeInstancesCommand({InstanceIds: launched as string[]}))
    const tags = Reservations?.flatMap((reservation) => reservation.Instances ?? []).map((instance) => Object.fromEntries((instance.Tags ?? []).map((tag) => [tag.Key, tag.Value])))
    for (const tag of tags ?? []) expect(tag).toMatchObject({'aws:autoscaling:groupName': NAME, ManagedBy: 'ialctl'})

    const {code, report, items} = await check()
    expect(items).toEqual([])
    expect(report.items.map((item) => item.id)).not.toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(launched.join('|')))]))
    expect(code).toBe(0)
  })

  it('GIVEN DesiredCapacity moved by scaling inside MinSize..MaxSize WHEN checked THEN expected, not failing; GIVEN a configured narrower range THEN the same value is drift with its line', async () => {
    await suite.aws.autoscaling.send(new SetDesiredCapacityCommand({AutoScalingGroupName: NAME, DesiredCapacity: 3}))
    const scaled = await check()
    expect(scaled.code).toBe(0)
    expect(scaled.items).toEqual([])
    expect(scaled.report.summary.expected).toBe(1)
    const text = await cli('drift', 'check')
    // In sync, the expected difference counted on the one line (the demo, which has drift, lists it with its rule).
    expect(text.stdout).toMatch(/^No drift: \d+ declared resources in sync \(1 expected, /)

    // The config allows 1..2 for this group: 3 is outside it, so it is drift.
    const narrow = createWorkspace({config: e2eConfigText({expected: [{type: TYPE, id: ID, path: '/DesiredCapacity', rule: 'autoscaling-range', min: 1, max: 2}]})})
    const outside = JSON.parse((await runCli(narrow, ['drift', 'check', '--json'], {endpoint: motoEndpoint()})).stdout) as DriftReport
    expect(outside.items.filter((item) => item.type === TYPE)).toMatchObject([
      {id: ID, driftType: 'configuration_drift', differences: [{path: '/DesiredCapacity', expected: '2', actual: '3', line: line('/DesiredCapacity')}]},
    ])
    await suite.aws.autoscaling.send(new SetDesiredCapacityCommand({AutoScalingGroupName: NAME, DesiredCapacity: 2}))
  })

  it('GIVEN a tag and MaxSize changed by hand WHEN checked THEN both with file:line; WHEN healed THEN the tag is back in AWS (PropagateAtLaunch kept) and MaxSize is left for reverse sync', async () => {
    await suite.aws.autoscaling.send(new CreateOrUpdateTagsCommand({Tags: [{ResourceId: NAME, ResourceType: 'auto-scaling-group', Key: 'Owner', Value: 'someone-in-the-console', PropagateAtLaunch: false}]}))
    await suite.aws.autoscaling.send(new UpdateAutoScalingGroupCommand({AutoScalingGroupName: NAME, MaxSize: 6}))

    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items).toMatchObject([{id: ID, driftType: 'configuration_drift', severity: 'medium', autoHealable: false, location: {file: FILE}}])
    expect(items[0].differences).toEqual([
      {path: '/MaxSize', expected: '4', actual: '6', kind: 'NOT_EQUAL', line: line('/MaxSize')},
      {path: '/Tags/Owner', expected: 'platform-team', actual: 'someone-in-the-console', kind: 'NOT_EQUAL', line: line('/Tags/Owner')},
    ])

    // MaxSize is not on the safe list: the item goes to reverse sync whole. Put it back by hand, heal the tag.
    await suite.aws.autoscaling.send(new UpdateAutoScalingGroupCommand({AutoScalingGroupName: NAME, MaxSize: 4}))
    const healed = await cli('drift', 'heal', '--auto-approve')
    expect(healed.code, healed.stdout + healed.stderr).toBe(0)
    const tags = (await group())?.Tags ?? []
    expect(tags.find((tag) => tag.Key === 'Owner')).toMatchObject({Value: 'platform-team', PropagateAtLaunch: false})
    expect(tags.find((tag) => tag.Key === 'ManagedBy')).toMatchObject({Value: 'ialctl', PropagateAtLaunch: true})
    expect((await check()).items).toEqual([])
  })

  it('GIVEN MinSize lowered and MaxSize raised by hand WHEN reverted THEN one UpdateAutoScalingGroup puts both back (no restart: the group is inside the range), read back with the SDK, DesiredCapacity untouched', async () => {
    await suite.aws.autoscaling.send(new UpdateAutoScalingGroupCommand({AutoScalingGroupName: NAME, MinSize: 0, MaxSize: 6}))
    const desired = (await group())?.DesiredCapacity

    const result = await cli('drift', 'revert', ID, '--auto-approve', '--json')
    expect(result.code, result.stdout + result.stderr).toBe(0)
    const revert = JSON.parse(result.stdout) as {plan: {entries: Array<{itemId: string; reason: string; restarts?: true}>}; items: Array<{itemId: string; state: string}>}
    expect(revert.plan.entries).toEqual([expect.objectContaining({itemId: ID, reason: 'in place by AutoScaling.UpdateAutoScalingGroup'})])
    expect(revert.plan.entries[0].restarts).toBeUndefined()
    expect(revert.items).toEqual([expect.objectContaining({itemId: ID, state: 'applied'})])
    expect(await group()).toMatchObject({MinSize: 1, MaxSize: 4, DesiredCapacity: desired})
    expect((await check()).items).toEqual([])
  })

  it('GIVEN MaxSize raised by hand and a group made in the console WHEN reverse-synced THEN the patched phases validate and check in sync', async () => {
    await suite.aws.autoscaling.send(new UpdateAutoScalingGroupCommand({AutoScalingGroupName: NAME, MaxSize: 6}))
    const subnets = [suite.estate.resources.PrivateSubnetA.physicalId, suite.estate.resources.PrivateSubnetB.physicalId].join(',')
    await suite.aws.autoscaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'ial-prod-hotfix',
        MinSize: 0,
        MaxSize: 1,
        DesiredCapacity: 0,
        LaunchTemplate: {LaunchTemplateName: NAME, Version: '$Latest'},
        VPCZoneIdentifier: subnets,
        Tags: [{ResourceId: 'ial-prod-hotfix', ResourceType: 'auto-scaling-group', Key: 'ManagedBy', Value: 'ialctl', PropagateAtLaunch: false}],
      }),
    )

    const {items} = await check()
    expect(items.map((item) => [item.id, item.driftType])).toEqual([
      [ID, 'configuration_drift'],
      ['ial-prod-hotfix', 'extra_resource'],
    ])

    const dryRun = await cli('reverse-sync', '--dry-run')
    expect(dryRun.code, dryRun.stderr).toBe(0)
    const diff = dryRun.stdout.split('\n--- pull request body ---')[0]
    expect(diff).toContain(`--- a/${FILE}`)
    expect(diff).toMatch(/^\+\s+MaxSize: '6'$/m)
    expect(diff).toMatch(/^\+\+\+ b\/phases\/99-imported\/.*\.yaml$/m)
    expect(diff).toMatch(/^\+\s+AutoScalingGroupName: ial-prod-hotfix$/m)
    const applied = spawnSync('git', ['apply', '-p1', '-'], {cwd: suite.workspace.dir, input: `${diff.trimEnd()}\n`, encoding: 'utf8'})
    expect(applied.status, applied.stderr).toBe(0)
    const validate = await cli('phases', 'validate')
    expect(validate.code, `${validate.stdout}\n${validate.stderr}`).toBe(0)
    expect((await check()).items).toEqual([])
  })

  it('GIVEN the group deleted WHEN checked THEN it is missing, at its line in the phases', async () => {
    await suite.aws.autoscaling.send(new DeleteAutoScalingGroupCommand({AutoScalingGroupName: NAME, ForceDelete: true}))
    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items).toMatchObject([{id: ID, driftType: 'missing_resource', location: {file: FILE}}])
  })
})
