// Config `organization` (issue 19): the targets of an AWS organization, one per active account of the listed OUs
// (or of the whole organization), each read through the same role name. Pure: the caller lists the accounts.

import {compareCodePoints} from './shared/compare.js'

/** An account as Organizations lists it (ListAccounts / ListAccountsForParent). */
export interface OrganizationAccount {
  id: string
  name?: string
  /** `State` (ACTIVE, SUSPENDED, PENDING_ACTIVATION, PENDING_CLOSURE, CLOSED), or the older `Status`. */
  state?: string
  /** `arn:<partition>:organizations::...`: the partition of the role ARNs. */
  arn?: string
}

export interface OrganizationConfig {
  roleName: string
  exclude: readonly string[]
  regions?: string[]
  parameters: Record<string, unknown>
  externalId?: string
  sessionName?: string
}

/** A discovered target, in the shape of a config target. */
export interface DiscoveredTarget {
  name: string
  roleArn: string
  externalId?: string
  sessionName?: string
  regions?: string[]
  parameters: Record<string, unknown>
}

/** The target name rule of config `targets` (SPEC 8): names are parts of refs, report file names and lock keys. */
export const TARGET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/

/**
 * One target per ACTIVE account not excluded (by id or by name), named by its account name made a valid target
 * name (`Prod EU` -> `Prod-EU`), or by its id when nothing of the name is left or two accounts would share a name.
 * Sorted by name; an account listed under two OUs is one target.
 */
export function organizationTargets(accounts: readonly OrganizationAccount[], organization: OrganizationConfig): DiscoveredTarget[] {
  const excluded = new Set(organization.exclude)
  const byId = new Map<string, OrganizationAccount>()
  for (const account of accounts) {
    if ((account.state ?? 'ACTIVE') !== 'ACTIVE') continue
    if (excluded.has(account.id) || (account.name !== undefined && excluded.has(account.name))) continue
    byId.set(account.id, account)
  }

  const named = [...byId.values()].map((account) => ({account, name: targetNameOf(account)}))
  const counts = new Map<string, number>()
  for (const {name} of named) counts.set(name, (counts.get(name) ?? 0) + 1)
  return named
    .map(({account, name}) => ({
      name: (counts.get(name) ?? 0) > 1 ? account.id : name,
      roleArn: `arn:${partitionOf(account)}:iam::${account.id}:role/${organization.roleName}`,
      ...(organization.externalId ? {externalId: organization.externalId} : {}),
      ...(organization.sessionName ? {sessionName: organization.sessionName} : {}),
      ...(organization.regions ? {regions: [...organization.regions]} : {}),
      parameters: {...organization.parameters},
    }))
    .sort((left, right) => compareCodePoints(left.name, right.name))
}

/** The account name with every run of characters a target name cannot hold made one `-`; the id when nothing is left. */
export function targetNameOf(account: OrganizationAccount): string {
  const cleaned = (account.name ?? '')
    .replaceAll(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63)
    .replace(/-+$/, '')
  return TARGET_NAME_PATTERN.test(cleaned) ? cleaned : account.id
}

const partitionOf = (account: OrganizationAccount): string => /^arn:(aws[\w-]*):/.exec(account.arn ?? '')?.[1] ?? 'aws'
