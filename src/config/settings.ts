import {readFile} from 'node:fs/promises'

import {INTERVAL_PATTERN, parseInterval} from '../core/shared/interval.js'
import {UsageError} from '../errors.js'
import {loadConfig} from './load.js'
import type {Config} from './schema.js'

/** The flags every command shares (SPEC 4). */
export interface GlobalFlags {
  config?: string
  phases?: string
  region?: string[]
  /** `--target`: the config targets to act on (all when absent). */
  target?: string[]
  profile?: string
  'endpoint-url'?: string
  'connect-timeout'?: string
  'socket-timeout'?: string
  timeout?: string
}

/** Proxies as curl and the AWS CLI read them: `https_proxy` for https URLs, `http_proxy` for http, `no_proxy` exempts hosts. */
export interface ProxySettings {
  httpProxy?: string
  httpsProxy?: string
  noProxy?: string
}

/** How every AWS and GitHub request reaches the network (SPEC 10). */
export interface NetworkSettings {
  /** Time to open a connection. */
  connectTimeoutMs: number
  /** Time a connection may stay silent while an answer is awaited. */
  socketTimeoutMs: number
  /** `--timeout`: the whole run (each cycle for `drift watch`); null = no bound. */
  runTimeoutMs: number | null
  proxy: ProxySettings
  /** AWS_CA_BUNDLE: the certificate authorities AWS endpoints are checked against (as the AWS CLI does). */
  awsCaBundle: {file: string; pem: string} | null
  /** Aborted when the run ends or its `--timeout` passes: every request still in flight stops. */
  signal?: AbortSignal
}

/** A notification channel with its URL and token read from the environment variables the config names. */
export type NotifyChannel =
  | {type: 'slack'; urlEnv: string; url: string | null}
  | {type: 'webhook'; urlEnv: string; url: string | null; tokenEnv?: string; token: string | null}
  | {type: 'sns'; topicArn: string}

export interface NotifySettings {
  on: Array<'new' | 'returned' | 'resolved'>
  timeoutMs: number
  retries: number
  channels: NotifyChannel[]
}

/** A config target with its regions resolved (SPEC 8). */
export interface Target {
  name: string
  roleArn?: string
  healRoleArn?: string
  externalId?: string
  sessionName?: string
  durationSeconds?: number
  regions: string[]
  parameters: Record<string, unknown>
}

/** Config after flags and environment overrides: the only place that reads `process.env`. */
export interface Settings {
  config: Config
  configFile: string | null
  configHash: string
  phasesDir: string
  regions: string[]
  /**
   * The config targets this run acts on (`--target` selects, `--region` narrows their regions); empty without config
   * targets: one implicit target, the credential chain's account in `regions`.
   */
  targets: Target[]
  /**
   * `--target` and `--region` as given, with the run's regions: with config `organization` the discovered targets
   * are selected with them once listed (withDiscoveredTargets).
   */
  targetSelection?: TargetSelection
  /**
   * Every target the phases are deployed to, selected or not: the config's, and with config `organization` the
   * discovered ones too (withDiscoveredTargets). What a run limited by `--target` or `--region` did not look at.
   */
  allTargets: readonly ConfigTarget[]
  aws: {profile?: string; endpoint?: string; maxConcurrency: number; maxAttempts: number; maxApiRate?: number}
  autoHealEnabled: boolean
  reverseSyncAuto: boolean
  watchInterval: string
  github: {token?: string; apiUrl?: string}
  network: NetworkSettings
  /** $GITHUB_STEP_SUMMARY: the file GitHub Actions shows as the job summary (drift check appends to it). */
  stepSummaryFile?: string
  notify: NotifySettings
  /** NO_COLOR is set (https://no-color.org): never colour, even on a terminal. */
  noColor: boolean
  /** The environment, for adapters that hand it to child processes (git). */
  env: NodeJS.ProcessEnv
}

