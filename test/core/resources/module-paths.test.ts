import {describe, expect, it} from 'vitest'

import {CFN_PROPERTY_NAMES} from '../../../src/core/resources/cfn-property-names.js'
import {RESOURCE_TYPES} from '../../../src/core/resources/index.js'
import type {AnyResourceTypeModule} from '../../../src/core/resources/types.js'

/**
 * Whether a JSON pointer without list positions names a property CloudFormation defines for `type`: each segment
 * must be a key of the definition the previous one leads to. Below a property whose keys the schema leaves open
 * (a map, a policy document: `null` in the names) any key is allowed.
 */
function isCloudFormationPath(type: string, path: string): boolean {
  const schema = CFN_PROPERTY_NAMES[type]
  let keys: Readonly<Record<string, string | null>> | undefined = schema.properties
  for (const segment of path.slice(1).split('/')) {
    if (keys === undefined) return true
    if (!Object.hasOwn(keys, segment)) return false
    const definition: string | null = keys[segment]
    keys = definition === null ? undefined : schema.definitions[definition]
  }

  return true
}

/**
 * Every property path a module names, with where it names it. `awsDefaults` is left out: it also names values the
 * describe mapping carries that no template sets (a VPC's VpcId), so that codify drops them.
 */
function namedPaths(module: AnyResourceTypeModule): Array<[where: string, path: string]> {
  return [
    ...module.ratings.map((rating) => ['ratings', rating.path] as [string, string]),
    ...Object.keys(module.neverHealed).map((path) => ['neverHealed', path] as [string, string]),
    ...module.setPaths.map((path) => ['setPaths', path] as [string, string]),
    ...module.arnOrNamePaths.map((path) => ['arnOrNamePaths', path] as [string, string]),
    ...(module.policyPaths ?? []).map((path) => ['policyPaths', path] as [string, string]),
    ...module.notReturnedPaths.map((path) => ['notReturnedPaths', path] as [string, string]),
    ...(module.heal?.paths ?? []).map((path) => ['heal.paths', path] as [string, string]),
    ...(module.heal?.hardeningPaths ?? []).map((path) => ['heal.hardeningPaths', path] as [string, string]),
    ...(module.revert?.paths ?? []).map((path) => ['revert.paths', path] as [string, string]),
    ...(module.revert?.restartPaths ?? []).map((path) => ['revert.restartPaths', path] as [string, string]),
    ...Object.keys(module.neverReverted ?? {}).map((path) => ['neverReverted', path] as [string, string]),
    ...(module.expectedDrift?.minorVersion ? [['expectedDrift.minorVersion', module.expectedDrift.minorVersion.path] as [string, string]] : []),
    ...(module.expectedDrift?.scalingCountPath ? [['expectedDrift.scalingCountPath', module.expectedDrift.scalingCountPath] as [string, string]] : []),
  ]
}

describe('property paths of the type modules', () => {
  it.each(RESOURCE_TYPES.map((module) => [module.type, module] as const))(
    'GIVEN %s WHEN every path its module names is looked up in CloudFormation’s schema THEN each is a real property',
    (type, module) => {
      const unknown = namedPaths(module).filter(([, path]) => !isCloudFormationPath(type, path)).map(([where, path]) => `${where}: ${path}`)
      expect(unknown).toEqual([])
    },
  )

  it('GIVEN a rating on a property CloudFormation does not define WHEN looked up THEN it is found out (the test can fail)', () => {
    expect(isCloudFormationPath('AWS::RDS::DBInstance', '/IAMDatabaseAuthenticationEnabled')).toBe(false)
    expect(isCloudFormationPath('AWS::RDS::DBInstance', '/EnableIAMDatabaseAuthentication')).toBe(true)
    expect(isCloudFormationPath('AWS::ECS::TaskDefinition', '/ContainerDefinitions/Image')).toBe(true)
    expect(isCloudFormationPath('AWS::ECS::TaskDefinition', '/ContainerDefinitions/Imag')).toBe(false)
  })
})
