import {DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand} from '@aws-sdk/client-ec2'
import {DescribeServicesCommand, DescribeTaskDefinitionCommand, ListClustersCommand} from '@aws-sdk/client-ecs'
import {DescribeDBClustersCommand, DescribeDBInstancesCommand} from '@aws-sdk/client-rds'
import {expect, it} from 'vitest'

import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'
import {declared} from './fixtures/estate.js'

describeE2e('estate fixture', () => {
  const suite = exampleEstateSuite()

  it('GIVEN the example phases WHEN the fixture creates the estate THEN every declared resource exists in moto under its identity', async () => {
    const names = (tags: Array<{Key?: string; Value?: string}> | undefined) => tags?.find((tag) => tag.Key === 'Name')?.Value
    const declaredNames = (type: string) => declared(suite.estate, type).map((resource) => names(resource.properties.Tags as never)).sort()
    const vpcs = (await suite.aws.ec2.send(new DescribeVpcsCommand({Filters: [{Name: 'tag:ManagedBy', Values: ['ialctl']}]}))).Vpcs ?? []
    expect(vpcs.map((vpc) => names(vpc.Tags))).toEqual(declaredNames('AWS::EC2::VPC'))
    const subnets = (await suite.aws.ec2.send(new DescribeSubnetsCommand({Filters: [{Name: 'vpc-id', Values: vpcs.map((vpc) => vpc.VpcId!)}]}))).Subnets ?? []
    expect(subnets.map((subnet) => names(subnet.Tags)).sort()).toEqual(declaredNames('AWS::EC2::Subnet'))
    const groups = (await suite.aws.ec2.send(new DescribeSecurityGroupsCommand({Filters: [{Name: 'vpc-id', Values: vpcs.map((vpc) => vpc.VpcId!)}]}))).SecurityGroups ?? []
    expect(groups.map((group) => group.GroupName).sort()).toEqual(['default', ...declared(suite.estate, 'AWS::EC2::SecurityGroup').map((group) => group.properties.GroupName)].sort())
    const reservations = (await suite.aws.ec2.send(new DescribeInstancesCommand({Filters: [{Name: 'tag:ManagedBy', Values: ['ialctl']}]}))).Reservations ?? []
    // The ECS capacity group launches its own instances (tagged with the group's name by AWS): not declared ones.
    const instances = reservations.flatMap((reservation) => reservation.Instances ?? [])
    const launchedByGroup = (instance: (typeof instances)[number]) => instance.Tags?.some((tag) => tag.Key === 'aws:autoscaling:groupName')
    expect(instances.filter((instance) => !launchedByGroup(instance)).map((instance) => names(instance.Tags)).sort()).toEqual(declaredNames('AWS::EC2::Instance'))
    expect(instances.filter((instance) => launchedByGroup(instance)).map((instance) => names(instance.Tags))).toEqual(['ial-prod-ecs-capacity', 'ial-prod-ecs-capacity'])
    expect((await suite.aws.ecs.send(new ListClustersCommand({}))).clusterArns).toHaveLength(declared(suite.estate, 'AWS::ECS::Cluster').length)
    const declaredServices = declared(suite.estate, 'AWS::ECS::Service')
    const services = await suite.aws.ecs.send(
      new DescribeServicesCommand({cluster: suite.estate.resources[declaredServices[0].logicalId].attributes.Cluster, services: declaredServices.map((service) => String(service.properties.ServiceName))}),
    )
    expect(services.services?.map((service) => [service.serviceName, service.desiredCount])).toEqual(declaredServices.map((service) => [service.properties.ServiceName, service.properties.DesiredCount]))
    for (const family of declared(suite.estate, 'AWS::ECS::TaskDefinition').map((definition) => String(definition.properties.Family))) {
      expect((await suite.aws.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: family}))).taskDefinition?.status).toBe('ACTIVE')
    }
    expect((await suite.aws.rds.send(new DescribeDBClustersCommand({}))).DBClusters?.map((cluster) => cluster.DBClusterIdentifier)).toEqual(
      declared(suite.estate, 'AWS::RDS::DBCluster').map((cluster) => cluster.properties.DBClusterIdentifier),
    )
    expect((await suite.aws.rds.send(new DescribeDBInstancesCommand({}))).DBInstances?.map((instance) => instance.DBInstanceIdentifier)).toEqual(
      declared(suite.estate, 'AWS::RDS::DBInstance').map((instance) => instance.properties.DBInstanceIdentifier),
    )
    const alarms = (await suite.aws.cloudwatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []
    expect(alarms.map((alarm) => alarm.AlarmName).sort()).toEqual(declared(suite.estate, 'AWS::CloudWatch::Alarm').map((alarm) => alarm.properties.AlarmName).sort())
  })
})
