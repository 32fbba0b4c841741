// The reverse-sync rule for config targets: one template, several places; a value goes into Git only when every
// place that runs the resource has it.
import {describe, expect, it} from 'vitest'

import {analyseDrift} from '../../../src/core/diff/analyse.js'
import type {ActualResource} from '../../../src/core/model.js'
import {combineReverseSyncPlans, type ReverseSyncUnit} from '../../../src/core/plan/reverse-sync-targets.js'
import {applyReverseSyncPlan, planReverseSync} from '../../../src/core/plan/reverse-sync-plan.js'
import {renderPullRequestBody} from '../../../src/core/pr-body.js'
import {assessDrift} from '../../../src/core/risk/assess.js'
import {placeAnalysis} from '../../../src/core/targets.js'
import {actual, desired, model, options, ref, snapshot} from '../diff/builders.js'

const QUEUE = 'AWS::SQS::Queue'
const FILE = 'phases/25-messaging/01-queues.yaml'
const TEMPLATE = `Resources:
  JobsQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs
      VisibilityTimeout: 30
`
// Every undeclared queue is in scope: extra resources are found.
const rules = options({extraScope: {types: {}}})
const phases = (visibility: unknown = 30) => model([desired('JobsQueue', QUEUE, {QueueName: 'jobs', VisibilityTimeout: visibility}, {file: FILE, location: {file: FILE, line: 2, column: 3}})], {Timeout: 30})
const queue = (region: string, name: string, visibility: number): ActualResource => actual(QUEUE, `https://sqs.${region}.amazonaws.com/111111111111/${name}`, {QueueName: name, VisibilityTimeout: visibility}, {}, {region})

/** One (target, region) as a targets run checks it: its own AWS resources against the shared phases. */
function unit(target: string, region: string, resources: ActualResource[], declared = phases()): ReverseSyncUnit {
  const analysis = placeAnalysis(assessDrift(analyseDrift(declared, snapshot(resources, {regions: [region]}), rules), rules), {target, region}, true)
  return {place: {target, region}, analysis, selected: analysis, healable: () => false}
}

const plan = (units: ReverseSyncUnit[], extra: {prune?: boolean; unchecked?: string[]} = {}) =>
  combineReverseSyncPlans(units, {all: false, prune: extra.prune ?? false, importPhase: '99-imported', phasesDir: 'phases', unchecked: extra.unchecked})

