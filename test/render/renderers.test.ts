import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {reportAsVersion} from '../../src/core/report.js'
import {renderDiff} from '../../src/render/diff.js'
import {renderJson} from '../../src/render/json.js'
import {renderMarkdown} from '../../src/render/markdown.js'
import {renderSarif} from '../../src/render/sarif.js'
import {createStyle} from '../../src/render/style.js'
import {renderText} from '../../src/render/text.js'
import {demoCounts, demoHeadline, demoHealable, demoItemCount, demoMarkdownHeadline, demoNotCompared, demoSeverities, demoSummary} from '../fixtures/demo-expected.js'
import {demoOutcome} from '../helpers/demo-outcome.js'
import {validate} from './json-schema-subset.js'

const plain = createStyle(false)

describe('text report', () => {
  it('GIVEN the same drift read from AWS (no snapshot) WHEN rendering text THEN heal and revert are proposed to run, not as a plan only', async () => {
    const {report} = await demoOutcome()
    const text = renderText({...report, source: {...report.source, snapshot: null}}, {style: plain})
    expect(text).toMatch(new RegExp(`\\n {2}ialctl drift heal +put back the ${demoHealable} items that can be healed safely \\(tags and small settings\\)\\n`))
    expect(text).toMatch(/\n {2}ialctl drift revert DatabaseSecurityGroup ApiTaskRole HttpsListener +put back the critical security drift Git declares \(3 items\) in place, after approval\n/)
    expect(text).not.toContain('--dry-run +put back')
  })

  it('GIVEN the demo drift WHEN rendering text THEN it shows the headline, items grouped by severity with file:line, and next commands', async () => {
    const {report, analysis} = await demoOutcome()
    const text = renderText(report, {style: plain, details: analysis})
    const lines = text.split('\n')
    expect(lines[0]).toBe(`${demoHeadline} (phases vs snapshot test/fixtures/demo-snapshot.json)`)
    // What each number counts, so that they add up: drifted + missing + extra items; in sync + drifted + missing declared resources; extra is not declared.
    expect(demoSummary.inSync + demoSummary.drifted + demoSummary.missing).toBe(demoSummary.resources)
    expect(lines[1]).toBe(`  ${demoCounts}`)
    expect(lines[2]).toBe(`  ${demoNotCompared}`)
    const {critical, high, medium, low} = demoSeverities
    expect(lines.filter((line) => /^(CRITICAL|HIGH|MEDIUM|LOW) \(\d+\)$/.test(line))).toEqual([`CRITICAL (${critical})`, `HIGH (${high})`, `MEDIUM (${medium})`, `LOW (${low})`])
    expect(critical + high + medium + low).toBe(demoItemCount)
    expect(text).toContain('  ● WebInstance  AWS::EC2::Instance · configuration drift · availability, cost\n      ~ /InstanceType  "t3.micro" → "t3.large"  phases/30-compute/01-instances.yaml:28')
    expect(text).toContain('      declared at phases/30-compute/03-ecs-services.yaml:97, not found in AWS')
    expect(text).toContain('  ● WorkerInstance  AWS::EC2::Instance · tag drift · cost · auto-healable')
    expect(text).toContain('  ApiService /DesiredCount: 2 → 4  autoscaling-range 2..6')
    expect(text).toMatch(/\n {2}ialctl drift diff DatabaseSecurityGroup ApiTaskRole HttpsListener +every difference/)
    // From a snapshot, heal and revert can only show their plan (they refuse to write from one): --dry-run.
    expect(text).toMatch(new RegExp(`\\n {2}ialctl drift heal --dry-run +put back the ${demoHealable} items .*\\(the plan only: a snapshot is not AWS\\)`))
    expect(text).toMatch(/\n {2}ialctl drift revert DatabaseSecurityGroup ApiTaskRole HttpsListener --dry-run +put back the critical security drift Git declares \(3 items\)/)
    expect(text).toMatch(/\n {2}ialctl reverse-sync --dry-run +bring Git up to date for the other 2 through a pull request/)
    expect(text).toMatch(/\n {2}ialctl drift diff ApiCpuAlarm +decide by hand \(1 item\)/)
    expect(text).not.toContain('\u001B[')
  })

  it('GIVEN the README WHEN it shows how the demo begins THEN that is what the demo prints (commit aside)', async () => {
    const {report, analysis} = await demoOutcome()
    const excerpt = /It begins:\n\n```text\n([\s\S]*?)```/.exec(readFileSync('README.md', 'utf8'))?.[1]
    expect(excerpt).toBeDefined()
    const text = renderText(report, {style: plain, details: analysis})
    expect(text.startsWith(excerpt!.replace(/ @ [0-9a-f]{7} vs /, ' vs '))).toBe(true)
  })

  it('GIVEN colour enabled WHEN rendering text THEN severities are coloured', async () => {
    const {report} = await demoOutcome()
    const red = '\u001B[31m'
    const text = renderText(report, {style: createStyle(true)})
    expect(text.split('\n').find((line) => line.includes(`CRITICAL (${demoSeverities.critical})`))).toContain(red)
    expect(text.split('\n').find((line) => line.includes(`LOW (${demoSeverities.low})`))).not.toContain(red)
  })

  it('GIVEN no items WHEN rendering text THEN it is one line', async () => {
    const {report} = await demoOutcome()
    const inSync: DriftReport = {...report, items: [], summary: {...report.summary, expected: 0, notChecked: 0, unsupported: 0, unsupportedResources: []}}
    expect(renderText(inSync, {style: plain})).toBe(`No drift: ${demoSummary.resources} declared resources in sync.\n`)
  })

  it('GIVEN the demo drift WHEN rendering text THEN the critical security group rule is printed whole: protocol, port, source and description', async () => {
    const {report} = await demoOutcome()
    expect(renderText(report, {style: plain})).toContain(
      '      + /SecurityGroupIngress/1  only in AWS: tcp 5432 from 0.0.0.0/0 ("temp debug access")  phases/10-security/01-security-groups.yaml:71',
    )
  })

  it('GIVEN unsupported resources WHEN rendering text THEN they are named by id, type and file:line, folded past ten', async () => {
    const {report} = await demoOutcome()
    expect(renderText(report, {style: plain})).toContain(
      'Unsupported, not compared (3):\n  DataKeyAlias               AWS::KMS::Alias           phases/10-security/04-data-key.yaml:45\n  EcsCapacityLaunchTemplate  AWS::EC2::LaunchTemplate  phases/30-compute/06-ecs-capacity.yaml:22\n  DbSubnetGroup              AWS::RDS::DBSubnetGroup   phases/40-data/01-db-subnet-group.yaml:13\n',
    )
    const many = Array.from({length: 17}, (_, index) => ({id: `Topic${index}`, type: 'Custom::Topic', location: {file: 'phases/50-messaging/01-topics.yaml', line: 3 + index}}))
    const text = renderText({...report, items: [], summary: {...report.summary, unsupported: 17, unsupportedResources: many}}, {style: plain})
    expect(text.split('\n').slice(0, 2)).toEqual([`No drift: ${demoSummary.resources} declared resources in sync (${demoSummary.expected} expected, ${demoSummary.notChecked} not checked, 17 unsupported).`, 'Unsupported, not compared (17):'])
    expect(text).toContain('  Topic9  Custom::Topic  phases/50-messaging/01-topics.yaml:12\n  … and 7 more\n')
    expect(text).not.toContain('Topic10')
  })

  it('GIVEN nothing healable or revertible WHEN rendering the next steps THEN reverse sync is offered for the items themselves, not for "the other" ones', async () => {
    const {report} = await demoOutcome()
    const adoptOnly: DriftReport = {...report, items: report.items.filter((item) => item.recommended === 'adopt')}
    const text = renderText(adoptOnly, {style: plain})
    expect(text).not.toContain('ialctl drift heal')
    expect(text).not.toContain('ialctl drift revert')
    expect(text).toMatch(/ialctl reverse-sync --dry-run +bring Git up to date for the 2 items through a pull request/)
    expect(renderText({...report, items: report.items.filter((item) => item.id === 'WebInstance')}, {style: plain})).toMatch(/ialctl reverse-sync --dry-run +bring Git up to date for the item through/)
    expect(renderText({...report, items: report.items.filter((item) => item.autoHealable || item.id === 'WebInstance')}, {style: plain})).toMatch(/for the other item through/)
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
    expect(markdown.startsWith(`${demoMarkdownHeadline}\n`)).toBe(true)
    const {critical, high, medium, low} = demoSeverities
    expect(markdown).toContain(`**${critical}** 🔴 critical · **${high}** 🟠 high · **${medium}** 🟡 medium · **${low}** 🔵 low: ${demoCounts}.`)
    expect(markdown).toContain(
      '**Unsupported, not compared (3):** `DataKeyAlias` (AWS::KMS::Alias, `phases/10-security/04-data-key.yaml:45`), `EcsCapacityLaunchTemplate` (AWS::EC2::LaunchTemplate, `phases/30-compute/06-ecs-capacity.yaml:22`), `DbSubnetGroup` (AWS::RDS::DBSubnetGroup, `phases/40-data/01-db-subnet-group.yaml:13`).',
    )
    const rows = markdown.split('\n').filter((line) => line.startsWith('| 🔴') || line.startsWith('| 🟠') || line.startsWith('| 🟡') || line.startsWith('| 🔵'))
    expect(rows).toHaveLength(demoItemCount)
    expect(rows[0]).toBe(
      '| 🔴 critical | `DatabaseSecurityGroup` | AWS::EC2::SecurityGroup | configuration drift | `phases/10-security/01-security-groups.yaml:65` | + `/SecurityGroupIngress/1` (line 71): `(absent)` → `tcp 5432 from 0.0.0.0/0 ("temp debug access")` |',
    )
    expect(markdown).toContain('| 🟡 medium | `i-0d4e5f60718293a4b` | AWS::EC2::Instance | extra in AWS | us-east-1 `i-0d4e5f60718293a4b` | in AWS, not declared |')
    expect(markdown).toContain(`- \`ialctl drift heal --dry-run\`: put back the ${demoHealable} items`)
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
      ['configuration_drift', 'error', 'phases/10-security/03-api-task-role.yaml', 48],
      ['configuration_drift', 'error', 'phases/30-compute/05-alb.yaml', 83],
      ['configuration_drift', 'error', 'phases/40-data/04-artefacts-bucket.yaml', 29],
      ['configuration_drift', 'error', 'phases/30-compute/01-instances.yaml', 28],
      ['missing_resource', 'error', 'phases/30-compute/03-ecs-services.yaml', 97],
      ['configuration_drift', 'error', 'phases/40-data/03-orders-table.yaml', 32],
      ['configuration_drift', 'warning', 'phases/25-messaging/01-orders-queue.yaml', 32],
      ['configuration_drift', 'warning', 'phases/30-compute/01-instances.yaml', 74],
      ['configuration_drift', 'warning', 'phases/30-compute/04-log-groups.yaml', 23],
      ['configuration_drift', 'warning', 'phases/30-compute/05-alb.yaml', 56],
      ['configuration_drift', 'warning', 'phases/40-data/02-aurora-postgresql.yaml', 33],
      ['tag_drift', 'note', 'phases/30-compute/01-instances.yaml', 57],
      ['configuration_drift', 'note', 'phases/30-compute/03-ecs-services.yaml', 79],
      ['tag_drift', 'note', 'phases/30-compute/05-alb.yaml', 43],
    ])
    expect(run.results[4].message.text).toBe('[high] WebInstance (AWS::EC2::Instance) /InstanceType is "t3.large" in AWS, "t3.micro" in the template.')
    expect(run.results.every((result) => result.ruleIndex === run.tool.driver.rules.findIndex((rule) => rule.id === result.ruleId))).toBe(true)
    expect(run.properties.extraResources).toEqual([{id: 'i-0d4e5f60718293a4b', type: 'AWS::EC2::Instance', region: 'us-east-1'}])
    expect(run.results[0].message.text).toBe('[critical] DatabaseSecurityGroup (AWS::EC2::SecurityGroup) /SecurityGroupIngress/1 is only in AWS: tcp 5432 from 0.0.0.0/0 ("temp debug access").')
    // Unsupported resources are notes about the run, not alerts.
    expect(run.invocations[0].toolExecutionNotifications.map((note) => [note.level, note.message.text, note.locations[0].physicalLocation.region.startLine])).toEqual([
      ['note', 'DataKeyAlias (AWS::KMS::Alias) was not compared: ialctl does not read this type, so its drift is not detected.', 45],
      ['note', 'EcsCapacityLaunchTemplate (AWS::EC2::LaunchTemplate) was not compared: ialctl does not read this type, so its drift is not detected.', 22],
      ['note', 'DbSubnetGroup (AWS::RDS::DBSubnetGroup) was not compared: ialctl does not read this type, so its drift is not detected.', 13],
    ])
  })
})