export async function loadSettings(
  flags: GlobalFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<Settings> {
  const {config, file, hash} = await loadConfig({path: flags.config, cwd})
  const regions = flags.region?.length ? flags.region : config.aws.regions.length > 0 ? config.aws.regions : env.AWS_REGION ? [env.AWS_REGION] : env.AWS_DEFAULT_REGION ? [env.AWS_DEFAULT_REGION] : []
  const targetSelection: TargetSelection = {names: [...new Set(flags.target ?? [])], regions: flags.region ?? [], runRegions: [...new Set(regions)]}
  return {
    config,
    configFile: file,
    configHash: hash,
    phasesDir: flags.phases ?? config.phases.dir,
    regions: [...new Set(regions)],
    targets: selectTargets(config.targets, targetSelection, {discovering: config.organization !== undefined}),
    targetSelection,
    allTargets: config.targets,
    aws: {
      profile: flags.profile ?? env.AWS_PROFILE ?? config.aws.profile ?? undefined,
      endpoint: flags['endpoint-url'] ?? env.AWS_ENDPOINT_URL ?? config.aws.endpoint ?? undefined,
      maxConcurrency: config.aws.maxConcurrency,
      maxAttempts: config.aws.maxAttempts,
      maxApiRate: config.aws.maxApiRate ?? undefined,
    },
    autoHealEnabled: envBoolean(env, 'IAL_AUTO_HEAL_ENABLED') ?? config.autoHeal.enabled,
    reverseSyncAuto: envBoolean(env, 'IAL_REVERSE_SYNC_AUTO') ?? config.reverseSync.auto,
    watchInterval: envInterval(env) ?? config.watch.interval,
    github: {
      token: env.GITHUB_TOKEN || env.GH_TOKEN || undefined,
      apiUrl: env.GITHUB_API_URL || config.reverseSync.github.apiUrl || undefined,
    },
    network: await networkSettings(flags, config, env),
    stepSummaryFile: env.GITHUB_STEP_SUMMARY || undefined,
    notify: notifySettings(config, env),
    noColor: Boolean(env.NO_COLOR),
    env,
  }
}

async function networkSettings(flags: GlobalFlags, config: Config, env: NodeJS.ProcessEnv): Promise<NetworkSettings> {
  const caFile = env.AWS_CA_BUNDLE?.trim()
  let awsCaBundle: NetworkSettings['awsCaBundle'] = null
  if (caFile) {
    const pem = await readFile(caFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`AWS_CA_BUNDLE=${caFile} cannot be read (${error.code ?? error.message})`, 'point AWS_CA_BUNDLE at a PEM file of CA certificates, or unset it')
    })
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`AWS_CA_BUNDLE=${caFile} holds no PEM certificate`, 'point AWS_CA_BUNDLE at a PEM file of CA certificates, or unset it')
    awsCaBundle = {file: caFile, pem}
  }

  const runTimeout = flags.timeout ?? config.network.runTimeout
  return {
    connectTimeoutMs: duration(flags['connect-timeout'], '--connect-timeout') ?? (parseInterval(config.network.connectTimeout) as number),
    socketTimeoutMs: duration(flags['socket-timeout'], '--socket-timeout') ?? (parseInterval(config.network.socketTimeout) as number),
    runTimeoutMs: runTimeout === null ? null : (duration(runTimeout, '--timeout') as number),
    proxy: {
      httpProxy: env.http_proxy || env.HTTP_PROXY || undefined,
      httpsProxy: env.https_proxy || env.HTTPS_PROXY || undefined,
      noProxy: env.no_proxy || env.NO_PROXY || undefined,
    },
    awsCaBundle,
  }
}

function notifySettings(config: Config, env: NodeJS.ProcessEnv): NotifySettings {
  const {on, timeout, retries, channels} = config.notify
  return {
    on,
    timeoutMs: parseInterval(timeout) as number,
    retries,
    channels: channels.map((channel): NotifyChannel => {
      if (channel.type === 'sns') return channel
      const url = env[channel.urlEnv]?.trim() || null
      if (channel.type === 'slack') return {...channel, url}
      return {...channel, url, token: channel.tokenEnv ? env[channel.tokenEnv]?.trim() || null : null}
    }),
  }
}

/** A flag's duration in milliseconds (undefined when the flag is absent); the config's are checked by its schema. */
function duration(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined
  const ms = parseInterval(text)
  if (ms === null) throw new UsageError(`${flag} ${text} is not a duration`, 'use a positive number with a unit, e.g. 5s, 30s or 10m')
  return ms
}

