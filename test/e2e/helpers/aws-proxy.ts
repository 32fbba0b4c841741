// HTTP proxies between the CLI and moto. The counting proxy records every AWS call (service + operation) so that a
// test can prove e.g. "dry run sends zero write calls" without trusting the product's own counter. The throttling
// proxy answers the first N calls with the throttling error each protocol really uses (EC2 query, query, JSON,
// CloudWatch's query-compatible JSON), then forwards; the fault proxy does the same with other errors.
import {createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse} from 'node:http'

export interface AwsCall {
  /** Signing name from the SigV4 credential scope: `ec2`, `ecs`, `rds`, `monitoring`, `sts`, `tagging`. */
  service: string
  /** `DescribeInstances`, `UpdateService`, ... */
  operation: string
  /**
   * `rest`: S3's REST protocol (XML), `rest-json`: Lambda's (JSON errors); in both the HTTP method and path name
   * the operation.
   */
  protocol: 'json' | 'query' | 'rest' | 'rest-json'
  /** Answered by the proxy with an injected fault (never reached moto). */
  throttled: boolean
  fault?: AwsFault
}

// Read-only operations by their AWS naming convention; everything else changes state.
const READ_PREFIXES = ['Describe', 'List', 'Get', 'BatchGet', 'Search', 'Lookup']
export const isWriteCall = (call: AwsCall): boolean =>
  call.protocol === 'rest' || call.protocol === 'rest-json' ? !/^(GET|HEAD) /.test(call.operation) : !READ_PREFIXES.some((prefix) => call.operation.startsWith(prefix))

/** An error AWS can answer with, in the shape each protocol uses for it. */
export type AwsFault = 'throttling' | 'server-error' | 'expired-token' | 'access-denied'

export interface ProxyOptions {
  /**
   * Answer this many calls (those matching `when`, in arrival order) with `fault` instead of forwarding them;
   * `when` also gets the request body (e.g. the RoleArn of an STS AssumeRole).
   */
  inject?: {fault: AwsFault; count: number; when?: (call: AwsCall, body: string) => boolean}
  /** Holds the calls matching `when` until `until` resolves, then forwards them: a slow network, nothing faked. */
  hold?: {when: (call: AwsCall) => boolean; until: Promise<void>}
}

export interface AwsProxy {
  /** `http://127.0.0.1:PORT`, to use as AWS_ENDPOINT_URL. */
  readonly endpoint: string
  readonly calls: AwsCall[]
  /** Calls that reached moto, as `service.Operation` -> count. */
  counts(): Record<string, number>
  writes(): AwsCall[]
  close(): Promise<void>
}

function describeCall(request: IncomingMessage, body: Buffer): Omit<AwsCall, 'throttled'> {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(request.headers.authorization ?? ''))
  const service = scope?.[1] ?? 'unknown'
  const target = request.headers['x-amz-target']
  if (typeof target === 'string') return {service, operation: target.split('.').at(-1) ?? target, protocol: 'json'}
  const fromQuery = new URL(request.url ?? '/', 'http://proxy').searchParams.get('Action')
  const fromBody = new URLSearchParams(body.toString('utf8')).get('Action')
  const action = fromBody ?? fromQuery
  const rest = {'s3': 'rest', lambda: 'rest-json'} as const
  if (!action && (service === 's3' || service === 'lambda')) return {service, operation: `${request.method ?? 'GET'} ${new URL(request.url ?? '/', 'http://proxy').pathname}`, protocol: rest[service]}
  return {service, operation: action ?? 'unknown', protocol: 'query'}
}

interface FaultShape {
  status: number
  /** Code in the ec2 query protocol, the query protocol and the JSON protocols. */
  ec2: string
  query: string
  json: string
  message: string
}

// Codes and statuses as AWS documents them per protocol (EC2 has its own codes for throttling and access).
const FAULTS: Record<AwsFault, FaultShape> = {
  throttling: {status: 400, ec2: 'RequestLimitExceeded', query: 'Throttling', json: 'ThrottlingException', message: 'Rate exceeded'},
  'server-error': {status: 500, ec2: 'InternalError', query: 'InternalFailure', json: 'InternalFailure', message: 'We encountered an internal error. Please try again.'},
  'expired-token': {status: 403, ec2: 'RequestExpired', query: 'ExpiredToken', json: 'ExpiredTokenException', message: 'The security token included in the request is expired'},
  'access-denied': {status: 403, ec2: 'UnauthorizedOperation', query: 'AccessDenied', json: 'AccessDeniedException', message: 'User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform this action'},
}

