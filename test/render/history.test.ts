import {parse} from 'node-html-parser'
import {describe, expect, it} from 'vitest'

import {type HistoryRun, historyItem} from '../../src/core/history/run-record.js'
import {driftHistory} from '../../src/core/history/view.js'
import type {DriftItem} from '../../src/core/model.js'
import {renderHistoryHtml} from '../../src/render/history-html.js'
import {renderHistoryMarkdown, renderHistoryText} from '../../src/render/history.js'
import {createStyle} from '../../src/render/style.js'

const scope = {regions: ['us-east-1'], phases: null, targets: null, unread: []}
const HOSTILE_ID = '<script>alert(1)</script>"onmouseover="x\u001B[2J'

function item(id: string, severity: DriftItem['severity'], file = 'phases/30-compute/03-ecs-services.yaml') {
  return historyItem(
    {id, type: 'AWS::ECS::Service', driftType: 'configuration_drift', severity, impact: [], autoHealable: false, physicalId: id, region: 'us-east-1', location: {file, line: 12}, differences: [{path: '/DesiredCount', expected: 1, actual: 3, kind: 'NOT_EQUAL'}]},
    '30-compute',
  )
}

const run = (at: string, items: ReturnType<typeof item>[]): HistoryRun => ({version: 1, at, commit: null, scope, items})
const RUNS = [
  run('2026-11-01T06:00:00.000Z', [item('Api', 'medium'), item('Web', 'high'), item(HOSTILE_ID, 'low', 'javascript:alert(1)')]),
  run('2026-11-02T06:00:00.000Z', [item('Web', 'high'), item(HOSTILE_ID, 'low', 'javascript:alert(1)')]),
  run('2026-11-04T06:00:00.000Z', [item('Web', 'high'), item('Db', 'critical')]),
]
const history = driftHistory(RUNS, [], '2026-11-05T00:00:00.000Z')

describe('drift history --output html', () => {
  const html = renderHistoryHtml(history)
  const document = parse(html)

  it('GIVEN a history WHEN rendered as HTML THEN the table has one row per item with the values of the history', () => {
    const rows = document.querySelectorAll('#items tbody tr')
    expect(rows).toHaveLength(history.items.length)
    const cells = rows.map((row) => row.querySelectorAll('td').map((cell) => cell.text))
    expect(cells.map((row) => [row[0], row[1], row[2], row[6], row[7], row[8], row[9]])).toEqual(
      history.items.map((entry) => [entry.state, entry.severity, entry.id.replace('\u001B', String.raw`\x1b`), entry.firstSeen.slice(0, 10), entry.lastSeen.slice(0, 10), String(entry.runs), entry.resolvedAt ? `${entry.resolvedAt.slice(0, 10)} (went away)` : '']),
    )
    expect(document.querySelectorAll('#items thead th').map((heading) => heading.getAttribute('data-type'))).toContain('number')
  })

  it('GIVEN a history WHEN rendered as HTML THEN the chart has one bar per trend day whose segments carry the counts of the trend', () => {
    const days = document.querySelectorAll('svg#trend g.day')
    expect(days.map((bar) => bar.getAttribute('data-day'))).toEqual(history.trend.map((point) => point.day))
    for (const [index, bar] of days.entries()) {
      const point = history.trend[index]!
      for (const severity of ['low', 'medium', 'high', 'critical'] as const) {
        expect(Number(bar.getAttribute(`data-${severity}`))).toBe(point.bySeverity[severity])
        const segment = bar.querySelector(`rect[data-severity="${severity}"]`)
        expect(segment ? Number(segment.getAttribute('data-count')) : 0).toBe(point.bySeverity[severity])
      }
    }

    // Day 3 (no run) still shows the items open at its end: Web.
    expect(history.trend.map((point) => point.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'])
  })

  it('GIVEN the page WHEN inspected THEN it loads nothing from outside: no src or external href, a CSP forbidding it, one inline script', () => {
    expect(document.querySelectorAll('[src]')).toHaveLength(0)
    expect(document.querySelectorAll('link')).toHaveLength(0)
    for (const link of document.querySelectorAll('a')) expect(link.getAttribute('href')).toMatch(/^phases\/[\w./-]+#L\d+$/)
    expect(document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toContain("default-src 'none'")
    expect(document.querySelectorAll('script')).toHaveLength(1)
  })

  it('GIVEN an AWS id with markup and a javascript: file WHEN rendered THEN they are text, not elements or links', () => {
    expect(html).not.toContain('<script>alert')
    expect(html).not.toContain('\u001B')
    const hostileRow = document.querySelectorAll('#items tbody tr').find((row) => row.text.includes('alert(1)</script>'))!
    expect(hostileRow).toBeDefined()
    expect(hostileRow.querySelectorAll('a')).toHaveLength(0)
    expect(hostileRow.querySelectorAll('[onmouseover]')).toHaveLength(0)
    expect(document.querySelectorAll('a').map((link) => link.getAttribute('href'))).not.toContain('javascript:alert(1)#L12')
  })
})

describe('drift history text and Markdown', () => {
  it('GIVEN a history WHEN rendered as text THEN open items come first with their facts, escapes are visible, and the trend is listed', () => {
    const text = renderHistoryText(history, createStyle(false))
    expect(text).toContain('Drift history: 4 items (2 open, 2 resolved) over 3 runs, 2026-11-01 → 2026-11-04')
    expect(text.indexOf('OPEN (2)')).toBeLessThan(text.indexOf('RESOLVED (2)'))
    expect(text).toMatch(/✓ low <script>alert\(1\)<\/script>"onmouseover="x\\x1b\[2J/)
    expect(text).toContain('first seen 2026-11-01 · last seen 2026-11-04 · 3 runs · age 3.8 d')
    expect(text).toMatch(/2026-11-03\s+0\s+1\s+0\s+1\n/)
    expect(text).not.toContain('\u001B')
  })

  it('GIVEN a history WHEN rendered as Markdown THEN one table row per item, the hostile id inside a code span, and the trend table', () => {
    const markdown = renderHistoryMarkdown(history)
    const rows = markdown.split('\n').filter((line) => line.startsWith('| open') || line.startsWith('| resolved'))
    expect(rows).toHaveLength(4)
    expect(markdown).toContain('| 2026-11-03 | 0 | 1 | 0 | 1 |')
    expect(markdown).not.toMatch(/(^|[^`])<script>/)
  })
})
