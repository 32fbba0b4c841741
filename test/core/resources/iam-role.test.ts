import type {GetAccountAuthorizationDetailsCommandOutput, ListRolesCommandOutput} from '@aws-sdk/client-iam'
import {describe, expect, it} from 'vitest'

import {analyseDrift} from '../../../src/core/diff/analyse.js'
import {assessDrift} from '../../../src/core/risk/assess.js'
import {buildHealActions} from '../../../src/core/plan/heal-actions.js'
import {iamRole, isAwsOwnedRole, roleFromAws} from '../../../src/core/resources/iam-role.js'
import {desired, model, options, snapshot} from '../diff/builders.js'
import {callsOf, change} from './heal-helpers.js'
import {expectNoAbsentValues, fixture, region} from './mapping-helpers.js'

const details = fixture<GetAccountAuthorizationDetailsCommandOutput>('iam-get-account-authorization-details')
const listed = fixture<ListRolesCommandOutput>('iam-list-roles')
const detailOf = (name: string) => details.RoleDetailList!.find((role) => role.RoleName === name)!
const listedOf = (name: string) => listed.Roles!.find((role) => role.RoleName === name)

const executionRole = roleFromAws(detailOf('web-task-execution'), listedOf('web-task-execution'), region)
const trust = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {Service: 'ecs-tasks.amazonaws.com'}, Action: 'sts:AssumeRole'}]}
const logGroup = 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*'

describe('AWS::IAM::Role mapping', () => {
  it('GIVEN GetAccountAuthorizationDetails and ListRoles WHEN mapped THEN the URL-encoded documents are objects, attached policies ARNs, and ListRoles adds session and description', () => {
    expect(executionRole).toEqual({
      type: 'AWS::IAM::Role',
      region,
      physicalId: 'web-task-execution',
      arn: 'arn:aws:iam::123456789012:role/web-task-execution',
      properties: {
        RoleName: 'web-task-execution',
        Path: '/',
        Description: 'Lets ECS pull images and write logs for the web service',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: trust,
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
        Policies: [
          {PolicyName: 'write-logs', PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: logGroup}]}},
        ],
      },
      tags: {Team: 'platform', 'aws:cloudformation:stack-name': '10-security-02-task-execution-role', 'aws:cloudformation:logical-id': 'TaskExecutionRole'},
      attributes: {Arn: 'arn:aws:iam::123456789012:role/web-task-execution', RoleId: 'AROAEXAMPLEEXECUTION1'},
    })
    expectNoAbsentValues(executionRole)
  })

  it('GIVEN a role with a permissions boundary and no ListRoles entry WHEN mapped THEN the boundary is its ARN and nothing is guessed', () => {
    const deployer = roleFromAws(detailOf('deployer'), undefined, region)
    expect(deployer.properties.PermissionsBoundary).toBe('arn:aws:iam::123456789012:policy/boundary')
    expect(deployer.properties).not.toHaveProperty('MaxSessionDuration')
    expect(deployer.properties.Policies).toEqual([])
  })

  it('GIVEN role paths WHEN asked who owns them THEN service-linked and reserved roles are AWS\'s, /service-role/ roles are the account\'s', () => {
    expect(isAwsOwnedRole('/aws-service-role/ecs.amazonaws.com/')).toBe(true)
    expect(isAwsOwnedRole('/aws-reserved/sso.amazonaws.com/')).toBe(true)
    expect(isAwsOwnedRole('/service-role/')).toBe(false)
    expect(isAwsOwnedRole('/')).toBe(false)
  })

  it('GIVEN a role WHEN identified THEN by its name first, then by CloudFormation tags; the type is read once per account', () => {
    expect(iamRole.actualKeys(executionRole)).toEqual(['name:web-task-execution', 'cfn:10-security-02-task-execution-role/TaskExecutionRole'])
    expect(iamRole.desiredKeys({logicalId: 'TaskRole', stackName: 's', properties: {RoleName: 'web-task'}})).toEqual(['name:web-task', 'cfn:s/TaskRole'])
    expect(iamRole.desiredKeys({logicalId: 'TaskRole', stackName: 's', properties: {}})).toEqual(['cfn:s/TaskRole'])
    expect(iamRole.global).toBe(true)
  })
})

describe('AWS::IAM::Role drift', () => {
  const declared = (properties: Record<string, unknown> = {}) =>
    desired('TaskExecutionRole', iamRole.type, {
      RoleName: 'web-task-execution',
      // YAML as a team writes it: a one-item list, keys in another order, no Version.
      AssumeRolePolicyDocument: {Statement: [{Action: ['sts:AssumeRole'], Principal: {Service: ['ecs-tasks.amazonaws.com']}, Effect: 'Allow'}]},
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
      Policies: [{PolicyName: 'write-logs', PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: ['logs:PutLogEvents', 'logs:CreateLogStream'], Resource: logGroup}]}}],
      Tags: [{Key: 'Team', Value: 'platform'}],
      ...properties,
    })
  const analyse = (role = executionRole) => assessDrift(analyseDrift(model([declared()]), snapshot([role]), options()), options())

  it('GIVEN the role as declared, written differently WHEN analysed THEN it is in sync', () => {
    expect(analyse().items).toEqual([])
  })

  it('GIVEN an inline policy widened to logs:* WHEN analysed THEN a critical security drift addressed to the statement\'s Action, never healed', () => {
    const widened = structuredClone(executionRole)
    ;(widened.properties.Policies as Array<{PolicyDocument: {Statement: Array<{Action: unknown}>}}>)[0].PolicyDocument.Statement[0].Action = 'logs:*'
    const [item] = analyse(widened).items
    expect([item.driftType, item.severity, item.impact, item.autoHealable]).toEqual(['configuration_drift', 'critical', ['security'], false])
    expect(item.differences.map(({path, expected, actual}) => [path, expected, actual])).toEqual([['/Policies/0/PolicyDocument/Statement/0/Action', ['logs:PutLogEvents', 'logs:CreateLogStream'], ['logs:*']]])
  })

  it('GIVEN a trust policy opened to another account and a policy attached by hand WHEN analysed THEN both are critical differences', () => {
    const opened = structuredClone(executionRole)
    opened.properties.AssumeRolePolicyDocument = {...trust, Statement: [{...trust.Statement[0], Principal: {Service: 'ecs-tasks.amazonaws.com', AWS: 'arn:aws:iam::999999999999:root'}}]}
    opened.properties.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy']
    const [item] = analyse(opened).items
    expect(item.severity).toBe('critical')
    expect(item.differences.map(({path, kind}) => [path, kind])).toEqual([
      ['/AssumeRolePolicyDocument/Statement/0/Principal', 'NOT_EQUAL'],
      ['/ManagedPolicyArns/1', 'ADD'],
    ])
  })

  it('GIVEN only a tag changed WHEN analysed and healed THEN TagRole by role name, rolled back by TagRole with the old value', () => {
    const retagged = {...executionRole, tags: {...executionRole.tags, Team: 'someone'}}
    const [item] = analyse(retagged).items
    expect([item.driftType, item.autoHealable]).toEqual(['tag_drift', true])
    expect(callsOf(buildHealActions(retagged, [change('/Tags/Team', 'someone', 'platform')]))).toEqual([
      {api: 'IAM.TagRole', params: {RoleName: 'web-task-execution', Tags: [{Key: 'Team', Value: 'platform'}]}},
      {api: 'IAM.TagRole', params: {RoleName: 'web-task-execution', Tags: [{Key: 'Team', Value: 'someone'}]}},
    ])
  })
})
