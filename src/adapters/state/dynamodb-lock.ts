// The heal lock shared by CI runners (SPEC 8 `state.backend: aws`): one item per lock in a DynamoDB table, taken with
// a conditional PutItem the way Terraform's S3 backend locks with DynamoDB. The table's partition key is `LockID`
// (String), so a Terraform lock table can be reused. The item records who holds it and until when: a runner that
// dies leaves a lock that expires, one that lives renews it.

import {type AttributeValue, DeleteItemCommand, type DynamoDBClient, GetItemCommand, PutItemCommand} from '@aws-sdk/client-dynamodb'

import type {LockOwner} from '../../core/heal-result.js'
import {terminalText} from '../../core/shared/untrusted-text.js'
import {ConfigError, isIalError} from '../../errors.js'
import {toAwsError} from '../aws/errors.js'
import {type HeldLock, LockHeldError} from '../lock-file.js'

export interface DynamoLockOptions {
  table: string
  /** `<bucket>/<prefix>/heal.lock`, or `heal-<target>.lock` for a named target. */
  lockId: string
  region: string
  owner: LockOwner & {runId: string}
  /** How long the lock outlives a holder that stops renewing it. */
  ttlMs: number
  forceUnlock: boolean
  now: () => Date
  /** A renewal or the release failed: the heal goes on, the person is told. */
  warn: (message: string) => void
}

type LockClient = Pick<DynamoDBClient, 'send'>

/** The lock item as read back: everything in it came from a table anyone with write access can edit. */
interface LockHolder {
  owner: LockOwner | null
  /** Seconds since the epoch; null when missing or not a number. */
  expiresAt: number | null
  /** What makes it unreadable, when it is. */
  problem: string | null
  /** The RunId attribute when it is a string: a forced unlock deletes only the item it saw. */
  rawRunId: string | null
}

/** Untrusted strings from the item are cut to this many characters before they reach a message. */
const MAX_TEXT = 200

/**
 * Takes the lock: PutItem on condition that no item exists or the one there has expired. A held lock is exit 1
 * naming its holder (host, PID, run, start, expiry: every string escaped for the terminal). With `forceUnlock` the
 * holder's item is deleted (only that item: the delete is conditioned on its run id) and the lock taken; the
 * holder removed, or the expired lock replaced, is returned as `freed`.
 */
