import {existsSync, statSync} from 'node:fs'
import path from 'node:path'

import {DEFAULT_CONFIG_PATH} from './load.js'

const isDirectory = (file: string) => existsSync(file) && statSync(file).isDirectory()

/**
 * The repository root seen from `start`, as git finds its top level: the nearest directory at or above `start`
 * that holds `phases/` or `config/ialctl.yaml`. The search stops at the top of the git repository it is in (a
 * `.git` entry), so a stray `phases/` further up is never picked. Undefined when nothing is found.
 */
export function findRepositoryRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (isDirectory(path.join(dir, 'phases')) || existsSync(path.join(dir, DEFAULT_CONFIG_PATH))) return dir
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined
  }
}
