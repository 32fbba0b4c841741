import type {TaskDefinition} from '@aws-sdk/client-ecs'
import {describe, expect, it} from 'vitest'

import {taskDefinitionFromAws} from '../../../src/core/resources/ecs-task-definition.js'
import {fixture, region} from './mapping-helpers.js'

describe('AWS::ECS::TaskDefinition mapping', () => {
  it('GIVEN DescribeTaskDefinition with TAGS WHEN mapped THEN Cpu/Memory stay strings, containers are PascalCase and user maps keep their keys', () => {
    const answer = fixture<{taskDefinition: TaskDefinition; tags: {key: string; value: string}[]}>('ecs-describe-task-definition')
    const definition = taskDefinitionFromAws(answer.taskDefinition, answer.tags, region)
    expect(definition.physicalId).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web:7')
    expect(definition.properties).toMatchObject({
      Family: 'web',
      Cpu: '512',
      Memory: '1024',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      TaskRoleArn: 'arn:aws:iam::123456789012:role/web-task',
      RuntimePlatform: {CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX'},
    })
    const [container] = definition.properties.ContainerDefinitions as Record<string, unknown>[]
    expect(container).toMatchObject({
      Name: 'web',
      Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2',
      Cpu: 256,
      Memory: 512,
      Essential: true,
      PortMappings: [{ContainerPort: 80, HostPort: 80, Protocol: 'tcp'}],
      Environment: [{Name: 'LOG_LEVEL', Value: 'info'}],
      Secrets: [{Name: 'DB_PASSWORD', ValueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db'}],
      DockerLabels: {'com.example.team': 'web'},
      LogConfiguration: {LogDriver: 'awslogs', Options: {'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web'}},
    })
    expect(definition.properties).not.toHaveProperty('RequiresAttributes')
    expect(definition.tags).toEqual({team: 'web'})
  })
})
