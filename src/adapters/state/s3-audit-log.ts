// The audit log as S3 objects (config `state.backend: aws`): one object per run, never overwritten, at
// `<prefix>/audit/YYYY/MM/DD/<run-id>.jsonl`. S3 has no append, so a run's lines are kept in memory and written as
// one object when the run's writes are done (flush); the heal workflow flushes in a `finally`, so a run that fails
// midway still writes the lines it has. The object is written with If-None-Match: * so that no key is ever
// replaced. When S3 refuses the write, the lines go to the local audit file instead and the run fails naming
// both: nothing appended is dropped without a word. What no process can save is a run killed outright (SIGKILL,
// a lost runner) between a heal call and the flush.

import {appendFile, mkdir} from 'node:fs/promises'
import path from 'node:path'

import pLimit from 'p-limit'

import type {AppliedChange} from '../../core/history/view.js'
import {AwsError, isIalError} from '../../errors.js'
import {appliedChangesIn, type AuditRecord, type AuditTrail, MAX_AUDIT_BYTES} from '../audit-log.js'
import {getText, listKeys, putNewObject, type S3Objects, s3Url, type StateLocation, statePrefix} from './s3-objects.js'

export interface S3AuditRun {
  /** Names the run's object. */
  runId: string
  /** The run's start: the date in the object's key. */
  startedAt: Date
  /** Where the lines go when S3 refuses them (config audit.file). */
  fallbackFile: string
}

/** A second object for the same run (an MCP session flushes after each write) gets `-2`, `-3`, ...: never the same key. */
const MAX_KEY_ATTEMPTS = 5

export function s3AuditLog(client: S3Objects, location: StateLocation, run: S3AuditRun): AuditTrail {
  const {bucket} = location
  const auditPrefix = statePrefix(location, 'audit')
  const day = run.startedAt.toISOString().slice(0, 10).replaceAll('-', '/')
  const pending: string[] = []
  let objects = 0

  return {
    where: `s3://${bucket}/${auditPrefix}`,
    async append(record: AuditRecord) {
      pending.push(`${JSON.stringify(record)}\n`)
    },
    async flush() {
      if (pending.length === 0) return
      const lines = pending.splice(0)
      const body = lines.join('')
      try {
        for (let attempt = 0; attempt < MAX_KEY_ATTEMPTS; attempt++) {
          objects += 1
          const key = `${auditPrefix}${day}/${run.runId}${objects === 1 ? '' : `-${objects}`}.jsonl`
          if ((await putNewObject(client, {bucket, key}, body, 'application/x-ndjson', location.region)) === 'written') return
        }

        throw new AwsError(`every audit object name of run ${run.runId} under ${s3Url({bucket, key: `${auditPrefix}${day}/`})} is taken`, 'a run id is unique per run: look for a copy of this run id in that folder')
      } catch (error) {
        throw await keptLocally(error, lines, s3Url({bucket, key: auditPrefix}), run.fallbackFile)
      }
    },
    async readApplied() {
      return readAppliedObjects(client, bucket, auditPrefix, location.region)
    },
  }
}

/** S3 refused the lines: append them to the local audit file, and fail naming where they went. */
async function keptLocally(error: unknown, lines: string[], where: string, fallbackFile: string): Promise<Error> {
  const reason = isIalError(error) ? error.message : String((error as Error)?.message ?? error)
  const count = `${lines.length} audit line${lines.length === 1 ? '' : 's'}`
  try {
    await mkdir(path.dirname(fallbackFile), {recursive: true})
    await appendFile(fallbackFile, lines.join(''), {encoding: 'utf8', mode: 0o600})
  } catch (localError) {
    const localReason = (localError as NodeJS.ErrnoException).code ?? (localError as Error).message
    return new AwsError(`the ${count} of this run could not be written to ${where} (${reason}) nor to ${fallbackFile} (${localReason}): they are lost`, 'fix the S3 access (see the IAM actions in the README) and the local directory', {cause: error})
  }

  const hint = isIalError(error) && error.hint ? error.hint : 'check state.bucket and the caller\'s S3 access'
  return new AwsError(`the ${count} of this run could not be written to ${where} (${reason}); they were appended to ${fallbackFile} instead`, hint, {cause: error})
}

/**
 * The applied changes every audit object records, newest objects first up to the size the local log is read to;
 * keys are dated and start with the run's time, so key order is time order.
 */
async function readAppliedObjects(client: S3Objects, bucket: string, auditPrefix: string, region: string): Promise<{changes: AppliedChange[]; skipped: number}> {
  const keys = (await listKeys(client, bucket, auditPrefix, region)).filter(({key}) => key.endsWith('.jsonl'))
  const chosen: string[] = []
  let budget = MAX_AUDIT_BYTES
  for (let index = keys.length - 1; index >= 0 && budget > 0; index--) {
    const {key, size} = keys[index]!
    if (size > budget) break
    budget -= size
    chosen.push(key)
  }

  const limit = pLimit(8)
  const texts = await Promise.all(chosen.map((key) => limit(() => getText(client, {bucket, key}, region))))
  const changes: AppliedChange[] = []
  let skipped = 0
  for (const text of texts) {
    if (text === null) continue
    const found = appliedChangesIn(text)
    changes.push(...found.changes)
    skipped += found.skipped
  }

  changes.sort((a, b) => a.time.localeCompare(b.time))
  return {changes, skipped}
}
