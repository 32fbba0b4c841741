import {describe, expect, it} from 'vitest'

import {organizationTargets, targetNameOf} from '../../src/core/organization.js'

const organization = {roleName: 'ialctl-readonly', exclude: [] as string[], parameters: {Environment: 'customer'}}
const account = (id: string, name: string, state = 'ACTIVE') => ({id, name, state, arn: `arn:aws:organizations::999999999999:account/o-abc123/${id}`})

describe('organization targets', () => {
  it('GIVEN active, suspended and closing accounts WHEN turned into targets THEN one per active account, named by its account name, reading through roleName', () => {
    const targets = organizationTargets([account('111111111111', 'prod'), account('222222222222', 'old', 'SUSPENDED'), account('333333333333', 'closing', 'PENDING_CLOSURE'), account('444444444444', 'staging')], organization)
    expect(targets).toEqual([
      {name: 'prod', roleArn: 'arn:aws:iam::111111111111:role/ialctl-readonly', parameters: {Environment: 'customer'}},
      {name: 'staging', roleArn: 'arn:aws:iam::444444444444:role/ialctl-readonly', parameters: {Environment: 'customer'}},
    ])
  })

  it('GIVEN exclude by id and by name WHEN turned into targets THEN both accounts are left out', () => {
    const targets = organizationTargets([account('111111111111', 'prod'), account('222222222222', 'audit'), account('333333333333', 'sandbox')], {...organization, exclude: ['222222222222', 'sandbox']})
    expect(targets.map((target) => target.name)).toEqual(['prod'])
  })

  it('GIVEN account names a target name cannot hold WHEN named THEN sanitised, or the account id when nothing is left or two would collide', () => {
    expect(targetNameOf(account('111111111111', 'Customer A / EU (prod)'))).toBe('Customer-A-EU-prod')
    expect(targetNameOf(account('111111111111', '\u001b[2J'))).toBe('2J')
    expect(targetNameOf(account('111111111111', '💥'))).toBe('111111111111')
    expect(targetNameOf(account('111111111111', 'x'.repeat(100)))).toBe('x'.repeat(63))
    const targets = organizationTargets([account('111111111111', 'team a'), account('222222222222', 'team/a'), account('333333333333', 'team b')], organization)
    expect(targets.map((target) => target.name)).toEqual(['111111111111', '222222222222', 'team-b'])
  })

  it('GIVEN an account listed under two OUs, a GovCloud account and organization regions WHEN turned into targets THEN one target, the partition of its ARN and the regions', () => {
    const gov = {id: '555555555555', name: 'gov', state: 'ACTIVE', arn: 'arn:aws-us-gov:organizations::999999999999:account/o-abc123/555555555555'}
    const targets = organizationTargets([gov, gov], {...organization, regions: ['us-gov-west-1'], externalId: 'ext-1'})
    expect(targets).toEqual([{name: 'gov', roleArn: 'arn:aws-us-gov:iam::555555555555:role/ialctl-readonly', externalId: 'ext-1', regions: ['us-gov-west-1'], parameters: {Environment: 'customer'}}])
  })
})
