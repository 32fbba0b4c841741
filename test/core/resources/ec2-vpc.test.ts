import type {Vpc} from '@aws-sdk/client-ec2'
import {describe, expect, it} from 'vitest'

import {vpcFromAws} from '../../../src/core/resources/ec2-vpc.js'
import {fixture, region} from './mapping-helpers.js'

describe('AWS::EC2::VPC mapping', () => {
  it('GIVEN a DescribeVpcs VPC WHEN mapped THEN CloudFormation properties, all tags, and GetAtt values; DNS attributes are not guessed', () => {
    const vpc = vpcFromAws(fixture<{Vpcs: Vpc[]}>('ec2-describe-vpcs').Vpcs[0], region)
    expect(vpc).toEqual({
      type: 'AWS::EC2::VPC',
      region,
      physicalId: 'vpc-0123456789abcdef0',
      arn: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0',
      properties: {CidrBlock: '10.0.0.0/16', InstanceTenancy: 'default'},
      tags: {Name: 'prod', 'aws:cloudformation:logical-id': 'Vpc', 'aws:cloudformation:stack-name': '00-foundation-01-vpc'},
      attributes: {VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.0.0/16', CidrBlockAssociations: ['vpc-cidr-assoc-0aa'], Ipv6CidrBlocks: []},
    })
    expect(vpc.properties).not.toHaveProperty('EnableDnsSupport')
  })
})
