import type {MetricAlarm} from '@aws-sdk/client-cloudwatch'
import type {Instance, SecurityGroup, Subnet, Vpc} from '@aws-sdk/client-ec2'
import type {Cluster, Service, TaskDefinition} from '@aws-sdk/client-ecs'
import type {DBCluster, DBInstance} from '@aws-sdk/client-rds'
import {describe, expect, it} from 'vitest'

import {alarmFromAws} from '../../../src/core/resources/cloudwatch-alarm.js'
import {instanceFromAws} from '../../../src/core/resources/ec2-instance.js'
import {securityGroupFromAws} from '../../../src/core/resources/ec2-security-group.js'
import {subnetFromAws} from '../../../src/core/resources/ec2-subnet.js'
import {vpcFromAws} from '../../../src/core/resources/ec2-vpc.js'
import {clusterFromAws} from '../../../src/core/resources/ecs-cluster.js'
import {serviceFromAws} from '../../../src/core/resources/ecs-service.js'
import {taskDefinitionFromAws} from '../../../src/core/resources/ecs-task-definition.js'
import {rdsDbCluster, dbClusterFromAws} from '../../../src/core/resources/rds-db-cluster.js'
import {dbInstanceFromAws} from '../../../src/core/resources/rds-db-instance.js'
import {fixture} from './fixtures.js'

const region = 'us-east-1'

/** No `undefined` or `null` anywhere: absent AWS values are absent keys. */
function expectNoAbsentValues(value: unknown, where = ''): void {
  if (Array.isArray(value)) value.forEach((item, index) => expectNoAbsentValues(item, `${where}/${index}`))
  else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) {
    expect(child, `${where}/${key}`).not.toBeUndefined()
    expect(child, `${where}/${key}`).not.toBeNull()
    expectNoAbsentValues(child, `${where}/${key}`)
  }
}

