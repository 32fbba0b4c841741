import type {Vpc} from '@aws-sdk/client-ec2'

import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, AWS_ASSIGNED, cloudFormationKey, type ResourceTypeModule, templateTags} from './types.js'
import {actualResource, awsArn, tagMap} from './aws-shape.js'
import {ec2Tags} from './ec2-shared.js'

export const ec2Vpc: ResourceTypeModule = {
  type: 'AWS::EC2::VPC',
  service: 'ec2',
  readBudget: {fixedCalls: 1, callsPerResource: 0.001, basis: 'DescribeVpcs, 1,000 per page, tags inline'},
  actualKeys: (actual: ActualResource) => [...actualCloudFormationKeys(actual), ...(actual.tags.Name ? [`name:${actual.tags.Name}`] : [])],
  desiredKeys({logicalId, stackName, properties}) {
    const name = templateTags(properties).Name
    return [cloudFormationKey(stackName, logicalId), ...(name ? [`name:${name}`] : [])]
  },
  setPaths: [],
  arnOrNamePaths: [],
  notReturnedPaths: ['/EnableDnsSupport', '/EnableDnsHostnames'],
  ratings: [{path: '/CidrBlock', severity: 'high', impact: ['availability']}],
  neverHealed: {},
  tags: ec2Tags,
  awsDefaults: {'/VpcId': AWS_ASSIGNED, '/CidrBlockAssociations': AWS_ASSIGNED, '/Ipv6CidrBlocks': AWS_ASSIGNED},
  displayName: (actual) => actual.tags.Name ?? actual.physicalId,
}

/**
 * DescribeVpcs -> CloudFormation `AWS::EC2::VPC`. `EnableDnsSupport`/`EnableDnsHostnames` are left out on
 * purpose: only DescribeVpcAttribute answers them, one call per VPC and attribute, which SPEC 9 rules out.
 */
export function vpcFromAws(vpc: Vpc, region: string): ActualResource {
  const id = vpc.VpcId ?? ''
  const associations = (vpc.CidrBlockAssociationSet ?? []).filter((item) => item.CidrBlockState?.State === 'associated')
  return actualResource({
    type: ec2Vpc.type,
    region,
    physicalId: id,
    arn: vpc.OwnerId ? awsArn(region, 'ec2', vpc.OwnerId, `vpc/${id}`) : undefined,
    properties: {CidrBlock: vpc.CidrBlock, InstanceTenancy: vpc.InstanceTenancy},
    tags: tagMap(vpc.Tags),
    attributes: {
      VpcId: id,
      CidrBlock: vpc.CidrBlock,
      CidrBlockAssociations: associations.map((item) => item.AssociationId),
      Ipv6CidrBlocks: (vpc.Ipv6CidrBlockAssociationSet ?? []).map((item) => item.Ipv6CidrBlock),
    },
  })
}
