import {AutoScalingClient, CreateOrUpdateTagsCommand, DeleteTagsCommand as AsgDeleteTagsCommand} from '@aws-sdk/client-auto-scaling'
import {CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand, TagResourceCommand as CwTagResourceCommand} from '@aws-sdk/client-cloudwatch'
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  MonitorInstancesCommand,
  RevokeSecurityGroupIngressCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2'
import {ECSClient, TagResourceCommand, UpdateClusterSettingsCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs'
import {
  AttachRolePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  ListPolicyVersionsCommand,
  DetachRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam'
import {AddTagsCommand, ElasticLoadBalancingV2Client, ModifyListenerCommand, ModifyLoadBalancerAttributesCommand, ModifyTargetGroupCommand} from '@aws-sdk/client-elastic-load-balancing-v2'
import {ModifyDBInstanceCommand, RDSClient, RemoveTagsFromResourceCommand} from '@aws-sdk/client-rds'
import {DynamoDBClient, UpdateTableCommand} from '@aws-sdk/client-dynamodb'
import {SetTopicAttributesCommand, SNSClient} from '@aws-sdk/client-sns'
import {SetQueueAttributesCommand, SQSClient} from '@aws-sdk/client-sqs'
import {mockClient} from 'aws-sdk-client-mock'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {mockedHealClients} from '../../../helpers/mocked-heal-clients.js'
import {executeHealCall, HEAL_WRITE_APIS, type HealClients} from '../../../../src/adapters/aws/heal/index.js'
import {planHeal} from '../../../../src/core/plan/heal-plan.js'
import {analysis, diff, item, PLAN_OPTIONS, vpc} from '../../../core/plan/heal-fixtures.js'

const REGION = 'us-east-1'
const ec2 = mockClient(EC2Client)
const ecs = mockClient(ECSClient)
const rds = mockClient(RDSClient)
const cloudwatch = mockClient(CloudWatchClient)
const autoscaling = mockClient(AutoScalingClient)
const iam = mockClient(IAMClient)
const elbv2 = mockClient(ElasticLoadBalancingV2Client)
const sqs = mockClient(SQSClient)
const sns = mockClient(SNSClient)
const dynamodb = mockClient(DynamoDBClient)
let clients: HealClients

beforeEach(() => {
  for (const mock of [ec2, ecs, rds, cloudwatch, autoscaling, iam, elbv2, sqs, sns, dynamodb]) mock.reset()
  clients = mockedHealClients(REGION)
})

afterEach(() => {
  // Whatever a test did, an EC2 DeleteTags never went out without explicit keys.
  for (const call of ec2.commandCalls(DeleteTagsCommand)) {
    const tags = call.args[0].input.Tags
    expect(tags?.length).toBeGreaterThan(0)
    for (const tag of tags ?? []) expect(tag.Key).toMatch(/.+/)
  }
})

describe('EC2 tag executors', () => {
  it('GIVEN a planned tag removal on a VPC WHEN executed THEN DeleteTags names the key and its value', async () => {
    ec2.on(DeleteTagsCommand).resolves({})
    const resource = vpc({Name: 'main', Stray: 'x'})
    const plan = planHeal(analysis([[item('Vpc', resource, [diff('/Tags/Stray', null, 'x', 'ADD')]), resource]]), PLAN_OPTIONS)

    await executeHealCall(clients, plan.entries[0].actions[0], REGION)

    expect(ec2.commandCalls(DeleteTagsCommand).map((call) => call.args[0].input)).toEqual([{Resources: ['vpc-0abc'], Tags: [{Key: 'Stray', Value: 'x'}]}])
  })

  it.each([
    ['no Tags at all', {Resources: ['vpc-0abc']}],
    ['an empty Tags list', {Resources: ['vpc-0abc'], Tags: []}],
    ['a tag without a Key', {Resources: ['vpc-0abc'], Tags: [{Value: 'x'}]}],
    ['an empty Key', {Resources: ['vpc-0abc'], Tags: [{Key: ''}]}],
    ['an aws: tag', {Resources: ['vpc-0abc'], Tags: [{Key: 'aws:cloudformation:stack-name'}]}],
  ])('GIVEN a DeleteTags with %s (which would delete every tag) WHEN executed THEN it is refused and never sent', async (_name, params) => {
    ec2.on(DeleteTagsCommand).resolves({})
    await expect(executeHealCall(clients, {api: 'EC2.DeleteTags', params}, REGION)).rejects.toThrow(/refusing EC2.DeleteTags: Tags must list at least one tag/)
    expect(ec2.commandCalls(DeleteTagsCommand)).toHaveLength(0)
  })

  it('GIVEN every EC2 tag removal a plan can produce WHEN inspected THEN each DeleteTags (heal or rollback) carries explicit keys', () => {
    const resource = vpc({Name: 'main', Stray: 'x', Old: 'y'})
    const plan = planHeal(
      analysis([[item('Vpc', resource, [diff('/Tags/Stray', null, 'x', 'ADD'), diff('/Tags/Team', 'net', null, 'REMOVE'), diff('/Tags/Old', 'z', 'y')]), resource]]),
      PLAN_OPTIONS,
    )
    const calls = plan.entries[0].actions.flatMap((action) => [action, action.rollback]).filter((call) => call.api === 'EC2.DeleteTags')
    expect(calls).toHaveLength(2)
    for (const call of calls) expect((call.params.Tags as Array<{Key: string}>).map((tag) => tag.Key)).not.toHaveLength(0)
  })

  it('GIVEN CreateTags and MonitorInstances WHEN executed THEN they go out as planned', async () => {
    ec2.on(CreateTagsCommand).resolves({})
    ec2.on(MonitorInstancesCommand).resolves({InstanceMonitorings: [{InstanceId: 'i-0123', Monitoring: {State: 'pending'}}]})
    await executeHealCall(clients, {api: 'EC2.CreateTags', params: {Resources: ['vpc-0abc'], Tags: [{Key: 'Team', Value: 'net'}]}}, REGION)
    await executeHealCall(clients, {api: 'EC2.MonitorInstances', params: {InstanceIds: ['i-0123']}}, REGION)
    expect(ec2.commandCalls(CreateTagsCommand)[0].args[0].input).toEqual({Resources: ['vpc-0abc'], Tags: [{Key: 'Team', Value: 'net'}]})
    expect(ec2.commandCalls(MonitorInstancesCommand)[0].args[0].input).toEqual({InstanceIds: ['i-0123']})
  })
})

describe('ECS executors', () => {
  const arn = 'arn:aws:ecs:us-east-1:123456789012:service/prod/web'

  it('GIVEN a DesiredCount heal WHEN executed THEN UpdateService sends the cluster, service and count only', async () => {
    ecs.on(UpdateServiceCommand).resolves({service: {serviceArn: arn, desiredCount: 2}})
    await executeHealCall(clients, {api: 'ECS.UpdateService', params: {cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', service: arn, desiredCount: 2}}, REGION)
    expect(ecs.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', service: arn, desiredCount: 2})
  })

  it('GIVEN an UpdateService that also sets a task definition (a deployment) WHEN executed THEN it is refused and not sent', async () => {
    await expect(
      executeHealCall(clients, {api: 'ECS.UpdateService', params: {cluster: 'prod', service: arn, desiredCount: 2, taskDefinition: 'web:9'}}, REGION),
    ).rejects.toThrow('refusing ECS.UpdateService: taskDefinition is not a parameter a heal sends')
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0)
  })

  it('GIVEN a tag heal on a short name WHEN executed THEN it is refused: ECS tags only full ARNs', async () => {
    await expect(executeHealCall(clients, {api: 'ECS.TagResource', params: {resourceArn: 'web', tags: [{key: 'Owner', value: 'x'}]}}, REGION)).rejects.toThrow(
      'resourceArn must be a full ARN',
    )
    expect(ecs.commandCalls(TagResourceCommand)).toHaveLength(0)
  })
})

describe('RDS executors', () => {
  it('GIVEN a window heal WHEN executed THEN ModifyDBInstance applies immediately', async () => {
    rds.on(ModifyDBInstanceCommand).resolves({})
    await executeHealCall(clients, {api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: 'orders-db', PreferredBackupWindow: '03:00-04:00', ApplyImmediately: true}}, REGION)
    expect(rds.commandCalls(ModifyDBInstanceCommand)[0].args[0].input).toEqual({DBInstanceIdentifier: 'orders-db', PreferredBackupWindow: '03:00-04:00', ApplyImmediately: true})
  })

  it.each([
    ['a class change', {DBInstanceIdentifier: 'orders-db', DBInstanceClass: 'db.r6g.large', ApplyImmediately: true}, 'DBInstanceClass is not a parameter a heal sends'],
    ['backups turned off', {DBInstanceIdentifier: 'orders-db', BackupRetentionPeriod: 0, ApplyImmediately: true}, 'BackupRetentionPeriod must be 1 or more'],
    ['a deferred change', {DBInstanceIdentifier: 'orders-db', PreferredBackupWindow: '03:00-04:00'}, 'ApplyImmediately must be true'],
    ['automatic minor upgrades turned off as a heal', {DBInstanceIdentifier: 'orders-db', AutoMinorVersionUpgrade: false, ApplyImmediately: true}, 'AutoMinorVersionUpgrade is not a parameter a heal sends'],
    ['automatic minor upgrades as a string, in a revert', {DBInstanceIdentifier: 'orders-db', AutoMinorVersionUpgrade: 'off', ApplyImmediately: true}, 'AutoMinorVersionUpgrade must be true or false', 'revert'],
  ])('GIVEN a ModifyDBInstance with %s WHEN executed THEN it is refused and not sent', async (_name, params, message, purpose = 'heal') => {
    await expect(executeHealCall(clients, {api: 'RDS.ModifyDBInstance', params}, REGION, purpose as 'heal' | 'revert')).rejects.toThrow(message)
    expect(rds.commandCalls(ModifyDBInstanceCommand)).toHaveLength(0)
  })

  it('GIVEN a tag removal WHEN executed THEN RemoveTagsFromResource names the keys on the ARN', async () => {
    rds.on(RemoveTagsFromResourceCommand).resolves({})
    const ResourceName = 'arn:aws:rds:us-east-1:123456789012:db:orders-db'
    await executeHealCall(clients, {api: 'RDS.RemoveTagsFromResource', params: {ResourceName, TagKeys: ['Stray']}}, REGION)
    expect(rds.commandCalls(RemoveTagsFromResourceCommand)[0].args[0].input).toEqual({ResourceName, TagKeys: ['Stray']})
  })
})

describe('CloudWatch executors', () => {
  const current = {
    AlarmName: 'web-cpu-high',
    AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-cpu-high',
    AlarmDescription: 'CPU above 90% for 3 minutes',
    ActionsEnabled: true,
    OKActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
    AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
    InsufficientDataActions: [],
    StateValue: 'OK' as const,
    StateReason: 'Threshold Crossed',
    MetricName: 'CPUUtilization',
    Namespace: 'AWS/ECS',
    Statistic: 'Average' as const,
    Dimensions: [{Name: 'ClusterName', Value: 'prod'}, {Name: 'ServiceName', Value: 'web'}],
    Period: 60,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    Threshold: 95,
    ComparisonOperator: 'GreaterThanThreshold' as const,
    TreatMissingData: 'breaching',
  }

  it('GIVEN a threshold heal WHEN executed THEN PutMetricAlarm sends the full current definition with only the threshold changed', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({MetricAlarms: [current]})
    cloudwatch.on(PutMetricAlarmCommand).resolves({})

    await executeHealCall(clients, {api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: 'web-cpu-high', Threshold: 90}}, REGION)

    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input).toEqual({AlarmNames: ['web-cpu-high'], AlarmTypes: ['MetricAlarm']})
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)[0].args[0].input).toEqual({
      AlarmName: 'web-cpu-high',
      AlarmDescription: 'CPU above 90% for 3 minutes',
      ActionsEnabled: true,
      OKActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
      InsufficientDataActions: [],
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/ECS',
      Statistic: 'Average',
      Dimensions: [{Name: 'ClusterName', Value: 'prod'}, {Name: 'ServiceName', Value: 'web'}],
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 90,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'breaching',
    })
  })

  it('GIVEN the alarm is gone WHEN a threshold heal runs THEN nothing is written', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({MetricAlarms: []})
    await expect(executeHealCall(clients, {api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: 'web-cpu-high', Threshold: 90}}, REGION)).rejects.toThrow('alarm web-cpu-high not found')
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)).toHaveLength(0)
  })

  it('GIVEN a PutMetricAlarm that tries to change the metric WHEN executed THEN it is refused', async () => {
    await expect(executeHealCall(clients, {api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: 'web-cpu-high', MetricName: 'MemoryUtilization'}}, REGION)).rejects.toThrow(
      'MetricName is not a parameter a heal sends',
    )
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(0)
  })

  it('GIVEN a tag heal WHEN executed THEN TagResource goes to the alarm ARN', async () => {
    cloudwatch.on(CwTagResourceCommand).resolves({})
    await executeHealCall(clients, {api: 'CloudWatch.TagResource', params: {ResourceARN: current.AlarmArn, Tags: [{Key: 'Owner', Value: 'sre'}]}}, REGION)
    expect(cloudwatch.commandCalls(CwTagResourceCommand)[0].args[0].input).toEqual({ResourceARN: current.AlarmArn, Tags: [{Key: 'Owner', Value: 'sre'}]})
  })
})

