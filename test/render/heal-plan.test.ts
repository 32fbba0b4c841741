import {describe, expect, it} from 'vitest'

import {HEAL_PLAN_VERSION, type HealPlan, type HealPlanEntry} from '../../src/core/plan/heal-plan.js'
import {healPlanCountLine, renderHealPlan} from '../../src/render/heal-plan.js'
import {createStyle} from '../../src/render/style.js'

const plain = createStyle(false)

const entry = (itemId: string, decision: HealPlanEntry['decision'], extra: Partial<HealPlanEntry> = {}): HealPlanEntry => ({
  itemId,
  type: 'AWS::ECS::Service',
  physicalId: `arn:aws:ecs:eu-west-1:123456789012:service/prod/${itemId.toLowerCase()}`,
  region: 'eu-west-1',
  decision,
  reason: '',
  actions: [],
  changes: [],
  stateHash: null,
  itemHash: null,
  severity: 'medium',
  driftType: 'configuration_drift',
  location: {file: 'phases/30-compute/services.yaml', line: 12},
  ...extra,
})

const plan = (entries: HealPlanEntry[]): HealPlan => ({version: HEAL_PLAN_VERSION, createdAt: '2026-12-01T10:00:00.000Z', configHash: 'c', phasesCommit: null, entries})

describe('renderHealPlan', () => {
  it('GIVEN a service to heal WHEN rendered THEN each change reads from the AWS value to the declared one, with the call and where it is declared', () => {
    const web = entry('Web', 'heal', {
      actions: [
        {api: 'ECS.UpdateService', params: {}, rollback: {api: 'ECS.UpdateService', params: {}}},
        {api: 'ECS.TagResource', params: {}, rollback: {api: 'ECS.UntagResource', params: {}}},
      ],
      changes: [
        {path: '/DesiredCount', from: 5, to: 2},
        {path: '/Tags/Owner', from: undefined, to: 'platform'},
        {path: '/Tags/Temp', from: 'yes', to: undefined},
      ],
    })

    expect(renderHealPlan(plan([web]), plain)).toBe(
      [
        'ialctl will heal 1 resource in place (from the AWS value → to the declared value):',
        '',
        '  # Web (AWS::ECS::Service) will be healed in place by ECS.UpdateService, ECS.TagResource',
        '  #   arn:aws:ecs:eu-west-1:123456789012:service/prod/web in eu-west-1, declared at phases/30-compute/services.yaml:12',
        '      ~ /DesiredCount: 5 → 2',
        '      + tag Owner: "platform"',
        '      - tag Temp: "yes"',
        '',
        'Plan: 1 to heal, 0 to reverse-sync, 0 refused.',
        '',
      ].join('\n'),
    )
  })

  it('GIVEN nothing to heal but items left to others WHEN rendered THEN it says so and lists each group with its reason', () => {
    const text = renderHealPlan(
      plan([
        entry('Db', 'reverse-sync', {reason: 'an engine version change restarts the database'}),
        entry('Api', 'refused', {reason: 'autoHeal.maxResources (1) reached'}),
        entry('Queue', 'expected', {reason: 'minor-version'}),
        entry('Logs', 'ignored', {reason: 'ignore rule Logs'}),
      ]),
      plain,
    )

    expect(text).toContain('No changes: nothing that drifted can be healed safely.')
    expect(text).toContain('Not healed, left to reverse sync (Git follows AWS, or a person decides):\n  → Db (AWS::ECS::Service): an engine version change restarts the database')
    expect(text).toContain('Refused (safe to heal, but not in this run):\n  ! Api (AWS::ECS::Service): autoHeal.maxResources (1) reached')
    expect(text).toContain('Expected drift (a rule says so):\n  · Queue (AWS::ECS::Service): minor-version')
    expect(text).toContain('Ignored (an ignore rule):\n  · Logs (AWS::ECS::Service): ignore rule Logs')
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 0 to heal, 1 to reverse-sync, 1 refused.')
  })

  it('GIVEN a resource without a physical id or region WHEN rendered THEN the place says so instead of printing nothing', () => {
    const text = renderHealPlan(plan([entry('Web', 'heal', {physicalId: null, region: null, location: null, changes: [{path: '/DesiredCount', from: 1, to: 2}]})]), plain)
    expect(text).toContain('  #   (no physical id)\n')
  })

  it('GIVEN a tag key and a reason from AWS holding terminal escapes WHEN rendered THEN they are shown as text, never sent to the terminal', () => {
    const text = renderHealPlan(
      plan([
        entry('Web', 'heal', {physicalId: 'svc\u001B]0;pwned\u0007', changes: [{path: '/Tags/\u001B[2J', from: 'a', to: 'b'}]}),
        entry('Db', 'refused', {reason: 'denied\r\u001B[1A: yes'}),
      ]),
      plain,
    )

    expect(text).not.toContain('\u001B')
    expect(text).not.toContain('\r')
    expect(text).toContain(String.raw`~ tag \x1b[2J: "a" → "b"`)
    expect(text).toContain(String.raw`svc\x1b]0;pwned\x07`)
    expect(text).toContain(String.raw`denied\r\x1b[1A: yes`)
  })

  it('GIVEN a plan WHEN its count line is asked for THEN it counts heal, reverse-sync and refused entries, as terraform plan ends', () => {
    expect(healPlanCountLine(plan([entry('A', 'heal'), entry('B', 'heal'), entry('C', 'reverse-sync'), entry('D', 'expected')]))).toBe('Plan: 2 to heal, 1 to reverse-sync, 0 refused.')
  })
})
