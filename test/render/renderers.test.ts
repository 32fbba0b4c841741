import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {renderDiff} from '../../src/render/diff.js'
import {renderJson} from '../../src/render/json.js'
import {renderMarkdown} from '../../src/render/markdown.js'
import {renderSarif} from '../../src/render/sarif.js'
import {createStyle} from '../../src/render/style.js'
import {renderText} from '../../src/render/text.js'
import {demoOutcome} from '../helpers/demo-outcome.js'
import {validate} from './json-schema-subset.js'

const plain = createStyle(false)

describe('text report', () => {
  it('GIVEN the demo drift WHEN rendering text THEN it shows the headline, items grouped by severity with file:line, and next commands', async () => {
    const {report, analysis} = await demoOutcome()
    const text = renderText(report, {style: plain, details: analysis})
    const lines = text.split('\n')
    expect(lines[0]).toBe('Drift detected: 8 items (1 critical, 2 high, 3 medium, 2 low) in 18 resources (phases vs snapshot test/fixtures/demo-snapshot.json)')
    expect(lines.filter((line) => /^(CRITICAL|HIGH|MEDIUM|LOW) \(\d+\)$/.test(line))).toEqual(['CRITICAL (1)', 'HIGH (2)', 'MEDIUM (3)', 'LOW (2)'])
    expect(text).toContain('  ● WebInstance  AWS::EC2::Instance · configuration drift · availability, cost\n      ~ /InstanceType  "t3.micro" → "t3.large"  phases/30-compute/01-instances.yaml:28')
    expect(text).toContain('      declared at phases/30-compute/03-ecs-services.yaml:91, not found in AWS')
    expect(text).toContain('  ● WorkerInstance  AWS::EC2::Instance · tag drift · cost · auto-healable')
    expect(text).toContain('  ApiService /DesiredCount: 2 → 4  autoscaling-range 2..6')
    expect(text).toMatch(/\n {2}ialctl drift diff DatabaseSecurityGroup WebInstance ApiCpuAlarm +every difference/)
    expect(text).toMatch(/\n {2}ialctl drift heal +put back the 4 items/)
    expect(text).not.toContain('\u001B[')
  })

  it('GIVEN colour enabled WHEN rendering text THEN severities are coloured', async () => {
    const {report} = await demoOutcome()
    const red = '\u001B[31m'
    const text = renderText(report, {style: createStyle(true)})
    expect(text.split('\n').find((line) => line.includes('CRITICAL (1)'))).toContain(red)
    expect(text.split('\n').find((line) => line.includes('LOW (2)'))).not.toContain(red)
  })

  it('GIVEN no items WHEN rendering text THEN it is one line', async () => {
    const {report} = await demoOutcome()
    const inSync: DriftReport = {...report, items: [], summary: {...report.summary, expected: 0, notChecked: 0, unsupported: 0}}
    expect(renderText(inSync, {style: plain})).toBe('No drift: 18 resources in sync.\n')
  })

  it('GIVEN ignored differences WHEN rendering with and without --show-ignored THEN they are listed or only counted', async () => {
    const {report, analysis} = await demoOutcome()
    const ignored = [{id: 'WebInstance', type: 'AWS::EC2::Instance', rule: 'tag:LastPatched', difference: {path: '/Tags/LastPatched', expected: '2026-01-01', actual: '2026-11-20', kind: 'NOT_EQUAL' as const}}]
    const details = {...analysis, ignored}
    expect(renderText(report, {style: plain, details})).toContain('1 difference ignored by rules (--show-ignored lists them).')
    expect(renderText(report, {style: plain, details, showIgnored: true})).toContain('  WebInstance /Tags/LastPatched: "2026-01-01" → "2026-11-20"  rule tag:LastPatched')
  })
})

