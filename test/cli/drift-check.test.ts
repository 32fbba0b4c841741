import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {demoCounts, demoHeadline, demoMarkdownHeadline, demoSummary} from '../fixtures/demo-expected.js'
import {createWorkspace, REPO_ROOT, runCli} from '../helpers/cli.js'

// The built CLI, as users run it (`npm test` builds dist first), on the example estate and the demo snapshot:
// from the repository root unless a test gives another directory. The workspace only provides HOME.
const demoSnapshot = 'test/fixtures/demo-snapshot.json'
const workspace = createWorkspace()
const ialctl = (args: string[], options: {cwd?: string; env?: Record<string, string>} = {}) => runCli(workspace, args, {cwd: REPO_ROOT, ...options})

const scratch = () => mkdtempSync(path.join(tmpdir(), 'ialctl-check-'))

/** One VPC declared and the same VPC in a snapshot: nothing drifts. */
function inSyncEstate(): string {
  const dir = scratch()
  mkdirSync(path.join(dir, 'phases/00-foundation'), {recursive: true})
  writeFileSync(
    path.join(dir, 'phases/00-foundation/01-vpc.yaml'),
    ['Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/16', '      Tags:', '        - {Key: Name, Value: main}', ''].join('\n'),
  )
  const snapshot = {
    schemaVersion: 1, readAt: '2026-11-23T06:00:00.000Z', regions: ['eu-west-1'], types: ['AWS::EC2::VPC'], unread: [], apiCalls: {},
    resources: [{type: 'AWS::EC2::VPC', region: 'eu-west-1', physicalId: 'vpc-1', properties: {CidrBlock: '10.0.0.0/16'}, tags: {Name: 'main'}, attributes: {}}],
  }
  writeFileSync(path.join(dir, 'snapshot.json'), JSON.stringify(snapshot))
  return dir
}

