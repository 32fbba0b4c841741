import {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import {EC2Client} from '@aws-sdk/client-ec2'
import {ECSClient} from '@aws-sdk/client-ecs'
import {RDSClient} from '@aws-sdk/client-rds'
import {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {STSClient} from '@aws-sdk/client-sts'
import {defaultProvider} from '@aws-sdk/credential-provider-node'
import {AdaptiveRetryStrategy} from '@smithy/core/retry'
import {NodeHttpHandler} from '@smithy/node-http-handler'

import type {NetworkSettings} from '../../config/settings.js'
import {untilAborted} from '../network/abort.js'
import {awsAgents} from '../network/node-agents.js'
import {EndpointTimeoutError} from './errors.js'
import {checkRegion} from './regions.js'

import {compareCodePoints} from '../../core/shared/compare.js'

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
    return Object.fromEntries([...this.byCall.entries()].sort(([a], [b]) => compareCodePoints(a, b)))
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
  /** One connection pool for every client of the run, with the run's deadlines, proxy and CA bundle. */
  requestHandler: NodeHttpHandler
  credentials: Map<string, ReturnType<typeof defaultProvider>>
  limiter?: ApiRateLimiter
  /** Endpoints that timed out on every attempt of a request: later calls to them fail at once. */
  hungEndpoints: Map<string, EndpointTimeoutError>
}

// One request handler, one credential provider per profile and one rate limiter per run (a run is identified by
// its counter), shared by the clients of every region: the credential chain (SSO, assume-role) resolves once,
// connections are reused, and the rate is global.
const runs = new WeakMap<ApiCallCounter, RunState>()

function runState(counter: ApiCallCounter, network: NetworkSettings, maxApiRate: number | undefined): RunState {
  let state = runs.get(counter)
  if (!state) {
    const requestHandler = new NodeHttpHandler({connectionTimeout: network.connectTimeoutMs, socketTimeout: network.socketTimeoutMs, ...awsAgents(network)})
    // When the run ends or its deadline passes, connections still open are closed: nothing keeps the process alive.
    network.signal?.addEventListener('abort', () => requestHandler.destroy(), {once: true})
    state = {requestHandler, credentials: new Map(), hungEndpoints: new Map()}
    runs.set(counter, state)
  }

  if (maxApiRate !== undefined && maxApiRate > 0 && !state.limiter) state.limiter = new ApiRateLimiter(maxApiRate)
  return state
}

function credentialsFor(state: RunState, profile: string | undefined): ReturnType<typeof defaultProvider> {
  const key = profile ?? ''
  let credentials = state.credentials.get(key)
  if (!credentials) {
    // The chain's own clients (STS for assume-role, SSO) go through the same handler, deadlines included.
    credentials = defaultProvider({...(profile ? {profile} : {}), clientConfig: {requestHandler: state.requestHandler}})
    state.credentials.set(key, credentials)
  }

  return credentials
}

/** How many attempts a request that keeps timing out gets, whatever `aws.maxAttempts` allows for throttling. */
export const TIMEOUT_ATTEMPTS = 2

type RetryToken = Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>[0]
type RetryErrorInfo = Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>[1]

/**
 * The SDK's adaptive retry (throttling slows the run down instead of failing it, SPEC 6), except that a timeout is
 * retried once: with the default deadlines a hung endpoint fails a request within 2 × (5 + 30) s, well inside the
 * 90 s SPEC 10 allows. A request that timed out on both attempts marks its endpoint as hung for the rest of the
 * run, so the calls queued behind it fail at once instead of each waiting out their own deadlines.
 */
class DeadlineRetryStrategy {
  readonly mode = 'adaptive'

  constructor(
    private readonly adaptive: AdaptiveRetryStrategy,
    private readonly hungEndpoints: Map<string, EndpointTimeoutError>,
  ) {}

  acquireInitialRetryToken(scope: string): ReturnType<AdaptiveRetryStrategy['acquireInitialRetryToken']> {
    return this.adaptive.acquireInitialRetryToken(scope)
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): ReturnType<AdaptiveRetryStrategy['refreshRetryTokenForRetry']> {
    const error = info.error as unknown
    if (error instanceof EndpointTimeoutError) {
      const hung = this.hungEndpoints.get(error.endpoint)
      if (hung || token.getRetryCount() + 1 >= TIMEOUT_ATTEMPTS) {
        if (!hung) this.hungEndpoints.set(error.endpoint, error)
        throw error
      }
    }

    return this.adaptive.refreshRetryTokenForRetry(token, info)
  }

  recordSuccess(token: RetryToken): void {
    this.adaptive.recordSuccess(token)
  }
}

interface HttpRequestLike {
  protocol?: string
  hostname?: string
  port?: number
}

/** `https://ec2.us-east-1.amazonaws.com`, `http://127.0.0.1:5000`: where an attempt goes, for messages. */
function endpointOf(request: HttpRequestLike): string {
  const host = request.hostname?.includes(':') && !request.hostname.startsWith('[') ? `[${request.hostname}]` : request.hostname
  return `${request.protocol ?? 'https:'}//${host ?? 'unknown'}${request.port ? `:${request.port}` : ''}`
}

/** The handler's TimeoutError (connect or socket) -> one that names the endpoint and the deadline it missed. */
function asEndpointTimeout(error: unknown, endpoint: string, network: NetworkSettings): unknown {
  if (error instanceof EndpointTimeoutError || (error as {name?: string} | undefined)?.name !== 'TimeoutError') return error
  // The handler's wording is the only thing that tells the two deadlines apart.
  const connect = /establish a connection/i.test((error as Error).message)
  return new EndpointTimeoutError(endpoint, connect ? 'connect' : 'answer', connect ? network.connectTimeoutMs : network.socketTimeoutMs, {cause: error})
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: {request?: unknown}) => Promise<unknown>, context: {commandName?: string}) => (args: {request?: unknown}) => Promise<unknown>,
      options: {step: 'finalizeRequest'; priority: 'low'; name: string; override: boolean},
    ): void
  }
}

