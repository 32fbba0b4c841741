import {describe, expect, it} from 'vitest'

import {driftReportSchema} from '../../src/core/report-schema.js'
import {demoOutcome} from '../helpers/demo-outcome.js'

describe('drift report schema (one shape, two uses)', () => {
  const file = driftReportSchema('file').report
  const listed = driftReportSchema('listed').report

  it('GIVEN the demo report as JSON WHEN checked for a shard file and for the MCP listing THEN both accept it unchanged', async () => {
    const {report} = await demoOutcome()
    const json = JSON.parse(JSON.stringify(report))
    expect(file.parse(json)).toEqual(json)
    expect(listed.parse(json)).toEqual(json)
  })

  it('GIVEN a field the schema does not have WHEN checked THEN a shard file is refused at its path and the MCP listing lets it through', async () => {
    const json = JSON.parse(JSON.stringify((await demoOutcome()).report))
    json.items[0].addedLater = true
    const result = file.safeParse(json)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({code: 'unrecognized_keys', path: ['items', 0], keys: ['addedLater']})
    expect(listed.parse(json).items[0]).toHaveProperty('addedLater', true)
  })

  it('GIVEN an id longer than any AWS name WHEN checked THEN a shard file is refused and the MCP listing is not bounded', async () => {
    const json = JSON.parse(JSON.stringify((await demoOutcome()).report))
    json.items[0].id = 'x'.repeat(5000)
    expect(file.safeParse(json).error?.issues[0].path).toEqual(['items', 0, 'id'])
    expect(listed.safeParse(json).success).toBe(true)
  })
})
