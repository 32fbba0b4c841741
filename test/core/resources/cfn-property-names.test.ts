import {describe, expect, it} from 'vitest'

import {CFN_PROPERTY_NAMES, CFN_SPEC_VERSION} from '../../../src/core/resources/cfn-property-names.js'
import {RESOURCE_TYPES} from '../../../src/core/resources/index.js'
// @ts-expect-error: a plain JavaScript build script, without type declarations
import {loadSpecDatabase, propertyNamesOf, specPackageVersion} from '../../../scripts/cfn-property-names.mjs'

const REGENERATE = 'src/core/resources/cfn-property-names.ts is stale: run `npm run property-names`'

describe('CloudFormation property names', () => {
  it('GIVEN the committed property names WHEN compared with @aws-cdk/aws-service-spec THEN they are what the package defines for every supported type', async () => {
    expect(CFN_SPEC_VERSION, REGENERATE).toBe(specPackageVersion())
    const types = RESOURCE_TYPES.map((module) => module.type)
    expect(Object.keys(CFN_PROPERTY_NAMES).sort(), REGENERATE).toEqual([...types].sort())
    expect(JSON.parse(JSON.stringify(CFN_PROPERTY_NAMES)), REGENERATE).toEqual(propertyNamesOf(await loadSpecDatabase(), types))
  }, 60_000)

  it('GIVEN the instance and security group schemas WHEN read THEN they hold properties ialctl does not compare and the rule keys', () => {
    const instance = CFN_PROPERTY_NAMES['AWS::EC2::Instance']
    expect(instance.properties).toHaveProperty('UserData', null)
    expect(instance.properties).toHaveProperty('InstanceType', null)
    expect(instance.definitions[instance.properties.Tags!]).toEqual({Key: null, Value: null})
    const group = CFN_PROPERTY_NAMES['AWS::EC2::SecurityGroup']
    expect(Object.keys(group.definitions[group.properties.SecurityGroupIngress!])).toEqual([
      'CidrIp', 'CidrIpv6', 'Description', 'FromPort', 'IpProtocol', 'SourcePrefixListId', 'SourceSecurityGroupId', 'SourceSecurityGroupName', 'SourceSecurityGroupOwnerId', 'ToPort',
    ])
  })
})