describe('Auto Scaling executors', () => {
  it('GIVEN a tag heal and its removal WHEN executed THEN CreateOrUpdateTags and DeleteTags address the group by name, with explicit keys', async () => {
    autoscaling.on(CreateOrUpdateTagsCommand).resolves({})
    autoscaling.on(AsgDeleteTagsCommand).resolves({})
    const tag = {ResourceId: 'ecs-capacity-prod', ResourceType: 'auto-scaling-group'}
    await executeHealCall(clients, {api: 'AutoScaling.CreateOrUpdateTags', params: {Tags: [{...tag, Key: 'Owner', Value: 'platform', PropagateAtLaunch: true}]}}, REGION)
    await executeHealCall(clients, {api: 'AutoScaling.DeleteTags', params: {Tags: [{...tag, Key: 'Stray'}]}}, REGION)
    expect(autoscaling.commandCalls(CreateOrUpdateTagsCommand)[0].args[0].input).toEqual({Tags: [{...tag, Key: 'Owner', Value: 'platform', PropagateAtLaunch: true}]})
    expect(autoscaling.commandCalls(AsgDeleteTagsCommand)[0].args[0].input).toEqual({Tags: [{...tag, Key: 'Stray'}]})
  })
})

describe('IAM role tag executors', () => {
  it('GIVEN a role tag heal and its rollback WHEN executed THEN TagRole and UntagRole address the role by name', async () => {
    iam.on(TagRoleCommand).resolves({})
    iam.on(UntagRoleCommand).resolves({})
    await executeHealCall(clients, {api: 'IAM.TagRole', params: {RoleName: 'web-task', Tags: [{Key: 'Owner', Value: 'platform'}]}}, REGION)
    await executeHealCall(clients, {api: 'IAM.UntagRole', params: {RoleName: 'web-task', TagKeys: ['Owner']}}, REGION)
    expect(iam.commandCalls(TagRoleCommand)[0].args[0].input).toEqual({RoleName: 'web-task', Tags: [{Key: 'Owner', Value: 'platform'}]})
    expect(iam.commandCalls(UntagRoleCommand)[0].args[0].input).toEqual({RoleName: 'web-task', TagKeys: ['Owner']})
  })
})