describe('markdown report', () => {
  it('GIVEN the demo drift WHEN rendering markdown THEN it has a headline, one table row per item and next steps', async () => {
    const {report, analysis} = await demoOutcome()
    const markdown = renderMarkdown(report, analysis)
    expect(markdown.startsWith('## ialctl drift check: 8 items drifted\n')).toBe(true)
    const rows = markdown.split('\n').filter((line) => line.startsWith('| 🔴') || line.startsWith('| 🟠') || line.startsWith('| 🟡') || line.startsWith('| 🔵'))
    expect(rows).toHaveLength(8)
    expect(rows[0]).toBe(
      '| 🔴 critical | `DatabaseSecurityGroup` | AWS::EC2::SecurityGroup | configuration drift | `phases/10-security/01-security-groups.yaml:65` | + `/SecurityGroupIngress/1` (line 71): `(absent)` → `{"CidrIp":"0.0.0.0/0","Description":"temp debug a…` |',
    )
    expect(markdown).toContain('| 🟡 medium | `i-0d4e5f60718293a4b` | AWS::EC2::Instance | extra in AWS | us-east-1 `i-0d4e5f60718293a4b` | in AWS, not declared |')
    expect(markdown).toContain('- `ialctl drift heal`: put back the 4 items')
  })
})

describe('SARIF', () => {
  it('GIVEN the demo drift WHEN rendering SARIF THEN every declared item lands on its template line with a rule per drift type', async () => {
    const {report} = await demoOutcome()
    const sarif = renderSarif(report, '0.1.0')
    expect(sarif.version).toBe('2.1.0')
    const [run] = sarif.runs
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(['configuration_drift', 'tag_drift', 'missing_resource', 'extra_resource'])
    expect(run.results.map((result) => [result.ruleId, result.level, result.locations[0].physicalLocation.artifactLocation.uri, result.locations[0].physicalLocation.region.startLine])).toEqual([
      ['configuration_drift', 'error', 'phases/10-security/01-security-groups.yaml', 71],
      ['configuration_drift', 'error', 'phases/30-compute/01-instances.yaml', 28],
      ['missing_resource', 'error', 'phases/30-compute/03-ecs-services.yaml', 91],
      ['configuration_drift', 'warning', 'phases/30-compute/01-instances.yaml', 74],
      ['configuration_drift', 'warning', 'phases/40-data/02-aurora-postgresql.yaml', 33],
      ['tag_drift', 'note', 'phases/30-compute/01-instances.yaml', 57],
      ['configuration_drift', 'note', 'phases/30-compute/03-ecs-services.yaml', 73],
    ])
    expect(run.results[1].message.text).toBe('[high] WebInstance (AWS::EC2::Instance) /InstanceType is "t3.large" in AWS, "t3.micro" in the template.')
    expect(run.results.every((result) => result.ruleIndex === run.tool.driver.rules.findIndex((rule) => rule.id === result.ruleId))).toBe(true)
    expect(run.properties.extraResources).toEqual([{id: 'i-0d4e5f60718293a4b', type: 'AWS::EC2::Instance', region: 'us-east-1'}])
  })
})

describe('diff', () => {
  it('GIVEN drifted items WHEN rendering the diff THEN each difference reads file:line  path: expected → actual with a terraform marker', async () => {
    const {report} = await demoOutcome()
    const text = renderDiff(report.items, plain)
    expect(text).toContain('~ WebInstance  AWS::EC2::Instance  configuration drift  high\n    phases/30-compute/01-instances.yaml:24\n    ~ phases/30-compute/01-instances.yaml:28  /InstanceType: "t3.micro" → "t3.large"')
    expect(text).toContain('    + phases/10-security/01-security-groups.yaml:71  /SecurityGroupIngress/1: (absent) → {"CidrIp":"0.0.0.0/0","Description":"temp debug access","FromPort":5432,"IpProtocol":"tcp","ToPort":5432}')
    expect(text).toContain('- ApiCpuAlarm  AWS::CloudWatch::Alarm  missing in AWS  high')
    expect(text).toContain('+ i-0d4e5f60718293a4b  AWS::EC2::Instance  extra in AWS  medium')
  })
})

describe('JSON report', () => {
  it('GIVEN the demo report WHEN validated against schema/drift-report.schema.json THEN it conforms', async () => {
    const {report} = await demoOutcome()
    const schema = JSON.parse(readFileSync('schema/drift-report.schema.json', 'utf8'))
    expect(validate(schema, JSON.parse(renderJson(report)))).toEqual([])
  })

  it('GIVEN a report that breaks the schema WHEN validated THEN the validator names what is wrong', async () => {
    const {report} = await demoOutcome()
    const schema = JSON.parse(readFileSync('schema/drift-report.schema.json', 'utf8'))
    const broken = {...report, items: [{...report.items[0], severity: 'urgent', extra: 1}]}
    expect(validate(schema, broken)).toEqual(['/items/0/severity: must be one of ["low","medium","high","critical"]', '/items/0: unexpected extra'])
  })
})
