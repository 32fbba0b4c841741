import type {Cluster} from '@aws-sdk/client-ecs'
import {describe, expect, it} from 'vitest'

import {clusterFromAws} from '../../../src/core/resources/ecs-cluster.js'
import {fixture, region} from './mapping-helpers.js'

describe('AWS::ECS::Cluster mapping', () => {
  it('GIVEN DescribeClusters with TAGS, SETTINGS and CONFIGURATIONS WHEN mapped THEN the physical id is the name and keys are PascalCase', () => {
    const cluster = clusterFromAws(fixture<{clusters: Cluster[]}>('ecs-describe-clusters').clusters[0], region)
    expect(cluster).toEqual({
      type: 'AWS::ECS::Cluster',
      region,
      physicalId: 'prod',
      arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
      properties: {
        ClusterName: 'prod',
        ClusterSettings: [{Name: 'containerInsights', Value: 'enabled'}],
        CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        DefaultCapacityProviderStrategy: [{CapacityProvider: 'FARGATE', Weight: 1, Base: 1}],
        Configuration: {
          ExecuteCommandConfiguration: {Logging: 'OVERRIDE', LogConfiguration: {CloudWatchLogGroupName: '/ecs/exec', CloudWatchEncryptionEnabled: true}},
        },
      },
      tags: {team: 'platform'},
      attributes: {Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'},
    })
  })
})
