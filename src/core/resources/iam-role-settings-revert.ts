// How `drift revert` puts a role's session duration and description back (SPEC 11): one UpdateRole with the
// declared values, no restart (sessions already issued keep their expiry; new ones get the declared one). Pure.
//
// A longer session than AWS's now keeps credentials valid longer: Git's value is put back only with
// --approve-critical (`weakens`). A description is text only; IAM's own character rules are the schema's.

import {z} from 'zod'

import type {HealApiCall, HealChange, PropertyRevert} from './heal.js'
import {asCount, currentValue, nonEmptyString, refuse} from './heal.js'

const MAX_SESSION = '/MaxSessionDuration'
const DESCRIPTION = '/Description'

/** IAM's bounds for a role's maximum session: one to twelve hours, in seconds. */
const SESSION = {min: 3600, max: 43_200}

/** IAM's rule for a role description: up to 1,000 of tab, line breaks and printable Latin-1 characters. */
const DESCRIPTION_TEXT = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]{0,1000}$/

const sessionSeconds = z
  .number({errorMap: () => ({message: `MaxSessionDuration must be a whole number of seconds from ${SESSION.min} to ${SESSION.max}`})})
  .int(`MaxSessionDuration must be a whole number of seconds from ${SESSION.min} to ${SESSION.max}`)
  .min(SESSION.min, `MaxSessionDuration must be a whole number of seconds from ${SESSION.min} to ${SESSION.max}`)
  .max(SESSION.max, `MaxSessionDuration must be a whole number of seconds from ${SESSION.min} to ${SESSION.max}`)

const descriptionText = z
  .string({errorMap: () => ({message: 'Description must be a string'})})
  .regex(DESCRIPTION_TEXT, 'Description must be at most 1,000 characters IAM accepts (no control characters but tab and line breaks)')

export const roleSettingsRevert: PropertyRevert = {
  paths: [MAX_SESSION, DESCRIPTION],
  restartPaths: [],
  calls: [
    {
      api: 'IAM.UpdateRole',
      params: z
        .strictObject({RoleName: nonEmptyString('RoleName').regex(/^[\w+=,.@-]{1,64}$/, 'RoleName must be an IAM role name (1 to 64 of letters, digits and +=,.@_-)'), MaxSessionDuration: sessionSeconds.optional(), Description: descriptionText.optional()})
        .refine((params) => params.MaxSessionDuration !== undefined || params.Description !== undefined, 'UpdateRole must change MaxSessionDuration or Description'),
    },
  ],
  build(actual, changes) {
    const RoleName = actual.physicalId
    if (!RoleName) return refuse('the role has no name to address it by')
    const to: Record<string, unknown> = {}
    const from: Record<string, unknown> = {}
    for (const change of changes) {
      if (change.path === MAX_SESSION) {
        const [before, after] = [asCount(currentValue(actual, MAX_SESSION)), asCount(change.to)]
        if (after === undefined || after < SESSION.min || after > SESSION.max) return refuse(`${MAX_SESSION} ${JSON.stringify(change.to)} is not ${SESSION.min} to ${SESSION.max} seconds`)
        if (before === undefined) return refuse(`${MAX_SESSION}: the role's value was not read`)
        ;[to.MaxSessionDuration, from.MaxSessionDuration] = [after, before]
      } else {
        // A description the template leaves out is not compared; one AWS lacks is put back as the empty text.
        const [before, after] = [currentValue(actual, DESCRIPTION) ?? '', change.to ?? '']
        if (typeof after !== 'string' || !DESCRIPTION_TEXT.test(after)) return refuse(`${DESCRIPTION}: the declared value is not a description IAM accepts (at most 1,000 characters, no control characters)`)
        if (typeof before !== 'string') return refuse(`${DESCRIPTION}: the role's value was not read`)
        ;[to.Description, from.Description] = [after, before]
      }
    }

    const call = (values: Record<string, unknown>): HealApiCall => ({api: 'IAM.UpdateRole', params: {RoleName, ...values}})
    return {ok: true, actions: [{...call(to), rollback: call(from)}]}
  },
  weakens(change: HealChange) {
    if (change.path !== MAX_SESSION) return undefined
    const [before, after] = [asCount(change.from), asCount(change.to)]
    return before !== undefined && after !== undefined && after > before ? `puts back a longer session (${after} s) than AWS's now (${before} s): credentials stay valid longer` : undefined
  },
}
