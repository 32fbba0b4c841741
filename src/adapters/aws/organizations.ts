import {type Account, type OrganizationsClient, paginateListAccounts, paginateListAccountsForParent} from '@aws-sdk/client-organizations'

import type {OrganizationAccount} from '../../core/organization.js'
import {awsCall} from './call.js'

/** ListAccounts and ListAccountsForParent return at most 20 accounts a page. */
export const ORGANIZATIONS_PAGE_SIZE = 20

/**
 * The accounts of the organizational units `ous` (direct children only, as ListAccountsForParent gives them), or of
 * the whole organization when none is given. Call budget: one call per 20 accounts per OU. Needs
 * organizations:ListAccounts or organizations:ListAccountsForParent, from the management account or a delegated
 * administrator.
 */
export async function listOrganizationAccounts(client: OrganizationsClient, ous: readonly string[], region: string): Promise<OrganizationAccount[]> {
  const options = {client, pageSize: ORGANIZATIONS_PAGE_SIZE}
  if (ous.length === 0) {
    return awsCall({service: 'Organizations', operation: 'ListAccounts', region}, async () => {
      const out: OrganizationAccount[] = []
      for await (const page of paginateListAccounts(options, {})) out.push(...(page.Accounts ?? []).flatMap(accountOf))
      return out
    })
  }

  const out: OrganizationAccount[] = []
  // One OU after another: Organizations allows a few calls a second per account, and the lists are short.
  for (const parent of ous) {
    const accounts = await awsCall({service: 'Organizations', operation: 'ListAccountsForParent', region}, async () => {
      const listed: OrganizationAccount[] = []
      for await (const page of paginateListAccountsForParent(options, {ParentId: parent})) listed.push(...(page.Accounts ?? []).flatMap(accountOf))
      return listed
    })
    out.push(...accounts)
  }

  return out
}

/** `State` is the current field; `Status` (deprecated in 2025) is what older endpoints and moto still send. */
function accountOf(account: Account): OrganizationAccount[] {
  if (!account.Id) return []
  const state = (account as Account & {State?: string}).State ?? account.Status
  return [{id: account.Id, ...(account.Name ? {name: account.Name} : {}), ...(state ? {state} : {}), ...(account.Arn ? {arn: account.Arn} : {})}]
}
