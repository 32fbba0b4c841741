import {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import {EC2Client} from '@aws-sdk/client-ec2'
import {ECSClient} from '@aws-sdk/client-ecs'
import {RDSClient} from '@aws-sdk/client-rds'
import {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {STSClient} from '@aws-sdk/client-sts'
import {defaultProvider} from '@aws-sdk/credential-provider-node'

/** Every AWS client one region needs; readers and executors take the narrow client they use from here. */
export interface AwsClients {
  ec2: EC2Client
  ecs: ECSClient
  rds: RDSClient
  cloudwatch: CloudWatchClient
  tagging: ResourceGroupsTaggingAPIClient
  sts: STSClient
}

/**
 * Counts API calls per `Service.Operation`, retries included (each attempt costs quota and shows in CloudTrail),
 * so that `--verbose` and the snapshot tell the real cost of a run.
 */
export class ApiCallCounter {
  private readonly byCall = new Map<string, number>()

  record(service: string, operation: string): void {
    const key = `${service}.${operation}`
    this.byCall.set(key, (this.byCall.get(key) ?? 0) + 1)
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.byCall.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  }

  total(): number {
    let sum = 0
    for (const count of this.byCall.values()) sum += count
    return sum
  }
}

/**
 * `--max-api-rate`: at most `rate` calls per second across all clients of a run. Calls are spaced evenly
 * (a reservation per call) rather than allowed in bursts, which is what a throttled account wants.
 */
export class ApiRateLimiter {
  private nextSlot = 0
  private readonly interval: number

  constructor(
    rate: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.interval = 1000 / rate
  }

  async take(): Promise<void> {
    const now = this.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + this.interval
    if (slot > now) await this.sleep(slot - now)
  }
}

interface RunState {
  credentials: ReturnType<typeof defaultProvider>
  limiter?: ApiRateLimiter
}

// One credential provider and one rate limiter per run (a run is identified by its counter), shared by the
// clients of every region: the credential chain (SSO, assume-role) resolves once, and the rate is global.
const runs = new WeakMap<ApiCallCounter, Map<string, RunState>>()

function runState(counter: ApiCallCounter, profile: string | undefined, maxApiRate: number | undefined): RunState {
  let byProfile = runs.get(counter)
  if (!byProfile) {
    byProfile = new Map()
    runs.set(counter, byProfile)
  }

  const key = profile ?? ''
  let state = byProfile.get(key)
  if (!state) {
    state = {credentials: defaultProvider(profile ? {profile} : {})}
    byProfile.set(key, state)
  }

  if (maxApiRate !== undefined && maxApiRate > 0 && !state.limiter) {
    // The limiter is per run, not per profile: share the first one created.
    state.limiter = [...byProfile.values()].find((other) => other.limiter)?.limiter ?? new ApiRateLimiter(maxApiRate)
  }

  return state
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: {commandName?: string}) => (args: unknown) => Promise<unknown>,
      options: {step: 'finalizeRequest'; priority: 'low'; name: string; override: boolean},
    ): void
  }
}

/**
 * Adds the counting (and rate-limiting) step. It sits in `finalizeRequest` at low priority, i.e. inside the
 * retry middleware (high priority, same step), so every attempt is counted and paced, not only the first.
 */
function instrument<T>(client: T, service: string, counter: ApiCallCounter, limiter: ApiRateLimiter | undefined): T {
  ;(client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      if (limiter) await limiter.take()
      counter.record(service, (context.commandName ?? 'Unknown').replace(/Command$/, ''))
      return next(args)
    },
    {step: 'finalizeRequest', priority: 'low', name: 'ialctlApiCallCounter', override: true},
  )
  return client
}

export interface AwsClientOptions {
  region: string
  profile?: string
  endpoint?: string
  maxAttempts: number
  maxApiRate?: number
  counter: ApiCallCounter
}

/** Clients for one region. Adaptive retry: throttling slows the run down instead of failing it (SPEC 6). */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  const {region, endpoint, maxAttempts, counter} = options
  const state = runState(counter, options.profile, options.maxApiRate)
  const config = {region, endpoint, maxAttempts, retryMode: 'adaptive', credentials: state.credentials}
  return {
    ec2: instrument(new EC2Client(config), 'EC2', counter, state.limiter),
    ecs: instrument(new ECSClient(config), 'ECS', counter, state.limiter),
    rds: instrument(new RDSClient(config), 'RDS', counter, state.limiter),
    cloudwatch: instrument(new CloudWatchClient(config), 'CloudWatch', counter, state.limiter),
    tagging: instrument(new ResourceGroupsTaggingAPIClient(config), 'ResourceGroupsTaggingAPI', counter, state.limiter),
    sts: instrument(new STSClient(config), 'STS', counter, state.limiter),
  }
}

/** The service label a client counts under, for error messages. */
export const SERVICE_LABELS = {ec2: 'EC2', ecs: 'ECS', rds: 'RDS', cloudwatch: 'CloudWatch', tagging: 'ResourceGroupsTaggingAPI', sts: 'STS'} as const
