import {describe, expect, it} from 'vitest'

import type {DriftItem} from '../../src/core/model.js'
import {selectItems} from '../../src/core/select-items.js'

const item = (id: string, driftType: DriftItem['driftType'] = 'tag_drift'): DriftItem => ({
  id,
  type: 'AWS::EC2::Instance',
  driftType,
  severity: 'low',
  impact: [],
  autoHealable: true,
  physicalId: null,
  region: 'us-east-1',
  location: null,
  differences: [],
})

const items = [item('Web'), item('Db'), item('i-0abc', 'extra_resource')]
const declared = new Map([
  ['Web', {}],
  ['Db', {}],
  ['Quiet', {}],
])

describe('selecting drift items by id', () => {
  it('GIVEN no ids WHEN selecting THEN every item is selected', () => {
    expect(selectItems(items, declared, []).map((one) => one.id)).toEqual(['Web', 'Db', 'i-0abc'])
  })

  it('GIVEN drifted, extra and in-sync declared ids WHEN selecting THEN the drifted and extra ones come back, the in-sync one selects nothing', () => {
    expect(selectItems(items, declared, ['i-0abc', 'Quiet', 'Db']).map((one) => one.id)).toEqual(['Db', 'i-0abc'])
  })

  it('GIVEN an unknown id WHEN selecting THEN one usage line names it and the drifted ids, or the hint given instead', () => {
    expect(() => selectItems(items, declared, ['Nope', 'Web'])).toThrow("no resource 'Nope' in the phases or among the extra resources")
    expect(() => selectItems(items, declared, ['Nope'])).toThrow(expect.objectContaining({line: "no resource 'Nope' in the phases or among the extra resources (drifted: Web, Db, i-0abc)", exitCode: 1}))
    expect(() => selectItems(items, declared, ['Nope'], {hint: 'see check_drift'})).toThrow(expect.objectContaining({line: "no resource 'Nope' in the phases or among the extra resources (see check_drift)"}))
    expect(() => selectItems([], declared, ['Nope'])).toThrow(expect.objectContaining({hint: 'nothing drifted'}))
  })
})
