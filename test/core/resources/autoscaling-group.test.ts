import type {AutoScalingGroup} from '@aws-sdk/client-auto-scaling'
import {describe, expect, it} from 'vitest'

import {describeExpectedRule, expectedRuleFor} from '../../../src/core/diff/rules.js'
import {autoScalingGroup, autoScalingGroupFromAws} from '../../../src/core/resources/autoscaling-group.js'
import {buildHealActions} from '../../../src/core/plan/heal-actions.js'
import {callsOf, change} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const groups = fixture<{AutoScalingGroups: AutoScalingGroup[]}>('autoscaling-describe-auto-scaling-groups').AutoScalingGroups

describe('AWS::AutoScaling::AutoScalingGroup mapping', () => {
  it('GIVEN a DescribeAutoScalingGroups group WHEN mapped THEN sizes are strings, the subnets a list, empty lists absent and tags a map', () => {
    const group = autoScalingGroupFromAws(groups[0], region)
    expect(group.physicalId).toBe('ecs-capacity-prod')
    expect(group.arn).toMatch(/^arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:.*autoScalingGroupName\/ecs-capacity-prod$/)
    expect(group.properties).toEqual({
      AutoScalingGroupName: 'ecs-capacity-prod',
      MinSize: '1',
      MaxSize: '4',
      DesiredCapacity: '2',
      LaunchTemplate: {LaunchTemplateId: 'lt-0a20c965061f64abc', LaunchTemplateName: 'ecs-capacity-prod', Version: '$Latest'},
      VPCZoneIdentifier: ['subnet-0aaa1111bbbb2222c', 'subnet-0bbb2222cccc3333d'],
      AvailabilityZones: ['us-east-1a', 'us-east-1b'],
      Cooldown: '300',
      HealthCheckType: 'EC2',
      HealthCheckGracePeriod: 300,
      TerminationPolicies: ['Default'],
      NewInstancesProtectedFromScaleIn: false,
      CapacityRebalance: false,
      ServiceLinkedRoleARN: 'arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
      MetricsCollection: [{Granularity: '1Minute', Metrics: ['GroupInServiceInstances', 'GroupDesiredCapacity']}],
    })
    expect(group.tags).toEqual({Owner: 'platform', CostCenter: '1234', 'aws:cloudformation:logical-id': 'EcsCapacityGroup', 'aws:cloudformation:stack-name': '30-compute-06-capacity'})
    expect(group.attributes.TagsPropagatedAtLaunch).toEqual(['Owner', 'aws:cloudformation:logical-id', 'aws:cloudformation:stack-name'])
    expectNoAbsentValues(group)
  })

  it('GIVEN a group WHEN identified THEN it is found by its name first, then by its CloudFormation tags', () => {
    const group = autoScalingGroupFromAws(groups[0], region)
    expect(autoScalingGroup.actualKeys(group)).toEqual(['name:ecs-capacity-prod', 'cfn:30-compute-06-capacity/EcsCapacityGroup'])
    expect(autoScalingGroup.desiredKeys({logicalId: 'EcsCapacityGroup', stackName: 's', properties: {AutoScalingGroupName: 'ecs-capacity-prod'}})).toEqual(['name:ecs-capacity-prod', 'cfn:s/EcsCapacityGroup'])
    expect(autoScalingGroup.desiredKeys({logicalId: 'EcsCapacityGroup', stackName: 's', properties: {}})).toEqual(['cfn:s/EcsCapacityGroup'])
  })

  it('GIVEN a VPCZoneIdentifier with spaces or an empty string WHEN mapped THEN the list holds only the subnet ids', () => {
    expect(autoScalingGroupFromAws({...groups[0], VPCZoneIdentifier: 'subnet-a, subnet-b'}, region).properties.VPCZoneIdentifier).toEqual(['subnet-a', 'subnet-b'])
    expect(autoScalingGroupFromAws({...groups[0], VPCZoneIdentifier: ''}, region).properties).not.toHaveProperty('VPCZoneIdentifier')
  })
})

