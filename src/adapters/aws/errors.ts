import {AwsError, type IalError, isIalError} from '../../errors.js'

/** Where a failed call was made: `service` is the SDK's label (EC2, ECS, RDS, CloudWatch, ...). */
export interface AwsCallContext {
  service: string
  operation: string
  region: string
}

/** An AWS failure mapped at the adapter boundary: one line for the user, plus a short `reason` for lists. */
export class AwsCallError extends AwsError {
  constructor(
    message: string,
    /** Short form for "could not read X in R: <reason>", e.g. `AccessDenied (rds:DescribeDBInstances)`. */
    readonly reason: string,
    hint?: string,
    options?: {cause?: unknown},
  ) {
    super(message, hint, options)
  }
}

/**
 * One attempt that hit a deadline, with the endpoint it went to. Its name stays `TimeoutError` so that the SDK's
 * retry classification keeps treating it as transient (the retry strategy bounds how often: see clients.ts).
 */
export class EndpointTimeoutError extends Error {
  override readonly name = 'TimeoutError'

  constructor(
    /** `https://ec2.us-east-1.amazonaws.com`, or the custom endpoint. */
    readonly endpoint: string,
    /** `connect`: no connection within the connect timeout; `answer`: connected, then silence for the socket timeout. */
    readonly phase: 'connect' | 'answer',
    readonly timeoutMs: number,
    options?: {cause?: unknown},
  ) {
    super(`${endpoint} ${phase === 'connect' ? 'did not accept a connection' : 'did not answer'} within ${formatDuration(timeoutMs)}`, options)
  }
}

/** `30 s`, `1.5 s`, `500 ms`, `10 min`: how a deadline reads in a message. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  if (ms < 120_000 || ms % 60_000 !== 0) return `${Number((ms / 1000).toFixed(1))} s`
  return `${ms / 60_000} min`
}

// The IAM service prefix of each SDK client, to name the missing permission exactly.
const IAM_PREFIX: Record<string, string> = {
  EC2: 'ec2',
  ECS: 'ecs',
  RDS: 'rds',
  CloudWatch: 'cloudwatch',
  S3: 's3',
  Logs: 'logs',
  ELBv2: 'elasticloadbalancing',
  ResourceGroupsTaggingAPI: 'tag',
  SQS: 'sqs',
  Lambda: 'lambda',
  KMS: 'kms',
  SNS: 'sns',
  STS: 'sts',
  AutoScaling: 'autoscaling',
  DynamoDB: 'dynamodb',
}

const CREDENTIAL_ERRORS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
  'IncompleteSignature',
])
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException', 'AuthorizationError'])
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'])
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
])

interface ErrorLike {
  name?: string
  code?: string
  Code?: string
  message?: string
  cause?: unknown
  $metadata?: {attempts?: number; httpStatusCode?: number}
}

/** The network error code (`ECONNREFUSED`, ...) anywhere in the cause chain: the SDK wraps it in its own errors. */
function networkCode(error: unknown): string | undefined {
  for (let current = error as ErrorLike | undefined, depth = 0; current && depth < 5; current = current.cause as ErrorLike | undefined, depth++) {
    const code = current.code ?? (current as {errno?: string}).errno
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code
    if (Array.isArray((current as {errors?: unknown[]}).errors)) {
      // Node's AggregateError when every address of a host refused (happy eyeballs).
      const inner = (current as {errors: unknown[]}).errors.map((item) => networkCode(item)).find(Boolean)
      if (inner) return inner
    }
  }

  return undefined
}

/** Node's TLS verification codes (`SELF_SIGNED_CERT_IN_CHAIN`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, ...) in the cause chain. */
function certificateCode(error: unknown): string | undefined {
  for (let current = error as ErrorLike | undefined, depth = 0; current && depth < 5; current = current.cause as ErrorLike | undefined, depth++) {
    if (typeof current.code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(current.code)) return current.code
  }

  return undefined
}

/** True for failures that come from AWS or the way to it, as opposed to a bug in our own code. */
export function isAwsFailure(error: unknown): boolean {
  if (error instanceof AwsCallError) return true
  const failure = (error ?? {}) as ErrorLike & {$fault?: unknown}
  return (
    failure.$metadata !== undefined ||
    failure.$fault !== undefined ||
    failure.name === 'CredentialsProviderError' ||
    failure.name === 'TimeoutError' ||
    networkCode(error) !== undefined
  )
}

