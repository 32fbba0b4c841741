// Two targets' regions checked one by one (the units of a targets run), for the core and render tests.
import {analyseDrift} from '../../src/core/diff/analyse.js'
import type {DriftReport} from '../../src/core/model.js'
import {buildReport} from '../../src/core/report.js'
import {assessDrift} from '../../src/core/risk/assess.js'
import {placeAnalysis, regionSnapshot, targetSummary} from '../../src/core/targets.js'
import {actual, desired, model, options, snapshot} from './diff/builders.js'

export const ROLE = 'AWS::IAM::Role'
export const QUEUE = 'AWS::SQS::Queue'
export const rules = options()

/** The phases of one target: a regional queue and an account-global role, each declared once. */
export const phases = model([
  desired('JobsQueue', QUEUE, {QueueName: 'jobs', VisibilityTimeout: 30}, {location: {file: 'phases/25-messaging/01-queues.yaml', line: 5, column: 3}}),
  desired('TaskRole', ROLE, {RoleName: 'task', AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}}, {location: {file: 'phases/10-security/01-roles.yaml', line: 3, column: 3}}),
  desired('Parameter', 'AWS::SSM::Parameter', {Name: 'p', Type: 'String', Value: 'x'}, {location: {file: 'phases/00-foundation/01-p.yaml', line: 2, column: 3}}),
])

/** What a target's account holds: the role (read once, in the first region) and a queue per region. */
export const account = snapshot(
  [
    actual(QUEUE, 'https://sqs.us-east-1.amazonaws.com/111111111111/jobs', {QueueName: 'jobs', VisibilityTimeout: 30}),
    actual(QUEUE, 'https://sqs.eu-west-1.amazonaws.com/111111111111/jobs', {QueueName: 'jobs', VisibilityTimeout: 90}, {}, {region: 'eu-west-1'}),
    actual(ROLE, 'task', {RoleName: 'task', AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}, MaxSessionDuration: 7200}),
  ],
  {regions: ['us-east-1', 'eu-west-1'], types: [QUEUE, ROLE]},
)

export function unitReport(target: string, region: string, first: boolean, generatedAt = '2026-12-01T00:00:00Z'): DriftReport {
  const place = {target, account: '111111111111', region}
  const analysis = placeAnalysis(assessDrift(analyseDrift(phases, regionSnapshot(account, region), rules), rules), place, first)
  const report = buildReport(analysis, {phases: 'phases', commit: 'abc', regions: [region], snapshot: null}, generatedAt)
  return {...report, summary: {...report.summary, byTarget: {[target]: targetSummary(report, place.account)}}}
}