function answerFault(call: AwsCall, fault: AwsFault, response: ServerResponse): void {
  const shape = FAULTS[fault]
  const requestId = '00000000-0000-4000-8000-000000000000'
  if (call.protocol === 'json' && call.service === 'monitoring') {
    // CloudWatch speaks JSON 1.0 in "awsQueryCompatible" mode: the query error code travels in x-amzn-query-error.
    const type = shape.status >= 500 ? 'Receiver' : 'Sender'
    response.writeHead(shape.status, {'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': `${shape.query};${type}`, 'x-amzn-requestid': requestId})
    response.end(JSON.stringify({__type: `com.amazonaws.cloudwatch#${shape.query}`, message: shape.message}))
  } else if (call.protocol === 'json' || call.protocol === 'rest-json') {
    // REST-JSON (Lambda) names its errors the same way, in the x-amzn-errortype header and the body.
    const type = call.protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json'
    response.writeHead(shape.status, {'content-type': type, 'x-amzn-errortype': shape.json, 'x-amzn-requestid': requestId})
    response.end(JSON.stringify({__type: shape.json, message: shape.message}))
  } else if (call.service === 'ec2') {
    // EC2 has its own XML error envelope; it throttles with HTTP 503.
    response.writeHead(fault === 'throttling' ? 503 : shape.status, {'content-type': 'text/xml;charset=UTF-8'})
    response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${shape.ec2}</Code><Message>${shape.message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`)
  } else {
    const type = shape.status >= 500 ? 'Receiver' : 'Sender'
    response.writeHead(shape.status, {'content-type': 'text/xml', 'x-amzn-requestid': requestId})
    response.end(`<ErrorResponse><Error><Type>${type}</Type><Code>${shape.query}</Code><Message>${shape.message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`)
  }
}

export async function startAwsProxy(target: string, options: ProxyOptions = {}): Promise<AwsProxy> {
  const upstream = new URL(target)
  const calls: AwsCall[] = []
  let toInject = options.inject?.count ?? 0
  const forwardRequest = (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const forward = httpRequest(
      // moto builds some ids from the Host it is asked on (SQS queue URLs): moto must see its own, as a direct call
      // does, or a queue URL read through the proxy differs from the one the estate stored (AWS's never change).
      // moto does not check signatures, so rewriting the signed Host header is harmless here.
      {host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: {...request.headers, host: upstream.host}},
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    forward.on('error', (error) => {
      response.writeHead(502, {'content-type': 'text/plain'})
      response.end(`proxy: ${error.message}`)
    })
    forward.end(body)
  }

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks)
      const described = describeCall(request, body)
      const fault = options.inject?.fault
      const inject = fault !== undefined && toInject > 0 && (options.inject?.when?.({...described, throttled: false}, body.toString('utf8')) ?? true)
      if (inject) toInject--
      const call: AwsCall = {...described, throttled: inject && fault === 'throttling', ...(inject ? {fault} : {})}
      calls.push(call)
      if (inject) {
        answerFault(call, fault, response)
        return
      }

      if (options.hold?.when(call)) {
        void options.hold.until.then(() => forwardRequest(request, response, body))
        return
      }

      forwardRequest(request, response, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const forwarded = () => calls.filter((call) => !call.fault)
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    counts() {
      const counts: Record<string, number> = {}
      for (const call of forwarded()) counts[`${call.service}.${call.operation}`] = (counts[`${call.service}.${call.operation}`] ?? 0) + 1
      return counts
    },
    writes: () => forwarded().filter(isWriteCall),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A proxy that only counts. */
export const startCountingProxy = (target: string): Promise<AwsProxy> => startAwsProxy(target)

/** A proxy that throttles the first `count` calls (optionally only those matching `when`), then forwards. */
export const startThrottlingProxy = (target: string, count: number, when?: (call: AwsCall) => boolean): Promise<AwsProxy> =>
  startAwsProxy(target, {inject: {fault: 'throttling', count, when}})

/** A proxy that answers the first `count` calls matching `when` with `fault`, then forwards. */
export const startFaultProxy = (target: string, fault: AwsFault, count: number, when?: (call: AwsCall, body: string) => boolean): Promise<AwsProxy> =>
  startAwsProxy(target, {inject: {fault, count, when}})