describe('diff', () => {
  it('GIVEN drifted items WHEN rendering the diff THEN each difference reads file:line  path: expected → actual with a terraform marker', async () => {
    const {report} = await demoOutcome()
    const text = renderDiff(report.items, plain)
    expect(text).toContain('~ WebInstance  AWS::EC2::Instance  configuration drift  high\n    phases/30-compute/01-instances.yaml:24\n    ~ phases/30-compute/01-instances.yaml:28  /InstanceType: "t3.micro" → "t3.large"')
    expect(text).toContain('    + phases/10-security/01-security-groups.yaml:71  /SecurityGroupIngress/1: (absent) → tcp 5432 from 0.0.0.0/0 ("temp debug access")')
    expect(text).toContain('- ApiCpuAlarm  AWS::CloudWatch::Alarm  missing in AWS  high')
    expect(text).toContain('+ i-0d4e5f60718293a4b  AWS::EC2::Instance  extra in AWS  medium')
  })
})

describe('JSON report', () => {
  const schemaV1 = JSON.parse(readFileSync('schema/drift-report.v1.schema.json', 'utf8'))
  const schemaV2 = JSON.parse(readFileSync('schema/drift-report.v2.schema.json', 'utf8'))

  it('GIVEN the demo report WHEN validated against schema/drift-report.v2.schema.json THEN it conforms, unsupported resources included', async () => {
    const {report} = await demoOutcome()
    const json = JSON.parse(renderJson(report))
    expect(json.schemaVersion).toBe(2)
    expect(json.summary.unsupportedResources).toEqual([
      {id: 'DataKeyAlias', type: 'AWS::KMS::Alias', location: {file: 'phases/10-security/04-data-key.yaml', line: 45}},
      {id: 'EcsCapacityLaunchTemplate', type: 'AWS::EC2::LaunchTemplate', location: {file: 'phases/30-compute/06-ecs-capacity.yaml', line: 22}},
      {id: 'DbSubnetGroup', type: 'AWS::RDS::DBSubnetGroup', location: {file: 'phases/40-data/01-db-subnet-group.yaml', line: 13}},
    ])
    expect(validate(schemaV2, json)).toEqual([])
    const recommended = json.items.map((_: unknown, index: number) => `/items/${index}: unexpected recommended`)
    expect(validate(schemaV1, json)).toEqual(['/schemaVersion: must be 1', '/source: unexpected uncommittedChanges', '/summary: unexpected unsupportedResources', ...recommended])
  })

  it('GIVEN the demo report as version 1 WHEN validated against schema/drift-report.v1.schema.json THEN it conforms and is the v2 report without the new fields', async () => {
    const {report} = await demoOutcome()
    const v1 = JSON.parse(renderJson(reportAsVersion(report, 1)))
    expect(validate(schemaV1, v1)).toEqual([])
    const {unsupportedResources, ...v1Summary} = JSON.parse(renderJson(report)).summary
    expect(unsupportedResources).toHaveLength(demoSummary.unsupported)
    const {uncommittedChanges, ...v1Source} = JSON.parse(renderJson(report)).source
    expect(uncommittedChanges).toBe(false)
    const v2Items = (JSON.parse(renderJson(report)).items as Array<Record<string, unknown>>).map(({recommended, ...item}) => {
      expect(['heal', 'revert', 'adopt', 'manual']).toContain(recommended)
      return item
    })
    expect(v1).toEqual({...JSON.parse(renderJson(report)), schemaVersion: 1, source: v1Source, summary: v1Summary, items: v2Items})
  })

  it('GIVEN a report with every optional version 2 field WHEN validated THEN the v2 schema accepts them and names a wrong one', async () => {
    const {report} = await demoOutcome()
    const json = JSON.parse(renderJson(report))
    const full = {
      ...json,
      summary: {
        ...json.summary,
        unread: [{target: 'prod', type: 'AWS::RDS::DBCluster', region: 'us-east-1', reason: 'AccessDenied: rds:DescribeDBClusters'}],
        resolved: [{id: 'OldAlarm', type: 'AWS::CloudWatch::Alarm', driftType: 'missing_resource', ref: 'prod/us-east-1/OldAlarm'}],
        byTarget: {prod: {account: '123456789012', resources: 18, inSync: 11, drifted: 6, missing: 1, extra: 1}},
      },
      items: json.items.map((item: object) => ({...item, target: 'prod', account: '123456789012', ref: 'prod/us-east-1/X', recommended: 'revert', regionsSearched: ['eu-west-1', 'us-east-1'], status: 'new', firstSeen: '2026-11-20T06:00:00Z', changedBy: 'arn:aws:iam::123456789012:user/alice', changedAt: '2026-11-19T22:14:00Z'})),
    }
    expect(validate(schemaV2, full)).toEqual([])
    const wrong = {...full, summary: {...full.summary, byTarget: {prod: {resources: -1}}}, items: [{...full.items[0], recommended: 'ignore'}]}
    expect(validate(schemaV2, wrong)).toEqual([
      '/summary/byTarget/prod: missing inSync',
      '/summary/byTarget/prod: missing drifted',
      '/summary/byTarget/prod: missing missing',
      '/summary/byTarget/prod: missing extra',
      '/summary/byTarget/prod/resources: below 0',
      '/items/0/recommended: must be one of ["heal","revert","adopt","manual"]',
    ])
  })

  it('GIVEN the two schemas WHEN compared THEN version 2 is a strict superset: every version 1 field keeps its schema, and nothing new is required', () => {
    const problems: string[] = []
    const compare = (one: Record<string, unknown>, two: Record<string, unknown>, at: string): void => {
      if (JSON.stringify(one.required ?? []) !== JSON.stringify(two.required ?? [])) problems.push(`${at}: required differs`)
      const oneProperties = (one.properties ?? {}) as Record<string, Record<string, unknown>>
      const twoProperties = (two.properties ?? {}) as Record<string, Record<string, unknown>>
      for (const [key, child] of Object.entries(oneProperties)) {
        if (!twoProperties[key]) problems.push(`${at}/${key}: missing in v2`)
        else if (child.properties) compare(child, twoProperties[key], `${at}/${key}`)
        else if (key !== 'schemaVersion' && JSON.stringify(child) !== JSON.stringify(twoProperties[key])) problems.push(`${at}/${key}: schema differs`)
      }
    }

    compare(schemaV1, schemaV2, '')
    for (const name of Object.keys(schemaV1.$defs)) compare(schemaV1.$defs[name], schemaV2.$defs[name], `#/$defs/${name}`)
    expect(problems).toEqual([])
  })

  it('GIVEN a report that breaks the schema WHEN validated THEN the validator names what is wrong', async () => {
    const {report} = await demoOutcome()
    const broken = {...report, items: [{...report.items[0], severity: 'urgent', extra: 1}]}
    expect(validate(schemaV2, broken)).toEqual(['/items/0/severity: must be one of ["low","medium","high","critical"]', '/items/0: unexpected extra'])
  })
})
