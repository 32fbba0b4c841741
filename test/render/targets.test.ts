import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {mergeReports} from '../../src/core/report-merge.js'
import {unreadTargetReport} from '../../src/core/targets.js'
import {renderMarkdown} from '../../src/render/markdown.js'
import {renderSarif} from '../../src/render/sarif.js'
import {createStyle} from '../../src/render/style.js'
import {renderText} from '../../src/render/text.js'
import {unitReport} from '../core/targets-fixture.js'
import {validate} from './json-schema-subset.js'

// A role that cannot be assumed answers with AWS's own message: AWS text, here carrying a terminal escape.
const hostileReason = 'cannot assume arn:aws:iam::333333333333:role/r: AccessDenied \u001B]0;owned\u0007 | **x**'
const report = mergeReports(
  [
    unitReport('prod', 'us-east-1', true),
    unitReport('prod', 'eu-west-1', false),
    unitReport('staging', 'eu-west-1', false),
    unreadTargetReport('audit', hostileReason, 3, {schemaVersion: 2, generatedAt: 'T', source: unitReport('prod', 'us-east-1', true).source}),
  ],
  '2026-12-01T00:00:00Z',
)

describe('reports of config targets', () => {
  it('GIVEN a merged report with an unread target WHEN validated against schema/drift-report.v2.schema.json THEN it conforms', () => {
    const schema = JSON.parse(readFileSync('schema/drift-report.v2.schema.json', 'utf8'))
    expect(validate(schema, JSON.parse(JSON.stringify(report)))).toEqual([])
  })

  it('GIVEN two targets and one unread WHEN rendered as text THEN each target has its line with account and counts, items are named by ref, and AWS text is escaped', () => {
    const text = renderText(report, {style: createStyle(false)})
    expect(text).toContain('Targets (3):')
    expect(text).toMatch(/^ {2}prod \(111111111111\) +1 drifted \+ 0 missing \(of 3, 2 in sync\) \+ 0 extra$/m)
    expect(text).toMatch(/^ {2}audit +not read: 3 declared resources unread: cannot assume/m)
    expect(text).toContain('● prod/eu-west-1/JobsQueue')
    expect(text).toContain('● staging/eu-west-1/JobsQueue')
    expect(text).not.toContain('\u001B]0;')
  })

  it('GIVEN the same report WHEN rendered as Markdown THEN a target table precedes the items, and the unread reason cannot format the page', () => {
    const markdown = renderMarkdown(report)
    expect(markdown).toContain('| Target | Account | Result |')
    expect(markdown).toContain('| `prod` | `111111111111` | 1 drifted + 0 missing (of 3, 2 in sync) + 0 extra |')
    expect(markdown).toContain('`prod/eu-west-1/JobsQueue`')
    expect(markdown).not.toContain('| **x**')
    expect(markdown.indexOf('| Target |')).toBeLessThan(markdown.indexOf('| Severity |'))
  })

  it('GIVEN the same drift in two targets WHEN rendered as SARIF THEN they are two alerts (fingerprints differ), each naming target, account and region', () => {
    const [run] = renderSarif(report, '0.0.0').runs
    const results = run.results.filter((result) => result.locations[0].logicalLocations[0].name.endsWith('/JobsQueue'))
    expect(results.map((result) => result.properties)).toEqual([
      expect.objectContaining({target: 'prod', account: '111111111111', region: 'eu-west-1'}),
      expect.objectContaining({target: 'staging', region: 'eu-west-1'}),
    ])
    expect(new Set(results.map((result) => result.partialFingerprints.ialctlDrift)).size).toBe(2)
  })
})
