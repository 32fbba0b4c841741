import {existsSync, readFileSync} from 'node:fs'
import {mkdir, open, readFile, rm} from 'node:fs/promises'
import path from 'node:path'

import type {LockOwner} from '../core/heal-result.js'
import {ExitCode, IalError} from '../errors.js'

/** What this host knows of a PID now: null when no process has it; `start` undefined when the platform cannot tell. */
export type ProcessProbe = (pid: number) => {start?: string} | null

/** The lock is held (by a live process, one on another host, or a dead one): exit 1 with who and since when. */
export class LockHeldError extends IalError {
  constructor(
    message: string,
    hint: string,
    readonly owner: LockOwner | null,
    readonly stale: boolean,
  ) {
    super(message, ExitCode.Usage, hint)
  }
}

export interface HeldLock {
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>
  /** The stale lock that `forceUnlock` removed to get this one, if any. */
  freed: LockOwner | null
}

export interface AcquireLockOptions {
  owner: LockOwner
  forceUnlock: boolean
  /** Looks a PID up on this host (injected for tests). */
  probe?: ProcessProbe
}

/**
 * One heal at a time per repository (SPEC 6). The lock file is created exclusively (`wx`), so two runs cannot
 * both get it. A lock whose process is gone is stale: reported, and freed only on `--force-unlock`; so is one whose
 * PID now belongs to a process that started at another time (PIDs are reused). A live lock on this host is never
 * freed, even forced: that heal is still writing to AWS.
 */
export async function acquireLock(file: string, options: AcquireLockOptions): Promise<HeldLock> {
  const probe = options.probe ?? probeProcess
  const start = probe(options.owner.pid)?.start
  const owner: LockOwner = start === undefined ? options.owner : {...options.owner, processStart: start}
  await mkdir(path.dirname(path.resolve(file)), {recursive: true})
  let freed: LockOwner | null = null
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await tryCreate(file, owner)) return {release: () => releaseLock(file, owner), freed}
    const holder = await readOwner(file)
    if (holder === undefined) continue // released between our open and our read: try again
    const since = holder ? ` (PID ${holder.pid}, started ${holder.startedAt}${holder.host === options.owner.host ? '' : ` on ${holder.host}`})` : ''
    const sameHost = holder !== null && holder.host === options.owner.host
    const found = sameHost ? probe(holder.pid) : null
    // Without a recorded or readable start time, a running PID has to count as the holder.
    const reused = found !== null && holder?.processStart !== undefined && found.start !== undefined && found.start !== holder.processStart
    const alive = found !== null && !reused
    if (alive) {
      throw new LockHeldError(`another heal is running${since}: ${file} is locked`, 'wait for it to finish; --force-unlock only frees a lock whose process is gone', holder, false)
    }

    if (!options.forceUnlock) {
      const gone = reused ? 'that PID now belongs to another process' : 'that process is no longer running'
      const what = holder === null ? 'an unreadable heal lock' : sameHost ? `a stale heal lock${since}: ${gone}` : `a heal lock held from another host${since}`
      throw new LockHeldError(`${file} is ${what}`, 'if no heal is running, remove it with --force-unlock', holder, sameHost || holder === null)
    }

    await rm(file, {force: true})
    freed = holder ?? {pid: 0, startedAt: 'unknown', host: 'unknown'}
  }

  throw new LockHeldError(`${file} is locked and could not be taken`, 'retry in a moment', null, false)
}

async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', 0o644)
    try {
      await handle.writeFile(`${JSON.stringify(owner)}\n`)
    } finally {
      await handle.close()
    }

    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new IalError(`cannot create the heal lock ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, ExitCode.Usage, 'check that the directory is writable')
  }
}

/** The owner in the file; null when it cannot be parsed (a crash between create and write); undefined when gone. */
async function readOwner(file: string): Promise<LockOwner | null | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }

  try {
    const value = JSON.parse(text) as Partial<LockOwner>
    if (typeof value.pid === 'number' && typeof value.startedAt === 'string') {
      const processStart = typeof value.processStart === 'string' ? {processStart: value.processStart} : {}
      return {pid: value.pid, startedAt: value.startedAt, host: String(value.host ?? ''), ...processStart}
    }
  } catch {
    // an unreadable lock is treated as stale below
  }

  return null
}

async function releaseLock(file: string, owner: LockOwner): Promise<void> {
  const holder = await readOwner(file)
  // Only our own lock: after a --force-unlock by someone else, the file may belong to another run.
  if (holder && holder.pid === owner.pid && holder.startedAt === owner.startedAt && holder.host === owner.host) await rm(file, {force: true})
}

/**
 * Linux: /proc/PID/stat field 22 (start time in clock ticks since boot), with the boot id so that a PID from
 * before a reboot does not match. Elsewhere (macOS, Windows): signal 0 says whether the PID runs, not since when.
 */
export const probeProcess: ProcessProbe = (pid) => {
  if (!Number.isSafeInteger(pid) || pid <= 0) return null
  if (process.platform === 'linux' && existsSync('/proc/self/stat')) {
    let stat: string
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      return null
    }

    // Field 2 (the command name) is in parentheses and may hold spaces or ')': count from the last ')'.
    const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3]
    return /^\d+$/.test(ticks ?? '') ? {start: `${bootId()}:${ticks}`} : {}
  }

  try {
    process.kill(pid, 0)
    return {}
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? {} : null
  }
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  } catch {
    return 'boot'
  }
}