/**
 * Adds the per-attempt step. It sits in `finalizeRequest` at low priority, i.e. inside the retry middleware (high
 * priority, same step), so every attempt is counted and paced, not only the first; it also stops attempts once the
 * run is aborted or the endpoint is known to hang, and names the endpoint in a timeout.
 */
function instrument<T>(client: T, service: string, counter: ApiCallCounter, state: RunState, network: NetworkSettings): T {
  ;(client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      network.signal?.throwIfAborted()
      const endpoint = endpointOf((args.request ?? {}) as HttpRequestLike)
      const hung = state.hungEndpoints.get(endpoint)
      if (hung) throw new EndpointTimeoutError(hung.endpoint, hung.phase, hung.timeoutMs, {cause: hung})
      if (state.limiter) await state.limiter.take()
      counter.record(service, (context.commandName ?? 'Unknown').replace(/Command$/, ''))
      try {
        return await untilAborted(next(args), network.signal)
      } catch (error) {
        throw asEndpointTimeout(error, endpoint, network)
      }
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
  /** Deadlines, proxy, CA bundle and the run's abort signal (settings.network). */
  network: NetworkSettings
}

/**
 * Clients for one region. Every request has the run's connect and socket deadlines; retries are adaptive for
 * throttling and bounded for timeouts (DeadlineRetryStrategy). An unknown region is refused here, before any call.
 */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  const {region, endpoint, maxAttempts, counter, network} = options
  checkRegion(region, {customEndpoint: Boolean(endpoint)})
  const state = runState(counter, network, options.maxApiRate)
  const config = () => ({
    region,
    endpoint,
    maxAttempts,
    retryStrategy: new DeadlineRetryStrategy(new AdaptiveRetryStrategy(async () => maxAttempts), state.hungEndpoints),
    requestHandler: state.requestHandler,
    credentials: credentialsFor(state, options.profile),
  })
  const add = <C>(client: C, service: string) => instrument(client, service, counter, state, network)
  return {
    ec2: add(new EC2Client(config()), 'EC2'),
    ecs: add(new ECSClient(config()), 'ECS'),
    rds: add(new RDSClient(config()), 'RDS'),
    cloudwatch: add(new CloudWatchClient(config()), 'CloudWatch'),
    tagging: add(new ResourceGroupsTaggingAPIClient(config()), 'ResourceGroupsTaggingAPI'),
    sts: add(new STSClient(config()), 'STS'),
  }
}

/** The service label a client counts under, for error messages. */
export const SERVICE_LABELS = {ec2: 'EC2', ecs: 'ECS', rds: 'RDS', cloudwatch: 'CloudWatch', tagging: 'ResourceGroupsTaggingAPI', sts: 'STS'} as const
