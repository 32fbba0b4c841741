import {type Account, ListAccountsCommand, ListAccountsForParentCommand, OrganizationsClient} from '@aws-sdk/client-organizations'
import {mockClient} from 'aws-sdk-client-mock'
import {beforeEach, describe, expect, it} from 'vitest'

import {awsClientFactory} from '../../../src/adapters/aws/clients.js'
import {listOrganizationAccounts} from '../../../src/adapters/aws/organizations.js'
import {AwsError, ExitCode} from '../../../src/errors.js'
import {testNetwork} from '../../helpers/network.js'

const organizations = mockClient(OrganizationsClient)

/** An account as ListAccounts answers it (State since 2025; Status, deprecated, still sent beside it). */
const account = (id: string, name: string, state = 'ACTIVE'): Account =>
  ({
    Id: id,
    Arn: `arn:aws:organizations::999999999999:account/o-a1b2c3d4e5/${id}`,
    Email: `${name}@example.com`,
    Name: name,
    Status: state === 'ACTIVE' ? 'ACTIVE' : 'SUSPENDED',
    State: state,
    JoinedMethod: 'CREATED',
    JoinedTimestamp: new Date('2024-03-01T10:00:00Z'),
  }) as Account

const awsError = (name: string, message: string) => Object.assign(new Error(message), {name, $fault: 'client', $metadata: {httpStatusCode: 400, attempts: 1}})

const client = () => awsClientFactory({maxAttempts: 1, endpoint: 'http://127.0.0.1:9', network: testNetwork()}).clientsFor({region: 'us-east-1'}).organizations

beforeEach(() => organizations.reset())

describe('listOrganizationAccounts', () => {
  it('GIVEN no OUs and two pages of accounts WHEN listed THEN ListAccounts is walked to the end, State preferred over Status', async () => {
    organizations
      .on(ListAccountsCommand, {MaxResults: 20})
      .resolves({Accounts: [account('111111111111', 'prod')], NextToken: 'page-2'})
      .on(ListAccountsCommand, {MaxResults: 20, NextToken: 'page-2'})
      .resolves({Accounts: [account('222222222222', 'closing', 'PENDING_CLOSURE')]})
    const accounts = await listOrganizationAccounts(client(), [], 'us-east-1')
    expect(accounts).toEqual([
      {id: '111111111111', name: 'prod', state: 'ACTIVE', arn: 'arn:aws:organizations::999999999999:account/o-a1b2c3d4e5/111111111111'},
      {id: '222222222222', name: 'closing', state: 'PENDING_CLOSURE', arn: 'arn:aws:organizations::999999999999:account/o-a1b2c3d4e5/222222222222'},
    ])
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(2)
  })

  it('GIVEN two OUs, one with two pages WHEN listed THEN ListAccountsForParent per OU with its pages, never ListAccounts', async () => {
    organizations
      .on(ListAccountsForParentCommand, {ParentId: 'ou-ab12-11111111'})
      .resolves({Accounts: [account('111111111111', 'prod')], NextToken: 'more'})
      .on(ListAccountsForParentCommand, {ParentId: 'ou-ab12-11111111', NextToken: 'more'})
      .resolves({Accounts: [account('222222222222', 'staging')]})
      .on(ListAccountsForParentCommand, {ParentId: 'ou-ab12-22222222'})
      .resolves({Accounts: []})
    const accounts = await listOrganizationAccounts(client(), ['ou-ab12-11111111', 'ou-ab12-22222222'], 'us-east-1')
    expect(accounts.map((entry) => entry.id)).toEqual(['111111111111', '222222222222'])
    expect(organizations.commandCalls(ListAccountsForParentCommand).map((call) => call.args[0].input.ParentId)).toEqual(['ou-ab12-11111111', 'ou-ab12-11111111', 'ou-ab12-22222222'])
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(0)
  })

  it('GIVEN a member account without Organizations access WHEN listed THEN exit 3 naming the operation', async () => {
    organizations.on(ListAccountsCommand).rejects(awsError('AccessDeniedException', 'You don\'t have permissions to access this resource.'))
    const failure = await listOrganizationAccounts(client(), [], 'us-east-1').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AwsError)
    expect((failure as AwsError).exitCode).toBe(ExitCode.Remote)
    expect((failure as AwsError).message).toMatch(/ListAccounts/)
  })

  it('GIVEN an OU that does not exist WHEN listed THEN an error naming the operation', async () => {
    organizations.on(ListAccountsForParentCommand).rejects(awsError('ParentNotFoundException', 'The specified parent does not exist.'))
    const failure = await listOrganizationAccounts(client(), ['ou-ab12-33333333'], 'us-east-1').catch((error: unknown) => error)
    expect((failure as Error).message).toMatch(/ListAccountsForParent/)
  })
})
