import {describe, expect, it} from 'vitest'

import {editTemplate} from '../../../src/core/phases/edit-template.js'

const TEMPLATE = `# ECS for production. Owned by the platform team.
Parameters:
  ClusterName:
    Type: String
    Default: prod

Resources:
  # The shared cluster
  EcsClusterProd:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Ref ClusterName   # from the parameter
      Tags:
        - Key: Owner
          Value: 'platform'  # who pays
        - Key: Env
          Value: !Sub "\${ClusterName}-env"

  # The web service
  WebService:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref EcsClusterProd
      ServiceName: "web"
      DesiredCount: 2 # scaled by hand in emergencies
      HealthCheckGracePeriodSeconds: 60
      DeploymentConfiguration:
        MaximumPercent: 200
        MinimumHealthyPercent: 100
      LoadBalancers: [{ContainerName: web, ContainerPort: 80}]
`

/** The lines that differ, as `-old` / `+new`, in order: what a reviewer sees in the PR diff. */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n')
  const b = after.split('\n')
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }

  return [...a.slice(start, endA).map((line) => `-${line}`), ...b.slice(start, endB).map((line) => `+${line}`)]
}

describe('editTemplate', () => {
  it('GIVEN a plain number with a trailing comment WHEN set THEN only that line changes and the comment stays', () => {
    const {text, applied, rejected} = editTemplate(TEMPLATE, [{op: 'set', logicalId: 'WebService', path: '/DesiredCount', value: 4}])
    expect(rejected).toEqual([])
    expect(applied).toHaveLength(1)
    expect(changedLines(TEMPLATE, text)).toEqual(['-      DesiredCount: 2 # scaled by hand in emergencies', '+      DesiredCount: 4 # scaled by hand in emergencies'])
  })

  it('GIVEN quoted strings WHEN set THEN the quoting style is kept', () => {
    const double = editTemplate(TEMPLATE, [{op: 'set', logicalId: 'WebService', path: '/ServiceName', value: 'web-v2'}])
    expect(changedLines(TEMPLATE, double.text)).toEqual(['-      ServiceName: "web"', '+      ServiceName: "web-v2"'])
    const single = editTemplate(TEMPLATE, [{op: 'set', logicalId: 'EcsClusterProd', path: '/Tags/0/Value', value: "platform's"}])
    expect(changedLines(TEMPLATE, single.text)).toEqual(["-          Value: 'platform'  # who pays", "+          Value: 'platform''s'  # who pays"])
  })

  it('GIVEN an intrinsic value WHEN set THEN it is rejected as a manual edit and the text is unchanged', () => {
    const {text, applied, rejected} = editTemplate(TEMPLATE, [
      {op: 'set', logicalId: 'EcsClusterProd', path: '/ClusterName', value: 'prod-2'},
      {op: 'set', logicalId: 'EcsClusterProd', path: '/Tags/1/Value', value: 'staging'},
    ])
    expect(text).toBe(TEMPLATE)
    expect(applied).toEqual([])
    expect(rejected.map((r) => r.reason)).toEqual(['the template value is !Ref, not a literal; edit by hand', 'the template value is !Sub, not a literal; edit by hand'])
  })

  it('GIVEN a long-form intrinsic WHEN set THEN it is rejected too', () => {
    const template = 'Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      VpcId: {Ref: Vpc}\n      GroupDescription:\n        Fn::Sub: "${Env} web"\n'
    const {rejected} = editTemplate(template, [
      {op: 'set', logicalId: 'Sg', path: '/VpcId', value: 'vpc-1'},
      {op: 'set', logicalId: 'Sg', path: '/GroupDescription', value: 'x'},
    ])
    expect(rejected.map((r) => r.reason)).toEqual(['the template value is Ref, not a literal; edit by hand', 'the template value is Fn::Sub, not a literal; edit by hand'])
  })

  it('GIVEN a tag added in AWS WHEN appended THEN a Key/Value entry is added at the list indentation', () => {
    const {text, rejected} = editTemplate(TEMPLATE, [{op: 'add', logicalId: 'EcsClusterProd', path: '/Tags/-', value: {Key: 'CostCenter', Value: '42'}}])
    expect(rejected).toEqual([])
    expect(changedLines(TEMPLATE, text)).toEqual(["+        - Key: CostCenter", '+          Value: "42"'])
  })

  it('GIVEN a list element removed in AWS WHEN removed THEN its lines go and nothing else', () => {
    const template = TEMPLATE.replace("Value: !Sub \"${ClusterName}-env\"", 'Value: prod')
    const {text, rejected} = editTemplate(template, [{op: 'remove', logicalId: 'EcsClusterProd', path: '/Tags/1'}])
    expect(rejected).toEqual([])
    expect(changedLines(template, text)).toEqual(['-        - Key: Env', '-          Value: prod'])
  })

  it('GIVEN a nested map value WHEN set THEN only the nested line changes', () => {
    const {text} = editTemplate(TEMPLATE, [{op: 'set', logicalId: 'WebService', path: '/DeploymentConfiguration/MinimumHealthyPercent', value: 50}])
    expect(changedLines(TEMPLATE, text)).toEqual(['-        MinimumHealthyPercent: 100', '+        MinimumHealthyPercent: 50'])
  })

  it('GIVEN a flow list WHEN an element is changed THEN the flow style is kept', () => {
    const {text} = editTemplate(TEMPLATE, [{op: 'set', logicalId: 'WebService', path: '/LoadBalancers/0/ContainerPort', value: 8080}])
    expect(changedLines(TEMPLATE, text)).toEqual(['-      LoadBalancers: [{ContainerName: web, ContainerPort: 80}]', '+      LoadBalancers: [{ContainerName: web, ContainerPort: 8080}]'])
  })

  it('GIVEN a property the template does not set WHEN added THEN it is appended to Properties at its indentation', () => {
    const {text} = editTemplate(TEMPLATE, [{op: 'add', logicalId: 'WebService', path: '/EnableExecuteCommand', value: true}])
    expect(changedLines(TEMPLATE, text)).toEqual(['+      EnableExecuteCommand: true'])
  })

  it('GIVEN a resource without Tags WHEN a tag is added THEN a Tags list is created', () => {
    const {text, rejected} = editTemplate(TEMPLATE, [{op: 'add', logicalId: 'WebService', path: '/Tags/-', value: {Key: 'Owner', Value: 'web'}}])
    expect(rejected).toEqual([])
    expect(changedLines(TEMPLATE, text)).toEqual(['+      Tags:', '+        - Key: Owner', '+          Value: web'])
  })

  it('GIVEN a missing resource WHEN pruned THEN the resource and its comment go, the blank line and the rest stay', () => {
    const {text} = editTemplate(TEMPLATE, [{op: 'remove-resource', logicalId: 'WebService'}])
    expect(text).toBe(TEMPLATE.slice(0, TEMPLATE.indexOf('  # The web service')))
  })

  it('GIVEN the only resource WHEN pruned THEN Resources becomes an empty map', () => {
    const template = 'Resources:\n  # only one\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n'
    expect(editTemplate(template, [{op: 'remove-resource', logicalId: 'Vpc'}]).text).toBe('Resources: {}\n')
  })

  it('GIVEN a path not in the template WHEN set THEN it is rejected with the path', () => {
    const {rejected} = editTemplate(TEMPLATE, [{op: 'set', logicalId: 'WebService', path: '/Nope', value: 1}, {op: 'set', logicalId: 'Ghost', path: '/A', value: 1}])
    expect(rejected.map((r) => r.reason)).toEqual(['/Nope is not in the template', 'resource Ghost is not in this template'])
  })

  it('GIVEN two removals from one list WHEN applied together THEN both elements go (offsets of the original)', () => {
    const template = 'Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n        - IpProtocol: tcp # https\n          FromPort: 443\n          ToPort: 443\n        - IpProtocol: tcp\n          FromPort: 80\n          ToPort: 80\n'
    const {text} = editTemplate(template, [
      {op: 'remove', logicalId: 'Sg', path: '/SecurityGroupIngress/0'},
      {op: 'remove', logicalId: 'Sg', path: '/SecurityGroupIngress/2'},
    ])
    expect(text).toBe('Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n        - IpProtocol: tcp # https\n          FromPort: 443\n          ToPort: 443\n')
  })

  it('GIVEN a non-indented list style WHEN a rule is appended THEN the new element follows that style', () => {
    const template = 'Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n      - IpProtocol: tcp\n        FromPort: 443\n'
    const {text} = editTemplate(template, [{op: 'add', logicalId: 'Sg', path: '/SecurityGroupIngress/-', value: {CidrIp: '10.0.0.0/8', FromPort: 22, IpProtocol: 'tcp'}}])
    expect(text).toBe(`${template}      - IpProtocol: tcp\n        FromPort: 22\n        CidrIp: 10.0.0.0/8\n`)
  })

  it('GIVEN the only element of a list WHEN set to a whole new list THEN the block is rewritten at the same indentation', () => {
    const template = 'Resources:\n  Svc:\n    Type: AWS::ECS::Service\n    Properties:\n      Subnets:\n        - subnet-a\n      DesiredCount: 1\n'
    const {text} = editTemplate(template, [{op: 'set', logicalId: 'Svc', path: '/Subnets', value: ['subnet-a', 'subnet-b']}])
    expect(text).toBe('Resources:\n  Svc:\n    Type: AWS::ECS::Service\n    Properties:\n      Subnets:\n        - subnet-a\n        - subnet-b\n      DesiredCount: 1\n')
  })

  it('GIVEN a value AWS reports as a numeric string WHEN the template wrote a number THEN it stays unquoted', () => {
    const {text} = editTemplate(TEMPLATE, [{op: 'set', logicalId: 'WebService', path: '/HealthCheckGracePeriodSeconds', value: '120'}])
    expect(changedLines(TEMPLATE, text)).toEqual(['-      HealthCheckGracePeriodSeconds: 60', '+      HealthCheckGracePeriodSeconds: 120'])
  })
})
