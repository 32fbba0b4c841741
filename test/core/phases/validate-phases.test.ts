import {describe, expect, it} from 'vitest'

import {formatProblem, validateAcrossTemplates} from '../../../src/core/phases/index.js'
import {parse} from './helpers.js'

const validate = (files: Record<string, string>) => validateAcrossTemplates(Object.entries(files).map(([file, text]) => parse(text, file))).map(formatProblem)

describe('validateAcrossTemplates', () => {
  it('GIVEN the same logical id in two phases WHEN validated THEN the second is reported with where the first is', () => {
    expect(
      validate({
        'phases/00-foundation/01-vpc.yaml': 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n',
        'phases/20-network/01-vpc.yaml': '# copy\nResources:\n  Other:\n    Type: AWS::EC2::VPC\n  Vpc:\n    Type: AWS::EC2::VPC\n',
      }),
    ).toEqual(["phases/20-network/01-vpc.yaml:5:3: duplicate logical id 'Vpc' (first defined at phases/00-foundation/01-vpc.yaml:2); logical ids must be unique across all phases"])
  })

  it('GIVEN references to nothing WHEN validated THEN each Ref, GetAtt, Sub variable and DependsOn is reported where it is written', () => {
    const text = [
      'Resources:', // 1
      '  Service:', // 2
      '    Type: AWS::ECS::Service', // 3
      '    DependsOn: [Listener]', // 4
      '    Properties:', // 5
      '      Cluster: !Ref Clustr', // 6
      '      Role: !GetAtt ServiceRole.Arn', // 7
      "      ServiceName: !Sub '${Prefix}-api'", // 8
      "      Queue: {'Fn::Sub': '${Queue.Arn}'}", // 9
    ].join('\n')
    expect(validate({'phases/30-compute/01-service.yaml': text})).toEqual([
      "phases/30-compute/01-service.yaml:4:17: DependsOn Listener: no resource named 'Listener' in any phase",
      "phases/30-compute/01-service.yaml:6:16: !Ref Clustr: no resource or parameter named 'Clustr' in any phase",
      "phases/30-compute/01-service.yaml:7:13: !GetAtt ServiceRole.Arn: no resource named 'ServiceRole' in any phase",
      "phases/30-compute/01-service.yaml:8:20: !Sub ${Prefix}: no resource or parameter named 'Prefix' in any phase",
      "phases/30-compute/01-service.yaml:9:14: !Sub ${Queue.Arn}: no resource named 'Queue' in any phase",
    ])
  })

  it('GIVEN references to resources of other phases, parameters, pseudo parameters and Sub variables WHEN validated THEN nothing is reported', () => {
    expect(
      validate({
        'phases/00-foundation/01-vpc.yaml': 'Parameters:\n  VpcCidr: {Type: String}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Ref VpcCidr}\n',
        'phases/20-network/01-subnet.yaml': [
          'Resources:',
          '  Subnet:',
          '    Type: AWS::EC2::Subnet',
          '    DependsOn: Vpc',
          '    Properties:',
          '      VpcId: !Ref Vpc',
          "      AvailabilityZone: !Sub '${AWS::Region}a'",
          "      CidrBlock: !Sub ['${Base}.0/24', {Base: '10.0.1'}]",
          "      Tags: [{Key: Vpc, Value: !Sub '${Vpc.CidrBlock} ${!Literal} ${VpcCidr}'}]",
          'Outputs:',
          '  SubnetId: {Value: !Ref Subnet}',
        ].join('\n'),
      }),
    ).toEqual([])
  })

  it('GIVEN a reference from Outputs to nothing WHEN validated THEN it is reported', () => {
    expect(validate({'phases/00-foundation/01-vpc.yaml': 'Resources: {}\nOutputs:\n  VpcId:\n    Value: !Ref Vpc\n'})).toEqual([
      "phases/00-foundation/01-vpc.yaml:4:12: !Ref Vpc: no resource or parameter named 'Vpc' in any phase",
    ])
  })

  it('GIVEN a GetAtt on a parameter WHEN validated THEN it is dangling, because parameters have no attributes', () => {
    expect(validate({'phases/00-a/01.yaml': 'Parameters:\n  Env: {Type: String}\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !GetAtt Env.Value}\n'})).toEqual([
      "phases/00-a/01.yaml:6:30: !GetAtt Env.Value: no resource named 'Env' in any phase",
    ])
  })

  it('GIVEN resources that depend on each other across phases WHEN validated THEN the cycle is named once, at the first edge', () => {
    expect(
      validate({
        'phases/10-a/01.yaml': 'Resources:\n  Alpha:\n    Type: AWS::S3::Bucket\n    Properties:\n      Peer: !GetAtt Beta.Arn\n',
        'phases/20-b/01.yaml': 'Resources:\n  Beta:\n    Type: AWS::S3::Bucket\n    DependsOn: Gamma\n  Gamma:\n    Type: AWS::S3::Bucket\n    Properties:\n      Peer: !Sub "${Alpha}"\n',
      }),
    ).toEqual(['phases/10-a/01.yaml:5:13: dependency cycle: Alpha -> Beta -> Gamma -> Alpha'])
  })

  it('GIVEN a resource that refers to itself WHEN validated THEN it is a cycle of one', () => {
    expect(validate({'phases/10-a/01.yaml': 'Resources:\n  Alpha:\n    Type: AWS::S3::Bucket\n    Properties: {Name: !Ref Alpha}\n'})).toEqual([
      'phases/10-a/01.yaml:4:24: dependency cycle: Alpha -> Alpha',
    ])
  })

  it('GIVEN two separate cycles and an acyclic chain WHEN validated THEN each cycle is reported once and the chain is not', () => {
    const text = ['Resources:', '  A: {Type: T::T::T, DependsOn: B}', '  B: {Type: T::T::T, DependsOn: A}', '  C: {Type: T::T::T, DependsOn: [D, A]}', '  D: {Type: T::T::T, DependsOn: C}', '  E: {Type: T::T::T, DependsOn: A}'].join('\n')
    expect(validate({'phases/10-a/01.yaml': text})).toEqual(['phases/10-a/01.yaml:2:33: dependency cycle: A -> B -> A', 'phases/10-a/01.yaml:4:34: dependency cycle: C -> D -> C'])
  })

  it('GIVEN a resource without Type WHEN others refer to it THEN only the missing Type is reported', () => {
    const text = 'Resources:\n  Vpc:\n    Properties: {CidrBlock: 10.0.0.0/16}\n  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc}\n'
    const template = parse(text, 'phases/00-a/01.yaml')
    expect([...template.problems, ...validateAcrossTemplates([template])].map(formatProblem)).toEqual(['phases/00-a/01.yaml:2:3: resource Vpc has no Type'])
  })

  it('GIVEN a file with a syntax error that declares a resource WHEN others refer to it THEN no dangling reference piles onto the syntax error', () => {
    expect(
      validate({
        'phases/00-a/01.yaml': 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16\n',
        'phases/10-b/01.yaml': 'Resources:\n  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc}\n',
      }),
    ).toEqual([])
  })
})