describe('ialctl drift check', () => {
  it('GIVEN the example estate and the demo snapshot WHEN checking with --json THEN it prints the report only and exits 2', async () => {
    const {stdout, code} = await ialctl(['drift', 'check', '--snapshot', demoSnapshot, '--json'])
    expect(code).toBe(2)
    const report = JSON.parse(stdout)
    expect(report.schemaVersion).toBe(2)
    expect(report.source).toMatchObject({phases: 'phases', regions: ['us-east-1'], snapshot: demoSnapshot})
    expect(report.items.map((item: {id: string; driftType: string; severity: string}) => `${item.severity} ${item.driftType} ${item.id}`)).toEqual([
      'critical configuration_drift DatabaseSecurityGroup',
      'critical configuration_drift ApiTaskRole',
      'critical configuration_drift HttpsListener',
      'critical configuration_drift ArtefactsBucket',
      'high configuration_drift WebInstance',
      'high missing_resource ApiCpuAlarm',
      'high configuration_drift OrdersTable',
      'medium configuration_drift OrdersQueue',
      'medium configuration_drift WebCpuAlarm',
      'medium configuration_drift ApiLogGroup',
      'medium configuration_drift ApiTargetGroup',
      'medium configuration_drift AuroraCluster',
      'medium extra_resource i-0d4e5f60718293a4b',
      'low tag_drift WorkerInstance',
      'low configuration_drift WorkerService',
      'low tag_drift WebLoadBalancer',
    ])
    expect(report.summary).toMatchObject(demoSummary)
    expect(report.summary.unsupportedResources).toEqual([
      {id: 'DataKeyAlias', type: 'AWS::KMS::Alias', location: {file: 'phases/10-security/04-data-key.yaml', line: 45}},
      {id: 'EcsCapacityLaunchTemplate', type: 'AWS::EC2::LaunchTemplate', location: {file: 'phases/30-compute/06-ecs-capacity.yaml', line: 22}},
      {id: 'DbSubnetGroup', type: 'AWS::RDS::DBSubnetGroup', location: {file: 'phases/40-data/01-db-subnet-group.yaml', line: 13}},
    ])
  })

  it('GIVEN the seed-style drift_config.yaml with sensitivity as a map WHEN checking and planning THEN the families take their base severity and tag drift is still healed', async () => {
    const seeded = createWorkspace({config: readFileSync(path.join(REPO_ROOT, 'config/ialctl.yaml'), 'utf8')})
    writeFileSync(path.join(seeded.dir, 'config/drift_config.yaml'), 'sensitivity: {tags: medium, configuration: high, resources: critical}\n')
    const snapshot = path.join(REPO_ROOT, demoSnapshot)

    const check = await runCli(seeded, ['drift', 'check', '--snapshot', snapshot, '--json'])

    expect(check.stderr).toBe('')
    expect(check.code).toBe(2)
    const severities = Object.fromEntries(JSON.parse(check.stdout).items.map((item: {id: string; severity: string}) => [item.id, item.severity]))
    expect(severities).toMatchObject({WorkerInstance: 'medium', WorkerService: 'high', ApiCpuAlarm: 'critical', 'i-0d4e5f60718293a4b': 'critical', DatabaseSecurityGroup: 'critical'})

    const plan = await runCli(seeded, ['drift', 'plan', '--snapshot', snapshot, '--json'])
    const decisions = Object.fromEntries(JSON.parse(plan.stdout).entries.map((entry: {itemId: string; decision: string}) => [entry.itemId, entry.decision]))
    expect(decisions).toMatchObject({WorkerInstance: 'heal', WorkerService: 'refused'})
  })

  it('GIVEN --schema-version 1 WHEN checking with --json and --report THEN both hold the first release\'s shape, without the version 2 fields', async () => {
    const file = path.join(scratch(), 'drift.json')
    const {stdout, code} = await ialctl(['drift', 'check', '--snapshot', demoSnapshot, '--json', '--schema-version', '1', '--report', file])
    expect(code).toBe(2)
    const report = JSON.parse(stdout)
    expect(report.schemaVersion).toBe(1)
    expect(Object.keys(report.summary)).toEqual(['resources', 'inSync', 'drifted', 'missing', 'extra', 'unsupported', 'notChecked', 'ignored', 'expected', 'coverage', 'bySeverity'])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({...report, generatedAt: expect.any(String)})
    const unknown = await ialctl(['drift', 'check', '--snapshot', demoSnapshot, '--json', '--schema-version', '3'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('--schema-version')
  })

  it('GIVEN the demo WHEN checking with --output sarif and --report THEN stdout and the file hold the same SARIF 2.1.0 log', async () => {
    const file = path.join(scratch(), 'drift.sarif')
    const {stdout, code} = await ialctl(['drift', 'check', '--snapshot', demoSnapshot, '--output', 'sarif', '--report', file])
    expect(code).toBe(2)
    const sarif = JSON.parse(stdout)
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].tool.driver.name).toBe('ialctl')
    expect(sarif.runs[0].results).toHaveLength(15)
    expect(sarif.runs[0].results[0]).toMatchObject({ruleId: 'configuration_drift', level: 'error', locations: [{physicalLocation: {artifactLocation: {uri: 'phases/10-security/01-security-groups.yaml'}, region: {startLine: 71}}}]})
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(sarif)
  })

  it('GIVEN GITHUB_STEP_SUMMARY WHEN checking with --output markdown THEN the Markdown goes to stdout and is appended to the summary', async () => {
    const summary = path.join(scratch(), 'summary.md')
    writeFileSync(summary, '# earlier step\n')
    const {stdout, code} = await ialctl(['drift', 'check', '--snapshot', demoSnapshot, '--output', 'markdown'], {env: {GITHUB_STEP_SUMMARY: summary}})
    expect(code).toBe(2)
    expect(stdout).toContain(demoMarkdownHeadline)
    expect(stdout).toContain('| 🟠 high | `ApiCpuAlarm` | AWS::CloudWatch::Alarm | missing in AWS | `phases/30-compute/03-ecs-services.yaml:97` | not found in AWS |')
    expect(readFileSync(summary, 'utf8')).toMatch(new RegExp(`^# earlier step\\n${demoMarkdownHeadline}`))
    expect(readFileSync(summary, 'utf8')).toContain(`: ${demoCounts}.`)
    expect(readFileSync(summary, 'utf8')).toContain('**Unsupported, not compared (3):** `DataKeyAlias` (AWS::KMS::Alias,')
  })

  it('GIVEN --fail-on never and --fail-on critical WHEN checking the demo THEN the first exits 0, the second 2', async () => {
    expect((await ialctl(['drift', 'check', '--snapshot', demoSnapshot, '--fail-on', 'never', '-q'])).code).toBe(0)
    const critical = await ialctl(['drift', 'check', '--snapshot', demoSnapshot, '--fail-on', 'critical', '-q'])
    expect(critical.code).toBe(2)
    expect(critical.stdout.startsWith(`${demoHeadline} (phases`)).toBe(true)
    expect(critical.stdout).toMatch(/^[^\n]* vs snapshot test\/fixtures\/demo-snapshot.json\)\n$/)
  })

  it('GIVEN an estate equal to AWS WHEN checking THEN it says so in one line and exits 0', async () => {
    const {stdout, code} = await ialctl(['drift', 'check', '--snapshot', 'snapshot.json'], {cwd: inSyncEstate()})
    expect(stdout).toBe('No drift: 1 declared resource in sync.\n')
    expect(code).toBe(0)
  })

  it('GIVEN a .ialctlignore and --ignore WHEN checking THEN their rules suppress differences', async () => {
    const dir = inSyncEstate()
    const snapshot = JSON.parse(readFileSync(path.join(dir, 'snapshot.json'), 'utf8'))
    snapshot.resources[0].properties.CidrBlock = '10.9.0.0/16'
    snapshot.resources[0].tags.Owner = 'x'
    writeFileSync(path.join(dir, 'snapshot.json'), JSON.stringify(snapshot))
    writeFileSync(path.join(dir, 'phases/00-foundation/01-vpc.yaml'), readFileSync(path.join(dir, 'phases/00-foundation/01-vpc.yaml'), 'utf8').replace('{Key: Name, Value: main}', '{Key: Name, Value: main}\n        - {Key: Owner, Value: y}'))
    writeFileSync(path.join(dir, '.ialctlignore'), '# the CIDR is managed by the network team\nAWS::EC2::VPC:/CidrBlock\n')
    const {stdout, code} = await ialctl(['drift', 'check', '--snapshot', 'snapshot.json', '--ignore', 'tag:Owner'], {cwd: dir})
    expect(stdout).toBe('No drift: 1 declared resource in sync (2 ignored).\n')
    expect(code).toBe(0)
  })

  it('GIVEN a malformed ignore rule WHEN checking THEN it is a usage error (exit 1) naming the rule', async () => {
    const {stderr, code} = await ialctl(['drift', 'check', '--snapshot', demoSnapshot, '--ignore', 'AWS::EC2::VPC:CidrBlock'])
    expect(code).toBe(1)
    expect(stderr).toContain("ignore rule 'AWS::EC2::VPC:CidrBlock' has a property path that does not start with /")
  })

  it('GIVEN a snapshot file that does not exist WHEN checking THEN it exits 1 with one line', async () => {
    const {stderr, code} = await ialctl(['drift', 'check', '--snapshot', 'nope.json'])
    expect(code).toBe(1)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('ialctl drift diff', () => {
  it('GIVEN drifted resources WHEN diffing two of them THEN each difference reads file:line  path: expected → actual, exit 2', async () => {
    const {stdout, code} = await ialctl(['drift', 'diff', '--snapshot', demoSnapshot, 'WebInstance', 'WorkerInstance'])
    expect(code).toBe(2)
    expect(stdout).toContain('~ WebInstance  AWS::EC2::Instance  configuration drift  high\n    phases/30-compute/01-instances.yaml:24\n    ~ phases/30-compute/01-instances.yaml:28  /InstanceType: "t3.micro" → "t3.large"')
    expect(stdout).toContain('    ~ phases/30-compute/01-instances.yaml:57  /Tags/Owner: "data-team" → "analytics-team"')
    expect(stdout).not.toContain('DatabaseSecurityGroup')
  })

  it('GIVEN --fail-on WHEN diffing THEN the exit code follows it as drift check does, and the drift is still shown', async () => {
    const belowThreshold = await ialctl(['drift', 'diff', '--snapshot', demoSnapshot, '--fail-on', 'critical', 'WebInstance'])
    expect(belowThreshold.code).toBe(0)
    expect(belowThreshold.stdout).toContain('/InstanceType: "t3.micro" → "t3.large"')
    expect((await ialctl(['drift', 'diff', '--snapshot', demoSnapshot, '--fail-on', 'high', 'WebInstance'])).code).toBe(2)
  })

  it('GIVEN a resource in sync WHEN diffing it THEN it says so and exits 0; an unknown id exits 1', async () => {
    expect(await ialctl(['drift', 'diff', '--snapshot', demoSnapshot, 'Vpc'])).toMatchObject({stdout: 'No drift: Vpc is in sync.\n', code: 0})
    const unknown = await ialctl(['drift', 'diff', '--snapshot', demoSnapshot, 'Nope'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain("no resource 'Nope' in the phases")
  })
})
