import {randomBytes} from 'node:crypto'
import {mkdir, rename, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {UsageError} from '../../errors.js'

/**
 * Writes a file so that readers see the old content or the new, never half of it: a temp file in the same
 * directory, then rename. On failure (disk full, read-only directory) the temp file is removed.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(file))
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await mkdir(dir, {recursive: true})
    await writeFile(temp, content)
    await rename(temp, file)
  } catch (error) {
    await rm(temp, {force: true})
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new UsageError(`cannot write ${file}: ${reason}`, 'check that the directory exists, is writable and has space', {cause: error})
  }
}
