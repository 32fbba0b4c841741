import {appendFile, mkdir} from 'node:fs/promises'
import path from 'node:path'

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
}

export interface AuditLog {
  append(record: AuditRecord): Promise<void>
}

/**
 * Appends JSON lines to a file (directories created). One `appendFile` per record: with O_APPEND a line from
 * one run never interleaves with another's, and a crash loses at most the line being written.
 */
export function fileAuditLog(file: string): AuditLog {
  return {
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
