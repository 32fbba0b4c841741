import {mkdir, open, readFile, rm} from 'node:fs/promises'
import path from 'node:path'

import {ExitCode, IalError} from '../errors.js'

/** Who holds a lock: written into the lock file as JSON. */
export interface LockOwner {
  pid: number
  startedAt: string
  host: string
}

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
  /** Whether a process of this host is alive (injected for tests). */
  isAlive?: (pid: number) => boolean
}

/**
 * One heal at a time per repository (SPEC 6). The lock file is created exclusively (`wx`), so two runs cannot
 * both get it. A lock whose process is gone is stale: reported, and freed only on `--force-unlock`. A live lock
 * on this host is never freed, even forced: that heal is still writing to AWS.
 */
export async function acquireLock(file: string, options: AcquireLockOptions): Promise<HeldLock> {
  const isAlive = options.isAlive ?? processIsAlive
  await mkdir(path.dirname(path.resolve(file)), {recursive: true})
  let freed: LockOwner | null = null
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await tryCreate(file, options.owner)) return {release: () => releaseLock(file, options.owner), freed}
    const holder = await readOwner(file)
    if (holder === undefined) continue // released between our open and our read: try again
    const since = holder ? ` (PID ${holder.pid}, started ${holder.startedAt}${holder.host === options.owner.host ? '' : ` on ${holder.host}`})` : ''
    const sameHost = holder !== null && holder.host === options.owner.host
    const alive = sameHost && isAlive(holder.pid)
    if (alive) {
      throw new LockHeldError(`another heal is running${since}: ${file} is locked`, 'wait for it to finish; --force-unlock only frees a lock whose process is gone', holder, false)
    }

    if (!options.forceUnlock) {
      const what = holder === null ? 'an unreadable heal lock' : sameHost ? `a stale heal lock${since}: that process is no longer running` : `a heal lock held from another host${since}`
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
    if (typeof value.pid === 'number' && typeof value.startedAt === 'string') return {pid: value.pid, startedAt: value.startedAt, host: String(value.host ?? '')}
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

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
