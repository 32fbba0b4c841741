import {describe, expect, it} from 'vitest'

import type {DesiredResource} from '../../../src/core/model.js'
import {selectAnalysis} from '../../../src/core/plan/selection.js'
import {analysis, diff, item, vpc} from './heal-fixtures.js'

const drift = analysis(
  [
    [item('DbSg', null, [diff('/SecurityGroupIngress/1', null, {}, 'ADD')], {type: 'AWS::EC2::SecurityGroup', severity: 'critical'}), null],
    [item('Web', null, [diff('/InstanceType', 'a', 'b')], {type: 'AWS::EC2::Instance', severity: 'high'}), null],
    [item('Vpc', vpc(), [diff('/Tags/Owner', 'a', 'b')], {severity: 'low'}), null],
    [{...item('Api', null, [diff('/DesiredCount', 2, 3)], {severity: 'medium'}), ref: 'prod/us-east-1/Api'} as ReturnType<typeof item>, null],
  ],
  {desired: new Map([['InSync', {} as DesiredResource]])},
)

describe('selectAnalysis: the one selection of heal, revert and reverse-sync', () => {
  it.each([
    {selection: {ids: [], types: []}, want: ['DbSg', 'Web', 'Vpc', 'Api']},
    {selection: {ids: ['Web', 'Vpc'], types: []}, want: ['Web', 'Vpc']},
    {selection: {ids: ['prod/us-east-1/Api'], types: []}, want: ['Api']},
    {selection: {ids: [], types: ['AWS::EC2::*']}, want: ['DbSg', 'Web', 'Vpc']},
    {selection: {ids: [], types: ['AWS::EC2::Instance']}, want: ['Web']},
    {selection: {ids: [], types: [], minSeverity: 'high'}, want: ['DbSg', 'Web']},
    {selection: {ids: [], types: [], maxSeverity: 'medium'}, want: ['Vpc', 'Api']},
    {selection: {ids: ['InSync'], types: []}, want: []},
    {selection: {ids: ['DbSg', 'Web'], types: [], maxSeverity: 'high'}, want: ['Web']},
  ] as const)('GIVEN $selection WHEN selecting THEN $want', ({selection, want}) => {
    const selected = selectAnalysis(drift, selection)
    expect(selected.analysis.items.map((one) => one.id)).toEqual(want)
    expect(selected.unknownIds).toEqual([])
  })

  it('GIVEN a typo WHEN selecting THEN it is reported as unknown, not silently selecting nothing', () => {
    expect(selectAnalysis(drift, {ids: ['Wbe', 'Web'], types: []}).unknownIds).toEqual(['Wbe'])
  })
})
