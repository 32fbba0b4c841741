// Git as the workflows use it, bound once to the environment git runs in (settings.env: PATH, HOME, proxies, ssh
// agents) and to the run's deadlines and abort signal (settings.network). The only way into src/adapters/git from
// outside it.

import type {NetworkSettings} from '../../config/settings.js'
import {phasesRepository, type PhasesRepository} from './repository.js'
import {configuredIdentity, type GitIdentity, originUrl, repositoryRoot, TempClone} from './temp-clone.js'
import {type FileChange, unifiedDiff} from './unified-diff.js'

export {FALLBACK_IDENTITY, type GitIdentity, type TempClone} from './temp-clone.js'
export {parseGitHubRemote, withoutCredentials} from './remote.js'
export type {FileChange} from './unified-diff.js'
export type {PhasesRepository} from './repository.js'

export interface Git {
  /** The repository holding the phases directory (nulls outside one). */
  phasesRepository(dir: string): Promise<PhasesRepository>
  /** The top of the repository that holds `cwd`; a usage error outside one. */
  repositoryRoot(cwd: string): Promise<string>
  originUrl(root: string): Promise<string>
  configuredIdentity(root: string): Promise<GitIdentity | null>
  /** Runs `work` in a temporary clone of `root` whose origin is `origin`, removed afterwards whatever happens. */
  withTempClone<T>(root: string, origin: string, options: {token?: string; tempDir?: string}, work: (clone: TempClone) => Promise<T>): Promise<T>
  /** The unified diff git itself makes of these changes (what the pull request will show). */
  unifiedDiff(changes: readonly FileChange[], options?: {tempDir?: string}): Promise<string>
}

export function gitIn(env: NodeJS.ProcessEnv, network?: NetworkSettings): Git {
  return {
    phasesRepository,
    repositoryRoot: (cwd) => repositoryRoot(cwd, env),
    originUrl: (root) => originUrl(root, env),
    configuredIdentity: (root) => configuredIdentity(root, env),
    withTempClone: (root, origin, options, work) => TempClone.with(root, origin, {env, network, ...options}, work),
    unifiedDiff: (changes, options = {}) => unifiedDiff(changes, {env, tempDir: options.tempDir}),
  }
}
