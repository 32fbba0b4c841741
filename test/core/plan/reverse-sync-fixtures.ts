// Hand-built drift for the reverse-sync tests: a template with comments and intrinsics, the DesiredResources the
// phase loader would make of it, and the DriftAnalysis the diff would produce.

import {type ActualResource, type DesiredResource, type DriftAnalysis, type DriftItem, Intrinsic} from '../../../src/core/model.js'

export const SERVICE_FILE = 'phases/30-compute/03-web-service.yaml'

export const SERVICE_TEMPLATE = `# Web tier. Changes go through review.
Resources:
  # Public web service
  WebService:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref EcsClusterProd
      ServiceName: web
      DesiredCount: 2 # raise for launches
      TaskDefinition: web:12
      Tags:
        - Key: Owner
          Value: "platform"
        - Key: Env
          Value: !Ref Environment
        - Key: Legacy
          Value: yes-please
`

export function webService(): DesiredResource {
  return {
    logicalId: 'WebService',
    type: 'AWS::ECS::Service',
    phase: '30-compute',
    file: SERVICE_FILE,
    stackName: '30-compute-03-web-service',
    location: {file: SERVICE_FILE, line: 4, column: 3},
    properties: {
      Cluster: new Intrinsic('Ref', 'EcsClusterProd'),
      ServiceName: 'web',
      DesiredCount: 2,
      TaskDefinition: 'web:12',
      Tags: [
        {Key: 'Owner', Value: 'platform'},
        {Key: 'Env', Value: new Intrinsic('Ref', 'Environment')},
        {Key: 'Legacy', Value: 'yes-please'},
      ],
    },
    lines: {'': 6, '/Cluster': 7, '/ServiceName': 8, '/DesiredCount': 9, '/TaskDefinition': 10, '/Tags': 11, '/Tags/0/Value': 13, '/Tags/1/Value': 15, '/Tags/2/Value': 17},
    dependsOn: [],
  }
}

export function webServiceDrift(overrides: Partial<DriftItem> = {}): DriftItem {
  return {
    id: 'WebService',
    type: 'AWS::ECS::Service',
    driftType: 'configuration_drift',
    severity: 'medium',
    impact: ['availability'],
    autoHealable: false,
    physicalId: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
    region: 'us-east-1',
    location: {file: SERVICE_FILE, line: 4},
    differences: [
      {path: '/DesiredCount', expected: 2, actual: 6, kind: 'NOT_EQUAL', line: 9},
      {path: '/TaskDefinition', expected: 'web:12', actual: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:13', kind: 'NOT_EQUAL', line: 10},
      {path: '/Tags/Owner', expected: 'platform', actual: 'web-team', kind: 'NOT_EQUAL', line: 13},
      {path: '/Tags/Env', expected: 'production', actual: 'prod', kind: 'NOT_EQUAL', line: 15},
      {path: '/Tags/Legacy', expected: 'yes-please', actual: null, kind: 'REMOVE', line: 17},
      {path: '/Tags/CostCenter', expected: null, actual: '42', kind: 'ADD', line: 11},
    ],
    ...overrides,
  }
}

export const stagingCluster: ActualResource = {
  type: 'AWS::ECS::Cluster',
  region: 'us-east-1',
  physicalId: 'staging',
  arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/staging',
  properties: {ClusterName: 'staging', ClusterSettings: [{Name: 'containerInsights', Value: 'disabled'}], CapacityProviders: ['FARGATE']},
  tags: {ManagedBy: 'ialctl', 'aws:cloudformation:stack-name': 'old'},
  attributes: {Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/staging'},
}

export function analysisOf(items: DriftItem[], desired: DesiredResource[] = [webService()], actual: Record<string, ActualResource> = {}): DriftAnalysis {
  return {
    items,
    matches: new Map(),
    desired: new Map(desired.map((resource) => [resource.logicalId, resource])),
    actual: new Map(Object.entries(actual)),
    inSync: [],
    unsupported: [],
    notChecked: [],
    ignored: [],
    expected: [],
    heals: new Map(),
  }
}
