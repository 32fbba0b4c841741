import {constants} from 'node:fs'
import {appendFile, mkdir, open} from 'node:fs/promises'
import path from 'node:path'

import {z} from 'zod'

import type {AppliedChange} from '../core/history/view.js'
import {UsageError} from '../errors.js'

/** One line of the heal audit log (SPEC 6): who did what to which resource, and how it ended. */
export interface AuditRecord {
  time: string
  /** `revert` for `drift revert`; absent for a heal (the first release's lines). */
  operation?: 'revert'
  /** Caller identity ARN from STS, or null when it could not be read. */
  who: string | null
  item: string
  type: string
  physicalId: string | null
  region: string | null
  /** The calls made, in order, as `Service.Operation` (rollback calls prefixed `rollback:`). */
  action: string[]
  /** Values of the changed paths before, as re-read just before the heal. */
  before: Record<string, unknown> | null
  /** Values of the changed paths as read back at the end (after the heal or the rollback); null when not read. */
  after: Record<string, unknown> | null
  result: string
  checks: Array<{name: string; passed: boolean; detail: string}>
  error?: string
  /** The interface the write came through: the command line, or an agent through `ialctl mcp`. */
  via: AuditVia
}

export type AuditVia = 'cli' | 'mcp'

export interface AuditLog {
  append(record: AuditRecord): Promise<void>
  /**
   * Stores what was appended and is not stored yet; a run calls it when its writes are done (and on its error
   * paths). The file log writes each line at once; the S3 log writes the run's lines as one new object.
   */
  flush?(): Promise<void>
}

/** The audit log of the run's state backend: written by heals, read back by `drift history`. */
export interface AuditTrail extends AuditLog {
  /** Where it is, for messages: the file, or `s3://bucket/prefix/audit/`. */
  readonly where: string
  /** The applied heals and reverts it records (see readAppliedChanges). */
  readApplied(): Promise<{changes: AppliedChange[]; skipped: number}>
}

/**
 * Appends JSON lines to a file (directories created). One `appendFile` per record: with O_APPEND a line from
 * one run never interleaves with another's, and a crash loses at most the line being written.
 */
export function fileAuditLog(file: string): AuditTrail {
  return {
    where: file,
    readApplied: () => readAppliedChanges(file),
    async append(record) {
      try {
        await mkdir(path.dirname(path.resolve(file)), {recursive: true})
        await appendFile(file, `${JSON.stringify(record)}\n`, {encoding: 'utf8', mode: 0o600})
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
        throw new UsageError(`cannot append to the audit log ${file}: ${reason}`, 'check audit.file in the config and that its directory is writable', {cause: error})
      }
    },
  }
}

/** The audit log is read for `drift history` only; a larger one is read from its last MAX_AUDIT_BYTES. */
export const MAX_AUDIT_BYTES = 32 * 1024 * 1024

/**
 * The heals and reverts the audit log records as applied: how `drift history` tells a healed item from one that
 * just went away. The log is a file anyone with access can edit: lines that are not records are skipped (counted
 * in `skipped`), strings are kept as data. A missing log is an empty one.
 */
export async function readAppliedChanges(file: string): Promise<{changes: AppliedChange[]; skipped: number}> {
  let text: string
  try {
    const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
    try {
      const stats = await handle.stat()
      if (!stats.isFile()) return {changes: [], skipped: 0}
      const start = Math.max(0, stats.size - MAX_AUDIT_BYTES)
      const buffer = Buffer.alloc(stats.size - start)
      await handle.read(buffer, 0, buffer.length, start)
      text = buffer.toString('utf8')
    } finally {
      await handle.close()
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return {changes: [], skipped: 0}
    throw new UsageError(`cannot read the audit log ${file}: ${code ?? (error as Error).message}`, 'check audit.file in the config', {cause: error})
  }

  return appliedChangesIn(text)
}

/** The applied changes in audit log text (JSON lines); lines that are not records are counted in `skipped`. */
export function appliedChangesIn(text: string): {changes: AppliedChange[]; skipped: number} {
  const changes: AppliedChange[] = []
  let skipped = 0
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const parsed = appliedLine.safeParse(safeJson(line))
    if (!parsed.success) skipped++
    else if (parsed.data.result === 'applied') {
      const {time, item, type, region, who, operation} = parsed.data
      changes.push({time: new Date(time).toISOString(), item, type, region: region ?? null, who: who ?? null, by: operation === 'revert' ? 'revert' : 'heal'})
    }
  }

  return {changes, skipped}
}

const auditText = z.string().max(2048)
/** The fields of an audit line that say what was applied to which item; `operation` tells a revert from a heal. */
const appliedLine = z.object({
  time: auditText.refine((value) => !Number.isNaN(Date.parse(value))),
  who: auditText.nullable().optional(),
  item: auditText,
  type: auditText,
  region: auditText.nullable().optional(),
  result: auditText,
  operation: auditText.optional(),
})

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    return undefined
  }
}
