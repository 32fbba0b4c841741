import type {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import type {EC2Client} from '@aws-sdk/client-ec2'
import type {ECSClient} from '@aws-sdk/client-ecs'
import type {RDSClient} from '@aws-sdk/client-rds'

import {UsageError} from '../../../errors.js'

/** The clients a heal writes with (a subset of `AwsClients`, so the reader's clients serve as they are). */
export interface HealClients {
  ec2: EC2Client
  ecs: ECSClient
  rds: RDSClient
  cloudwatch: CloudWatchClient
}

/** Sends one planned call. Params come from a plan, which may have been saved and edited: each executor checks them. */
export type HealExecutor = (clients: HealClients, params: Record<string, unknown>, region: string) => Promise<void>

/**
 * A planned call that a heal must not send: a parameter outside what the safe action uses, or a value of the
 * wrong shape. Checked at the last moment before the call, whatever produced the plan.
 */
export class UnsafeHealCallError extends UsageError {}

export function onlyParams(api: string, params: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(params).filter((key) => !allowed.includes(key))
  if (extra.length > 0) throw new UnsafeHealCallError(`refusing ${api}: ${extra.join(', ')} is not a parameter a heal sends`, 'plan again with ialctl drift plan')
}

export function requireString(api: string, params: Record<string, unknown>, key: string): string {
  const value = params[key]
  if (typeof value !== 'string' || value === '') throw new UnsafeHealCallError(`refusing ${api}: ${key} must be a non-empty string`)
  return value
}

export function requireStrings(api: string, params: Record<string, unknown>, key: string): string[] {
  const value = params[key]
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new UnsafeHealCallError(`refusing ${api}: ${key} must be a non-empty list of strings`)
  }

  return value as string[]
}

/** `[{Key, Value}]` (or `[{key, value}]` for ECS) with at least one element and a non-empty key in each. */
export function requireTags(api: string, params: Record<string, unknown>, key: string, names: {key: string; value: string}, valueRequired: boolean): Array<Record<string, string>> {
  const value = params[key]
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((tag) => {
      if (tag === null || typeof tag !== 'object') return false
      const record = tag as Record<string, unknown>
      const keys = Object.keys(record)
      return (
        typeof record[names.key] === 'string' &&
        record[names.key] !== '' &&
        !(record[names.key] as string).startsWith('aws:') &&
        (valueRequired ? typeof record[names.value] === 'string' : record[names.value] === undefined || typeof record[names.value] === 'string') &&
        keys.every((name) => name === names.key || name === names.value)
      )
    })
  if (!valid) throw new UnsafeHealCallError(`refusing ${api}: ${key} must list at least one tag, each with a ${names.key} (aws: tags excluded)`)
  return value as Array<Record<string, string>>
}
