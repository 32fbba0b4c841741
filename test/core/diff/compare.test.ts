import {describe, expect, it} from 'vitest'

import {compareProperties, compareTags} from '../../../src/core/diff/compare.js'
import {lineOf as nearestLine} from '../../../src/core/shared/json-pointer.js'
import {Unresolved} from '../../../src/core/diff/resolve.js'
import {Intrinsic} from '../../../src/core/model.js'

const NO_RULES = {setPaths: [], arnOrNamePaths: []}
const lines: Record<string, number> = {'/DesiredCount': 12, '/SecurityGroupIngress': 20, '/SecurityGroupIngress/1': 24, '/Tags/0/Value': 30, '/Tags': 28}
const lineOf = (pointer: string) => nearestLine(lines, pointer)
const unresolved = (reason: string) => new Unresolved(reason, new Intrinsic('Fn::ImportValue', 'network-VpcId'))

describe('compareProperties', () => {
  it('GIVEN a property the template sets to another value WHEN compared THEN one NOT_EQUAL difference with its template line', () => {
    const {differences} = compareProperties({DesiredCount: 2}, {DesiredCount: 3, LaunchType: 'FARGATE'}, NO_RULES, lineOf)
    expect(differences).toEqual([{path: '/DesiredCount', expected: 2, actual: 3, kind: 'NOT_EQUAL', line: 12}])
  })

  it('GIVEN properties only AWS has (defaults, read-only attributes) WHEN compared THEN they are not drift', () => {
    expect(compareProperties({ServiceName: 'web'}, {ServiceName: 'web', PlatformVersion: 'LATEST', Status: 'ACTIVE'}, NO_RULES, lineOf).differences).toEqual([])
  })

  it('GIVEN numbers as strings and booleans as strings WHEN compared THEN they equal their typed values', () => {
    expect(compareProperties({Port: '5432', MultiAZ: 'true'}, {Port: 5432, MultiAZ: true}, NO_RULES, lineOf).differences).toEqual([])
  })

  it('GIVEN a value the template sets and AWS lacks WHEN compared THEN it is a REMOVE', () => {
    expect(compareProperties({KeyName: 'ops'}, {}, NO_RULES, lineOf).differences).toEqual([{path: '/KeyName', expected: 'ops', actual: null, kind: 'REMOVE'}])
  })

  it('GIVEN an ordered list with an extra AWS element WHEN compared THEN the extra element is an ADD at its position', () => {
    const {differences} = compareProperties({Subnets: ['a', 'b']}, {Subnets: ['a', 'b', 'c']}, NO_RULES, lineOf)
    expect(differences).toEqual([{path: '/Subnets/2', expected: null, actual: 'c', kind: 'ADD'}])
  })

  it('GIVEN a set-like list reordered WHEN compared THEN it is not drift; a changed element is reported at its own key', () => {
    const rules = {setPaths: ['/SecurityGroupIngress'], arnOrNamePaths: []}
    const template = [
      {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16'},
      {IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.1.0.0/16'},
    ]
    const reordered = [template[1], template[0]]
    expect(compareProperties({SecurityGroupIngress: template}, {SecurityGroupIngress: reordered}, rules, lineOf).differences).toEqual([])

    const opened = [template[0], {...template[1], CidrIp: '0.0.0.0/0'}]
    expect(compareProperties({SecurityGroupIngress: template}, {SecurityGroupIngress: opened}, rules, lineOf).differences).toEqual([
      {path: '/SecurityGroupIngress/1/CidrIp', expected: '10.1.0.0/16', actual: '0.0.0.0/0', kind: 'NOT_EQUAL', line: 24},
    ])
  })

  it('GIVEN an ARN where the template names the resource WHEN the path takes either THEN they are equal', () => {
    const rules = {setPaths: [], arnOrNamePaths: ['/Cluster']}
    expect(compareProperties({Cluster: 'prod'}, {Cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'}, rules, lineOf).differences).toEqual([])
    expect(compareProperties({Cluster: 'prod'}, {Cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod'}, NO_RULES, lineOf).differences).toHaveLength(1)
  })

  it('GIVEN a value that could not be resolved WHEN compared THEN it is not checked, with the reason, and never drift', () => {
    const result = compareProperties({VpcId: unresolved('!ImportValue: stack exports are not read')}, {VpcId: 'vpc-1'}, NO_RULES, lineOf)
    expect(result).toEqual({differences: [], notChecked: [{path: '/VpcId', reason: '!ImportValue: stack exports are not read'}]})
  })

  it('GIVEN a property the describe call does not return WHEN AWS has no value THEN it is not checked instead of drifting forever', () => {
    const result = compareProperties({UserData: 'IyEvYmluL2Jhc2g='}, {}, {...NO_RULES, notReturned: ['/UserData']}, lineOf)
    expect(result).toEqual({differences: [], notChecked: [{path: '/UserData', reason: 'UserData is not returned by the describe call'}]})
  })

  it('GIVEN Tags among the properties WHEN compared THEN they are left to compareTags', () => {
    expect(compareProperties({Tags: [{Key: 'Owner', Value: 'a'}]}, {}, NO_RULES, lineOf).differences).toEqual([])
  })
})

describe('compareTags', () => {
  it('GIVEN a changed and a missing tag WHEN compared THEN each is addressed by key, with the line of its value (or the nearest one above)', () => {
    const {differences} = compareTags([{Key: 'Owner', Value: 'a'}, {Key: 'Team', Value: 'net'}], {Owner: 'b'}, false, lineOf)
    expect(differences).toEqual([
      {path: '/Tags/Owner', expected: 'a', actual: 'b', kind: 'NOT_EQUAL', line: 30},
      {path: '/Tags/Team', expected: 'net', actual: null, kind: 'REMOVE', line: 28},
    ])
  })

  it('GIVEN aws: tags in the template and in AWS WHEN compared THEN they are never compared', () => {
    expect(compareTags([{Key: 'aws:cloudformation:stack-name', Value: 'x'}], {'aws:cloudformation:stack-name': 'y', 'aws:cloudformation:logical-id': 'Z'}, true, lineOf).differences).toEqual([])
  })

  it('GIVEN a tag only AWS has WHEN compared THEN it is drift in strict mode only', () => {
    expect(compareTags([], {Stray: 'x'}, false, lineOf).differences).toEqual([])
    expect(compareTags([], {Stray: 'x'}, true, lineOf).differences).toEqual([{path: '/Tags/Stray', expected: null, actual: 'x', kind: 'ADD', line: 28}])
  })

  it('GIVEN a tag key with a slash WHEN compared THEN the key is escaped as a JSON pointer token', () => {
    expect(compareTags([{Key: 'team/owner', Value: 'a'}], {'team/owner': 'b'}, false, lineOf).differences[0].path).toBe('/Tags/team~1owner')
  })

  it('GIVEN a tag key that could not be resolved WHEN strict THEN AWS-only tags are not checked rather than reported extra', () => {
    const result = compareTags([{Key: unresolved('!Ref Missing'), Value: 'a'}], {Stray: 'x'}, true, lineOf)
    expect(result).toEqual({differences: [], notChecked: [{path: '/Tags/0', reason: '!Ref Missing'}]})
  })
})