describe('ELBv2 executors', () => {
  const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-web-prod/50dc6c495c0c9188'

  it('GIVEN a planned tag change and protection turned on WHEN executed THEN AddTags names the one ARN and ModifyLoadBalancerAttributes carries that one key', async () => {
    elbv2.on(AddTagsCommand).resolves({})
    elbv2.on(ModifyLoadBalancerAttributesCommand).resolves({Attributes: [{Key: 'deletion_protection.enabled', Value: 'true'}]})

    await executeHealCall(clients, {api: 'ELBv2.AddTags', params: {ResourceArns: [arn], Tags: [{Key: 'Owner', Value: 'platform-team'}]}}, REGION)
    await executeHealCall(clients, {api: 'ELBv2.ModifyLoadBalancerAttributes', params: {LoadBalancerArn: arn, Attributes: [{Key: 'deletion_protection.enabled', Value: 'true'}]}}, REGION)

    expect(elbv2.commandCalls(AddTagsCommand).map((call) => call.args[0].input)).toEqual([{ResourceArns: [arn], Tags: [{Key: 'Owner', Value: 'platform-team'}]}])
    expect(elbv2.commandCalls(ModifyLoadBalancerAttributesCommand).map((call) => call.args[0].input)).toEqual([{LoadBalancerArn: arn, Attributes: [{Key: 'deletion_protection.enabled', Value: 'true'}]}])
  })

  it('GIVEN a planned health check heal on a target group WHEN executed THEN ModifyTargetGroup carries exactly the healed settings', async () => {
    const group = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-api-prod/73e2d6bc24d8a067'
    elbv2.on(ModifyTargetGroupCommand).resolves({TargetGroups: []})

    await executeHealCall(clients, {api: 'ELBv2.ModifyTargetGroup', params: {TargetGroupArn: group, HealthCheckPath: '/health', HealthCheckIntervalSeconds: 15}}, REGION)

    expect(elbv2.commandCalls(ModifyTargetGroupCommand).map((call) => call.args[0].input)).toEqual([{TargetGroupArn: group, HealthCheckPath: '/health', HealthCheckIntervalSeconds: 15}])
  })

  it('GIVEN a listener revert WHEN executed THEN ModifyListener carries the settings; GIVEN it as a heal, or a forged one with an OIDC action or a second certificate THEN refused, nothing sent', async () => {
    const listener = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb-web-prod/50dc6c495c0c9188/0467ef3c8400ae65'
    const group = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-api-prod/73e2d6bc24d8a067'
    elbv2.on(ModifyListenerCommand).resolves({Listeners: []})

    await executeHealCall(clients, {api: 'ELBv2.ModifyListener', params: {ListenerArn: listener, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', DefaultActions: [{Type: 'forward', TargetGroupArn: group}]}}, REGION, 'revert')
    // Never a heal call: a listener is reported and reverted, never healed.
    await expect(executeHealCall(clients, {api: 'ELBv2.ModifyListener', params: {ListenerArn: listener, Port: 443}}, REGION)).rejects.toThrow('refusing ELBv2.ModifyListener: not a call a heal makes')
    await expect(
      executeHealCall(clients, {api: 'ELBv2.ModifyListener', params: {ListenerArn: listener, DefaultActions: [{Type: 'authenticate-oidc', AuthenticateOidcConfig: {ClientSecret: 'x'}}]}}, REGION, 'revert'),
    ).rejects.toThrow(/refusing ELBv2.ModifyListener: DefaultActions Type must be one of/)
    await expect(executeHealCall(clients, {api: 'ELBv2.ModifyListener', params: {ListenerArn: listener, Certificates: [{CertificateArn: 'arn:a'}, {CertificateArn: 'arn:b'}]}}, REGION, 'revert')).rejects.toThrow(
      'refusing ELBv2.ModifyListener: Certificates must hold exactly one {CertificateArn}',
    )

    expect(elbv2.commandCalls(ModifyListenerCommand).map((call) => call.args[0].input)).toEqual([
      {ListenerArn: listener, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', DefaultActions: [{Type: 'forward', TargetGroupArn: group}]},
    ])
  })
})

describe('executeHealCall', () => {
  it('GIVEN an API that is not a heal call WHEN executed THEN it is refused', async () => {
    await expect(executeHealCall(clients, {api: 'EC2.TerminateInstances', params: {InstanceIds: ['i-0123']}}, REGION)).rejects.toThrow('refusing EC2.TerminateInstances: not a call a heal makes')
    await expect(executeHealCall(clients, {api: 'toString', params: {}}, REGION)).rejects.toThrow('not a call a heal makes')
  })

  it('GIVEN the executors WHEN listed THEN only tag, count, window, alarm, monitoring and retention calls exist, and the revert calls of rules, instance types and cluster settings', () => {
    expect(HEAL_WRITE_APIS).toEqual([
      'AutoScaling.CreateOrUpdateTags',
      'AutoScaling.DeleteTags',
      'AutoScaling.UpdateAutoScalingGroup',
      'CloudWatch.PutMetricAlarm',
      'CloudWatch.TagResource',
      'CloudWatch.UntagResource',
      'DynamoDB.TagResource',
      'DynamoDB.UntagResource',
      'DynamoDB.UpdateContinuousBackups',
      'DynamoDB.UpdateTable',
      'EC2.AuthorizeSecurityGroupEgress',
      'EC2.AuthorizeSecurityGroupIngress',
      'EC2.CreateTags',
      'EC2.DeleteTags',
      'EC2.ModifyInstanceAttribute',
      'EC2.ModifySubnetAttribute',
      'EC2.ModifyVpcAttribute',
      'EC2.MonitorInstances',
      'EC2.RevokeSecurityGroupEgress',
      'EC2.RevokeSecurityGroupIngress',
      'EC2.StartInstances',
      'EC2.StopInstances',
      'EC2.UnmonitorInstances',
      'ECS.TagResource',
      'ECS.UntagResource',
      'ECS.UpdateClusterSettings',
      'ECS.UpdateService',
      'ELBv2.AddTags',
      'ELBv2.ModifyListener',
      'ELBv2.ModifyLoadBalancerAttributes',
      'ELBv2.ModifyTargetGroup',
      'ELBv2.ModifyTargetGroupAttributes',
      'ELBv2.RemoveTags',
      'ELBv2.SetSecurityGroups',
      'ELBv2.SetSubnets',
      'IAM.AttachRolePolicy',
      'IAM.CreatePolicyVersion',
      'IAM.DeleteRolePolicy',
      'IAM.DetachRolePolicy',
      'IAM.PutRolePolicy',
      'IAM.SetDefaultPolicyVersion',
      'IAM.TagPolicy',
      'IAM.TagRole',
      'IAM.UntagPolicy',
      'IAM.UntagRole',
      'IAM.UpdateAssumeRolePolicy',
      'IAM.UpdateRole',
      'KMS.DisableKeyRotation',
      'KMS.EnableKeyRotation',
      'KMS.PutKeyPolicy',
      'KMS.TagResource',
      'KMS.UntagResource',
      'KMS.UpdateKeyDescription',
      'Lambda.TagResource',
      'Lambda.UntagResource',
      'Lambda.UpdateFunctionConfiguration',
      'Logs.PutRetentionPolicy',
      'Logs.TagResource',
      'Logs.UntagResource',
      'RDS.AddTagsToResource',
      'RDS.ModifyDBCluster',
      'RDS.ModifyDBInstance',
      'RDS.RemoveTagsFromResource',
      'S3.DeleteBucketLifecycle',
      'S3.DeleteBucketTagging',
      'S3.PutBucketEncryption',
      'S3.PutBucketLifecycleConfiguration',
      'S3.PutBucketOwnershipControls',
      'S3.PutBucketPolicy',
      'S3.PutBucketTagging',
      'S3.PutBucketVersioning',
      'S3.PutPublicAccessBlock',
      'SNS.SetTopicAttributes',
      'SNS.TagResource',
      'SNS.UntagResource',
      'SQS.SetQueueAttributes',
      'SQS.TagQueue',
      'SQS.UntagQueue',
    ])
  })
})

describe('one-way rules, enforced by the executor whatever the plan says (SPEC 10)', () => {
  // Each call below is forged: no planner made it. The executor is the last gate and sends nothing to AWS.
  const awsCallsSent = () => [ec2, ecs, rds, cloudwatch, autoscaling, iam, elbv2].reduce((count, mock) => count + mock.calls().length, 0)
  const dbArn = 'arn:aws:rds:us-east-1:123456789012:db:orders-db'
  const serviceArn = 'arn:aws:ecs:us-east-1:123456789012:service/prod/web'
  const alarmArn = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-cpu-high'
  const albArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-web-prod/50dc6c495c0c9188'
  const groupArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-api-prod/73e2d6bc24d8a067'

  it.each([
    ['deletion protection turned off on an instance', 'RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', DeletionProtection: false, ApplyImmediately: true}, 'DeletionProtection may only be turned on'],
    ['deletion protection turned off on a cluster', 'RDS.ModifyDBCluster', {DBClusterIdentifier: 'orders', DeletionProtection: false, ApplyImmediately: true}, 'DeletionProtection may only be turned on'],
    ['backup retention set to zero on an instance', 'RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', BackupRetentionPeriod: 0, ApplyImmediately: true}, 'BackupRetentionPeriod must be 1 or more'],
    ['backup retention set to zero on a cluster', 'RDS.ModifyDBCluster', {DBClusterIdentifier: 'orders', BackupRetentionPeriod: 0, ApplyImmediately: true}, 'BackupRetentionPeriod must be 1 or more'],
    ['EC2 DeleteTags without Tags (every tag of the resource)', 'EC2.DeleteTags', {Resources: ['vpc-0abc']}, 'Tags must list at least one tag'],
    ['an ECS untag with no keys', 'ECS.UntagResource', {resourceArn: serviceArn, tagKeys: []}, 'tagKeys must list at least one tag key'],
    ['an RDS untag with no keys', 'RDS.RemoveTagsFromResource', {ResourceName: dbArn, TagKeys: []}, 'TagKeys must list at least one tag key'],
    ['a CloudWatch untag with no keys', 'CloudWatch.UntagResource', {ResourceARN: alarmArn, TagKeys: []}, 'TagKeys must list at least one tag key'],
    ['an aws: tag set on EC2', 'EC2.CreateTags', {Resources: ['vpc-0abc'], Tags: [{Key: 'aws:cloudformation:stack-name', Value: 'x'}]}, 'aws: tags excluded'],
    ['an aws: tag set on ECS', 'ECS.TagResource', {resourceArn: serviceArn, tags: [{key: 'aws:cloudformation:logical-id', value: 'x'}]}, 'aws: tags excluded'],
    ['an aws: tag removed from RDS', 'RDS.RemoveTagsFromResource', {ResourceName: dbArn, TagKeys: ['aws:cloudformation:stack-name']}, 'aws: tags excluded'],
    ['an Auto Scaling DeleteTags with no tags', 'AutoScaling.DeleteTags', {Tags: []}, 'Tags must list at least one tag of one auto scaling group'],
    ['an Auto Scaling DeleteTags on another resource type', 'AutoScaling.DeleteTags', {Tags: [{ResourceId: 'web', ResourceType: 'launch-template', Key: 'Owner'}]}, 'Tags must list'],
    ['an Auto Scaling DeleteTags across two groups', 'AutoScaling.DeleteTags', {Tags: [{ResourceId: 'a', ResourceType: 'auto-scaling-group', Key: 'Owner'}, {ResourceId: 'b', ResourceType: 'auto-scaling-group', Key: 'Owner'}]}, 'Tags must list'],
    ['an aws: tag set on an auto scaling group', 'AutoScaling.CreateOrUpdateTags', {Tags: [{ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: 'aws:autoscaling:groupName', Value: 'x', PropagateAtLaunch: true}]}, 'aws: tags excluded'],
    ['an IAM untag with no keys', 'IAM.UntagRole', {RoleName: 'web-task', TagKeys: []}, 'TagKeys must list at least one tag key'],
    ['an aws: tag set on a role', 'IAM.TagRole', {RoleName: 'web-task', Tags: [{Key: 'aws:cloudformation:logical-id', Value: 'x'}]}, 'aws: tags excluded'],
    ['a policy change smuggled into a role tag call', 'IAM.TagRole', {RoleName: 'web-task', Tags: [{Key: 'Owner', Value: 'x'}], AssumeRolePolicyDocument: '{}'}, 'AssumeRolePolicyDocument is not a parameter a heal sends'],
    ['an aws: tag removed from an alarm', 'CloudWatch.UntagResource', {ResourceARN: alarmArn, TagKeys: ['aws:cloudformation:stack-id']}, 'aws: tags excluded'],
    ['load balancer deletion protection turned off', 'ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: albArn, Attributes: [{Key: 'deletion_protection.enabled', Value: 'false'}]}, 'may only turn deletion_protection.enabled on'],
    ['another load balancer attribute slipped in', 'ELBv2.ModifyLoadBalancerAttributes', {LoadBalancerArn: albArn, Attributes: [{Key: 'deletion_protection.enabled', Value: 'true'}, {Key: 'access_logs.s3.enabled', Value: 'false'}]}, 'may only turn deletion_protection.enabled on'],
    ['an ELBv2 untag with no keys', 'ELBv2.RemoveTags', {ResourceArns: [albArn], TagKeys: []}, 'TagKeys must list at least one tag key'],
    ['an ELBv2 tag call on two resources at once', 'ELBv2.AddTags', {ResourceArns: [albArn, albArn], Tags: [{Key: 'Owner', Value: 'x'}]}, 'ResourceArns must hold exactly one ARN'],
    ['an aws: tag removed from a load balancer', 'ELBv2.RemoveTags', {ResourceArns: [albArn], TagKeys: ['aws:cloudformation:logical-id']}, 'aws: tags excluded'],
    ['success codes widened through a target group heal', 'ELBv2.ModifyTargetGroup', {TargetGroupArn: groupArn, HealthCheckPath: '/health', Matcher: {HttpCode: '200-499'}}, 'Matcher is not a parameter a heal sends'],
    ['health checks turned off through a target group heal', 'ELBv2.ModifyTargetGroup', {TargetGroupArn: groupArn, HealthCheckEnabled: false}, 'HealthCheckEnabled is not a parameter a heal sends'],
    ['a health check timeout not below its interval', 'ELBv2.ModifyTargetGroup', {TargetGroupArn: groupArn, HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 30}, 'HealthCheckTimeoutSeconds must be below HealthCheckIntervalSeconds'],
    ['a target group heal aimed at a load balancer', 'ELBv2.ModifyTargetGroup', {TargetGroupArn: albArn, HealthCheckPath: '/'}, 'TargetGroupArn must be a full target group ARN'],
  ])('GIVEN a forged call with %s WHEN executed THEN it is refused and no AWS call is sent', async (_name, api, params, message) => {
    await expect(executeHealCall(clients, {api, params}, REGION)).rejects.toThrow(`refusing ${api}: `)
    await expect(executeHealCall(clients, {api, params}, REGION)).rejects.toThrow(message)
    expect(awsCallsSent()).toBe(0)
  })
})

describe('revert executors (drift revert)', () => {
  const open22 = {GroupId: 'sg-0db', IpPermissions: [{IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{CidrIp: '0.0.0.0/0', Description: 'debug'}]}]}

  it('GIVEN a rule to revoke WHEN executed for a revert THEN RevokeSecurityGroupIngress carries exactly that one rule', async () => {
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({Return: true})
    await executeHealCall(clients, {api: 'EC2.RevokeSecurityGroupIngress', params: open22}, REGION, 'revert')
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand).map((call) => call.args[0].input)).toEqual([open22])
  })

  it('GIVEN a revert call WHEN executed as a heal THEN it is refused: a heal never touches rules or instance types', async () => {
    await expect(executeHealCall(clients, {api: 'EC2.RevokeSecurityGroupIngress', params: open22}, REGION)).rejects.toThrow('refusing EC2.RevokeSecurityGroupIngress: not a call a heal makes')
    await expect(executeHealCall(clients, {api: 'EC2.StopInstances', params: {InstanceIds: ['i-0web']}}, REGION)).rejects.toThrow('not a call a heal makes')
    expect(ec2.calls()).toHaveLength(0)
  })

  it.each([
    ['the whole group (no rule)', 'EC2.RevokeSecurityGroupIngress', {GroupId: 'sg-0db', IpPermissions: []}, 'exactly one rule'],
    ['two rules in one call', 'EC2.RevokeSecurityGroupIngress', {GroupId: 'sg-0db', IpPermissions: [open22.IpPermissions[0], open22.IpPermissions[0]]}, 'exactly one rule'],
    ['one permission with two ranges', 'EC2.AuthorizeSecurityGroupIngress', {GroupId: 'sg-0db', IpPermissions: [{IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{CidrIp: '10.0.0.0/8'}, {CidrIp: '0.0.0.0/0'}]}]}, 'exactly one peer'],
    ['a group name instead of an id', 'EC2.RevokeSecurityGroupIngress', {...open22, GroupId: 'default'}, 'GroupId must be a security group id'],
    ['two instances stopped at once', 'EC2.StopInstances', {InstanceIds: ['i-1', 'i-2']}, 'exactly one instance'],
    ['an instance type change with another attribute smuggled in', 'EC2.ModifyInstanceAttribute', {InstanceId: 'i-1', InstanceType: {Value: 't3.micro'}, DisableApiTermination: {Value: false}}, 'DisableApiTermination is not a parameter'],
    ['a DB class call that also turns protection off', 'RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', DBInstanceClass: 'db.r6g.large', DeletionProtection: false, ApplyImmediately: true}, 'refusing RDS.ModifyDBInstance'],
  ])('GIVEN a forged revert call with %s WHEN executed THEN it is refused and nothing is sent', async (_name, api, params, message) => {
    await expect(executeHealCall(clients, {api, params}, REGION, 'revert')).rejects.toThrow(message)
    expect([ec2, rds].reduce((count, mock) => count + mock.calls().length, 0)).toBe(0)
  })

  it('GIVEN revert calls of the in-place properties WHEN executed for a revert THEN each goes out as planned: task definition, network configuration, cluster settings, Multi-AZ, DB security groups and tag copying', async () => {
    const service = {cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', service: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web'}
    const network = {awsvpcConfiguration: {subnets: ['subnet-a'], securityGroups: ['sg-web'], assignPublicIp: 'DISABLED'}}
    ecs.on(UpdateServiceCommand).resolves({})
    ecs.on(UpdateClusterSettingsCommand).resolves({})
    rds.on(ModifyDBInstanceCommand).resolves({})
    await executeHealCall(clients, {api: 'ECS.UpdateService', params: {...service, taskDefinition: 'web:12'}}, REGION, 'revert')
    await executeHealCall(clients, {api: 'ECS.UpdateService', params: {...service, networkConfiguration: network}}, REGION, 'revert')
    await executeHealCall(clients, {api: 'ECS.UpdateClusterSettings', params: {cluster: 'prod', settings: [{name: 'containerInsights', value: 'enabled'}]}}, REGION, 'revert')
    await executeHealCall(clients, {api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: 'orders-db', MultiAZ: true, ApplyImmediately: false}}, REGION, 'revert')
    await executeHealCall(clients, {api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: 'orders-db', VpcSecurityGroupIds: ['sg-db'], CopyTagsToSnapshot: true, ApplyImmediately: true}}, REGION, 'revert')
    expect(ecs.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input)).toEqual([{...service, taskDefinition: 'web:12'}, {...service, networkConfiguration: network}])
    expect(ecs.commandCalls(UpdateClusterSettingsCommand)[0].args[0].input).toEqual({cluster: 'prod', settings: [{name: 'containerInsights', value: 'enabled'}]})
    expect(rds.commandCalls(ModifyDBInstanceCommand).map((call) => call.args[0].input)).toEqual([
      {DBInstanceIdentifier: 'orders-db', MultiAZ: true, ApplyImmediately: false},
      {DBInstanceIdentifier: 'orders-db', VpcSecurityGroupIds: ['sg-db'], CopyTagsToSnapshot: true, ApplyImmediately: true},
    ])
  })

  it('GIVEN queue and topic attribute reverts WHEN executed THEN SetQueueAttributes and SetTopicAttributes go out as planned', async () => {
    sqs.on(SetQueueAttributesCommand).resolves({})
    sns.on(SetTopicAttributesCommand).resolves({})
    const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders'
    await executeHealCall(clients, {api: 'SQS.SetQueueAttributes', params: {QueueUrl: queueUrl, Attributes: {DelaySeconds: '0', ReceiveMessageWaitTimeSeconds: '20'}}}, REGION, 'revert')
    await executeHealCall(clients, {api: 'SNS.SetTopicAttributes', params: {TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts', AttributeName: 'TracingConfig', AttributeValue: 'PassThrough'}}, REGION, 'revert')
    expect(sqs.commandCalls(SetQueueAttributesCommand)[0].args[0].input).toEqual({QueueUrl: queueUrl, Attributes: {DelaySeconds: '0', ReceiveMessageWaitTimeSeconds: '20'}})
    expect(sns.commandCalls(SetTopicAttributesCommand)[0].args[0].input).toEqual({TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts', AttributeName: 'TracingConfig', AttributeValue: 'PassThrough'})
    // Never as a heal: a heal of a queue sends only its two attributes, and a topic's only tags.
    await expect(executeHealCall(clients, {api: 'SNS.SetTopicAttributes', params: {TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts', AttributeName: 'TracingConfig', AttributeValue: 'PassThrough'}}, REGION)).rejects.toThrow('not a call a heal makes')
  })

  it('GIVEN an alarm definition revert WHEN executed THEN PutMetricAlarm sends the alarm as read with the declared fields on top, nothing reset', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({MetricAlarms: [{AlarmName: 'web-cpu-high', AlarmDescription: 'kept', Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 3, Threshold: 95, ComparisonOperator: 'GreaterThanOrEqualToThreshold', OKActions: ['arn:aws:sns:us-east-1:123456789012:ok']}]})
    cloudwatch.on(PutMetricAlarmCommand).resolves({})
    await executeHealCall(clients, {api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: 'web-cpu-high', Threshold: 90, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Average'}}, REGION, 'revert')
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)[0].args[0].input).toEqual({AlarmName: 'web-cpu-high', AlarmDescription: 'kept', Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Statistic: 'Average', Period: 60, EvaluationPeriods: 3, Threshold: 90, ComparisonOperator: 'GreaterThanThreshold', OKActions: ['arn:aws:sns:us-east-1:123456789012:ok']})
  })

  it('GIVEN revert-only calls WHEN executed as a heal THEN they are refused: a heal sends only its own fields', async () => {
    await expect(executeHealCall(clients, {api: 'CloudWatch.PutMetricAlarm', params: {AlarmName: 'web-cpu-high', ComparisonOperator: 'LessThanThreshold'}}, REGION)).rejects.toThrow('ComparisonOperator is not a parameter a heal sends')
    await expect(executeHealCall(clients, {api: 'ECS.UpdateClusterSettings', params: {cluster: 'prod', settings: [{name: 'containerInsights', value: 'enabled'}]}}, REGION)).rejects.toThrow('not a call a heal makes')
    await expect(executeHealCall(clients, {api: 'RDS.ModifyDBInstance', params: {DBInstanceIdentifier: 'orders-db', PubliclyAccessible: false, ApplyImmediately: true}}, REGION)).rejects.toThrow('refusing RDS.ModifyDBInstance')
    expect([cloudwatch, ecs, rds].reduce((count, mock) => count + mock.calls().length, 0)).toBe(0)
  })

  it.each([
    ['backups turned off (retention 0) with the revert settings', 'RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', BackupRetentionPeriod: 0, ApplyImmediately: true}],
    ['deletion protection turned off beside Multi-AZ', 'RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', MultiAZ: true, DeletionProtection: false, ApplyImmediately: true}],
    ['encryption turned off beside public access', 'RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', PubliclyAccessible: false, StorageEncrypted: false, ApplyImmediately: true}],
    ['a task definition and a count in one deployment', 'ECS.UpdateService', {cluster: 'prod', service: 'web', taskDefinition: 'web:12', desiredCount: 0}],
    ['a forced deployment smuggled into a task definition revert', 'ECS.UpdateService', {cluster: 'prod', service: 'web', taskDefinition: 'web:12', forceNewDeployment: true}],
    ['a network configuration without subnets', 'ECS.UpdateService', {cluster: 'prod', service: 'web', networkConfiguration: {awsvpcConfiguration: {subnets: [], assignPublicIp: 'ENABLED'}}}],
    ['a cluster setting ECS does not have', 'ECS.UpdateClusterSettings', {cluster: 'prod', settings: [{name: 'executeCommand', value: 'enabled'}]}],
    ['an alarm query smuggled into a definition revert', 'CloudWatch.PutMetricAlarm', {AlarmName: 'web-cpu-high', Threshold: 90, Metrics: [{Id: 'm1', Expression: 'SUM(METRICS())'}]}],
    ['an alarm operator AWS does not know', 'CloudWatch.PutMetricAlarm', {AlarmName: 'web-cpu-high', ComparisonOperator: 'Bigger'}],
    ['alarm actions that are not ARNs', 'CloudWatch.PutMetricAlarm', {AlarmName: 'web-cpu-high', AlarmActions: ['https://evil.example/hook']}],
    ['deletion protection turned off beside the security groups of a cluster', 'RDS.ModifyDBCluster', {DBClusterIdentifier: 'orders', VpcSecurityGroupIds: ['sg-db'], DeletionProtection: false, ApplyImmediately: true}],
    ['an empty security group list (a database nothing reaches)', 'RDS.ModifyDBInstance', {DBInstanceIdentifier: 'orders-db', VpcSecurityGroupIds: [], ApplyImmediately: true}],
    ['tag copying left for a maintenance window (it would not verify)', 'RDS.ModifyDBCluster', {DBClusterIdentifier: 'orders', CopyTagsToSnapshot: true, ApplyImmediately: false}],
    ['a queue retention lowered through the delivery attributes', 'SQS.SetQueueAttributes', {QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', Attributes: {DelaySeconds: '0', MessageRetentionPeriod: '60'}}],
    ['a queue encryption turned off through the delivery attributes', 'SQS.SetQueueAttributes', {QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', Attributes: {DelaySeconds: '0', SqsManagedSseEnabled: 'false'}}],
    ['a topic key removed through SetTopicAttributes', 'SNS.SetTopicAttributes', {TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts', AttributeName: 'KmsMasterKeyId', AttributeValue: ''}],
    ['a topic policy opened through SetTopicAttributes', 'SNS.SetTopicAttributes', {TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts', AttributeName: 'Policy', AttributeValue: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish"}]}'}],
  ])('GIVEN a forged revert call with %s WHEN executed THEN it is refused and no AWS call is sent', async (_name, api, params) => {
    await expect(executeHealCall(clients, {api, params}, REGION, 'revert')).rejects.toThrow(`refusing ${api}: `)
    expect([cloudwatch, ecs, rds, sqs, sns].reduce((count, mock) => count + mock.calls().length, 0)).toBe(0)
  })

  describe('role permissions (the whole declared document, never a heal)', () => {
    const role = 'ial-prod-api-task'
    const policy = JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:us-east-1:123456789012:ial-prod-orders'}]})
    const trust = JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {Service: 'ecs-tasks.amazonaws.com'}, Action: 'sts:AssumeRole'}]})
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess'

    it('GIVEN the calls a role revert plans WHEN executed for a revert THEN each goes to IAM exactly as planned', async () => {
      iam.on(PutRolePolicyCommand).resolves({})
      iam.on(DeleteRolePolicyCommand).resolves({})
      iam.on(UpdateAssumeRolePolicyCommand).resolves({})
      iam.on(AttachRolePolicyCommand).resolves({})
      iam.on(DetachRolePolicyCommand).resolves({})
      await executeHealCall(clients, {api: 'IAM.PutRolePolicy', params: {RoleName: role, PolicyName: 'publish-order-events', PolicyDocument: policy}}, REGION, 'revert')
      await executeHealCall(clients, {api: 'IAM.DeleteRolePolicy', params: {RoleName: role, PolicyName: 'debug'}}, REGION, 'revert')
      await executeHealCall(clients, {api: 'IAM.UpdateAssumeRolePolicy', params: {RoleName: role, PolicyDocument: trust}}, REGION, 'revert')
      await executeHealCall(clients, {api: 'IAM.DetachRolePolicy', params: {RoleName: role, PolicyArn: arn}}, REGION, 'revert')
      await executeHealCall(clients, {api: 'IAM.AttachRolePolicy', params: {RoleName: role, PolicyArn: arn}}, REGION, 'revert')
      expect(iam.commandCalls(PutRolePolicyCommand)[0].args[0].input).toEqual({RoleName: role, PolicyName: 'publish-order-events', PolicyDocument: policy})
      expect(iam.commandCalls(DeleteRolePolicyCommand)[0].args[0].input).toEqual({RoleName: role, PolicyName: 'debug'})
      expect(iam.commandCalls(UpdateAssumeRolePolicyCommand)[0].args[0].input).toEqual({RoleName: role, PolicyDocument: trust})
      expect(iam.commandCalls(DetachRolePolicyCommand)[0].args[0].input).toEqual({RoleName: role, PolicyArn: arn})
      expect(iam.commandCalls(AttachRolePolicyCommand)[0].args[0].input).toEqual({RoleName: role, PolicyArn: arn})
    })

    it.each([
      ['a policy put as a heal (a heal never changes permissions)', 'IAM.PutRolePolicy', {RoleName: role, PolicyName: 'p', PolicyDocument: policy}, 'heal', 'not a call a heal makes'],
      ['a document that is not JSON', 'IAM.PutRolePolicy', {RoleName: role, PolicyName: 'p', PolicyDocument: 'Allow everything'}, 'revert', 'PolicyDocument must be a policy document as JSON text'],
      ['a document without statements', 'IAM.UpdateAssumeRolePolicy', {RoleName: role, PolicyDocument: '{"Version":"2012-10-17"}'}, 'revert', 'PolicyDocument must be a policy document'],
      ['a document as an object instead of text', 'IAM.PutRolePolicy', {RoleName: role, PolicyName: 'p', PolicyDocument: {Statement: []}}, 'revert', 'PolicyDocument must be a non-empty string'],
      ['a role name that is a path', 'IAM.DeleteRolePolicy', {RoleName: '../admin', PolicyName: 'p'}, 'revert', 'RoleName must be an IAM name'],
      ['a permissions boundary smuggled into a policy put', 'IAM.PutRolePolicy', {RoleName: role, PolicyName: 'p', PolicyDocument: policy, PermissionsBoundary: arn}, 'revert', 'PermissionsBoundary is not a parameter'],
      ['a policy ARN that is not an IAM policy', 'IAM.AttachRolePolicy', {RoleName: role, PolicyArn: 'arn:aws:iam::123456789012:role/admin'}, 'revert', 'PolicyArn must be an IAM policy ARN'],
    ])('GIVEN a forged call with %s WHEN executed THEN it is refused and nothing reaches IAM', async (_name, api, params, purpose, message) => {
      await expect(executeHealCall(clients, {api, params}, REGION, purpose as 'heal' | 'revert')).rejects.toThrow(message)
      expect(iam.calls()).toHaveLength(0)
    })
  })

  describe('role settings (UpdateRole: session duration and description only)', () => {
    it('GIVEN the call a settings revert plans WHEN executed for a revert THEN UpdateRole carries exactly it', async () => {
      iam.on(UpdateRoleCommand).resolves({})
      await executeHealCall(clients, {api: 'IAM.UpdateRole', params: {RoleName: 'ial-prod-api-task', MaxSessionDuration: 3600, Description: 'Role the API containers run as.'}}, REGION, 'revert')
      expect(iam.commandCalls(UpdateRoleCommand).map((call) => call.args[0].input)).toEqual([{RoleName: 'ial-prod-api-task', MaxSessionDuration: 3600, Description: 'Role the API containers run as.'}])
    })

    it.each([
      ['as a heal (a heal never changes a role\'s settings)', {RoleName: 'ial-prod-api-task', MaxSessionDuration: 3600}, 'heal', 'not a call a heal makes'],
      ['a session of a week', {RoleName: 'ial-prod-api-task', MaxSessionDuration: 604_800}, 'revert', 'MaxSessionDuration must be a whole number of seconds from 3600 to 43200'],
      ['a description with a terminal escape', {RoleName: 'ial-prod-api-task', Description: 'ok\u001b]0;pwned\u0007'}, 'revert', 'Description must be at most 1,000 characters IAM accepts'],
      ['a permissions boundary smuggled in', {RoleName: 'ial-prod-api-task', MaxSessionDuration: 3600, PermissionsBoundary: 'arn:aws:iam::aws:policy/AdministratorAccess'}, 'revert', 'PermissionsBoundary is not a parameter'],
      ['nothing to change', {RoleName: 'ial-prod-api-task'}, 'revert', 'UpdateRole must change MaxSessionDuration or Description'],
    ])('GIVEN a forged UpdateRole %s WHEN executed THEN it is refused and nothing reaches IAM', async (_name, params, purpose, message) => {
      await expect(executeHealCall(clients, {api: 'IAM.UpdateRole', params}, REGION, purpose as 'heal' | 'revert')).rejects.toThrow(message)
      expect(iam.calls()).toHaveLength(0)
    })
  })

  describe('table capacity (UpdateTable: billing mode and throughput only)', () => {
    it('GIVEN the call a capacity revert plans WHEN executed for a revert THEN UpdateTable carries exactly it', async () => {
      dynamodb.on(UpdateTableCommand).resolves({})
      await executeHealCall(clients, {api: 'DynamoDB.UpdateTable', params: {TableName: 'ial-prod-orders', BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 10, WriteCapacityUnits: 5}}}, REGION, 'revert')
      expect(dynamodb.commandCalls(UpdateTableCommand).map((call) => call.args[0].input)).toEqual([{TableName: 'ial-prod-orders', BillingMode: 'PROVISIONED', ProvisionedThroughput: {ReadCapacityUnits: 10, WriteCapacityUnits: 5}}])
    })

    it.each([
      ['deletion protection turned off alongside the mode', {TableName: 'ial-prod-orders', BillingMode: 'PAY_PER_REQUEST', DeletionProtectionEnabled: false}, 'revert', 'refusing DynamoDB.UpdateTable: DeletionProtectionEnabled is not a parameter a revert sends'],
      ['encryption turned off alongside the throughput', {TableName: 'ial-prod-orders', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}, SSESpecification: {Enabled: false}}, 'revert', 'refusing DynamoDB.UpdateTable: SSESpecification is not a parameter a revert sends'],
      ['a throughput as a heal (a heal only turns protection on)', {TableName: 'ial-prod-orders', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}}, 'heal', 'refusing DynamoDB.UpdateTable: ProvisionedThroughput is not a parameter a heal sends'],
      ['on demand with a throughput', {TableName: 'ial-prod-orders', BillingMode: 'PAY_PER_REQUEST', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}}, 'revert', 'refusing DynamoDB.UpdateTable: PAY_PER_REQUEST takes no ProvisionedThroughput'],
      ['a throughput far above the quota (a cost attack)', {TableName: 'ial-prod-orders', ProvisionedThroughput: {ReadCapacityUnits: 1_000_000, WriteCapacityUnits: 5}}, 'revert', 'refusing DynamoDB.UpdateTable: ReadCapacityUnits must be a whole number from'],
    ])('GIVEN a forged UpdateTable with %s WHEN executed THEN it is refused and nothing reaches DynamoDB', async (_name, params, purpose, message) => {
      await expect(executeHealCall(clients, {api: 'DynamoDB.UpdateTable', params}, REGION, purpose as 'heal' | 'revert')).rejects.toThrow(message)
      expect(dynamodb.calls()).toHaveLength(0)
    })
  })

  describe('managed policy versions (the default back to Git\'s document)', () => {
    const PolicyArn = 'arn:aws:iam::123456789012:policy/ial/ial-prod-api-config-read'
    const PolicyDocument = JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*'}]})
    const five = (defaultId: string) => ['v1', 'v2', 'v3', 'v4', 'v5'].map((VersionId) => ({VersionId, IsDefaultVersion: VersionId === defaultId}))

    it('GIVEN five versions and the oldest spare one named WHEN executed THEN that version is deleted, then the declared document made the default (the named id never sent)', async () => {
      iam.on(ListPolicyVersionsCommand).resolves({Versions: five('v5'), IsTruncated: false})
      iam.on(DeletePolicyVersionCommand).resolves({})
      iam.on(CreatePolicyVersionCommand).resolves({})
      await executeHealCall(clients, {api: 'IAM.CreatePolicyVersion', params: {PolicyArn, PolicyDocument, SetAsDefault: true, DeleteNonDefaultVersionFirst: 'v1'}}, REGION, 'revert')
      expect(iam.commandCalls(DeletePolicyVersionCommand).map((call) => call.args[0].input)).toEqual([{PolicyArn, VersionId: 'v1'}])
      expect(iam.commandCalls(CreatePolicyVersionCommand).map((call) => call.args[0].input)).toEqual([{PolicyArn, PolicyDocument, SetAsDefault: true}])
    })

    it('GIVEN the named version became the default since the plan WHEN executed THEN it is refused: nothing is deleted or created', async () => {
      iam.on(ListPolicyVersionsCommand).resolves({Versions: five('v1'), IsTruncated: false})
      await expect(executeHealCall(clients, {api: 'IAM.CreatePolicyVersion', params: {PolicyArn, PolicyDocument, SetAsDefault: true, DeleteNonDefaultVersionFirst: 'v1'}}, REGION, 'revert')).rejects.toThrow('v1 is the default version')
      expect(iam.commandCalls(DeletePolicyVersionCommand)).toHaveLength(0)
      expect(iam.commandCalls(CreatePolicyVersionCommand)).toHaveLength(0)
    })

    it.each([
      ['a spare version (SetAsDefault false)', {PolicyArn, PolicyDocument, SetAsDefault: false}, 'SetAsDefault must be true'],
      ['an AWS-managed policy', {PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', PolicyDocument, SetAsDefault: true}, 'customer managed policy ARN'],
      ['a document that is not a policy', {PolicyArn, PolicyDocument: '"*"', SetAsDefault: true}, 'PolicyDocument must be a policy document'],
      ['a version to delete that is not a version id', {PolicyArn, PolicyDocument, SetAsDefault: true, DeleteNonDefaultVersionFirst: 'all'}, 'must be a version id'],
    ])('GIVEN a forged CreatePolicyVersion with %s WHEN executed THEN it is refused and nothing reaches IAM', async (_name, params, message) => {
      await expect(executeHealCall(clients, {api: 'IAM.CreatePolicyVersion', params}, REGION, 'revert')).rejects.toThrow(message)
      expect(iam.calls()).toHaveLength(0)
    })
  })

  it('GIVEN a running instance WHEN StopInstances is executed THEN it waits until DescribeInstances says stopped, and the type change and start follow as planned', async () => {
    ec2.on(StopInstancesCommand).resolves({StoppingInstances: [{InstanceId: 'i-0web', CurrentState: {Name: 'stopping', Code: 64}}]})
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({Reservations: [{Instances: [{InstanceId: 'i-0web', State: {Name: 'stopping', Code: 64}}]}]})
      .resolves({Reservations: [{Instances: [{InstanceId: 'i-0web', State: {Name: 'stopped', Code: 80}}]}]})
    ec2.on(ModifyInstanceAttributeCommand).resolves({})
    ec2.on(StartInstancesCommand).resolves({StartingInstances: [{InstanceId: 'i-0web', CurrentState: {Name: 'pending', Code: 0}}]})

    await executeHealCall(clients, {api: 'EC2.StopInstances', params: {InstanceIds: ['i-0web']}}, REGION, 'revert')
    await executeHealCall(clients, {api: 'EC2.ModifyInstanceAttribute', params: {InstanceId: 'i-0web', InstanceType: {Value: 't3.micro'}}}, REGION, 'revert')
    await executeHealCall(clients, {api: 'EC2.StartInstances', params: {InstanceIds: ['i-0web']}}, REGION, 'revert')

    expect(ec2.commandCalls(DescribeInstancesCommand).length).toBeGreaterThanOrEqual(2)
    expect(ec2.commandCalls(ModifyInstanceAttributeCommand)[0].args[0].input).toEqual({InstanceId: 'i-0web', InstanceType: {Value: 't3.micro'}})
    expect(ec2.commandCalls(StartInstancesCommand)[0].args[0].input).toEqual({InstanceIds: ['i-0web']})
  }, 20_000)

  it('GIVEN an instance that was terminated meanwhile WHEN StopInstances waits THEN it fails with one line instead of waiting forever', async () => {
    ec2.on(StopInstancesCommand).resolves({})
    ec2.on(DescribeInstancesCommand).resolves({Reservations: [{Instances: [{InstanceId: 'i-0web', State: {Name: 'terminated', Code: 48}}]}]})
    await expect(executeHealCall(clients, {api: 'EC2.StopInstances', params: {InstanceIds: ['i-0web']}}, REGION, 'revert')).rejects.toThrow('instance i-0web did not stop')
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(0)
  })
})