export async function acquireDynamoLock(client: LockClient, options: DynamoLockOptions): Promise<HeldLock> {
  const {table, lockId, owner, forceUnlock} = options
  let freed: LockOwner | null = null
  for (let attempt = 0; attempt < 3; attempt++) {
    const nowSeconds = Math.floor(options.now().getTime() / 1000)
    let replaced: Record<string, AttributeValue> | undefined
    try {
      const answer = await client.send(
        new PutItemCommand({
          TableName: table,
          Item: lockItem(lockId, owner, nowSeconds + Math.ceil(options.ttlMs / 1000)),
          ConditionExpression: 'attribute_not_exists(LockID) OR ExpiresAt < :now',
          ExpressionAttributeValues: {':now': {N: String(nowSeconds)}},
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      replaced = answer.Attributes
    } catch (error) {
      if (!isConditionFailure(error)) throw lockError(error, 'PutItem', options)
      const holder = (error as {Item?: Record<string, AttributeValue>}).Item ? readHolder((error as {Item: Record<string, AttributeValue>}).Item) : await readLock(client, options)
      if (holder === null) continue // released between our write and our read: try again
      if (!forceUnlock) throw heldError(holder, options)
      if (await deleteHolder(client, holder, options)) freed = holder.owner ?? {pid: 0, startedAt: 'unknown', host: 'unknown'}
      continue
    }

    // An expired lock was replaced: its run ended without releasing it (killed, or its runner lost).
    if (replaced && freed === null) freed = readHolder(replaced).owner
    return heldLock(client, options, freed)
  }

  throw new LockHeldError(`the heal lock ${terminalText(lockId)} in DynamoDB table ${table} kept changing and could not be taken`, 'retry in a moment', null, false)
}

function lockItem(lockId: string, owner: LockOwner & {runId: string}, expiresAt: number): Record<string, AttributeValue> {
  return {
    LockID: {S: lockId},
    RunId: {S: owner.runId},
    Host: {S: owner.host},
    Pid: {N: String(owner.pid)},
    StartedAt: {S: owner.startedAt},
    ExpiresAt: {N: String(expiresAt)},
    Tool: {S: 'ialctl'},
  }
}

/** Renews the lock while the heal runs; release deletes it only if it is still ours. */
function heldLock(client: LockClient, options: DynamoLockOptions, freed: LockOwner | null): HeldLock {
  const {table, lockId, owner} = options
  const ours = {ConditionExpression: 'RunId = :run', ExpressionAttributeValues: {':run': {S: owner.runId}}}
  let lost = false
  const renew = async () => {
    const expiresAt = Math.floor(options.now().getTime() / 1000) + Math.ceil(options.ttlMs / 1000)
    try {
      await client.send(new PutItemCommand({TableName: table, Item: lockItem(lockId, owner, expiresAt), ...ours}))
    } catch (error) {
      if (isConditionFailure(error)) {
        lost = true
        clearInterval(timer)
        options.warn(`the heal lock ${terminalText(lockId)} was taken over by another run (--force-unlock or an expiry): this heal no longer holds it`)
      } else {
        options.warn(`could not renew the heal lock ${terminalText(lockId)}: ${lockError(error, 'PutItem', options).message}`)
      }
    }
  }

  const timer = setInterval(() => void renew(), Math.max(1000, Math.floor(options.ttlMs / 3)))
  // The renewal alone never keeps the process alive.
  timer.unref()
  return {
    freed,
    async release() {
      clearInterval(timer)
      if (lost) return
      try {
        await client.send(new DeleteItemCommand({TableName: table, Key: {LockID: {S: lockId}}, ...ours}))
      } catch (error) {
        // Someone forced the lock away and may hold it now: theirs stays.
        if (isConditionFailure(error)) return
        options.warn(`could not release the heal lock ${terminalText(lockId)} (${lockError(error, 'DeleteItem', options).message}): it expires within ${Math.ceil(options.ttlMs / 60_000)} min, or --force-unlock frees it`)
      }
    },
  }
}

/** The lock item now (a consistent read), or null when there is none. */
async function readLock(client: LockClient, options: DynamoLockOptions): Promise<LockHolder | null> {
  try {
    const answer = await client.send(new GetItemCommand({TableName: options.table, Key: {LockID: {S: options.lockId}}, ConsistentRead: true}))
    return answer.Item ? readHolder(answer.Item) : null
  } catch (error) {
    throw lockError(error, 'GetItem', options)
  }
}

/** Deletes the holder's item, on condition that it is still the one read. False when it changed meanwhile. */
async function deleteHolder(client: LockClient, holder: LockHolder, options: DynamoLockOptions): Promise<boolean> {
  // An item without a string RunId is never one a live ialctl wrote (every lock item has one).
  const condition: {ConditionExpression: string; ExpressionAttributeValues: Record<string, AttributeValue>} =
    holder.rawRunId === null
      ? {ConditionExpression: 'attribute_not_exists(RunId) OR NOT attribute_type(RunId, :string)', ExpressionAttributeValues: {':string': {S: 'S'}}}
      : {ConditionExpression: 'RunId = :run', ExpressionAttributeValues: {':run': {S: holder.rawRunId}}}
  try {
    await client.send(new DeleteItemCommand({TableName: options.table, Key: {LockID: {S: options.lockId}}, ...condition}))
    return true
  } catch (error) {
    if (isConditionFailure(error)) return false
    throw lockError(error, 'DeleteItem', options)
  }
}

/** Reads the item's fields as data: wrong types and missing fields make it unreadable, never a crash. */
export function readHolder(item: Record<string, AttributeValue>): LockHolder {
  const text = (name: string): string | null => {
    const value = item[name]
    return value && 'S' in value && typeof value.S === 'string' ? terminalText(value.S.slice(0, MAX_TEXT)) : null
  }

  const integer = (name: string): number | null => {
    const value = item[name]
    return value && 'N' in value && typeof value.N === 'string' && /^\d{1,15}$/.test(value.N) ? Number(value.N) : null
  }

  const rawRunId = item.RunId && 'S' in item.RunId && typeof item.RunId.S === 'string' ? item.RunId.S : null
  const runId = text('RunId')
  const host = text('Host')
  const startedAt = text('StartedAt')
  const pid = integer('Pid')
  const expiresAt = integer('ExpiresAt')
  const missing = [
    ['RunId', runId],
    ['Host', host],
    ['StartedAt', startedAt],
    ['Pid', pid],
    ['ExpiresAt', expiresAt],
  ]
    .filter(([, value]) => value === null)
    .map(([name]) => name as string)
  const owner = runId !== null && host !== null && startedAt !== null && pid !== null ? {pid, startedAt, host, runId} : null
  return {owner, expiresAt, problem: missing.length > 0 ? `${missing.join(', ')} missing or not of the expected type` : null, rawRunId}
}

function heldError(holder: LockHolder, options: DynamoLockOptions): LockHeldError {
  const {lockId, table} = options
  const where = `the heal lock ${terminalText(lockId)} in DynamoDB table ${table}`
  const {owner} = holder
  if (holder.problem !== null || owner === null) {
    return new LockHeldError(`${where} is held by an unreadable item (${holder.problem ?? 'no owner'})`, 'if no heal is running, remove it with --force-unlock', owner, true)
  }

  const expires = new Date(holder.expiresAt! * 1000).toISOString()
  return new LockHeldError(
    `another heal holds ${where}: run ${owner.runId} on ${owner.host} (PID ${owner.pid}), started ${owner.startedAt}, expires ${expires}`,
    `wait for it to finish; if that run is gone, --force-unlock removes the lock (it also expires at ${expires} unless renewed)`,
    owner,
    false,
  )
}

const isConditionFailure = (error: unknown): boolean => (error as {name?: string} | undefined)?.name === 'ConditionalCheckFailedException'

/** A missing table is the config's fault (exit 1); anything else from AWS is exit 3 with the IAM action named. */
function lockError(error: unknown, operation: string, options: DynamoLockOptions): Error {
  if (isIalError(error)) return error
  if ((error as {name?: string} | undefined)?.name === 'ResourceNotFoundException') {
    return new ConfigError(`the heal lock table ${options.table} does not exist in ${options.region}`, 'create it with partition key LockID (String), or fix state.lockTable / state.region in the config', {cause: error})
  }

  return toAwsError(error, {service: 'DynamoDB', operation, region: options.region})
}
