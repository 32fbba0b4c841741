import {UsageError} from '../errors.js'
import {loadConfig} from './load.js'
import type {Config} from './schema.js'

/** The flags every command shares (SPEC 4). */
export interface GlobalFlags {
  config?: string
  phases?: string
  region?: string[]
  profile?: string
  'endpoint-url'?: string
}

/** Config after flags and environment overrides: the only place that reads `process.env`. */
export interface Settings {
  config: Config
  configFile: string | null
  configHash: string
  phasesDir: string
  regions: string[]
  aws: {profile?: string; endpoint?: string; maxConcurrency: number; maxAttempts: number; maxApiRate?: number}
  autoHealEnabled: boolean
  reverseSyncAuto: boolean
  watchInterval: string
  github: {token?: string; apiUrl?: string}
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
  return {
    config,
    configFile: file,
    configHash: hash,
    phasesDir: flags.phases ?? config.phases.dir,
    regions: [...new Set(regions)],
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
    env,
  }
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
  if (!/^\d+(ms|s|m|h|d)$/.test(value)) throw new UsageError(`IAL_DRIFT_CHECK_INTERVAL=${value} is not an interval`, 'use a number with a unit, e.g. 30m or 6h')
  return value
}
