// Git for reverse sync, through simple-git, always in a temporary clone: the user's working tree, index and
// branches are never touched, and a failed run leaves nothing behind (the clone is one directory, removed in
// `finally`). Network commands get the token through their own environment only (see tokenEnvironment).

import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {simpleGit, type SimpleGit} from 'simple-git'

import type {NetworkSettings} from '../../config/settings.js'
import {formatDuration} from '../aws/errors.js'
import {RemoteError, UsageError} from '../../errors.js'
import {refuseInsecureTokenTransport, scrubSecret, tokenEnvironment, withoutCredentials} from './remote.js'

export interface GitIdentity {
  name: string
  email: string
}

export interface GitOptions {
  /** The environment git runs in (settings.env): PATH, HOME, proxies, ssh agents. */
  env: NodeJS.ProcessEnv
  token?: string
  /** Deadlines and the run's abort signal (settings.network): git's network commands get a stall limit and a kill timeout. */
  network?: Pick<NetworkSettings, 'connectTimeoutMs' | 'socketTimeoutMs' | 'signal'>
}

/** A transfer slower than this many bytes per second for the socket timeout is abandoned by git itself. */
const LOW_SPEED_BYTES_PER_SECOND = 1000

/**
 * How long a network command may go without output before it is killed: the connect timeout plus twice the
 * socket timeout (65 s by default). It catches what git's own stall limit does not: a TLS handshake or an ssh
 * connection that hangs, a credential helper that waits.
 */
export const gitKillAfterMs = (network: Pick<NetworkSettings, 'connectTimeoutMs' | 'socketTimeoutMs'>) => network.connectTimeoutMs + 2 * network.socketTimeoutMs

/** Used when neither config nor git config names an author (a fresh CI runner has no identity). */
export const FALLBACK_IDENTITY: GitIdentity = {name: 'ialctl', email: 'ialctl@users.noreply.github.com'}

/**
 * simple-git refuses some environment variables unless told they are intended. These come from the user's own
 * environment (an ssh command, a pager, the GIT_CONFIG_* entries that carry the token), not from untrusted input.
 */
const TRUSTED_ENVIRONMENT = {
  allowUnsafeConfigEnvCount: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeSshCommand: true,
  allowUnsafeAskPass: true,
  allowUnsafePager: true,
  allowUnsafeEditor: true,
  allowUnsafeGitProxy: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeDiffExternal: true,
}

/** What bounds one git command: the run's abort signal, and for network commands the deadlines. */
export interface GitLimits {
  signal?: AbortSignal
  network?: Pick<NetworkSettings, 'connectTimeoutMs' | 'socketTimeoutMs'>
}

export function git(baseDir: string, env: NodeJS.ProcessEnv, extra: Record<string, string> = {}, limits: GitLimits = {}): SimpleGit {
  // Never prompt (a CI job would hang), and English messages so that errors can be recognised.
  const environment = {...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...extra}
  const {signal, network} = limits
  return simpleGit({
    baseDir,
    unsafe: TRUSTED_ENVIRONMENT,
    ...(signal ? {abort: signal} : {}),
    ...(network
      ? {
          config: [`http.lowSpeedLimit=${LOW_SPEED_BYTES_PER_SECOND}`, `http.lowSpeedTime=${Math.max(1, Math.ceil(network.socketTimeoutMs / 1000))}`],
          timeout: {block: gitKillAfterMs(network)},
        }
      : {}),
  }).env(environment as Record<string, string>)
}

/** The top of the repository that holds `cwd` (the phases live in it). */
export async function repositoryRoot(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    return (await git(cwd, env).revparse(['--show-toplevel'])).trim()
  } catch {
    throw new UsageError(`${cwd} is not inside a git repository`, 'run reverse-sync from a clone of the repository that holds the phases')
  }
}

export async function originUrl(root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const url = (await git(root, env).remote(['get-url', 'origin']).catch(() => ''))?.trim()
  if (!url) throw new UsageError('the repository has no origin remote', 'add one with git remote add origin <url>')
  return url
}

