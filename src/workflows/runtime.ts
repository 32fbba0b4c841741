// The composition root: everything a workflow does I/O with, built once per run from the settings. Commands build
// a runtime and hand it to one workflow; tests build one with their own clock, output and working directory.

import {randomBytes} from 'node:crypto'
import {hostname} from 'node:os'
import path from 'node:path'

import {type AuditTrail, fileAuditLog} from '../adapters/audit-log.js'
import {type AwsClientFactory, awsClientFactory} from '../adapters/aws/clients.js'
import {writeFileAtomic} from '../adapters/fs/atomic-write.js'
import {type Git, gitIn} from '../adapters/git/index.js'
import {fileHistoryStore, type HistoryStore} from '../adapters/history-store.js'
import {acquireLock, type HeldLock} from '../adapters/lock-file.js'
import {acquireDynamoLock} from '../adapters/state/dynamodb-lock.js'
import {s3AuditLog} from '../adapters/state/s3-audit-log.js'
import {s3HistoryStore} from '../adapters/state/s3-history-store.js'
import {isS3Url, parseS3Url, putObject, type S3Objects, s3Url, type StateLocation} from '../adapters/state/s3-objects.js'
import {listOrganizationAccounts} from '../adapters/aws/organizations.js'
import {type Settings, withDiscoveredTargets} from '../config/settings.js'
import {organizationTargets} from '../core/organization.js'
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
  /** The heal audit log: config `audit.file`, or with `state.backend: aws` one S3 object per run. */
  audit: AuditTrail
  output: Output
  /** The drift history: config `history.dir`, or with `state.backend: aws` objects under `<prefix>/history/`. */
  history: HistoryStore
  /**
   * Where a report or snapshot goes (`--report`, `--out`): a file, written atomically, or an `s3://bucket/key`
   * object. The name is checked when this is called, so a bad URL is one usage error before any work is done.
   */
  outputFile(target: string, flag: string): OutputFile
  /** The working directory paths in the config and flags are relative to. */
  cwd: string
}

export interface OutputFile {
  /** The file as given, or the `s3://` URL. */
  readonly name: string
  write(text: string): Promise<void>
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
  // The lock's release and the audit object are what a run does last, also after --timeout aborted its other calls:
  // their clients keep the per-request deadlines but not the run's abort signal (the grace after a timeout bounds them).
  const stateAws = state.backend === 'aws' ? awsClientFactory({profile, endpoint, maxAttempts, counter: aws.counter, network: {...settings.network, signal: undefined}}) : aws
  const lock = async (forceUnlock: boolean, target?: string): Promise<HeldLock> => {
    const owner = {pid: process.pid, startedAt: clock.now().toISOString(), host: hostname(), runId}
    if (state.backend === 'local') return acquireLock(path.join(path.dirname(auditFile), lockName(target)), {owner, forceUnlock})
    const region = stateRegion(settings)
    return acquireDynamoLock(stateAws.clientsFor({region}).dynamodb, {
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

  // The state bucket's client, built on the first call: a run that writes nothing there needs no region.
  const stateObjects: S3Objects = {send: ((command: never) => stateAws.clientsFor({region: stateRegion(settings)}).s3.send(command)) as S3Objects['send']}
  const stateLocation: StateLocation = {
    bucket: state.bucket ?? '',
    prefix: state.prefix,
    get region() {
      return stateRegion(settings)
    },
  }

  return {
    settings,
    clock,
    aws,
    git: gitIn(settings.env, settings.network),
    lock,
    runId,
    audit: state.backend === 'aws' ? s3AuditLog(stateObjects, stateLocation, {runId, startedAt, fallbackFile: auditFile}) : fileAuditLog(auditFile),
    output,
    history: state.backend === 'aws' ? s3HistoryStore(stateObjects, stateLocation) : fileHistoryStore(path.resolve(cwd, settings.config.history.dir)),
    outputFile(target, flag) {
      if (!isS3Url(target)) return {name: target, write: (text) => writeFileAtomic(target, text)}
      const where = parseS3Url(target, flag)
      return {name: s3Url(where), write: (text) => putObject(stateObjects, where, text, contentTypeOf(where.key), stateRegion(settings))}
    },
    cwd,
  }
}

/** What a report or snapshot object holds, by its name: S3 serves it with this type. */
function contentTypeOf(key: string): string {
  if (/\.(json|sarif)$/i.test(key)) return 'application/json'
  if (/\.(md|markdown)$/i.test(key)) return 'text/markdown; charset=utf-8'
  return 'text/plain; charset=utf-8'
}

/**
 * The runtime, with config `organization` after listing its accounts (with the credential chain, one walk per run):
 * they become targets beside the config ones, then --target and --region select among all of them.
 */
export async function createRuntimeWithTargets(settings: Settings, options: RuntimeOptions = {}): Promise<Runtime> {
  const runtime = createRuntime(settings, options)
  const {organization} = settings.config
  if (!organization) return runtime
  // Organizations answers in one region of the partition (us-east-1 for aws) whichever region the client names.
  const region = settings.regions[0] ?? 'us-east-1'
  const accounts = await listOrganizationAccounts(runtime.aws.clientsFor({region}).organizations, organization.ous, region)
  return createRuntime(withDiscoveredTargets(settings, organizationTargets(accounts, organization)), options)
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
