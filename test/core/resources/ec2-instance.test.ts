import type {Instance} from '@aws-sdk/client-ec2'
import {describe, expect, it} from 'vitest'

import {ec2Instance, instanceFromAws} from '../../../src/core/resources/ec2-instance.js'
import {callsOf, change, refusal, resource} from './heal-helpers.js'
import {fixture, region} from './mapping-helpers.js'

describe('AWS::EC2::Instance mapping', () => {
  it('GIVEN a DescribeInstances instance WHEN mapped THEN Monitoring is a boolean, the profile an ARN, groups are ids, and empty strings are absent', () => {
    const page = fixture<{Reservations: {OwnerId: string; Instances: Instance[]}[]}>('ec2-describe-instances')
    const instance = instanceFromAws(page.Reservations[0].Instances[0], region, page.Reservations[0].OwnerId)
    expect(instance.physicalId).toBe('i-0123456789abcdef0')
    expect(instance.arn).toBe('arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0')
    expect(instance.properties).toEqual({
      ImageId: 'ami-0abcdef1234567890',
      InstanceType: 't3.micro',
      SubnetId: 'subnet-0aaa1111bbbb2222c',
      SecurityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'],
      KeyName: 'ops',
      Monitoring: false,
      IamInstanceProfile: 'arn:aws:iam::123456789012:instance-profile/web',
      EbsOptimized: true,
      AvailabilityZone: 'us-east-1a',
      Tenancy: 'default',
      PrivateIpAddress: '10.0.1.10',
      SourceDestCheck: true,
      CpuOptions: {CoreCount: 1, ThreadsPerCore: 2},
      HibernationOptions: {Configured: false},
      EnclaveOptions: {Enabled: false},
    })
    expect(instance.attributes).toMatchObject({PrivateIp: '10.0.1.10', VpcId: 'vpc-0123456789abcdef0', State: 'running'})
    expect(instance.attributes).not.toHaveProperty('PublicDnsName')
  })

  it('GIVEN detailed monitoring being enabled WHEN mapped THEN Monitoring is already true', () => {
    const instance = instanceFromAws({InstanceId: 'i-1', Monitoring: {State: 'pending'}}, region)
    expect(instance.properties.Monitoring).toBe(true)
  })
})

describe('AWS::EC2::Instance heal', () => {
  const bastion = (monitoring: unknown) => resource(ec2Instance.type, 'i-0123', {InstanceType: 't3.micro', Monitoring: monitoring}, {tags: {Name: 'bastion'}})

  it('GIVEN detailed monitoring off where the template turns it on WHEN built THEN MonitorInstances heals and UnmonitorInstances rolls back', () => {
    expect(callsOf(ec2Instance.heal!.build(bastion(false), [change('/Monitoring', false, true)]))).toEqual([
      {api: 'EC2.MonitorInstances', params: {InstanceIds: ['i-0123']}},
      {api: 'EC2.UnmonitorInstances', params: {InstanceIds: ['i-0123']}},
    ])
  })

  it('GIVEN a value that is not true or false WHEN built THEN it is refused', () => {
    expect(refusal(ec2Instance.heal!.build(bastion(false), [change('/Monitoring', false, 'sometimes')]))).toBe('/Monitoring false → sometimes is not true or false')
  })

  it('GIVEN tag changes WHEN their calls are built THEN EC2 addresses the instance id and DeleteTags names every key with its value', () => {
    expect(ec2Instance.tags.set('i-0123', {Owner: 'a'})).toEqual({api: 'EC2.CreateTags', params: {Resources: ['i-0123'], Tags: [{Key: 'Owner', Value: 'a'}]}})
    expect(ec2Instance.tags.remove('i-0123', {Stray: 'x'})).toEqual({api: 'EC2.DeleteTags', params: {Resources: ['i-0123'], Tags: [{Key: 'Stray', Value: 'x'}]}})
    expect(ec2Instance.tags.target(bastion(true))).toBe('i-0123')
  })

  it('GIVEN an instance type change WHEN it is asked why it is not healed THEN the module says a class change restarts it', () => {
    expect(ec2Instance.neverHealed['/InstanceType']).toBe('a class change restarts the resource')
  })
})