describe('AWS::AutoScaling::AutoScalingGroup expected drift: DesiredCapacity inside the group’s own MinSize..MaxSize', () => {
  const resource = (actual: Record<string, unknown>) => ({id: 'EcsCapacityGroup', type: autoScalingGroup.type, desired: {MinSize: '1', MaxSize: '4', DesiredCapacity: '2'}, actual})
  const desiredCapacity = (actual: unknown) => ({path: '/DesiredCapacity', expected: '2', actual, kind: 'NOT_EQUAL' as const})

  it('GIVEN scaling moved DesiredCapacity to 3 inside AWS’s 1..4 WHEN judged without any configured rule THEN it is expected, named by its range', () => {
    const rule = expectedRuleFor([], resource({MinSize: '1', MaxSize: '4', DesiredCapacity: '3'}), desiredCapacity('3'))
    expect(rule && describeExpectedRule(rule)).toBe("autoscaling-range 1..4 (the group's MinSize..MaxSize)")
  })

  it('GIVEN DesiredCapacity outside the range AWS reports (or no range) WHEN judged THEN it is drift', () => {
    expect(expectedRuleFor([], resource({MinSize: '1', MaxSize: '4', DesiredCapacity: '6'}), desiredCapacity('6'))).toBeUndefined()
    expect(expectedRuleFor([], resource({DesiredCapacity: '3'}), desiredCapacity('3'))).toBeUndefined()
    expect(expectedRuleFor([], resource({MinSize: '5', MaxSize: '4'}), desiredCapacity('4'))).toBeUndefined()
  })

  it('GIVEN MaxSize itself changed WHEN judged THEN it is drift: only the scaled count is expected to move', () => {
    expect(expectedRuleFor([], resource({MinSize: '1', MaxSize: '8'}), {path: '/MaxSize', expected: '4', actual: '8', kind: 'NOT_EQUAL'})).toBeUndefined()
  })

  it('GIVEN a configured autoscaling-range for the type WHEN the count is inside AWS’s range but outside the configured one THEN the configured word wins: drift', () => {
    const configured = [{rule: 'autoscaling-range' as const, type: autoScalingGroup.type, min: 2, max: 3}]
    expect(expectedRuleFor(configured, resource({MinSize: '1', MaxSize: '4'}), desiredCapacity('4'))).toBeUndefined()
    expect(expectedRuleFor(configured, resource({MinSize: '1', MaxSize: '4'}), desiredCapacity('3'))).toEqual(configured[0])
  })
})

describe('AWS::AutoScaling::AutoScalingGroup tag heal', () => {
  const group = autoScalingGroupFromAws(groups[0], region)

  it('GIVEN a changed, a missing and an unwanted tag WHEN built THEN CreateOrUpdateTags keeps each tag’s PropagateAtLaunch and DeleteTags names the key', () => {
    const calls = callsOf(buildHealActions(group, [change('/Tags/Owner', 'platform', 'web-team'), change('/Tags/Team', undefined, 'core'), change('/Tags/CostCenter', '1234', undefined)]))
    const tag = {ResourceId: 'ecs-capacity-prod', ResourceType: 'auto-scaling-group'}
    expect(calls).toEqual([
      {api: 'AutoScaling.CreateOrUpdateTags', params: {Tags: [{...tag, Key: 'Owner', Value: 'web-team', PropagateAtLaunch: true}]}},
      {api: 'AutoScaling.CreateOrUpdateTags', params: {Tags: [{...tag, Key: 'Owner', Value: 'platform', PropagateAtLaunch: true}]}},
      // A tag the heal adds does not propagate: a heal never starts tagging new instances.
      {api: 'AutoScaling.CreateOrUpdateTags', params: {Tags: [{...tag, Key: 'Team', Value: 'core', PropagateAtLaunch: false}]}},
      {api: 'AutoScaling.DeleteTags', params: {Tags: [{...tag, Key: 'Team'}]}},
      {api: 'AutoScaling.DeleteTags', params: {Tags: [{...tag, Key: 'CostCenter'}]}},
      {api: 'AutoScaling.CreateOrUpdateTags', params: {Tags: [{...tag, Key: 'CostCenter', Value: '1234', PropagateAtLaunch: false}]}},
    ])
  })

  it('GIVEN a launch template change WHEN judged for a heal THEN it is never healed, with the reason', () => {
    expect(autoScalingGroup.neverHealed['/LaunchTemplate']).toMatch(/replaces instances/)
    expect(autoScalingGroup.heal).toBeUndefined()
  })
})
