import {describe, expect, it} from 'vitest'

import type {ActualResource} from '../../../src/core/model.js'
import {arnOf, healCallProblem, keyValueTagApi} from '../../../src/core/resources/heal.js'

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
