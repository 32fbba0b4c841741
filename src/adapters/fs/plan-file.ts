import {readFile} from 'node:fs/promises'

import {UsageError} from '../../errors.js'

/** The text of a saved plan (`--plan FILE`), or one usage line saying why it cannot be read. */
export async function readPlanFile(file: string, makeOne: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`cannot read the plan ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, `create one with ${makeOne}`, {cause: error})
  }
}
