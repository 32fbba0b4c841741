import {describe, expect, it} from 'vitest'

import type {HealPlan, HealPlanEntry} from '../../../src/core/plan/heal-plan.js'
import {approves, revertConfirmation} from '../../../src/core/plan/revert-approval.js'
import {revertPrompt} from '../../../src/render/heal-plan.js'

const entry = (itemId: string, physicalId: string, extra: Partial<HealPlanEntry>): HealPlanEntry => ({
  itemId,
  type: 'AWS::EC2::SecurityGroup',
  physicalId,
  region: 'us-east-1',
  decision: 'revert',
  reason: '',
  actions: [{api: 'EC2.RevokeSecurityGroupIngress', params: {GroupId: physicalId}, rollback: {api: 'EC2.AuthorizeSecurityGroupIngress', params: {GroupId: physicalId}}}],
  changes: [],
  stateHash: null,
  itemHash: null,
  severity: 'low',
  driftType: 'configuration_drift',
  location: null,
  ...extra,
})

const plan = (...entries: HealPlanEntry[]): HealPlan => ({version: 2, mode: 'revert', createdAt: '2026-11-25T10:00:00.000Z', configHash: 'c', phasesCommit: null, entries})

describe('what a person types to approve a revert', () => {
  it.each([
    {case: 'only low and medium items', entries: [entry('A', 'sg-a', {}), entry('B', 'sg-b', {severity: 'medium'})], want: {kind: 'yes'}},
    {case: 'a critical item', entries: [entry('A', 'sg-a', {}), entry('B', 'sg-b', {severity: 'critical'})], want: {kind: 'ids', ids: ['sg-a', 'sg-b']}},
    {case: 'a medium item that restarts', entries: [entry('Web', 'i-web', {severity: 'medium', restarts: true})], want: {kind: 'ids', ids: ['i-web']}},
    {case: 'a refused item next to a low one', entries: [entry('A', 'sg-a', {}), entry('B', 'sg-b', {severity: 'critical', decision: 'refused'})], want: {kind: 'yes'}},
  ])('GIVEN $case WHEN asking THEN the answer wanted is $want.kind', ({entries, want}) => {
    expect(revertConfirmation(plan(...entries))).toEqual(want)
  })

  it.each([
    {answer: 'sg-a sg-b', ok: true},
    {answer: ' sg-b,sg-a ', ok: true},
    {answer: 'yes', ok: false},
    {answer: 'sg-a', ok: false},
    {answer: 'sg-a sg-b sg-c', ok: false},
    {answer: 'sg-a sg-a', ok: false},
    {answer: '', ok: false},
  ])('GIVEN ids are wanted WHEN the person types "$answer" THEN approved is $ok', ({answer, ok}) => {
    expect(approves({kind: 'ids', ids: ['sg-a', 'sg-b']}, answer)).toBe(ok)
  })

  it.each([
    {answer: 'yes', ok: true},
    {answer: 'y', ok: false},
    {answer: 'YES', ok: false},
  ])('GIVEN yes is wanted WHEN the person types "$answer" THEN approved is $ok', ({answer, ok}) => {
    expect(approves({kind: 'yes'}, answer)).toBe(ok)
  })

  it('GIVEN a plan WHEN prompting THEN every call is listed per resource, and an AWS id with escape codes is shown inert', () => {
    const hostile = 'sg-x\u001B[2J\u0007'
    const text = revertPrompt(plan(entry('Db', 'sg-db', {severity: 'critical'}), entry('Evil', hostile, {})), {kind: 'ids', ids: ['sg-db', hostile]})
    expect(text).toContain('  sg-db (Db, critical):\n    EC2.RevokeSecurityGroupIngress {GroupId=sg-db}')
    expect(text).toContain('Type the resource ids to approve: sg-db sg-x')
    expect([...text].some((char) => char === '\u001B' || char === '\u0007')).toBe(false)
  })
})
