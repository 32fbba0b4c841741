import {randomBytes} from 'node:crypto'
import {chmod, lstat, mkdir, realpath, rename, rm, stat, writeFile} from 'node:fs/promises'
import type {Stats} from 'node:fs'
import path from 'node:path'

import {UsageError} from '../../errors.js'

/**
 * Writes a report, plan or snapshot so that readers see the old content or the new, never half of it: a temp file
 * in the same directory, then rename. Only a regular file (or a missing one) is replaced that way; renaming over
 * anything else would replace a device node or a pipe with a file (SPEC 10). A character device or FIFO, also
 * behind a symbolic link (`/dev/stdout`, `/proc/self/fd/1`, a named pipe a reader waits on), is written in place;
 * anything else (a directory, a block device, a socket, a link to nothing) is refused with one line. A link to a
 * regular file stays a link: the file it points at is replaced. On any failure the temp file is removed.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const target = await statFollowing(file)
  if (target && (target.isFIFO() || target.isCharacterDevice())) return writeInPlace(file, content)
  if (target && !target.isFile()) throw new UsageError(`cannot write ${file}: it is ${kindOf(target)}, not a regular file`, 'pass the path of a file to write')
  if (!target && (await isLink(file))) throw new UsageError(`cannot write ${file}: it is a symbolic link to a file that does not exist`, 'remove the link or pass another path')

  const destination = target ? await realpath(file) : path.resolve(file)
  const dir = path.dirname(destination)
  const temp = path.join(dir, `.${path.basename(destination)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await mkdir(dir, {recursive: true})
    // `wx`: never through something already at the temp path (a link planted there would redirect the write).
    await writeFile(temp, content, {flag: 'wx'})
    if (target) await chmod(temp, target.mode & 0o7777)
    await rename(temp, destination)
  } catch (error) {
    await rm(temp, {force: true})
    throw cannotWrite(file, error)
  }
}

async function writeInPlace(file: string, content: string | Uint8Array): Promise<void> {
  try {
    await writeFile(file, content)
  } catch (error) {
    throw cannotWrite(file, error)
  }
}

/** The file a path names, links followed; null when nothing is there. */
async function statFollowing(file: string): Promise<Stats | null> {
  try {
    return await stat(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw cannotWrite(file, error)
  }
}

const isLink = (file: string): Promise<boolean> => lstat(file).then((stats) => stats.isSymbolicLink(), () => false)

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isSocket()) return 'a socket'
  return 'an unusual file'
}

function cannotWrite(file: string, error: unknown): UsageError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
  return new UsageError(`cannot write ${file}: ${reason}`, 'check that the directory exists, is writable and has space', {cause: error})
}
