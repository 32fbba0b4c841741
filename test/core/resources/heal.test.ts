import {describe, expect, it} from 'vitest'

import type {ActualResource} from '../../../src/core/model.js'
import {dynamodbTable} from '../../../src/core/resources/dynamodb-table.js'
import {arnOf, declaredCallProblem, healCallProblem, keyValueTagApi} from '../../../src/core/resources/heal.js'

const topicTags = keyValueTagApi({tag: 'SNS.TagResource', untag: 'SNS.UntagResource', targetParam: 'ResourceArn', target: arnOf})
const [tagCall, untagCall] = topicTags.calls
const ARN = 'arn:aws:sns:eu-west-1:123456789012:alerts'

describe('keyValueTagApi', () => {
  it('GIVEN tags to set and to remove WHEN built THEN the calls name the target by its parameter, with Key/Value pairs and TagKeys', () => {
    expect(topicTags.set(ARN, {Owner: 'platform', Team: 'ops'})).toEqual({api: 'SNS.TagResource', params: {ResourceArn: ARN, Tags: [{Key: 'Owner', Value: 'platform'}, {Key: 'Team', Value: 'ops'}]}})
    expect(topicTags.remove(ARN, {Temp: 'yes'})).toEqual({api: 'SNS.UntagResource', params: {ResourceArn: ARN, TagKeys: ['Temp']}})
    expect(topicTags.target({arn: ARN, physicalId: ARN} as ActualResource)).toBe(ARN)
  })

  it('GIVEN the calls it builds WHEN checked against its own schemas THEN they pass', () => {
    expect(healCallProblem(tagCall, topicTags.set(ARN, {Owner: 'platform'}).params)).toBeUndefined()
    expect(healCallProblem(untagCall, topicTags.remove(ARN, {Owner: 'platform'}).params)).toBeUndefined()
  })

  it.each([
    ['an aws: tag', tagCall, {ResourceArn: ARN, Tags: [{Key: 'aws:cloudformation:stack-name', Value: 'x'}]}, 'Tags must list at least one tag, each with a Key (aws: tags excluded)'],
    ['no tag at all', tagCall, {ResourceArn: ARN, Tags: []}, 'Tags must list at least one tag, each with a Key (aws: tags excluded)'],
    ['no key to remove', untagCall, {ResourceArn: ARN, TagKeys: []}, 'TagKeys must list at least one tag key (aws: tags excluded)'],
    ['an empty target', untagCall, {ResourceArn: '', TagKeys: ['Owner']}, 'ResourceArn must be a non-empty string'],
  ])('GIVEN a forged call with %s WHEN checked THEN it is refused with one line', (_case, call, params, message) => {
    expect(healCallProblem(call, params)).toEqual({message, unknownParameter: false})
  })

  it('GIVEN a parameter the call never carries WHEN checked THEN it is named as not a heal parameter', () => {
    expect(healCallProblem(untagCall, {ResourceArn: ARN, TagKeys: ['Owner'], Force: true})).toEqual({message: 'Force is not a parameter a heal sends', unknownParameter: true})
  })
})

describe('declaredCallProblem (one API, a heal schema and a revert schema: DynamoDB UpdateTable)', () => {
  const updateTable = [...(dynamodbTable.heal?.calls ?? []), ...(dynamodbTable.revert?.calls ?? [])].filter((call) => call.api === 'DynamoDB.UpdateTable')

  it.each([
    ['a value only the revert schema knows is wrong', {TableName: 't', BillingMode: 'PAY_PER_REQUEST', ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}}, {message: 'PAY_PER_REQUEST takes no ProvisionedThroughput', unknownParameter: false}],
    ['a value only the heal schema knows is wrong', {TableName: 't', DeletionProtectionEnabled: false}, {message: 'DeletionProtectionEnabled may only be turned on (true)', unknownParameter: false}],
    ['a parameter neither sends', {TableName: 't', BillingMode: 'PAY_PER_REQUEST', SSESpecification: {Enabled: false}}, {message: 'SSESpecification is not a parameter a revert sends', unknownParameter: true}],
  ])('GIVEN %s WHEN checked for a revert THEN the problem shown is that of the schema the call was meant for', (_case, params, problem) => {
    expect(updateTable).toHaveLength(2)
    expect(declaredCallProblem(updateTable, params, 'revert')).toEqual(problem)
  })

  it('GIVEN parameters one of the schemas accepts WHEN checked THEN there is no problem', () => {
    expect(declaredCallProblem(updateTable, {TableName: 't', BillingMode: 'PAY_PER_REQUEST'}, 'revert')).toBeUndefined()
    expect(declaredCallProblem(updateTable, {TableName: 't', DeletionProtectionEnabled: true}, 'revert')).toBeUndefined()
  })
})
