import {simpleGit} from 'simple-git'

/**
 * Where the phases live in git: the repository root (for .ialctlignore), HEAD (report `source.commit`) and whether
 * the phases differ from HEAD (edited, staged or new files), so that a report never passes edits off as a commit.
 */
export interface PhasesRepository {
  root: string | null
  commit: string | null
  uncommittedChanges: boolean
}

/** The git repository holding `dir`; nulls when it is not in one, has no commit yet, or git is not installed. */
export async function phasesRepository(dir: string): Promise<PhasesRepository> {
  const git = (() => {
    try {
      return simpleGit({baseDir: dir})
    } catch {
      return null
    }
  })()
  if (!git) return {root: null, commit: null, uncommittedChanges: false}
  const ask = (args: string[]) => git.revparse(args).then((out) => out.trim() || null, () => null)
  const changed = git.raw(['status', '--porcelain', '--untracked-files=all', '--', '.']).then((out) => out.trim() !== '', () => false)
  const [root, commit, uncommittedChanges] = await Promise.all([ask(['--show-toplevel']), ask(['HEAD']), changed])
  return {root, commit, uncommittedChanges: commit !== null && uncommittedChanges}
}
