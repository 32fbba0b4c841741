// The revert executors of the load balancer, target group, auto scaling group, subnet and VPC (drift revert, issue
// 18), against aws-sdk-client-mock with AWS's documented response shapes: each planned call goes out exactly as
// planned; a forged call (a heal, a protection turned off, a smuggled parameter) is refused and nothing is sent.
import {AutoScalingClient, UpdateAutoScalingGroupCommand} from '@aws-sdk/client-auto-scaling'
import {EC2Client, ModifySubnetAttributeCommand} from '@aws-sdk/client-ec2'
import {
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {mockedHealClients} from '../../../helpers/mocked-heal-clients.js'
import {executeHealCall, type HealClients} from '../../../../src/adapters/aws/heal/index.js'

const REGION = 'us-east-1'
const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-web-prod/50dc6c495c0c9188'
const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-api-prod/73e2d6bc24d8a067'

const elbv2 = mockClient(ElasticLoadBalancingV2Client)
const autoscaling = mockClient(AutoScalingClient)
const ec2 = mockClient(EC2Client)
let clients: HealClients

beforeEach(() => {
  for (const mock of [elbv2, autoscaling, ec2]) mock.reset()
  clients = mockedHealClients(REGION)
})

const sent = () => [elbv2, autoscaling, ec2].reduce((count, mock) => count + mock.calls().length, 0)

describe('load balancer and target group revert executors', () => {
  it('GIVEN the security groups, subnets and attributes a load balancer revert plans WHEN executed THEN each goes to ELBv2 exactly as planned', async () => {
    elbv2.on(SetSecurityGroupsCommand).resolves({SecurityGroupIds: ['sg-0e1b']})
    elbv2.on(SetSubnetsCommand).resolves({AvailabilityZones: [{ZoneName: 'us-east-1a', SubnetId: 'subnet-0a', LoadBalancerAddresses: []}, {ZoneName: 'us-east-1b', SubnetId: 'subnet-0b', LoadBalancerAddresses: []}], IpAddressType: 'ipv4'})
    elbv2.on(ModifyLoadBalancerAttributesCommand).resolves({Attributes: [{Key: 'deletion_protection.enabled', Value: 'true'}, {Key: 'idle_timeout.timeout_seconds', Value: '120'}, {Key: 'access_logs.s3.enabled', Value: 'false'}]})
    const planned = [
      {api: 'ELBv2.SetSecurityGroups', params: {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0e1b']}},
      {api: 'ELBv2.SetSubnets', params: {LoadBalancerArn: LB_ARN, Subnets: ['subnet-0a', 'subnet-0b']}},
      {api: 'ELBv2.ModifyLoadBalancerAttributes', params: {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}, {Key: 'access_logs.s3.enabled', Value: 'false'}]}},
    ]
    for (const call of planned) await executeHealCall(clients, call, REGION, 'revert')

    expect(elbv2.commandCalls(SetSecurityGroupsCommand).map((call) => call.args[0].input)).toEqual([planned[0].params])
    expect(elbv2.commandCalls(SetSubnetsCommand).map((call) => call.args[0].input)).toEqual([planned[1].params])
    expect(elbv2.commandCalls(ModifyLoadBalancerAttributesCommand).map((call) => call.args[0].input)).toEqual([planned[2].params])
  })

  it('GIVEN a target group attribute revert WHEN executed THEN ModifyTargetGroupAttributes carries the declared keys only', async () => {
    elbv2.on(ModifyTargetGroupAttributesCommand).resolves({Attributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '30'}, {Key: 'stickiness.enabled', Value: 'false'}, {Key: 'stickiness.type', Value: 'lb_cookie'}]})
    const params = {TargetGroupArn: TG_ARN, Attributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '30'}]}
    await executeHealCall(clients, {api: 'ELBv2.ModifyTargetGroupAttributes', params}, REGION, 'revert')
    expect(elbv2.commandCalls(ModifyTargetGroupAttributesCommand).map((call) => call.args[0].input)).toEqual([params])
  })

  it('GIVEN revert-only ELBv2 calls WHEN executed as a heal THEN they are refused: a heal turns deletion protection on and nothing else', async () => {
    await expect(executeHealCall(clients, {api: 'ELBv2.SetSecurityGroups', params: {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0e1b']}}, REGION)).rejects.toThrow('not a call a heal makes')
    await expect(executeHealCall(clients, {api: 'ELBv2.ModifyTargetGroupAttributes', params: {TargetGroupArn: TG_ARN, Attributes: [{Key: 'stickiness.enabled', Value: 'false'}]}}, REGION)).rejects.toThrow('not a call a heal makes')
    await expect(executeHealCall(clients, {api: 'ELBv2.ModifyLoadBalancerAttributes', params: {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}]}}, REGION)).rejects.toThrow(
      'Attributes may only turn deletion_protection.enabled on',
    )
    expect(sent()).toBe(0)
  })

  it.each([
    ['deletion protection turned off', 'ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'deletion_protection.enabled', Value: 'false'}]}],
    ['deletion protection turned off (upper case) beside a timeout', 'ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}, {Key: 'deletion_protection.enabled', Value: 'FALSE'}]}],
    ['no attribute at all', 'ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: []}],
    ['one key twice', 'ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '1'}, {Key: 'idle_timeout.timeout_seconds', Value: '4000'}]}],
    ['a key that is not an attribute name', 'ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: LB_ARN, Attributes: [{Key: 'idle timeout; rm -rf /', Value: '1'}]}],
    ['a target group ARN on the load balancer call', 'ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: TG_ARN, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}]}],
    ['an empty security group list (a load balancer nothing reaches)', 'ELBv2.SetSecurityGroups', {LoadBalancerArn: LB_ARN, SecurityGroups: []}],
    ['a security group name instead of an id', 'ELBv2.SetSecurityGroups', {LoadBalancerArn: LB_ARN, SecurityGroups: ['default']}],
    ['the PrivateLink inbound rules switched off beside the groups', 'ELBv2.SetSecurityGroups', {LoadBalancerArn: LB_ARN, SecurityGroups: ['sg-0e1b'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off'}],
    ['subnet mappings with an Elastic IP smuggled in', 'ELBv2.SetSubnets', {LoadBalancerArn: LB_ARN, Subnets: ['subnet-0a'], SubnetMappings: [{SubnetId: 'subnet-0a', AllocationId: 'eipalloc-1'}]}],
    ['the IP address type changed beside the subnets', 'ELBv2.SetSubnets', {LoadBalancerArn: LB_ARN, Subnets: ['subnet-0a', 'subnet-0b'], IpAddressType: 'dualstack'}],
    ['a load balancer ARN on the target group call', 'ELBv2.ModifyTargetGroupAttributes', {TargetGroupArn: LB_ARN, Attributes: [{Key: 'stickiness.enabled', Value: 'false'}]}],
    ['a value that is not a string', 'ELBv2.ModifyTargetGroupAttributes', {TargetGroupArn: TG_ARN, Attributes: [{Key: 'stickiness.enabled', Value: false}]}],
  ])('GIVEN a forged revert call with %s WHEN executed THEN it is refused and no AWS call is sent', async (_name, api, params) => {
    await expect(executeHealCall(clients, {api, params}, REGION, 'revert')).rejects.toThrow(`refusing ${api}: `)
    expect(sent()).toBe(0)
  })
})

describe('auto scaling group revert executor', () => {
  const GROUP = 'ial-prod-ecs-capacity'

  it('GIVEN the sizes, launch template version and subnets a group revert plans WHEN executed THEN one UpdateAutoScalingGroup goes out exactly as planned', async () => {
    // UpdateAutoScalingGroup answers an empty body (AWS Auto Scaling API reference).
    autoscaling.on(UpdateAutoScalingGroupCommand).resolves({})
    const params = {AutoScalingGroupName: GROUP, MinSize: 1, MaxSize: 4, LaunchTemplate: {LaunchTemplateId: 'lt-0a1b2c3d4e5f67890', Version: '3'}, VPCZoneIdentifier: 'subnet-0a,subnet-0b'}
    await executeHealCall(clients, {api: 'AutoScaling.UpdateAutoScalingGroup', params}, REGION, 'revert')
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand).map((call) => call.args[0].input)).toEqual([params])
    await expect(executeHealCall(clients, {api: 'AutoScaling.UpdateAutoScalingGroup', params}, REGION)).rejects.toThrow('not a call a heal makes')
    expect(sent()).toBe(1)
  })

  it.each([
    ['the group scaled to 0 through DesiredCapacity', {AutoScalingGroupName: GROUP, MaxSize: 4, DesiredCapacity: 0}],
    ['nothing to change', {AutoScalingGroupName: GROUP}],
    ['MinSize above MaxSize', {AutoScalingGroupName: GROUP, MinSize: 5, MaxSize: 4}],
    ['a negative size', {AutoScalingGroupName: GROUP, MaxSize: -1}],
    ['another launch template by name', {AutoScalingGroupName: GROUP, LaunchTemplate: {LaunchTemplateName: 'debug', Version: '1'}}],
    ['a launch template version that is a shell string', {AutoScalingGroupName: GROUP, LaunchTemplate: {LaunchTemplateId: 'lt-0a1b2c3d4e5f67890', Version: '$(reboot)'}}],
    ['subnets that are not subnet ids', {AutoScalingGroupName: GROUP, VPCZoneIdentifier: 'subnet-0a, vpc-0b'}],
    ['the service-linked role swapped beside the sizes', {AutoScalingGroupName: GROUP, MinSize: 1, ServiceLinkedRoleARN: 'arn:aws:iam::123456789012:role/admin'}],
  ])('GIVEN a forged revert call with %s WHEN executed THEN it is refused and no AWS call is sent', async (_name, params) => {
    await expect(executeHealCall(clients, {api: 'AutoScaling.UpdateAutoScalingGroup', params}, REGION, 'revert')).rejects.toThrow('refusing AutoScaling.UpdateAutoScalingGroup: ')
    expect(sent()).toBe(0)
  })
})

describe('subnet revert executor', () => {
  it('GIVEN a public IP on launch turned off again WHEN executed THEN ModifySubnetAttribute carries that one attribute', async () => {
    // ModifySubnetAttribute answers only its request id (Amazon EC2 API reference).
    ec2.on(ModifySubnetAttributeCommand).resolves({})
    const params = {SubnetId: 'subnet-0a1b2c3d', MapPublicIpOnLaunch: {Value: false}}
    await executeHealCall(clients, {api: 'EC2.ModifySubnetAttribute', params}, REGION, 'revert')
    expect(ec2.commandCalls(ModifySubnetAttributeCommand).map((call) => call.args[0].input)).toEqual([params])
  })

  it.each([
    ['two attributes in one call (the API takes one)', {SubnetId: 'subnet-0a1b2c3d', MapPublicIpOnLaunch: {Value: false}, AssignIpv6AddressOnCreation: {Value: true}}],
    ['a customer-owned IP pool smuggled in', {SubnetId: 'subnet-0a1b2c3d', MapPublicIpOnLaunch: {Value: false}, CustomerOwnedIpv4Pool: 'ipv4pool-coip-1'}],
    ['a value that is a string', {SubnetId: 'subnet-0a1b2c3d', MapPublicIpOnLaunch: {Value: 'true'}}],
    ['a VPC id instead of a subnet id', {SubnetId: 'vpc-0a1b2c3d', MapPublicIpOnLaunch: {Value: false}}],
  ])('GIVEN a forged revert call with %s WHEN executed THEN it is refused and no AWS call is sent', async (_name, params) => {
    await expect(executeHealCall(clients, {api: 'EC2.ModifySubnetAttribute', params}, REGION, 'revert')).rejects.toThrow('refusing EC2.ModifySubnetAttribute: ')
    await expect(executeHealCall(clients, {api: 'EC2.ModifySubnetAttribute', params: {SubnetId: 'subnet-0a1b2c3d', MapPublicIpOnLaunch: {Value: false}}}, REGION)).rejects.toThrow('not a call a heal makes')
    expect(sent()).toBe(0)
  })
})
