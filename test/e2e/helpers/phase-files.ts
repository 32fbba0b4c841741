// The repository's example phases as files (path relative to the repository root -> text), to seed a git fixture.
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {REPO_ROOT} from '../../helpers/repo-root.js'

export function phaseFiles(): Record<string, string> {
  const files: Record<string, string> = {}
  const root = path.join(REPO_ROOT, 'phases')
  for (const entry of readdirSync(root, {recursive: true, withFileTypes: true})) {
    if (entry.isFile()) files[path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')] = readFileSync(path.join(entry.parentPath, entry.name), 'utf8')
  }

  return files
}
