import {describe, expect, it} from 'vitest'

import {majorVersion, sameMajorVersion} from '../../../src/core/resources/rds-shared.js'
import {rateDifference} from '../../../src/core/risk/classify.js'

describe('engine versions', () => {
  it.each([
    ['14.7', '14'],
    ['16.4', '16'],
    ['9.6.24', '9.6'],
    ['8.0.35', '8.0'],
    ['5.7.44', '5.7'],
    ['10.6.16', '10.6'],
    ['10.11.6', '10.11'],
    ['11.4.3', '11.4'],
    ['8.0.mysql_aurora.3.04.0', '8.0'],
  ])('GIVEN RDS engine version %s WHEN taking its major THEN it is %s', (version, major) => {
    expect(majorVersion(version)).toBe(major)
  })

  it('GIVEN MariaDB 10.6 and 10.11 WHEN compared THEN they are different majors (an upgrade, not a patch)', () => {
    expect(sameMajorVersion('10.6.16', '10.11.6')).toBe(false)
  })

  it('GIVEN minor and patch moves WHEN compared THEN they stay within the major', () => {
    expect(sameMajorVersion('14.7', '14.9')).toBe(true)
    expect(sameMajorVersion('8.0.35', '8.0.39')).toBe(true)
    expect(sameMajorVersion('10.6.16', '10.6.19')).toBe(true)
    expect(sameMajorVersion('10.6', '10.6.19')).toBe(true)
    expect(sameMajorVersion('14', '14.9')).toBe(true)
    expect(sameMajorVersion('14.7', '15.2')).toBe(false)
  })
})

describe('RDS risk ratings', () => {
  it.each(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'])(
    'GIVEN IAM database authentication turned off on a %s WHEN rated THEN it is critical, a security change',
    (type) => {
      const rating = rateDifference({id: 'Db', type}, {path: '/EnableIAMDatabaseAuthentication', expected: true, actual: false, kind: 'NOT_EQUAL'}, [])
      expect(rating).toEqual({severity: 'critical', impact: ['security']})
    },
  )
})
