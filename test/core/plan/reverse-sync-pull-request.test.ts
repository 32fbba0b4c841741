import {describe, expect, it} from 'vitest'

import type {DriftItem} from '../../../src/core/model.js'
import {codifiedProperties, importedLogicalId, typeSlug} from '../../../src/core/plan/codify.js'
import {decidePullRequest, type OpenPullRequest, reverseSyncBranch} from '../../../src/core/plan/pull-request-decision.js'
import {planReverseSync} from '../../../src/core/plan/reverse-sync-plan.js'
import {commitMessage, PULL_REQUEST_TITLE, readFingerprint, renderPullRequestBody} from '../../../src/core/pr-body.js'
import {analysisOf, stagingCluster, webServiceDrift} from './reverse-sync-fixtures.js'

const options = {all: false, prune: false, importPhase: '99-imported', phasesDir: 'phases', healable: () => false}

describe('renderPullRequestBody', () => {
  const missing: DriftItem = {...webServiceDrift(), id: 'OldAlarm', type: 'AWS::CloudWatch::Alarm', driftType: 'missing_resource', severity: 'high', differences: [], location: {file: 'phases/50-ops/01-alarms.yaml', line: 3}}
  const plan = planReverseSync(analysisOf([webServiceDrift(), missing]), options)
  const body = renderPullRequestBody(plan, {command: 'ialctl reverse-sync --all'})

  it('GIVEN drift WHEN rendered THEN each resource has a table with file:line, property, Git value, AWS value and severity', () => {
    expect(PULL_REQUEST_TITLE).toBe('Reverse Sync: AWS → Git')
    expect(body).toContain('#### `WebService` (AWS::ECS::Service) · medium\n\n| Location | Property | Git value | AWS value | Severity |\n|---|---|---|---|---|\n')
    expect(body).toContain('| `phases/30-compute/03-web-service.yaml:9` | `/DesiredCount` | `2` | `6` | medium |')
    expect(body).toContain('| `phases/30-compute/03-web-service.yaml:11` | `/Tags/CostCenter` | _(absent)_ | `42` | medium |')
    expect(body).toContain('| `phases/30-compute/03-web-service.yaml:17` | `/Tags/Legacy` | `yes-please` | _(absent)_ | medium |')
  })

  it('GIVEN missing resources and intrinsic values WHEN rendered THEN they are listed, with the command and the fingerprint', () => {
    expect(body).toContain('### Declared but missing in AWS\n\nKept in the templates; rerun with `--prune` to remove them')
    expect(body).toContain('| `OldAlarm` | AWS::CloudWatch::Alarm | `phases/50-ops/01-alarms.yaml:3` |')
    expect(body).toContain('| `phases/30-compute/03-web-service.yaml:15` | `WebService` | `/Tags/Env` | `production` | `prod` | the template value is !Ref Environment, not a literal; edit by hand |')
    expect(body).toContain('Produced by `ialctl reverse-sync --all`.')
    expect(readFingerprint(body)).toBe(plan.fingerprint)
  })

  it('GIVEN a value with a pipe WHEN rendered THEN the table is not broken', () => {
    const piped = planReverseSync(analysisOf([webServiceDrift({differences: [{path: '/ServiceName', expected: 'web', actual: 'a|b', kind: 'NOT_EQUAL', line: 8}]})]), options)
    expect(renderPullRequestBody(piped, {command: 'ialctl reverse-sync'})).toContain('| `a\\|b` | medium |')
  })

  it('GIVEN a plan WHEN the commit message is written THEN it lists the resources', () => {
    expect(commitMessage({edits: plan.edits, newFiles: plan.newFiles, removed: []})).toBe('Reverse Sync: AWS → Git\n\n- WebService (AWS::ECS::Service): /DesiredCount, /TaskDefinition, /Tags/CostCenter, /Tags/Owner, /Tags/Legacy\n')
  })
})

