import type {Vpc} from '@aws-sdk/client-ec2'
import {describe, expect, it} from 'vitest'

import {ec2Vpc, vpcFromAws} from '../../../src/core/resources/ec2-vpc.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const VPC = fixture<{Vpcs: Vpc[]}>('ec2-describe-vpcs').Vpcs[0]
const DNS = fixture<{enableDnsSupport: {EnableDnsSupport: {Value: boolean}}; enableDnsHostnames: {EnableDnsHostnames: {Value: boolean}}}>('ec2-describe-vpc-attribute')

describe('AWS::EC2::VPC mapping', () => {
  it('GIVEN a DescribeVpcs VPC and its two DescribeVpcAttribute answers WHEN mapped THEN CloudFormation properties with both DNS settings, all tags, and GetAtt values', () => {
    const vpc = vpcFromAws(VPC, region, {EnableDnsSupport: DNS.enableDnsSupport.EnableDnsSupport.Value, EnableDnsHostnames: DNS.enableDnsHostnames.EnableDnsHostnames.Value})
    expect(vpc).toEqual({
      type: 'AWS::EC2::VPC',
      region,
      physicalId: 'vpc-0123456789abcdef0',
      arn: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0',
      properties: {CidrBlock: '10.0.0.0/16', InstanceTenancy: 'default', EnableDnsSupport: true, EnableDnsHostnames: true},
      tags: {Name: 'prod', 'aws:cloudformation:logical-id': 'Vpc', 'aws:cloudformation:stack-name': '00-foundation-01-vpc'},
      attributes: {VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.0.0/16', CidrBlockAssociations: ['vpc-cidr-assoc-0aa'], Ipv6CidrBlocks: []},
    })
    expectNoAbsentValues(vpc)
  })

  it('GIVEN DNS turned off by hand WHEN mapped THEN false is kept as false (a value, not an absence)', () => {
    const vpc = vpcFromAws(VPC, region, {EnableDnsSupport: false, EnableDnsHostnames: false})
    expect(vpc.properties).toMatchObject({EnableDnsSupport: false, EnableDnsHostnames: false})
  })

  it('GIVEN a VPC the run does not need in full (its attributes not read) WHEN mapped THEN the DNS settings are absent, never guessed', () => {
    const vpc = vpcFromAws(VPC, region)
    expect(vpc.properties).not.toHaveProperty('EnableDnsSupport')
    expect(vpc.properties).not.toHaveProperty('EnableDnsHostnames')
  })

  it('GIVEN the module WHEN asked about DNS THEN both settings are compared (not "not checked"), rated high for availability, and codify leaves out the defaults of a new VPC', () => {
    expect(ec2Vpc.notReturnedPaths).toEqual([])
    expect(ec2Vpc.ratings.filter((rating) => rating.path.startsWith('/EnableDns'))).toEqual([
      {path: '/EnableDnsSupport', severity: 'high', impact: ['availability']},
      {path: '/EnableDnsHostnames', severity: 'high', impact: ['availability']},
    ])
    expect([ec2Vpc.awsDefaults['/EnableDnsSupport'], ec2Vpc.awsDefaults['/EnableDnsHostnames']]).toEqual([true, false])
  })
})
