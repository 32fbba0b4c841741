// Runs the built CLI (`node bin/run.js ...`) the way a user does: a child process, its own HOME and git config,
// dummy AWS credentials, the endpoint only where a test points it (moto, a closed port), and nothing inherited
// that could change its behaviour. Shared by the CLI tests (test/cli) and the e2e tests (test/e2e).
import {spawn} from 'node:child_process'
import {cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import type {GitFixture} from '../adapters/git/git-fixture.js'
import {REPO_ROOT} from './repo-root.js'

export {REPO_ROOT} from './repo-root.js'
export const BIN = path.join(REPO_ROOT, 'bin/run.js')
export const REGION = 'us-east-1'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
  durationMs: number
}

/** A scratch directory the CLI runs in: a copy of the example phases, a config, a HOME and a git config. */
export interface Workspace {
  dir: string
  home: string
  gitConfig: string
}

export interface WorkspaceOptions {
  /** Written to config/ialctl.yaml (YAML or JSON text). */
  config?: string
  /** Copied to `phases/` (default: the repository's example phases). */
  phasesFrom?: string
}

const workspaces: string[] = []

/** Removes the workspaces created so far (the e2e setup file does it after each test file; E2E_KEEP=1 keeps them). */
export function removeWorkspaces(): void {
  if (process.env.E2E_KEEP === '1') return
  for (const dir of workspaces.splice(0)) rmSync(dir, {recursive: true, force: true})
}

export function createWorkspace(options: WorkspaceOptions = {}): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-cli-'))
  workspaces.push(dir)
  const home = path.join(dir, '.home')
  mkdirSync(home)
  const gitConfig = path.join(home, '.gitconfig')
  writeFileSync(gitConfig, '[user]\n\tname = ialctl e2e\n\temail = e2e@example.invalid\n[init]\n\tdefaultBranch = main\n')
  cpSync(options.phasesFrom ?? path.join(REPO_ROOT, 'phases'), path.join(dir, 'phases'), {recursive: true})
  if (options.config !== undefined) {
    mkdirSync(path.join(dir, 'config'))
    writeFileSync(path.join(dir, 'config/ialctl.yaml'), options.config)
  }

  return {dir, home, gitConfig}
}

/** A git fixture's clone as the workspace: the CLI runs in the clone, with the fixture's HOME and git identity. */
export function cloneWorkspace(fixture: GitFixture): Workspace {
  const home = path.join(fixture.root, 'home')
  return {dir: fixture.clone, home, gitConfig: path.join(home, '.gitconfig')}
}

export interface RunOptions {
  /** Where the CLI runs (default: the workspace's directory), e.g. REPO_ROOT for the repository's phases and config. */
  cwd?: string
  /** AWS endpoint (moto, or a proxy in front of it); omitted = no AWS_ENDPOINT_URL. */
  endpoint?: string
  /** Given only when a test means it (reverse sync); never inherited. */
  githubToken?: string
  env?: Record<string, string>
  input?: string
  timeoutMs?: number
}

export function cliEnv(workspace: Workspace, options: RunOptions = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: workspace.home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    NO_COLOR: '1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(workspace.home, '.aws/config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(workspace.home, '.aws/credentials'),
    GIT_CONFIG_GLOBAL: workspace.gitConfig,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    ...(options.endpoint ? {AWS_ENDPOINT_URL: options.endpoint} : {}),
    ...(options.githubToken ? {GITHUB_TOKEN: options.githubToken} : {}),
    ...options.env,
  }
}

export interface RunningCli {
  readonly pid: number
  /** stdout so far. */
  stdout(): string
  /** Resolves once `predicate(stdout so far)` holds; rejects after `timeoutMs` or when the CLI ends first. */
  waitForOutput(predicate: (stdout: string) => boolean, timeoutMs?: number): Promise<string>
  signal(name: NodeJS.Signals): void
  readonly result: Promise<CliResult>
}

/** Starts the CLI and returns at once (for long-running commands such as `drift watch`). */
export function startCli(workspace: Workspace, args: string[], options: RunOptions = {}): RunningCli {
  const started = Date.now()
  const child = spawn(process.execPath, [BIN, ...args], {cwd: options.cwd ?? workspace.dir, env: cliEnv(workspace, options), stdio: ['pipe', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  let ended = false
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  const result = new Promise<CliResult>((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', (code) => {
      ended = true
      clearTimeout(timer)
      resolve({code, stdout, stderr, durationMs: Date.now() - started})
    })
  })
  child.stdin.end(options.input ?? '')
  return {
    pid: child.pid ?? 0,
    stdout: () => stdout,
    async waitForOutput(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs
      while (!predicate(stdout)) {
        if (ended) throw new Error(`the CLI ended before the expected output; stdout:\n${stdout}\nstderr:\n${stderr}`)
        if (Date.now() > deadline) throw new Error(`no expected output within ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }

      return stdout
    },
    signal: (name) => child.kill(name),
    result,
  }
}

export function runCli(workspace: Workspace, args: string[], options: RunOptions = {}): Promise<CliResult> {
  return startCli(workspace, args, options).result
}
