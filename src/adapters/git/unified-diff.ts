// A unified diff of file contents, made by git itself in a scratch repository so that `--dry-run` shows exactly
// what the pull request would show. Nothing outside the scratch directory is read or written.

import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {git} from './temp-clone.js'

export interface FileChange {
  /** Path relative to the repository root, forward slashes. */
  file: string
  /** Null for a new file. */
  before: string | null
  /** Null for a removed file. */
  after: string | null
}

export async function unifiedDiff(changes: readonly FileChange[], options: {env: NodeJS.ProcessEnv; tempDir?: string}): Promise<string> {
  if (changes.length === 0) return ''
  const dir = await mkdtemp(path.join(options.tempDir ?? tmpdir(), 'ialctl-diff-'))
  try {
    const repo = git(dir, options.env)
    await repo.init(['--quiet'])
    const put = async (file: string, content: string) => {
      const target = path.join(dir, file)
      if (!target.startsWith(dir + path.sep)) throw new Error(`${file} is outside the repository`)
      await mkdir(path.dirname(target), {recursive: true})
      await writeFile(target, content)
    }

    const existing = changes.filter((change) => change.before !== null)
    for (const change of existing) await put(change.file, change.before as string)
    if (existing.length > 0) await repo.raw(['add', '--', ...existing.map((change) => change.file)])
    for (const change of changes) {
      if (change.after === null) await rm(path.join(dir, change.file), {force: true})
      else await put(change.file, change.after)
    }

    // Intent-to-add makes new files show up as whole-file additions in `git diff`.
    const added = changes.filter((change) => change.before === null && change.after !== null)
    if (added.length > 0) await repo.raw(['add', '--intent-to-add', '--', ...added.map((change) => change.file)])
    return await repo.raw(['-c', 'core.quotepath=off', 'diff', '--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/'])
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}
