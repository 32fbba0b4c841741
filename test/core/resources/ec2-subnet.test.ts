import type {Subnet} from '@aws-sdk/client-ec2'
import {describe, expect, it} from 'vitest'

import {subnetFromAws} from '../../../src/core/resources/ec2-subnet.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

describe('AWS::EC2::Subnet mapping', () => {
  it('GIVEN a DescribeSubnets subnet WHEN mapped THEN VpcId, CidrBlock, AvailabilityZone and MapPublicIpOnLaunch are CloudFormation-named', () => {
    const subnet = subnetFromAws(fixture<{Subnets: Subnet[]}>('ec2-describe-subnets').Subnets[0], region)
    expect(subnet.physicalId).toBe('subnet-0aaa1111bbbb2222c')
    expect(subnet.arn).toBe('arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0aaa1111bbbb2222c')
    expect(subnet.properties).toMatchObject({VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a', MapPublicIpOnLaunch: false})
    expect(subnet.properties.PrivateDnsNameOptionsOnLaunch).toEqual({HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false})
    expect(subnet.properties).not.toHaveProperty('Ipv6CidrBlock')
    expect(subnet.tags).toEqual({Name: 'private-a'})
    expectNoAbsentValues(subnet)
  })
})