/** user.name / user.email as git sees them in the repository (local, global or system config). */
export async function configuredIdentity(root: string, env: NodeJS.ProcessEnv): Promise<GitIdentity | null> {
  const read = (key: string) =>
    git(root, env)
      .raw(['config', '--get', key])
      .then((value) => value.trim())
      .catch(() => '')
  const [name, email] = await Promise.all([read('user.name'), read('user.email')])
  return name && email ? {name, email} : null
}

/** A clone of the repository in a temp directory whose origin is the real remote. */
export class TempClone {
  private constructor(
    readonly dir: string,
    private readonly origin: string,
    private readonly options: GitOptions,
  ) {}

  /**
   * Runs `work` in a fresh clone and removes the clone afterwards, whatever happens. The clone borrows the local
   * repository's objects (`--shared`), so it costs no download beyond what origin has that the local one lacks.
   */
  static async with<T>(root: string, origin: string, options: GitOptions & {tempDir?: string}, work: (clone: TempClone) => Promise<T>): Promise<T> {
    // The token goes over https (or to a loopback stand-in) only: refused before anything is cloned or sent.
    if (options.token) refuseInsecureTokenTransport(origin, 'the git remote')
    const dir = await mkdtemp(path.join(options.tempDir ?? tmpdir(), 'ialctl-reverse-sync-'))
    try {
      const clone = new TempClone(dir, origin, options)
      await clone.run('clone', (g) => g.clone(root, dir, ['--shared', '--no-checkout', '--quiet']), path.dirname(dir))
      await clone.run('set the origin', (g) => g.remote(['set-url', 'origin', origin]))
      return await work(clone)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  }

  /** Fetches `base` from origin and starts `branch` at it; returns the base commit. */
  async startBranch(branch: string, base: string): Promise<string> {
    const sha = await this.fetch(base)
    await this.checkout(branch, sha)
    return sha
  }

  /** Fetches one branch from origin; returns the commit it points at. */
  async fetch(branch: string): Promise<string> {
    await this.run(`fetch ${branch} from origin`, (g) => g.fetch(['--no-tags', '--quiet', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]), undefined, true)
    return (await this.run(`read ${branch}`, (g) => g.revparse([`refs/remotes/origin/${branch}`]))).trim()
  }

  /** Starts (or resets) `branch` at `commit` and checks it out. */
  async checkout(branch: string, commit: string): Promise<void> {
    await this.run(`check out ${branch}`, (g) => g.checkout(['--quiet', '-B', branch, commit]))
  }

  /** Subjects of the commits in `to` that are not in `from` (newest first). */
  async commitSubjects(from: string, to: string): Promise<string[]> {
    const out = await this.run('read the branch history', (g) => g.raw(['log', '--format=%s', `${from}..${to}`]))
    return out.split('\n').filter(Boolean)
  }

  /** The file as the branch has it, or null when it does not exist. */
  async read(file: string): Promise<string | null> {
    return readFile(this.resolve(file), 'utf8').catch(() => null)
  }

  async write(file: string, content: string): Promise<void> {
    await mkdir(path.dirname(this.resolve(file)), {recursive: true})
    await writeFile(this.resolve(file), content)
  }

  /** Commits the given files (only those) and returns the commit id. Empty is allowed: a pull request may only list manual edits. */
  async commit(files: string[], message: string, author: GitIdentity): Promise<string> {
    const identity = {GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email}
    await this.run('stage the templates', (g) => g.raw(['add', '--all', '--', ...files]))
    // The message goes through a file inside .git: it may be long and must reach git unsplit and unquoted.
    const messageFile = path.join(this.dir, '.git', 'IALCTL_COMMIT_MSG')
    await writeFile(messageFile, message)
    await this.run('commit', (g) => g.raw(['-c', 'commit.gpgsign=false', 'commit', '--quiet', '--no-verify', '--allow-empty', '-F', messageFile]), undefined, false, identity)
    return (await this.run('read the commit', (g) => g.revparse(['HEAD']))).trim()
  }

  /**
   * Pushes HEAD to `branch` on origin. With `lease`, replaces the branch only if it still points at that commit
   * (someone else's push in between makes this fail instead of being overwritten).
   */
  async push(branch: string, lease?: string): Promise<void> {
    const args = ['push', '--quiet', '--no-verify']
    if (lease) args.push(`--force-with-lease=refs/heads/${branch}:${lease}`)
    args.push('origin', `HEAD:refs/heads/${branch}`)
    await this.run(`push ${branch} to origin`, (g) => g.raw(args), undefined, true)
  }

  /** Best effort: a branch pushed for a pull request that could not be opened is not left on the remote. */
  async deleteRemoteBranch(branch: string): Promise<void> {
    await this.run(`delete ${branch} on origin`, (g) => g.raw(['push', '--quiet', '--no-verify', 'origin', `:refs/heads/${branch}`]), undefined, true).catch(() => undefined)
  }

  private resolve(file: string): string {
    const resolved = path.resolve(this.dir, file)
    if (!resolved.startsWith(this.dir + path.sep)) throw new UsageError(`${file} is outside the repository`)
    return resolved
  }

  private async run<T>(what: string, command: (g: SimpleGit) => Promise<T>, cwd?: string, network = false, extraEnv: Record<string, string> = {}): Promise<T> {
    const auth = network ? tokenEnvironment(this.origin, this.options.token, this.options.env) : {}
    // Every command stops when the run is aborted; network ones also get the stall limit and the kill timeout.
    const limits = {signal: this.options.network?.signal, network: network ? this.options.network : undefined}
    try {
      return await command(git(cwd ?? this.dir, this.options.env, {...auth, ...extraEnv}, limits))
    } catch (error) {
      throw gitError(what, error, this.origin, this.options.token, this.options.network)
    }
  }
}

/** One line, no token, and a hint for the failures a user can fix. */
function gitError(what: string, error: unknown, origin: string, token: string | undefined, network: GitOptions['network']): RemoteError {
  const where = withoutCredentials(origin)
  // simple-git's kill timeout: git produced nothing for that long.
  if (network && (error as {plugin?: string} | undefined)?.plugin === 'timeout') {
    return new RemoteError(`git could not ${what} (${where}): no progress for ${formatDuration(gitKillAfterMs(network))}, stopped`, 'check the network and the origin URL; --socket-timeout or network.socketTimeout raises the limit')
  }

  const raw = scrubSecret(error instanceof Error ? error.message : String(error), token)
  const line =
    raw
      .split('\n')
      .map((text) => text.replace(/^(fatal|error|remote|hint):\s*/i, '').trim())
      .find((text) => text !== '' && !/^To /.test(text)) ?? 'unknown error'
  let hint: string | undefined
  if (/stale info|non-fast-forward|fetch first/i.test(raw)) hint = 'the branch changed on the remote meanwhile; run reverse-sync again'
  else if (/remote rejected|hook declined|protected branch/i.test(raw)) hint = 'origin refused the push: check branch protection rules and that the token has contents: write'
  else if (/403|permission|denied|not allowed/i.test(raw)) hint = 'the token needs contents: write on the repository'
  else if (/401|authentication|could not read Username|terminal prompts disabled/i.test(raw)) hint = 'set GITHUB_TOKEN or GH_TOKEN to a token that can push'
  else if (/too slow|low speed|operation too slow/i.test(raw)) hint = 'the remote stalled: check the network; --socket-timeout or network.socketTimeout raises the limit'
  else if (/could not resolve host|unable to access|connection|timed out|network/i.test(raw)) hint = 'check the network and the origin URL'
  else if (/couldn't find remote ref|not our ref/i.test(raw)) hint = 'check reverseSync.github.base in the config'
  return new RemoteError(`git could not ${what} (${where}): ${line}`, hint)
}
