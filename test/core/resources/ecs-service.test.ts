import type {Service} from '@aws-sdk/client-ecs'
import {describe, expect, it} from 'vitest'

import {ecsService, serviceFromAws} from '../../../src/core/resources/ecs-service.js'
import {callsOf, change, refusal, resource} from './heal-helpers.js'
import {fixture, region} from './mapping-helpers.js'

describe('AWS::ECS::Service mapping', () => {
  it('GIVEN DescribeServices with TAGS WHEN mapped THEN the physical id is the ARN and Cluster is the cluster ARN', () => {
    const service = serviceFromAws(fixture<{services: Service[]}>('ecs-describe-services').services[0], region)
    expect(service.physicalId).toBe('arn:aws:ecs:us-east-1:123456789012:service/prod/web')
    expect(service.properties).toMatchObject({
      Cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
      ServiceName: 'web',
      DesiredCount: 3,
      LaunchType: 'FARGATE',
      TaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
      NetworkConfiguration: {AwsvpcConfiguration: {Subnets: ['subnet-0aaa1111bbbb2222c'], SecurityGroups: ['sg-0aaaaaaaaaaaaaaaa'], AssignPublicIp: 'DISABLED'}},
      PropagateTags: 'SERVICE',
      EnableECSManagedTags: true,
      HealthCheckGracePeriodSeconds: 60,
      LoadBalancers: [{TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef', ContainerName: 'web', ContainerPort: 80}],
      DeploymentConfiguration: {MaximumPercent: 200, MinimumHealthyPercent: 100, DeploymentCircuitBreaker: {Enable: true, Rollback: true}},
      PlacementStrategies: [],
    })
    expect(service.properties).not.toHaveProperty('Events')
    expect(service.tags).toEqual({team: 'web'})
    expect(service.attributes).toMatchObject({Name: 'web', ServiceArn: service.physicalId})
  })
})

describe('AWS::ECS::Service heal', () => {
  const arn = 'arn:aws:ecs:us-east-1:123456789012:service/prod/web'
  const cluster = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'
  const service = (properties: Record<string, unknown>) => resource(ecsService.type, arn, {Cluster: cluster, ServiceName: 'web', ...properties}, {arn})

  it('GIVEN a task count that drifted WHEN built THEN UpdateService sets the declared count and the rollback the count AWS had', () => {
    expect(callsOf(ecsService.heal!.build(service({DesiredCount: 5}), [change('/DesiredCount', 5, 2)]))).toEqual([
      {api: 'ECS.UpdateService', params: {cluster, service: arn, desiredCount: 2}},
      {api: 'ECS.UpdateService', params: {cluster, service: arn, desiredCount: 5}},
    ])
  })

  it('GIVEN a count that is not a whole number, or no cluster WHEN built THEN it is refused with the reason', () => {
    expect(refusal(ecsService.heal!.build(service({DesiredCount: 5}), [change('/DesiredCount', 5, 'many')]))).toBe('/DesiredCount 5 → many is not a task count')
    expect(refusal(ecsService.heal!.build(service({DesiredCount: 5, Cluster: undefined}), [change('/DesiredCount', 5, 2)]))).toBe('the service cluster is unknown')
  })

  it('GIVEN a tag change WHEN its calls are built THEN ECS tags the service by its full ARN', () => {
    expect(ecsService.tags.set(arn, {Owner: 'a'})).toEqual({api: 'ECS.TagResource', params: {resourceArn: arn, tags: [{key: 'Owner', value: 'a'}]}})
    expect(ecsService.tags.remove(arn, {Stray: 'x'})).toEqual({api: 'ECS.UntagResource', params: {resourceArn: arn, tagKeys: ['Stray']}})
    expect(ecsService.tags.target(service({}))).toBe(arn)
  })
})
