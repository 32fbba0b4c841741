import type {SecurityGroup} from '@aws-sdk/client-ec2'
import {describe, expect, it} from 'vitest'

import {securityGroupFromAws} from '../../../src/core/resources/ec2-security-group.js'
import {fixture, region} from './mapping-helpers.js'

describe('AWS::EC2::SecurityGroup mapping', () => {
  it('GIVEN grouped AWS rules WHEN a security group is mapped THEN there is one CloudFormation rule per CIDR, group and prefix list', () => {
    const group = securityGroupFromAws(fixture<{SecurityGroups: SecurityGroup[]}>('ec2-describe-security-groups').SecurityGroups[0], region)
    expect(group.physicalId).toBe('sg-0aaaaaaaaaaaaaaaa')
    expect(group.properties.GroupName).toBe('web')
    expect(group.properties.GroupDescription).toBe('web tier')
    expect(group.properties.VpcId).toBe('vpc-0123456789abcdef0')
    expect(group.properties.SecurityGroupIngress).toEqual([
      {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8', Description: 'internal'},
      {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '192.168.0.0/16'},
      {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '::/0'},
      {IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: 'sg-0bbbbbbbbbbbbbbbb', Description: 'app'},
      {IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: 'sg-0ccccccccccccccccc', SourceSecurityGroupOwnerId: '999999999999'},
      {IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourcePrefixListId: 'pl-0abc', Description: 'vpn'},
    ])
    expect(group.properties.SecurityGroupEgress).toEqual([{IpProtocol: '-1', CidrIp: '0.0.0.0/0'}])
    expect(group.attributes).toEqual({GroupId: 'sg-0aaaaaaaaaaaaaaaa', VpcId: 'vpc-0123456789abcdef0'})
  })
})
