// A plan token names one plan: the hash of its canonical JSON. An agent gets it from a plan call and hands it back
// to the write that applies that plan, so the write is bound to exactly what the person was shown. Pure.

import {createHash} from 'node:crypto'

import {canonicalJson} from '../shared/canonical-json.js'

export const PLAN_TOKEN_PATTERN = /^sha256:[0-9a-f]{64}$/

export function planToken(plan: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(plan)).digest('hex')}`
}
