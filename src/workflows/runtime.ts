// The composition root: everything a workflow does I/O with, built once per run from the settings. Commands build
// a runtime and hand it to one workflow; tests build one with their own clock, output and working directory.

import {randomBytes} from 'node:crypto'
import {hostname} from 'node:os'
import path from 'node:path'

import {type AuditLog, fileAuditLog} from '../adapters/audit-log.js'
import {type AwsClientFactory, awsClientFactory} from '../adapters/aws/clients.js'
import {type Git, gitIn} from '../adapters/git/index.js'
import {acquireLock, type HeldLock} from '../adapters/lock-file.js'
import {acquireDynamoLock} from '../adapters/state/dynamodb-lock.js'
import type {Settings} from '../config/settings.js'
import {parseInterval} from '../core/shared/interval.js'
import {UsageError} from '../errors.js'
import {withoutWorkflowCommands} from '../core/shared/untrusted-text.js'

export interface Clock {
  now(): Date
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** In [0, 1): the jitter of retry backoff. */
  random(): number
}

/** Where a run writes: the result on stdout, warnings and progress on stderr. */
export interface Output {
  stdout(text: string): void
  stderr(text: string): void
  /** A progress line for a person watching (a no-op in --json, --quiet or without a terminal). */
  progress(message: string): void
  /** Whether stdout may be coloured: asked for, a terminal, and NO_COLOR unset. */
  color: boolean
}

export interface Runtime {
  settings: Settings
  clock: Clock
  /** AWS clients per target and region: one counter, one credential chain and one rate limit for the run. */
  aws: AwsClientFactory
  git: Git
  /**
   * One heal at a time per repository and target: the lock file next to the audit log (`heal.lock`, or
   * `heal-<target>.lock` for a named target), or with config `state.backend: aws` an item in the DynamoDB table.
   */
  lock(forceUnlock: boolean, target?: string): Promise<HeldLock>
  /** This run: `20261201T204315Z-3f9c2a1b` (start time, then random), in the shared lock and the audit object's name. */
  runId: string
  audit: AuditLog
  output: Output
  /** The working directory paths in the config and flags are relative to. */
  cwd: string
}

export interface RuntimeOptions {
  /** `--max-api-rate`, over config `aws.maxApiRate`. */
  maxApiRate?: number
  output?: Partial<Output>
  clock?: Clock
  cwd?: string
}

/** The real clock: timers that an abort signal cuts short. */
export const systemClock: Clock = {
  now: () => new Date(),
  random: Math.random,
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, {once: true})
      function done() {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
    }),
}

// Output shows AWS strings, and a CI log runs any line that looks like a GitHub Actions workflow command: every
// write goes through the guard (as BaseCommand's own writes do).
const processOutput: Output = {
  stdout: (text) => process.stdout.write(withoutWorkflowCommands(text)),
  stderr: (text) => process.stderr.write(withoutWorkflowCommands(text)),
  progress: () => {},
  color: false,
}

export function createRuntime(settings: Settings, options: RuntimeOptions = {}): Runtime {
  const cwd = options.cwd ?? process.cwd()
  const clock = options.clock ?? systemClock
  const {profile, endpoint, maxAttempts} = settings.aws
  const auditFile = path.resolve(cwd, settings.config.audit.file)
  const aws = awsClientFactory({profile, endpoint, maxAttempts, maxApiRate: options.maxApiRate ?? settings.aws.maxApiRate, network: settings.network, targets: settings.targets})
  const output = {...processOutput, ...options.output}
  const startedAt = clock.now()
  const runId = `${startedAt.toISOString().replaceAll(/[-:]|\.\d+/g, '')}-${randomBytes(4).toString('hex')}`
  const {state} = settings.config
  const lock = async (forceUnlock: boolean, target?: string): Promise<HeldLock> => {
    const owner = {pid: process.pid, startedAt: clock.now().toISOString(), host: hostname(), runId}
    if (state.backend === 'local') return acquireLock(path.join(path.dirname(auditFile), lockName(target)), {owner, forceUnlock})
    const region = stateRegion(settings)
    return acquireDynamoLock(aws.clientsFor({region}).dynamodb, {
      table: state.lockTable!,
      lockId: [state.bucket, state.prefix, lockName(target)].filter(Boolean).join('/'),
      region,
      owner,
      ttlMs: parseInterval(state.lockTtl)!,
      forceUnlock,
      now: () => clock.now(),
      warn: (message) => output.stderr(`Warning: ${message}\n`),
    })
  }

  return {
    settings,
    clock,
    aws,
    git: gitIn(settings.env, settings.network),
    lock,
    runId,
    audit: fileAuditLog(auditFile),
    output,
    cwd,
  }
}

/** `heal.lock`, or `heal-<target>.lock` with the name's characters outside [A-Za-z0-9._-] percent-encoded. */
export function lockName(target?: string): string {
  if (target === undefined) return 'heal.lock'
  const safe = target.replaceAll(/[^A-Za-z0-9._-]/g, (char) => [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''))
  return `heal-${safe}.lock`
}

/** The region of the state bucket and lock table: `state.region`, else the first configured region. */
function stateRegion(settings: Settings): string {
  const region = settings.config.state.region ?? settings.regions[0]
  if (!region) throw new UsageError('state.backend aws needs a region for its bucket and lock table', 'set state.region in the config, or pass --region / export AWS_REGION')
  return region
}

/** The same runtime, silent about progress (a long-running loop logs one line per cycle instead). */
export const withoutProgress = (runtime: Runtime): Runtime => ({...runtime, output: {...runtime.output, progress: () => {}}})