describe('EC2 mappings', () => {
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

describe('ECS mappings', () => {
  it('GIVEN DescribeClusters with TAGS, SETTINGS and CONFIGURATIONS WHEN mapped THEN the physical id is the name and keys are PascalCase', () => {
    const cluster = clusterFromAws(fixture<{clusters: Cluster[]}>('ecs-describe-clusters').clusters[0], region)
    expect(cluster).toEqual({
      type: 'AWS::ECS::Cluster',
      region,
      physicalId: 'prod',
      arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
      properties: {
        ClusterName: 'prod',
        ClusterSettings: [{Name: 'containerInsights', Value: 'enabled'}],
        CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        DefaultCapacityProviderStrategy: [{CapacityProvider: 'FARGATE', Weight: 1, Base: 1}],
        Configuration: {
          ExecuteCommandConfiguration: {Logging: 'OVERRIDE', LogConfiguration: {CloudWatchLogGroupName: '/ecs/exec', CloudWatchEncryptionEnabled: true}},
        },
      },
      tags: {team: 'platform'},
      attributes: {Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'},
    })
  })

  it('GIVEN DescribeServices with TAGS WHEN mapped THEN the physical id is the ARN and Cluster is the cluster ARN', () => {
    const service = serviceFromAws(fixture<{services: Service[]}>('ecs-describe-services').services[0], region)
    expect(service.physicalId).toBe('arn:aws:ecs:us-east-1:123456789012:service/prod/web')
    expect(service.properties).toMatchObject({
      Cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
      ServiceName: 'web',
      DesiredCount: 3,
      LaunchType: 'FARGATE',
      TaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
      NetworkConfiguration: {AwsvpcConfiguration: {Subnets: ['subnet-0aaa1111bbbb2222c'], SecurityGroups: ['sg-0aaaaaaaaaaaaaaaa'], AssignPublicIp: 'DISABLED'}},
      PropagateTags: 'SERVICE',
      EnableECSManagedTags: true,
      HealthCheckGracePeriodSeconds: 60,
      LoadBalancers: [{TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef', ContainerName: 'web', ContainerPort: 80}],
      DeploymentConfiguration: {MaximumPercent: 200, MinimumHealthyPercent: 100, DeploymentCircuitBreaker: {Enable: true, Rollback: true}},
      PlacementStrategies: [],
    })
    expect(service.properties).not.toHaveProperty('Events')
    expect(service.tags).toEqual({team: 'web'})
    expect(service.attributes).toMatchObject({Name: 'web', ServiceArn: service.physicalId})
  })

  it('GIVEN DescribeTaskDefinition with TAGS WHEN mapped THEN Cpu/Memory stay strings, containers are PascalCase and user maps keep their keys', () => {
    const answer = fixture<{taskDefinition: TaskDefinition; tags: {key: string; value: string}[]}>('ecs-describe-task-definition')
    const definition = taskDefinitionFromAws(answer.taskDefinition, answer.tags, region)
    expect(definition.physicalId).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web:7')
    expect(definition.properties).toMatchObject({
      Family: 'web',
      Cpu: '512',
      Memory: '1024',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      TaskRoleArn: 'arn:aws:iam::123456789012:role/web-task',
      RuntimePlatform: {CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX'},
    })
    const [container] = definition.properties.ContainerDefinitions as Record<string, unknown>[]
    expect(container).toMatchObject({
      Name: 'web',
      Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2',
      Cpu: 256,
      Memory: 512,
      Essential: true,
      PortMappings: [{ContainerPort: 80, HostPort: 80, Protocol: 'tcp'}],
      Environment: [{Name: 'LOG_LEVEL', Value: 'info'}],
      Secrets: [{Name: 'DB_PASSWORD', ValueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db'}],
      DockerLabels: {'com.example.team': 'web'},
      LogConfiguration: {LogDriver: 'awslogs', Options: {'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web'}},
    })
    expect(definition.properties).not.toHaveProperty('RequiresAttributes')
    expect(definition.tags).toEqual({team: 'web'})
  })
})

describe('RDS mappings', () => {
  it('GIVEN a DescribeDBInstances instance WHEN mapped THEN CloudFormation names, string storage/port, group ids, and Endpoint.* attributes', () => {
    const instance = dbInstanceFromAws(fixture<{DBInstances: DBInstance[]}>('rds-describe-db-instances').DBInstances[0], region)
    expect(instance.physicalId).toBe('orders-db')
    expect(instance.arn).toBe('arn:aws:rds:us-east-1:123456789012:db:orders-db')
    expect(instance.properties).toMatchObject({
      DBInstanceIdentifier: 'orders-db',
      DBInstanceClass: 'db.r6g.large',
      Engine: 'postgres',
      EngineVersion: '16.3',
      AllocatedStorage: '100',
      Port: '5432',
      PubliclyAccessible: false,
      StorageEncrypted: true,
      KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      MultiAZ: true,
      BackupRetentionPeriod: 7,
      PreferredBackupWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      DeletionProtection: true,
      AutoMinorVersionUpgrade: true,
      DBSubnetGroupName: 'data',
      DBParameterGroupName: 'default.postgres16',
      VPCSecurityGroups: ['sg-0ddddddddddddddddd'],
    })
    expect(instance.properties).not.toHaveProperty('DBClusterIdentifier')
    expect(instance.attributes).toMatchObject({'Endpoint.Address': 'orders-db.abcdefghij.us-east-1.rds.amazonaws.com', 'Endpoint.Port': '5432', DbiResourceId: 'db-ABCDEFGHIJKLMNOP'})
    expect(instance.tags).toEqual({team: 'orders'})
  })

  it('GIVEN a DescribeDBClusters Aurora cluster WHEN mapped THEN subnet group and security groups use the CloudFormation names', () => {
    const cluster = dbClusterFromAws(fixture<{DBClusters: DBCluster[]}>('rds-describe-db-clusters').DBClusters[0], region)
    expect(cluster.type).toBe(rdsDbCluster.type)
    expect(cluster.physicalId).toBe('app-aurora')
    expect(cluster.properties).toMatchObject({
      DBClusterIdentifier: 'app-aurora',
      Engine: 'aurora-postgresql',
      EngineVersion: '16.4',
      DatabaseName: 'app',
      Port: 5432,
      StorageEncrypted: true,
      BackupRetentionPeriod: 14,
      DeletionProtection: true,
      VpcSecurityGroupIds: ['sg-0ddddddddddddddddd'],
      DBSubnetGroupName: 'data',
      DBClusterParameterGroupName: 'default.aurora-postgresql16',
      ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 8},
    })
    // Aurora reports AllocatedStorage 1 as a placeholder; it is not a setting of the cluster.
    expect(cluster.properties).not.toHaveProperty('AllocatedStorage')
    expect(cluster.attributes).toMatchObject({'Endpoint.Address': 'app-aurora.cluster-abcdefghij.us-east-1.rds.amazonaws.com', 'ReadEndpoint.Address': 'app-aurora.cluster-ro-abcdefghij.us-east-1.rds.amazonaws.com'})
  })
})

describe('CloudWatch mapping', () => {
  it('GIVEN a metric alarm and its tags from the tagging API WHEN mapped THEN the alarm has CloudFormation properties and all tags', () => {
    const alarm = fixture<{MetricAlarms: MetricAlarm[]}>('cloudwatch-describe-alarms').MetricAlarms[0]
    const tags = fixture<{ResourceTagMappingList: {Tags: {Key: string; Value: string}[]}[]}>('tagging-get-resources-alarms').ResourceTagMappingList[0].Tags
    const actual = alarmFromAws(alarm, tags, region)
    expect(actual.physicalId).toBe('web-cpu-high')
    expect(actual.properties).toEqual({
      AlarmName: 'web-cpu-high',
      AlarmDescription: 'CPU above 80% for 10 minutes',
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Statistic: 'Average',
      Dimensions: [{Name: 'ClusterName', Value: 'prod'}, {Name: 'ServiceName', Value: 'web'}],
      Period: 300,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'missing',
      ActionsEnabled: true,
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
      OKActions: [],
      InsufficientDataActions: [],
    })
    expect(actual.tags).toEqual({team: 'web', 'aws:cloudformation:logical-id': 'WebCpuAlarm'})
    expect(actual.attributes).toMatchObject({Arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-cpu-high'})
  })

  it('GIVEN an alarm the tagging API does not list WHEN mapped THEN it has no tags', () => {
    expect(alarmFromAws({AlarmName: 'bare'}, undefined, region).tags).toEqual({})
  })
})
