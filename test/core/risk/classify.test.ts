import {describe, expect, it} from 'vitest'

import type {Difference, DriftItem} from '../../../src/core/model.js'
import {classify, escalate} from '../../../src/core/risk/classify.js'

const diff = (path: string, expected: unknown = 1, actual: unknown = 2): Difference => ({path, expected, actual, kind: 'NOT_EQUAL'})
const item = (type: string, differences: Difference[], driftType: DriftItem['driftType'] = 'configuration_drift') => ({id: 'Res', type, driftType, differences})
const risk = {overrides: [], severityLimit: 'medium' as const}

describe('classify', () => {
  it.each([
    ['AWS::EC2::SecurityGroup', '/SecurityGroupIngress/0/CidrIp', 'critical', ['security']],
    ['AWS::RDS::DBInstance', '/PubliclyAccessible', 'critical', ['security']],
    ['AWS::RDS::DBInstance', '/StorageEncrypted', 'critical', ['security']],
    ['AWS::ECS::TaskDefinition', '/TaskRoleArn', 'critical', ['security']],
    ['AWS::EC2::Instance', '/InstanceType', 'high', ['availability', 'cost']],
    ['AWS::RDS::DBInstance', '/DBInstanceClass', 'high', ['availability', 'cost']],
    ['AWS::ECS::TaskDefinition', '/ContainerDefinitions/0/Image', 'high', ['security', 'availability']],
    ['AWS::ECS::Service', '/DesiredCount', 'medium', ['availability', 'cost']],
    ['AWS::RDS::DBInstance', '/PreferredBackupWindow', 'medium', ['availability']],
    ['AWS::CloudWatch::Alarm', '/Threshold', 'medium', ['availability']],
    ['AWS::EC2::SecurityGroup', '/GroupDescription', 'low', []],
  ])('GIVEN %s drift on %s WHEN classifying THEN it is %s with impact %j', (type, path, severity, impact) => {
    expect(classify(item(type, [diff(path)]), risk)).toMatchObject({severity, impact})
  })

  it('GIVEN an engine version change WHEN classifying THEN a major change is high and a minor one medium', () => {
    expect(classify(item('AWS::RDS::DBInstance', [diff('/EngineVersion', '14.7', '15.2')]), risk).severity).toBe('high')
    expect(classify(item('AWS::RDS::DBInstance', [diff('/EngineVersion', '14.7', '14.9')]), risk).severity).toBe('medium')
  })

  it('GIVEN missing, extra and tag drift WHEN classifying THEN the defaults are high, medium and low', () => {
    expect(classify(item('AWS::ECS::Service', [], 'missing_resource'), risk).severity).toBe('high')
    expect(classify(item('AWS::ECS::Service', [], 'extra_resource'), risk).severity).toBe('medium')
    expect(classify(item('AWS::ECS::Service', [diff('/Tags/Owner')], 'tag_drift'), risk)).toEqual({severity: 'low', impact: ['cost']})
  })

  it.each([
    [2, 'low'],
    [3, 'medium'],
    [5, 'medium'],
    [6, 'high'],
    [10, 'high'],
    [11, 'critical'],
  ])('GIVEN %i drifted low-rated properties WHEN classifying THEN the severity escalates to %s', (count, severity) => {
    const differences = Array.from({length: count}, (_, index) => diff(`/Description${index}`))
    // Unknown properties rate medium; use descriptions (low) by overriding their path.
    const overrides = [{path: '/Description*', severity: 'low' as const}]
    expect(classify(item('AWS::EC2::Instance', differences), {overrides}).severity).toBe(severity)
  })

  it('GIVEN three differences on one property WHEN classifying THEN it counts as one drifted property (no escalation)', () => {
    const differences = [diff('/AlarmActions/0'), diff('/AlarmActions/1'), diff('/AlarmActions/2')]
    expect(classify(item('AWS::CloudWatch::Alarm', differences), risk).severity).toBe('medium')
  })

  it('GIVEN escalation from high WHEN there are many properties THEN it never goes past critical', () => {
    expect(escalate('high', 7)).toBe('critical')
    expect(escalate('critical', 4)).toBe('critical')
  })

  it('GIVEN overrides WHEN classifying THEN a path override re-rates that property and an id override sets the item severity', () => {
    const overrides = [
      {path: '/DesiredCount', severity: 'low' as const},
      {type: 'AWS::EC2::Instance', severity: 'high' as const},
      {id: 'Res', type: 'AWS::EC2::Instance', severity: 'critical' as const},
    ]
    expect(classify(item('AWS::ECS::Service', [diff('/DesiredCount')]), {overrides}).severity).toBe('low')
    expect(classify(item('AWS::EC2::Instance', [diff('/Monitoring')]), {overrides}).severity).toBe('critical')
    expect(classify({...item('AWS::EC2::Instance', [diff('/Monitoring')]), id: 'Other'}, {overrides}).severity).toBe('high')
  })
})

describe('classify with a base severity per family (the seed `sensitivity` map, SPEC 8)', () => {
  const base = {tags: 'medium', configuration: 'high', resources: 'critical'} as const

  it.each<[string, ReturnType<typeof item>, string, string]>([
    ['tag drift', item('AWS::ECS::Service', [diff('/Tags/Owner')], 'tag_drift'), 'low', 'medium'],
    ['a missing resource', item('AWS::ECS::Service', [], 'missing_resource'), 'high', 'critical'],
    ['an extra resource', item('AWS::ECS::Service', [], 'extra_resource'), 'medium', 'critical'],
    ['a low-rated property (floor raises it)', item('AWS::EC2::SecurityGroup', [diff('/GroupDescription')]), 'low', 'high'],
    ['a medium-rated property (floor raises it)', item('AWS::ECS::Service', [diff('/DesiredCount')]), 'medium', 'high'],
    ['a critical-rated property (a floor never lowers)', item('AWS::EC2::SecurityGroup', [diff('/SecurityGroupIngress/0/CidrIp')]), 'critical', 'critical'],
  ])('GIVEN %s WHEN classifying without and with the base THEN %s becomes %s', (_case, drifted, without, withBase) => {
    expect(classify(drifted, {overrides: []}).severity).toBe(without)
    expect(classify(drifted, {overrides: [], base}).severity).toBe(withBase)
  })

  it('GIVEN a floor and three drifted low-rated properties WHEN classifying THEN escalation starts from the floor', () => {
    const differences = [diff('/Description0'), diff('/Description1'), diff('/Description2')]
    const overrides = [{path: '/Description*', severity: 'low' as const}]
    expect(classify(item('AWS::EC2::Instance', differences), {overrides}).severity).toBe('medium')
    expect(classify(item('AWS::EC2::Instance', differences), {overrides, base: {configuration: 'medium'}}).severity).toBe('high')
  })

  it('GIVEN a base and a resource-wide override WHEN classifying THEN the override is still the final word', () => {
    const overrides = [{id: 'Res', severity: 'low' as const}]
    expect(classify(item('AWS::ECS::Service', [diff('/DesiredCount')]), {overrides, base}).severity).toBe('low')
    expect(classify(item('AWS::ECS::Service', [], 'missing_resource'), {overrides, base}).severity).toBe('low')
  })
})
