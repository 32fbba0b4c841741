// Config `organization` against moto (issue 19): an organization with two OUs and accounts in them; `targets list`
// finds the active accounts of the listed OU as targets, read through the configured role, without the excluded one.
//
// moto and AWS: moto keeps one organization per account (the default account here, that of the CLI's credentials):
// a run of this file after another in the same moto server finds the organization made before and reuses it. moto
// has no suspended or closed accounts to make (CloseAccount is not implemented), so the state filter is covered by
// test/core/organization.test.ts and test/adapters/aws/organizations.test.ts.
import {
  AlreadyInOrganizationException,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import {beforeAll, expect, it} from 'vitest'

import {createWorkspace, runCli} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'

describeE2e('config organization: targets from AWS Organizations, against moto', () => {
  const accounts: Record<string, string> = {}
  let teamOu = ''

  beforeAll(async () => {
    const organizations = new OrganizationsClient({endpoint: motoEndpoint(), region: 'us-east-1', credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}})
    await organizations.send(new CreateOrganizationCommand({FeatureSet: 'ALL'})).catch((error: unknown) => {
      if (!(error instanceof AlreadyInOrganizationException)) throw error
    })
    const {Roots} = await organizations.send(new ListRootsCommand({}))
    const root = Roots![0].Id!
    const suffix = Date.now().toString(36)
    const ou = async (name: string) => (await organizations.send(new CreateOrganizationalUnitCommand({ParentId: root, Name: `${name}-${suffix}`}))).OrganizationalUnit!.Id!
    teamOu = await ou('teams')
    const otherOu = await ou('sandboxes')
    for (const [name, parent] of [['Customer A / EU', teamOu], ['customer-b', teamOu], ['retired', teamOu], ['play', otherOu]] as const) {
      const created = await organizations.send(new CreateAccountCommand({AccountName: name, Email: `${name.replaceAll(/\W/g, '')}-${suffix}@example.com`}))
      const id = created.CreateAccountStatus!.AccountId!
      accounts[name] = id
      await organizations.send(new MoveAccountCommand({AccountId: id, SourceParentId: root, DestinationParentId: parent}))
    }

    organizations.destroy()
  }, 120_000)

  it('GIVEN an OU with three accounts, one excluded by name WHEN targets list --json THEN one target per remaining account, sanitised names, the role in each', async () => {
    const config = `aws: {regions: [us-east-1]}\norganization:\n  roleName: ialctl-readonly\n  ous: [${teamOu}]\n  exclude: [retired]\n  regions: [us-east-1, eu-west-1]\n`
    const result = await runCli(createWorkspace({config}), ['targets', 'list', '--json'], {endpoint: motoEndpoint()})
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([
      {target: 'Customer-A-EU', roleArn: `arn:aws:iam::${accounts['Customer A / EU']}:role/ialctl-readonly`, regions: ['us-east-1', 'eu-west-1'], parameters: []},
      {target: 'customer-b', roleArn: `arn:aws:iam::${accounts['customer-b']}:role/ialctl-readonly`, regions: ['us-east-1', 'eu-west-1'], parameters: []},
    ])
  }, 120_000)

  it('GIVEN --target naming a discovered account, and one naming nothing WHEN listed THEN that target only, and exit 1 listing the known ones', async () => {
    const config = `aws: {regions: [us-east-1]}\norganization:\n  roleName: ialctl-readonly\n  ous: [${teamOu}]\n  exclude: ['${accounts.retired}']\n`
    const workspace = createWorkspace({config})
    const one = await runCli(workspace, ['targets', 'list', '--target', 'customer-b'], {endpoint: motoEndpoint()})
    expect(one.code, one.stderr).toBe(0)
    expect(one.stdout).toContain(`customer-b  arn:aws:iam::${accounts['customer-b']}:role/ialctl-readonly  us-east-1`)
    const unknown = await runCli(workspace, ['targets', 'list', '--target', 'play'], {endpoint: motoEndpoint()})
    expect(unknown.code).toBe(1)
    expect(unknown.stderr.trim()).toBe('Error: no target named play in the config or its organization (configured targets: Customer-A-EU, customer-b)')
  }, 120_000)
})