describe('combineReverseSyncPlans', () => {
  it('GIVEN every target changed the same value the same way WHEN combined THEN the template edit is made once', () => {
    const combined = plan([unit('prod', 'us-east-1', [queue('us-east-1', 'jobs', 90)]), unit('staging', 'us-east-1', [queue('us-east-1', 'jobs', 90)])])
    expect(combined.edits.map(({file, logicalId, path, oldValue, newValue}) => ({file, logicalId, path, oldValue, newValue}))).toEqual([{file: FILE, logicalId: 'JobsQueue', path: '/VisibilityTimeout', oldValue: 30, newValue: 90}])
    expect(combined.manual).toEqual([])
    expect(combined.targets).toEqual(['prod/us-east-1', 'staging/us-east-1'])
    const {files} = applyReverseSyncPlan(combined, new Map([[FILE, TEMPLATE]]))
    expect(files.map((file) => file.after)).toEqual([TEMPLATE.replace('VisibilityTimeout: 30', 'VisibilityTimeout: 90')])
  })

  it('GIVEN targets changed the value differently WHEN combined THEN nothing is edited and the item needs a manual edit naming each place and its value', () => {
    const combined = plan([unit('prod', 'us-east-1', [queue('us-east-1', 'jobs', 90)]), unit('staging', 'eu-west-1', [queue('eu-west-1', 'jobs', 60)])])
    expect(combined.edits).toEqual([])
    expect(combined.manual).toMatchObject([
      {
        id: 'JobsQueue',
        file: FILE,
        path: '/VisibilityTimeout',
        gitValue: 30,
        places: [
          {place: 'prod/us-east-1', value: 90},
          {place: 'staging/eu-west-1', value: 60},
        ],
        reason: expect.stringMatching(/different AWS values/),
      },
    ])
  })

  it('GIVEN one target changed the value and another still has the template value WHEN combined THEN it needs a manual edit saying which place is still as in Git', () => {
    const combined = plan([unit('prod', 'us-east-1', [queue('us-east-1', 'jobs', 90)]), unit('staging', 'us-east-1', [queue('us-east-1', 'jobs', 30)])])
    expect(combined.edits).toEqual([])
    expect(combined.manual).toMatchObject([{path: '/VisibilityTimeout', places: [{place: 'prod/us-east-1', value: 90}, {place: 'staging/us-east-1', value: 30, note: 'as in Git'}]}])
    expect(combined.manual[0].reason).toBe('changed in AWS in only some places (staging/us-east-1 still as in Git): the template is shared, edit by hand')
  })

  it('GIVEN the resource is missing in one target and changed in the others alike WHEN combined THEN the edit is made and the missing place is listed; with --prune it is not removed', () => {
    const units = [unit('prod', 'us-east-1', [queue('us-east-1', 'jobs', 90)]), unit('prod', 'eu-west-1', [queue('eu-west-1', 'jobs', 90)]), unit('staging', 'us-east-1', [])]
    const combined = plan(units)
    expect(combined.edits.map((edit) => edit.newValue)).toEqual([90])
    expect(combined.missing).toEqual([{id: 'JobsQueue', type: QUEUE, file: FILE, line: 2, places: ['staging/us-east-1']}])

    const pruned = plan(units, {prune: true})
    expect(pruned.prune).toBe(false)
    expect(pruned.missing).toEqual([])
    expect(pruned.manual).toMatchObject([{id: 'JobsQueue', reason: 'missing in staging/us-east-1, still in AWS in prod/us-east-1, prod/eu-west-1; not removed from the template'}])
  })

  it('GIVEN the resource is missing everywhere WHEN combined with --prune THEN it is removed once', () => {
    const combined = plan([unit('prod', 'us-east-1', []), unit('staging', 'us-east-1', [])], {prune: true})
    expect(combined).toMatchObject({prune: true, missing: [{id: 'JobsQueue', places: ['prod/us-east-1', 'staging/us-east-1']}], manual: []})
  })

  it('GIVEN a resource found only in AWS in one target WHEN combined THEN no template is written and it is listed for manual codification naming where it was found', () => {
    const extra = queue('us-east-1', 'orders', 30)
    const combined = plan([unit('prod', 'us-east-1', [queue('us-east-1', 'jobs', 30), extra]), unit('staging', 'us-east-1', [queue('us-east-1', 'jobs', 30)])])
    expect(combined.newFiles).toEqual([])
    expect(combined.manual).toMatchObject([{id: extra.physicalId, places: [{place: 'prod/us-east-1', value: extra.physicalId}]}])
    expect(combined.manual[0].reason).toBe('found only in AWS (AWS::SQS::Queue) in prod/us-east-1; not in staging/us-east-1: codify it by hand with a Condition that keeps it out of those, or remove it from AWS')
  })

  it('GIVEN the same resource found only in AWS in every target WHEN combined THEN it is codified once', () => {
    const combined = plan([unit('prod', 'us-east-1', [queue('us-east-1', 'jobs', 30), queue('us-east-1', 'orders', 45)]), unit('staging', 'eu-west-1', [queue('eu-west-1', 'jobs', 30), queue('eu-west-1', 'orders', 45)])])
    expect(combined.manual).toEqual([])
    expect(combined.newFiles.map((file) => file.file)).toEqual(['phases/99-imported/01-sqs-queue.yaml'])
    expect(combined.newFiles[0].resources).toHaveLength(1)
    expect(combined.newFiles[0].content).toContain('QueueName: orders')
  })

  it('GIVEN a target the run did not read WHEN combined THEN even an agreed change is left for a manual edit naming it', () => {
    const combined = plan([unit('prod', 'us-east-1', [queue('us-east-1', 'jobs', 90)])], {unchecked: ['staging']})
    expect(combined.edits).toEqual([])
    expect(combined.manual[0].reason).toBe('not read in staging, which the templates are also deployed to; edit by hand')
    expect(combined.targets).toEqual(['prod/us-east-1', 'staging (not read)'])
  })

  it('GIVEN a value written as !Ref of a per-target parameter WHEN combined THEN one manual item names the parameter and every place with its value', () => {
    const declared = phases(ref('Timeout'))
    const combined = plan([unit('prod', 'us-east-1', [queue('us-east-1', 'jobs', 90)], declared), unit('staging', 'us-east-1', [queue('us-east-1', 'jobs', 60)], declared)])
    expect(combined.edits).toEqual([])
    expect(combined.manual).toHaveLength(1)
    expect(combined.manual[0]).toMatchObject({reason: 'the template value is !Ref Timeout, not a literal; edit by hand', places: [{place: 'prod/us-east-1', value: 90}, {place: 'staging/us-east-1', value: 60}]})
  })

  it('GIVEN the same drift WHEN combined twice THEN the fingerprint is equal; another place drifting changes it', () => {
    const agreeing = [unit('prod', 'us-east-1', [queue('us-east-1', 'jobs', 90)]), unit('staging', 'us-east-1', [queue('us-east-1', 'jobs', 30)])]
    expect(plan(agreeing).fingerprint).toBe(plan(agreeing).fingerprint)
    const other = [unit('prod', 'us-east-1', [queue('us-east-1', 'jobs', 90)]), unit('staging', 'us-east-1', [queue('us-east-1', 'jobs', 60)])]
    expect(plan(other).fingerprint).not.toBe(plan(agreeing).fingerprint)
    // A one-place plan without targets keeps the fingerprint it always had.
    const single = agreeing[0].analysis
    expect(planReverseSync(single, {all: false, prune: false, importPhase: '99-imported', phasesDir: 'phases', healable: () => false}).fingerprint).not.toBe(plan([agreeing[0]]).fingerprint)
  })

  it('GIVEN a manual item with a hostile AWS value WHEN the pull request body is rendered THEN it is grouped under its target and the value cannot add Markdown', () => {
    const hostile = {...queue('eu-west-1', 'jobs', 90), properties: {QueueName: 'jobs', VisibilityTimeout: 90, RedrivePolicy: '| x | [link](https://evil.example) <img>'}}
    const declared = model([desired('JobsQueue', QUEUE, {QueueName: 'jobs', VisibilityTimeout: 30, RedrivePolicy: 'r'}, {file: FILE, location: {file: FILE, line: 2, column: 3}})])
    const combined = plan([unit('prod', 'eu-west-1', [hostile], declared), unit('staging', 'eu-west-1', [{...queue('eu-west-1', 'jobs', 30), properties: {QueueName: 'jobs', VisibilityTimeout: 30, RedrivePolicy: 'r'}}], declared)])
    const body = renderPullRequestBody(combined, {command: 'ialctl reverse-sync'})
    expect(body).toContain('Targets: `prod/eu-west-1`, `staging/eu-west-1`')
    expect(body).toContain('#### prod')
    // Inside a code span nothing is a link or tag, and the escaped pipes cannot end the table cell.
    expect(body).toContain('`prod/eu-west-1`: `\\| x \\| [link](https://evil.example) <img>`;')
    expect(body.split('\n').filter((line) => line.includes('evil.example'))).toHaveLength(1)
    expect(body).toContain('`staging/eu-west-1`: `30` (as in Git)')
  })
})