/**
 * Maps any error from an AWS call to one line a user can act on (SPEC 4: exit 3 for AWS unreachable or access
 * denied). Credentials and permissions name the call and the IAM action; network errors name the endpoint class.
 */
export function toAwsError(error: unknown, context: AwsCallContext): IalError {
  // Ours already (the run's --timeout, a refused region): it says what happened better than any mapping.
  if (isIalError(error)) return error
  const {service, operation, region} = context
  const action = `${IAM_PREFIX[service] ?? service.toLowerCase()}:${operation}`
  const call = `${service} ${operation} in ${region}`
  const failure = (error ?? {}) as ErrorLike
  const name = failure.name ?? failure.Code ?? 'Error'
  const options = {cause: error}

  if (CREDENTIAL_ERRORS.has(name) || name === 'CredentialsProviderError' || /expired/i.test(name)) {
    const expired = /expired/i.test(name) || /expired/i.test(failure.message ?? '')
    const reason = expired ? 'expired credentials' : name === 'CredentialsProviderError' ? 'no credentials' : `invalid credentials (${name})`
    const hint = expired
      ? 'renew the session (aws sso login, or new temporary credentials) and retry'
      : 'configure credentials: AWS_PROFILE / --profile, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an instance role'
    const message = name === 'CredentialsProviderError' ? `no AWS credentials found for ${call}` : `AWS refused the credentials for ${call}: ${reason}`
    return new AwsCallError(message, reason, hint, options)
  }

  if (ACCESS_DENIED.has(name) || failure.$metadata?.httpStatusCode === 403) {
    return new AwsCallError(`access denied for ${call}: the caller lacks ${action}`, `AccessDenied (${action})`, `grant ${action} to the caller's IAM policy`, options)
  }

  if (error instanceof EndpointTimeoutError) {
    const limit = formatDuration(error.timeoutMs)
    const reason = error.phase === 'connect' ? `no connection within ${limit}` : `no answer within ${limit}`
    const hint =
      error.phase === 'connect'
        ? 'check --region, --endpoint-url, the proxy (HTTPS_PROXY, NO_PROXY) and the network; --connect-timeout or network.connectTimeout raises the limit'
        : 'the endpoint took the connection and sent nothing: check that it is an AWS endpoint and the proxy in between; --socket-timeout or network.socketTimeout raises the limit'
    return new AwsCallError(`AWS endpoint ${error.message} (${call})`, reason, hint, options)
  }

  const certificate = certificateCode(error)
  if (certificate) {
    const reason = `untrusted TLS certificate (${certificate})`
    return new AwsCallError(`cannot reach AWS for ${call}: ${reason}`, reason, 'set AWS_CA_BUNDLE to the CA certificates of the endpoint or of the proxy that intercepts TLS', options)
  }

  const code = networkCode(error) ?? (name === 'TimeoutError' ? 'timeout' : undefined)
  if (code) {
    const reason = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'endpoint not found (unknown region or host)' : `endpoint not answering (${code})`
    return new AwsCallError(`cannot reach AWS for ${call}: ${reason}`, reason, 'check --region, --endpoint-url / AWS_ENDPOINT_URL, and the network', options)
  }

  if (THROTTLING.has(name)) {
    const attempts = failure.$metadata?.attempts
    const reason = `throttled${attempts ? ` after ${attempts} attempts` : ''}`
    return new AwsCallError(`AWS kept throttling ${call} (${reason})`, `${name} (${action})`, 'raise aws.maxAttempts or lower --max-api-rate', options)
  }

  if (name === 'UnknownEndpoint' || name === 'InvalidEndpointException' || /Region .* is (invalid|not)/i.test(failure.message ?? '')) {
    return new AwsCallError(`AWS does not know the region of ${call}`, 'unknown region', 'check --region and aws.regions', options)
  }

  const message = firstLine(failure.message ?? String(error))
  return new AwsCallError(`${call} failed: ${name}: ${message}`, `${name} (${action})`, undefined, options)
}

const firstLine = (text: string) => text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text
