// The drift history on disk: one small JSON file per checked run in a directory (config history.dir). One file per
// run keeps every write atomic and independent (two runs at once never touch the same file) and makes retention a
// matter of removing the oldest files. A file that is not a valid record is skipped with one warning: the history
// is advisory, a check must not fail because someone edited it.

import {randomBytes} from 'node:crypto'
import {constants} from 'node:fs'
import {open, readdir, rm} from 'node:fs/promises'
import path from 'node:path'

import {type HistoryRun, parseHistoryRun} from '../core/history/run-record.js'
import {terminalText} from '../core/shared/untrusted-text.js'
import {UsageError} from '../errors.js'
import {writeFileAtomic} from './fs/atomic-write.js'

/** A history file larger than this is not read: a record of 100,000 items is a few MB. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024
export const RECORD_FILE = /^run-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-[0-9a-f]{12}\.json$/

export interface StoredRun {
  file: string
  run: HistoryRun
}

export interface HistoryStore {
  readonly dir: string
  /** Every valid record, oldest first; one warning per file that is not one. */
  read(): Promise<{runs: StoredRun[]; warnings: string[]}>
  append(run: HistoryRun): Promise<string>
  /** Removes the records older than `maxAgeMs` before `now`, and the oldest beyond `maxRuns`; returns how many. */
  prune(now: Date, retention: {maxAgeMs: number; maxRuns: number}): Promise<number>
}

export function fileHistoryStore(dir: string): HistoryStore {
  return {
    dir,
    async read() {
      const runs: StoredRun[] = []
      const warnings: string[] = []
      for (const name of await recordFiles(dir)) {
        const file = path.join(dir, name)
        const loaded = await readRecord(file)
        if ('problem' in loaded) warnings.push(`history file ${terminalText(file)} skipped: ${terminalText(loaded.problem)}`)
        else runs.push({file, run: loaded.run})
      }

      runs.sort((a, b) => a.run.at.localeCompare(b.run.at) || a.file.localeCompare(b.file))
      return {runs, warnings}
    },
    async append(run) {
      const file = path.join(dir, recordName(run))
      await writeFileAtomic(file, `${JSON.stringify(run)}\n`)
      return file
    },
    async prune(now, retention) {
      const expired = expiredRecords(await recordFiles(dir), now, retention)
      for (const name of expired) await rm(path.join(dir, name), {force: true})
      return expired.length
    },
  }
}

/** A new record's name: the run's time (retention reads it from there), then random so that two runs never collide. */
export const recordName = (run: HistoryRun): string => `run-${run.at.replaceAll(/[:.]/g, '-')}-${randomBytes(6).toString('hex')}.json`

/**
 * The record names past retention: older than `maxAgeMs` before `now`, and the oldest beyond `maxRuns`. The name
 * carries the run's time, so retention needs no record to be read (nor trusted).
 */
export function expiredRecords(names: string[], now: Date, {maxAgeMs, maxRuns}: {maxAgeMs: number; maxRuns: number}): string[] {
  const sorted = names.filter((name) => RECORD_FILE.test(name)).sort()
  const oldestKept = new Date(now.getTime() - maxAgeMs).toISOString().replaceAll(/[:.]/g, '-')
  return sorted.filter((name, index) => index < sorted.length - maxRuns || RECORD_FILE.exec(name)![1]! < oldestKept)
}

/** A record's text -> the run, or what is wrong with it. */
export function parseRecordText(text: string): {run: HistoryRun} | {problem: string} {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return {problem: 'not JSON'}
  }

  return parseHistoryRun(value)
}

/** The names of the record files in the directory (none when it does not exist yet). */
async function recordFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => RECORD_FILE.test(name))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return []
    throw new UsageError(`cannot read the drift history ${dir}: ${code ?? (error as Error).message}`, 'config history.dir must name a readable directory', {cause: error})
  }
}

async function readRecord(file: string): Promise<{run: HistoryRun} | {problem: string}> {
  let text: string
  try {
    // O_NOFOLLOW and the regular-file check: a link or a FIFO planted in the directory is not followed nor waited on.
    const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
    try {
      const stats = await handle.stat()
      if (!stats.isFile()) return {problem: 'not a regular file'}
      if (stats.size > MAX_RECORD_BYTES) return {problem: `larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB`}
      text = await handle.readFile('utf8')
    } finally {
      await handle.close()
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return {problem: code === 'ELOOP' ? 'a symbolic link' : `unreadable (${code ?? (error as Error).message})`}
  }

  return parseRecordText(text)
}
