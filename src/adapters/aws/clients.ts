import {AutoScalingClient} from '@aws-sdk/client-auto-scaling'
import {CloudFormationClient} from '@aws-sdk/client-cloudformation'
import {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs'
import {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {EC2Client} from '@aws-sdk/client-ec2'
import {ECSClient} from '@aws-sdk/client-ecs'
import {IAMClient} from '@aws-sdk/client-iam'
import {OrganizationsClient} from '@aws-sdk/client-organizations'
import {ElasticLoadBalancingV2Client} from '@aws-sdk/client-elastic-load-balancing-v2'
import {RDSClient} from '@aws-sdk/client-rds'
import {S3Client} from '@aws-sdk/client-s3'
import {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {SNSClient} from '@aws-sdk/client-sns'
import {CloudTrailClient} from '@aws-sdk/client-cloudtrail'
import {SQSClient} from '@aws-sdk/client-sqs'
import {LambdaClient} from '@aws-sdk/client-lambda'
import {KMSClient} from '@aws-sdk/client-kms'
import {STSClient} from '@aws-sdk/client-sts'
import {defaultProvider} from '@aws-sdk/credential-provider-node'
import {fromTemporaryCredentials} from '@aws-sdk/credential-providers'
import {doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider} from '@smithy/core'
import {AdaptiveRetryStrategy} from '@smithy/core/retry'
import type {AwsCredentialIdentityProvider, Pluggable} from '@smithy/types'
import {NodeHttpHandler} from '@smithy/node-http-handler'
import pThrottle from 'p-throttle'

import type {NetworkSettings, Target} from '../../config/settings.js'
import {compareCodePoints} from '../../core/shared/compare.js'
import {UsageError} from '../../errors.js'
import {untilAborted} from '../network/abort.js'
import {type CallCap, callCap} from './call.js'
import {awsAgents} from '../network/node-agents.js'
import {EndpointTimeoutError} from './errors.js'
import {checkRegion} from './regions.js'

/** Every AWS client one region needs; readers and executors take the narrow client they use from here. */
export interface AwsClients {
  ec2: EC2Client
  ecs: ECSClient
  rds: RDSClient
  cloudwatch: CloudWatchClient
  s3: S3Client
  logs: CloudWatchLogsClient
  elbv2: ElasticLoadBalancingV2Client
  tagging: ResourceGroupsTaggingAPIClient
  sts: STSClient
  autoscaling: AutoScalingClient
  iam: IAMClient
  sqs: SQSClient
  lambda: LambdaClient
  kms: KMSClient
  /** SNS topics (the type's reads and tag heals) and drift notifications to a topic (config notify). */
  sns: SNSClient
  /** Who changed a drifted resource (LookupEvents). */
  cloudtrail: CloudTrailClient
  /** Only for the phase stacks' records (config `phases.identityFromStacks`). */
  cloudformation: CloudFormationClient
  /** DynamoDB tables (the type's reads and heals) and the shared heal lock (config state.backend aws). */
  dynamodb: DynamoDBClient
  /** The accounts of config `organization` (ListAccounts, ListAccountsForParent). */
  organizations: OrganizationsClient
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
 * `--max-api-rate`: at most `rate` calls per second. Calls are spaced evenly (one per 1/rate seconds) rather than
 * allowed in bursts, which is what a throttled account wants.
 */
export function apiRateLimit(rate: number): () => Promise<void> {
  const throttled = pThrottle({limit: 1, interval: 1000 / rate})(() => undefined)
  return async () => {
    await throttled()
  }
}

/** What every client of a run shares. */
interface RunState {
  /** One connection pool for every client of the run, with the run's deadlines, proxy and CA bundle. */
  requestHandler: NodeHttpHandler
  throttle?: () => Promise<void>
  /** Endpoints that timed out on every attempt of a request: later calls to them fail at once. */
  hungEndpoints: Map<string, EndpointTimeoutError>
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

/**
 * The per-attempt step, as a client plugin. It sits in `finalizeRequest` at low priority, i.e. inside the retry
 * middleware (high priority, same step), so every attempt is counted and paced, not only the first; it also stops
 * attempts once the run is aborted or the endpoint is known to hang, and names the endpoint in a timeout.
 */
function callStep(service: string, counter: ApiCallCounter, state: RunState, network: NetworkSettings, throttle = state.throttle): Pluggable<object, object> {
  return {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          network.signal?.throwIfAborted()
          const endpoint = endpointOf((args.request ?? {}) as HttpRequestLike)
          const hung = state.hungEndpoints.get(endpoint)
          if (hung) throw new EndpointTimeoutError(hung.endpoint, hung.phase, hung.timeoutMs, {cause: hung})
          if (throttle) await throttle()
          counter.record(service, (context.commandName ?? 'Unknown').replace(/Command$/, ''))
          try {
            return await untilAborted(next(args), network.signal)
          } catch (error) {
            throw asEndpointTimeout(error, endpoint, network)
          }
        },
        {step: 'finalizeRequest', priority: 'low', name: 'ialctlApiCallCounter', override: true},
      )
    },
  }
}

/** Where a set of clients points: a region of a target, to read or to write. */
export interface AwsLocation {
  /** A config target (account); undefined for the implicit one (the credential chain). */
  target?: string
  region: string
  /** `write`: a target's `healRoleArn` when it has one (its `roleArn` may be read-only). Read by default. */
  access?: 'read' | 'write'
}

/** Hands out the clients of each target and region, built once each, sharing one counter and one rate limit. */
export interface AwsClientFactory {
  clientsFor(where: AwsLocation): AwsClients
  /**
   * The run's bound over every account and region read side by side: each region's read has its own bound
   * (`aws.maxConcurrency`, as AWS throttles per account and region), and all of them share this one.
   */
  readonly cap: CallCap
  /** Every call made through these clients, retries included. */
  readonly counter: ApiCallCounter
}

export interface AwsClientFactoryOptions {
  profile?: string
  endpoint?: string
  maxAttempts: number
  /** At most this many calls per second across all clients (`--max-api-rate`); unlimited when absent. */
  maxApiRate?: number
  counter?: ApiCallCounter
  /** Deadlines, proxy, CA bundle and the run's abort signal (settings.network). */
  network: NetworkSettings
  /** The config targets clients can be asked for by name (settings.targets). */
  targets?: readonly Target[]
  /** Calls in flight across all accounts and regions (`cap`); 64 when absent. */
  maxCallsInFlight?: number
}

/**
 * The run's AWS clients. One request handler (connections reused, the run's deadlines), one credential provider
 * (the chain, SSO or assume-role, resolves once) and one rate limit, shared by every region. Every request has the
 * run's connect and socket deadlines; retries are adaptive for throttling and bounded for timeouts
 * (DeadlineRetryStrategy). An unknown region is refused here, before any call.
 */
export function awsClientFactory(options: AwsClientFactoryOptions): AwsClientFactory {
  const {endpoint, maxAttempts, network} = options
  const counter = options.counter ?? new ApiCallCounter()
  const built = new Map<string, AwsClients>()
  // Built on the first client asked for: a run that reads a snapshot file opens nothing.
  let shared: {state: RunState; credentials: AwsCredentialIdentityProvider} | undefined
  const run = () => {
    if (!shared) {
      const requestHandler = new NodeHttpHandler({connectionTimeout: network.connectTimeoutMs, socketTimeout: network.socketTimeoutMs, ...awsAgents(network)})
      // When the run ends or its deadline passes, connections still open are closed: nothing keeps the process alive.
      network.signal?.addEventListener('abort', () => requestHandler.destroy(), {once: true})
      const throttle = options.maxApiRate !== undefined && options.maxApiRate > 0 ? apiRateLimit(options.maxApiRate) : undefined
      // The chain's own clients (STS for assume-role, SSO) go through the same handler, deadlines included.
      const credentials = defaultProvider({...(options.profile ? {profile: options.profile} : {}), clientConfig: {requestHandler}})
      shared = {state: {requestHandler, throttle, hungEndpoints: new Map()}, credentials}
    }

    return shared
  }

  const roles = new Map<string, AwsCredentialIdentityProvider>()
  /**
   * A target's credentials: its role assumed through STS with the chain's credentials (once per run and role, renewed
   * before they expire, the AssumeRole call counted and bounded like any other), or the chain's own without a role.
   */
  const credentialsOf = (target: Target | undefined, access: AwsLocation['access'], region: string): {key: string; credentials: AwsCredentialIdentityProvider} => {
    const {state, credentials} = run()
    const roleArn = access === 'write' ? (target?.healRoleArn ?? target?.roleArn) : target?.roleArn
    if (!target || !roleArn) return {key: '', credentials}
    let assumed = roles.get(roleArn)
    if (!assumed) {
      const plain = fromTemporaryCredentials({
        params: {RoleArn: roleArn, RoleSessionName: target.sessionName ?? 'ialctl', ...(target.externalId ? {ExternalId: target.externalId} : {}), ...(target.durationSeconds ? {DurationSeconds: target.durationSeconds} : {})},
        masterCredentials: credentials,
        clientConfig: {region, endpoint, maxAttempts, requestHandler: state.requestHandler},
        clientPlugins: [callStep('STS', counter, state, network)],
      })
      assumed = memoizeIdentityProvider(plain, isIdentityExpired, doesIdentityRequireRefresh) as AwsCredentialIdentityProvider
      roles.set(roleArn, assumed)
    }

    return {key: roleArn, credentials: assumed}
  }

  return {
    counter,
    cap: callCap(options.maxCallsInFlight ?? 64),
    clientsFor({target: name, region, access}) {
      const target = name === undefined ? undefined : options.targets?.find((candidate) => candidate.name === name)
      if (name !== undefined && !target) throw new UsageError(`no AWS target named ${name} is configured`, 'name a target of the config targets: section')
      checkRegion(region, {customEndpoint: Boolean(endpoint)})
      const {key: role, credentials} = credentialsOf(target, access, region)
      const key = `${role}\u0000${region}`
      let clients = built.get(key)
      if (!clients) {
        const {state} = run()
        // A config target's account has its own quota per region (AWS throttles per account and region): its own
        // --max-api-rate there. The implicit target keeps one rate for the whole run.
        const throttle = role !== '' && options.maxApiRate !== undefined && options.maxApiRate > 0 ? apiRateLimit(options.maxApiRate) : state.throttle
        const config = () => ({
          region,
          endpoint,
          maxAttempts,
          retryStrategy: new DeadlineRetryStrategy(new AdaptiveRetryStrategy(async () => maxAttempts), state.hungEndpoints),
          requestHandler: state.requestHandler,
          credentials,
        })
        const add = <C>(client: C, service: string) => {
          ;(client as unknown as {middlewareStack: {use(plugin: Pluggable<object, object>): void}}).middlewareStack.use(callStep(service, counter, state, network, throttle))
          return client
        }
        clients = {
          ec2: add(new EC2Client(config()), 'EC2'),
          ecs: add(new ECSClient(config()), 'ECS'),
          rds: add(new RDSClient(config()), 'RDS'),
          cloudwatch: add(new CloudWatchClient(config()), 'CloudWatch'),
          // A custom endpoint (moto, a proxy) takes the bucket in the path; AWS itself uses virtual-hosted names.
          s3: add(new S3Client({...config(), forcePathStyle: endpoint !== undefined}), 'S3'),
          logs: add(new CloudWatchLogsClient(config()), 'Logs'),
          elbv2: add(new ElasticLoadBalancingV2Client(config()), 'ELBv2'),
          tagging: add(new ResourceGroupsTaggingAPIClient(config()), 'ResourceGroupsTaggingAPI'),
          sts: add(new STSClient(config()), 'STS'),
          autoscaling: add(new AutoScalingClient(config()), 'AutoScaling'),
          iam: add(new IAMClient(config()), 'IAM'),
          sqs: add(new SQSClient(config()), 'SQS'),
          lambda: add(new LambdaClient(config()), 'Lambda'),
          kms: add(new KMSClient(config()), 'KMS'),
          sns: add(new SNSClient(config()), 'SNS'),
          cloudtrail: add(new CloudTrailClient(config()), 'CloudTrail'),
          cloudformation: add(new CloudFormationClient(config()), 'CloudFormation'),
          dynamodb: add(new DynamoDBClient(config()), 'DynamoDB'),
          organizations: add(new OrganizationsClient(config()), 'Organizations'),
        }
        built.set(key, clients)
      }

      return clients
    },
  }
}

/** The service label a client counts under, for error messages. */
export const SERVICE_LABELS = {ec2: 'EC2', ecs: 'ECS', rds: 'RDS', cloudwatch: 'CloudWatch', elbv2: 'ELBv2', s3: 'S3', tagging: 'ResourceGroupsTaggingAPI', sts: 'STS', autoscaling: 'AutoScaling', iam: 'IAM', sqs: 'SQS', lambda: 'Lambda', kms: 'KMS', logs: 'Logs', cloudformation: 'CloudFormation', sns: 'SNS', dynamodb: 'DynamoDB', organizations: 'Organizations'} as const