/** What chooses the targets of a run: `--target` names (all when empty), `--region` (all of a target's when empty). */
export interface TargetSelection {
  names: string[]
  regions: string[]
  /** The run's regions (flag, config aws.regions, AWS_REGION): those of a target that lists none. */
  runRegions: string[]
}

export type ConfigTarget = Omit<Target, 'regions'> & {regions?: string[]}

/**
 * The config targets a run acts on: `--target` names some (an unknown name is an error listing the configured
 * ones), `--region` keeps only those regions of each. A target without `regions` is expected in the run's regions.
 * While the organization's accounts are not listed yet (`discovering`), a name may be a discovered target's.
 */
function selectTargets(candidates: readonly ConfigTarget[], selection: TargetSelection, options: {discovering?: boolean; from?: string} = {}): Target[] {
  const {names, regions: flagRegions, runRegions} = selection
  const configured = candidates.map((target) => target.name)
  if (!options.discovering) {
    if (names.length > 0 && configured.length === 0) throw new UsageError(`--target ${names[0]} given, but the config has no targets`, 'add a targets: section to the config (see README, "Many accounts and regions"), or leave --target out')
    const unknown = names.filter((name) => !configured.includes(name))
    if (unknown.length > 0) throw new UsageError(`no target named ${unknown.join(', ')} ${options.from ?? 'in the config'}`, `configured targets: ${configured.join(', ')}`)
  }

  const chosen = candidates.filter((target) => names.length === 0 || names.includes(target.name))
  const targets = chosen.map(({regions, ...target}) => {
    const expected = regions && regions.length > 0 ? [...new Set(regions)] : runRegions
    return {...target, regions: flagRegions.length > 0 ? expected.filter((region) => flagRegions.includes(region)) : expected}
  })
  const withoutRegion = targets.find((target) => target.regions.length === 0)
  if (withoutRegion) {
    throw new UsageError(
      `target ${withoutRegion.name} has no region to read${flagRegions.length > 0 ? ` among --region ${flagRegions.join(', ')}` : ''}`,
      flagRegions.length > 0 ? 'choose regions the target lists, or --target the targets that have them' : 'give the target regions: [...], or set aws.regions / AWS_REGION',
    )
  }

  return targets
}

/**
 * The settings with the targets discovered from config `organization` (listed by the caller): config targets first
 * (a discovered target of the same name is left out: the config says more), then selected as `--target` and
 * `--region` say, now with every name known.
 */
export function withDiscoveredTargets(settings: Settings, discovered: readonly ConfigTarget[]): Settings {
  const configured = new Set(settings.config.targets.map((target) => target.name))
  const candidates = [...settings.config.targets, ...discovered.filter((target) => !configured.has(target.name))]
  const selection = settings.targetSelection ?? {names: [], regions: [], runRegions: settings.regions}
  if (selection.names.length > 0 && candidates.length === 0) throw new UsageError(`--target ${selection.names[0]} given, but the organization has no active account to check`, 'check config organization.ous and exclude')
  return {...settings, allTargets: candidates, targets: selectTargets(candidates, selection, {from: 'in the config or its organization'})}
}

/** AWS commands need at least one region; SPEC 8: flag, then config, then AWS_REGION. */
export function requireRegions(settings: Settings): string[] {
  if (settings.regions.length === 0) throw new UsageError('no AWS region given', 'pass --region, set aws.regions in the config, or export AWS_REGION')
  return settings.regions
}

function envBoolean(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = env[name]?.trim().toLowerCase()
  if (value === undefined || value === '') return undefined
  if (['true', '1', 'yes'].includes(value)) return true
  if (['false', '0', 'no'].includes(value)) return false
  throw new UsageError(`${name}=${env[name]} is not a boolean`, 'use true or false')
}

function envInterval(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.IAL_DRIFT_CHECK_INTERVAL?.trim()
  if (!value) return undefined
  if (!INTERVAL_PATTERN.test(value)) throw new UsageError(`IAL_DRIFT_CHECK_INTERVAL=${value} is not an interval`, 'use a number with a unit, e.g. 30m or 6h')
  return value
}
