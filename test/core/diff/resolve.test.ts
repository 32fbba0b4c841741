import {describe, expect, it} from 'vitest'

import {isUnresolved, type ResolveContext, resolveValue} from '../../../src/core/diff/resolve.js'
import {Intrinsic} from '../../../src/core/model.js'
import {ref} from './builders.js'

const getAZs = (region: unknown) => new Intrinsic('Fn::GetAZs', region)
const select = (index: unknown, list: unknown) => new Intrinsic('Fn::Select', [index, list])

const US_EAST_1 = ['us-east-1a', 'us-east-1b', 'us-east-1c']

function context(extra: Partial<ResolveContext> = {}): ResolveContext {
  return {
    parameters: {},
    region: 'us-east-1',
    stackName: '20-network-01-subnets',
    availabilityZones: {'us-east-1': US_EAST_1, 'eu-west-1': ['eu-west-1b', 'eu-west-1a']},
    resource: (logicalId) => ({reason: `${logicalId} is not declared`}),
    ...extra,
  }
}

/** The reason a value is not checked, or the value. */
const outcome = (value: unknown) => (isUnresolved(value) ? `not checked: ${value.reason}` : value)

describe('resolveValue: Fn::GetAZs', () => {
  it.each([
    ["'' (the stack's region)", ''],
    ['!Ref AWS::Region', ref('AWS::Region')],
    ['the region by name', 'us-east-1'],
  ])('GIVEN !GetAZs %s on a resource in us-east-1 WHEN resolved THEN it is the zones of us-east-1', (_name, region) => {
    expect(resolveValue(getAZs(region), context())).toEqual(US_EAST_1)
  })

  it('GIVEN !GetAZs of another region WHEN resolved THEN it is that region’s zones, alphabetical', () => {
    expect(resolveValue(getAZs('eu-west-1'), context())).toEqual(['eu-west-1a', 'eu-west-1b'])
  })

  it('GIVEN !Select [1, !GetAZs ""] WHEN resolved THEN it is the second zone of the resource’s region', () => {
    expect(resolveValue({AvailabilityZone: select(1, getAZs(''))}, context())).toEqual({AvailabilityZone: 'us-east-1b'})
    expect(resolveValue(select('0', getAZs('')), context({region: 'eu-west-1'}))).toBe('eu-west-1a')
  })

  it('GIVEN a snapshot without the zones of the region WHEN resolved THEN the value is not checked and says which region is missing', () => {
    expect(outcome(resolveValue(select(0, getAZs('')), context({availabilityZones: undefined})))).toBe(
      'not checked: !GetAZs: availability zones of us-east-1 are not in the snapshot',
    )
    expect(outcome(resolveValue(getAZs('ap-south-1'), context()))).toBe('not checked: !GetAZs: availability zones of ap-south-1 are not in the snapshot')
  })

  it('GIVEN a resource whose region is not known WHEN !GetAZs "" is resolved THEN it is not checked for that reason', () => {
    expect(outcome(resolveValue(getAZs(''), context({region: undefined})))).toBe('not checked: !GetAZs: the resource region is not known')
  })

  it('GIVEN !Select past the end of the zones WHEN resolved THEN it is not checked, never drift', () => {
    expect(outcome(resolveValue(select(3, getAZs('')), context()))).toBe('not checked: !Select index is outside the list')
  })
})
