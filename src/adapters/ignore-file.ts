import {readFile} from 'node:fs/promises'

import {UsageError} from '../errors.js'

export const IGNORE_FILE = '.ialctlignore'

/**
 * Reads `.ialctlignore`: one ignore rule per line (the grammar of src/core/diff/rules.ts), `#` starts a comment
 * line, blank lines are skipped. A missing file means no rules.
 */
export async function readIgnoreFile(file: string): Promise<string[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'check the file permissions', {cause: error})
  }

  return parseIgnoreFile(text)
}

export function parseIgnoreFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}
