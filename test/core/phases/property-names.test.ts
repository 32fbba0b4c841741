import {describe, expect, it} from 'vitest'

import {parse, resourceTemplate} from './helpers.js'

const problemsOf = (type: string, properties: string) =>
  parse(resourceTemplate('Web', type, properties)).problems.map((problem) => `${problem.line}:${problem.column} ${problem.code} ${problem.message}`)

describe('parseTemplate: property names of supported types', () => {
  it('GIVEN a misspelled property WHEN parsed THEN it is an error at the key, with the closest name CloudFormation defines', () => {
    expect(problemsOf('AWS::EC2::Instance', 'ImageId: ami-1\nInstanceTyp: t3.micro')).toEqual([
      "6:7 unknown-property resource Web: unknown property 'InstanceTyp' of AWS::EC2::Instance (did you mean 'InstanceType'?)",
    ])
  })

  it('GIVEN valid properties ialctl does not compare, intrinsics and tags WHEN parsed THEN nothing is reported', () => {
    const properties = ['ImageId: !Ref Ami', 'InstanceType: t3.micro', 'UserData: !Base64 "echo hi"', 'BlockDeviceMappings:', '  - DeviceName: /dev/xvda', '    Ebs: {VolumeSize: 20}', 'Tags:', '  - {Key: Name, Value: web}', '  - !If [IsProd, {Key: Tier, Value: prod}, !Ref AWS::NoValue]']
    expect(problemsOf('AWS::EC2::Instance', properties.join('\n'))).toEqual([])
    expect(parse(resourceTemplate('Web', 'AWS::EC2::Instance', properties.join('\n'))).resources[0].resource.properties.UserData).toBeDefined()
  })

  it('GIVEN misspelled keys inside rules, tags and nested structures WHEN parsed THEN each is named with its path and position', () => {
    const properties = [
      'GroupDescription: web', // 5
      'SecurityGroupIngress:', // 6
      '  - IpProtocol: tcp', // 7
      '    FromPort: 22', // 8
      '    ToPort: 22', // 9
      '    CidrIP: 10.0.0.0/8', // 10
      'Tags: [{Key: Name, value: web}]', // 11
    ]
    expect(problemsOf('AWS::EC2::SecurityGroup', properties.join('\n'))).toEqual([
      "10:11 unknown-property resource Web: unknown key 'CidrIP' in /SecurityGroupIngress/0 of AWS::EC2::SecurityGroup (did you mean 'CidrIp'?)",
      "11:26 unknown-property resource Web: unknown key 'value' in /Tags/0 of AWS::EC2::SecurityGroup (did you mean 'Value'?)",
    ])
    expect(problemsOf('AWS::ECS::TaskDefinition', 'Family: api\nContainerDefinitions:\n  - Name: api\n    Image: nginx\n    PortMapings: [{ContainerPort: 80}]')).toEqual([
      "9:11 unknown-property resource Web: unknown key 'PortMapings' in /ContainerDefinitions/0 of AWS::ECS::TaskDefinition (did you mean 'PortMappings'?)",
    ])
  })

  it('GIVEN a name nothing defined resembles WHEN parsed THEN it is an error without a guess', () => {
    expect(problemsOf('AWS::ECS::Cluster', 'ClusterName: prod\nFrobnicate: 1')).toEqual([
      "6:7 unknown-property resource Web: unknown property 'Frobnicate' of AWS::ECS::Cluster (not in CloudFormation's schema of the type)",
    ])
  })

  it('GIVEN a type ialctl does not read WHEN parsed THEN its properties are not checked (it is never compared either)', () => {
    expect(problemsOf('Custom::Thing', 'Anything: 1')).toEqual([])
    expect(problemsOf('AWS::Athena::WorkGroup', 'Nme: x')).toEqual([])
  })

  it('GIVEN a key that is a property name of every plain object WHEN parsed THEN it is unknown, not mistaken for a defined one', () => {
    expect(problemsOf('AWS::EC2::VPC', 'CidrBlock: 10.0.0.0/16\nconstructor: 1\ntoString: 2').map((problem) => problem.split(' (')[0])).toEqual([
      "6:7 unknown-property resource Web: unknown property 'constructor' of AWS::EC2::VPC",
      "7:7 unknown-property resource Web: unknown property 'toString' of AWS::EC2::VPC",
    ])
  })
})