describe('renderPullRequestBody with attribution', () => {
  const ALICE = 'arn:aws:sts::123456789012:assumed-role/Admin/alice'
  const attributed = webServiceDrift({changedBy: ALICE, changedAt: '2026-11-30T14:02:11.000Z'})
  const extra: DriftItem = {id: 'staging', type: 'AWS::ECS::Cluster', driftType: 'extra_resource', severity: 'medium', impact: [], autoHealable: false, physicalId: 'staging', region: 'us-east-1', location: null, differences: [], changedBy: 'arn:aws:iam::123456789012:user/bob', changedAt: '2026-11-29T08:00:00.000Z'}

  it('GIVEN items CloudTrail attributed WHEN rendered THEN each edited resource and each imported one says who changed it and when', () => {
    const plan = planReverseSync(analysisOf([attributed, extra], undefined, {staging: stagingCluster}), options)
    const body = renderPullRequestBody(plan, {command: 'ialctl reverse-sync'})
    expect(body).toContain(`#### \`WebService\` (AWS::ECS::Service) · medium\n\nChanged in AWS by \`${ALICE}\` at \`2026-11-30T14:02:11.000Z\` (CloudTrail).\n\n| Location |`)
    expect(body).toContain('| `phases/99-imported/01-ecs-cluster.yaml` | `StagingCluster` (changed by `arn:aws:iam::123456789012:user/bob` at `2026-11-29T08:00:00.000Z`) |')
  })

  it('GIVEN the same drift with and without attribution WHEN planned THEN the fingerprint is the same (an open pull request is not refreshed for it)', () => {
    const withWho = planReverseSync(analysisOf([attributed]), options)
    const without = planReverseSync(analysisOf([webServiceDrift()]), options)
    expect(withWho.attributions).toEqual([{id: 'WebService', changedBy: ALICE, changedAt: '2026-11-30T14:02:11.000Z'}])
    expect(without.attributions).toEqual([])
    expect(withWho.fingerprint).toBe(without.fingerprint)
  })

  it('GIVEN a principal name crafted to break out of its code span, its table cell and its line WHEN rendered THEN it stays one code span in one cell', () => {
    // A role session name is chosen by whoever assumes the role: it is AWS data, not ialctl's.
    const hostile = 'arn:aws:sts::123456789012:assumed-role/Admin/x`|[click](https://evil.example)\n## Approved'
    const sg: DriftItem = {id: 'DatabaseSecurityGroup', type: 'AWS::EC2::SecurityGroup', driftType: 'configuration_drift', severity: 'critical', impact: ['security'], autoHealable: false, recommended: 'revert', physicalId: 'sg-1', region: 'us-east-1', location: {file: 'phases/10-security/01-sg.yaml', line: 4}, differences: [{path: '/SecurityGroupIngress/1', expected: null, actual: {IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0'}, kind: 'ADD'}], changedBy: hostile, changedAt: '2026-11-30T14:02:11.000Z'}
    const body = renderPullRequestBody(planReverseSync(analysisOf([sg, attributed]), options), {command: 'ialctl reverse-sync'})
    const row = body.split('\n').find((line) => line.includes('DatabaseSecurityGroup'))!
    expect(row).toBe('| `phases/10-security/01-sg.yaml:4` | `DatabaseSecurityGroup` (AWS::EC2::SecurityGroup) | critical | `` arn:aws:sts::123456789012:assumed-role/Admin/x`\\|[click](https://evil.example)\\n## Approved `` at `2026-11-30T14:02:11.000Z` | `ialctl drift revert DatabaseSecurityGroup` |')
    expect(body).not.toMatch(/^## Approved/m)
  })
})

describe('decidePullRequest', () => {
  const pr = (number: number, body: string, ref = 'reverse-sync-20260101000000', labels = ['drift']): OpenPullRequest => ({number, url: `https://github.example/pr/${number}`, head: {ref, sha: 'a'.repeat(40)}, base: 'main', body, labels})
  const fingerprint = 'f'.repeat(64)
  const body = `text\n<!-- ialctl-fingerprint: ${fingerprint} -->\n`

  it('GIVEN no reverse-sync pull request WHEN deciding THEN one is created', () => {
    expect(decidePullRequest([pr(1, body, 'feature-x'), pr(2, body, 'reverse-sync-1', ['other'])], fingerprint, {label: 'drift'})).toEqual({action: 'create'})
  })

  it('GIVEN an open one with the same fingerprint WHEN deciding THEN it is left alone', () => {
    expect(decidePullRequest([pr(3, body)], fingerprint, {label: 'drift'})).toEqual({action: 'unchanged', pullRequest: pr(3, body)})
  })

  it('GIVEN open ones with another fingerprint WHEN deciding THEN the newest is updated', () => {
    const decision = decidePullRequest([pr(3, 'old'), pr(7, body.replace(fingerprint, '0'.repeat(64)))], fingerprint, {label: 'drift'})
    expect(decision).toMatchObject({action: 'update', pullRequest: {number: 7}})
  })

  it('GIVEN a clock WHEN naming the branch THEN it is the UTC timestamp', () => {
    expect(reverseSyncBranch(new Date('2026-11-23T06:05:09.123Z'))).toBe('reverse-sync-20261123060509')
  })
})

describe('codify', () => {
  it('GIVEN an AWS resource WHEN codified THEN defaults, empty values and aws: tags are left out', () => {
    expect(codifiedProperties(stagingCluster)).toEqual({ClusterName: 'staging', CapacityProviders: ['FARGATE'], Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]})
    const service = {...stagingCluster, type: 'AWS::ECS::Service', properties: {ServiceName: 'api', DesiredCount: 3, SchedulingStrategy: 'REPLICA', DeploymentConfiguration: {MaximumPercent: 200, MinimumHealthyPercent: 50}, PlacementConstraints: []}}
    expect(codifiedProperties(service)).toEqual({ServiceName: 'api', DesiredCount: 3, DeploymentConfiguration: {MinimumHealthyPercent: 50}, Tags: [{Key: 'ManagedBy', Value: 'ialctl'}]})
  })

  it('GIVEN names WHEN codified THEN logical ids are readable and unique, slugs follow the type', () => {
    expect(importedLogicalId(stagingCluster, new Set())).toBe('StagingCluster')
    expect(importedLogicalId(stagingCluster, new Set(['StagingCluster']))).toBe('StagingCluster2')
    expect(importedLogicalId({...stagingCluster, type: 'AWS::EC2::SecurityGroup', physicalId: 'sg-0abc', properties: {}}, new Set())).toBe('Sg0abcSecurityGroup')
    expect(typeSlug('AWS::RDS::DBInstance')).toBe('rds-db-instance')
    expect(typeSlug('AWS::EC2::VPC')).toBe('ec2-vpc')
    expect(typeSlug('AWS::CloudWatch::Alarm')).toBe('cloudwatch-alarm')
  })
})
