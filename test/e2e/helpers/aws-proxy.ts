// HTTP proxies between the CLI and moto. The counting proxy records every AWS call (service + operation) so that a
// test can prove e.g. "dry run sends zero write calls" without trusting the product's own counter. The throttling
// proxy answers the first N calls with the throttling error each protocol really uses (EC2 query, query, JSON, CloudWatch's query-compatible JSON), then forwards.
import {createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse} from 'node:http'

export interface AwsCall {
  /** Signing name from the SigV4 credential scope: `ec2`, `ecs`, `rds`, `monitoring`, `sts`, `tagging`. */
  service: string
  /** `DescribeInstances`, `UpdateService`, ... */
  operation: string
  protocol: 'json' | 'query'
  throttled: boolean
}

// Read-only operations by their AWS naming convention; everything else changes state.
const READ_PREFIXES = ['Describe', 'List', 'Get', 'BatchGet', 'Search', 'Lookup']
export const isWriteCall = (call: AwsCall): boolean => !READ_PREFIXES.some((prefix) => call.operation.startsWith(prefix))

export interface ProxyOptions {
  /** Answer this many calls (those matching `throttleWhen`, in arrival order) with a throttling error. */
  throttleFirst?: number
  throttleWhen?: (call: AwsCall) => boolean
}

export interface AwsProxy {
  /** `http://127.0.0.1:PORT`, to use as AWS_ENDPOINT_URL. */
  readonly endpoint: string
  readonly calls: AwsCall[]
  /** Calls that reached moto, as `service.Operation` -> count. */
  counts(): Record<string, number>
  writes(): AwsCall[]
  reset(): void
  close(): Promise<void>
}

function describeCall(request: IncomingMessage, body: Buffer): Omit<AwsCall, 'throttled'> {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(request.headers.authorization ?? ''))
  const service = scope?.[1] ?? 'unknown'
  const target = request.headers['x-amz-target']
  if (typeof target === 'string') return {service, operation: target.split('.').at(-1) ?? target, protocol: 'json'}
  const fromQuery = new URL(request.url ?? '/', 'http://proxy').searchParams.get('Action')
  const fromBody = new URLSearchParams(body.toString('utf8')).get('Action')
  return {service, operation: fromBody ?? fromQuery ?? 'unknown', protocol: 'query'}
}

/** The throttling answer of each protocol, as AWS documents it. */
function throttle(call: AwsCall, response: ServerResponse): void {
  const requestId = '00000000-0000-4000-8000-000000000000'
  if (call.protocol === 'json' && call.service === 'monitoring') {
    // CloudWatch speaks JSON 1.0 in "awsQueryCompatible" mode: the query error code travels in x-amzn-query-error.
    response.writeHead(400, {'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'Throttling;Sender', 'x-amzn-requestid': requestId})
    response.end(JSON.stringify({__type: 'com.amazonaws.cloudwatch#Throttling', message: 'Rate exceeded'}))
  } else if (call.protocol === 'json') {
    response.writeHead(400, {'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException', 'x-amzn-requestid': requestId})
    response.end(JSON.stringify({__type: 'ThrottlingException', message: 'Rate exceeded'}))
  } else if (call.service === 'ec2') {
    // EC2 has its own XML error envelope and throttling code (RequestLimitExceeded, HTTP 503).
    response.writeHead(503, {'content-type': 'text/xml;charset=UTF-8'})
    response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`)
  } else {
    response.writeHead(400, {'content-type': 'text/xml', 'x-amzn-requestid': requestId})
    response.end(`<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`)
  }
}

export async function startAwsProxy(target: string, options: ProxyOptions = {}): Promise<AwsProxy> {
  const upstream = new URL(target)
  const calls: AwsCall[] = []
  let toThrottle = options.throttleFirst ?? 0
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks)
      const described = describeCall(request, body)
      const shouldThrottle = toThrottle > 0 && (options.throttleWhen?.({...described, throttled: true}) ?? true)
      if (shouldThrottle) toThrottle--
      const call: AwsCall = {...described, throttled: shouldThrottle}
      calls.push(call)
      if (shouldThrottle) {
        throttle(call, response)
        return
      }

      const forward = httpRequest(
        {host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers},
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
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const forwarded = () => calls.filter((call) => !call.throttled)
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    counts() {
      const counts: Record<string, number> = {}
      for (const call of forwarded()) counts[`${call.service}.${call.operation}`] = (counts[`${call.service}.${call.operation}`] ?? 0) + 1
      return counts
    },
    writes: () => forwarded().filter(isWriteCall),
    reset() {
      calls.length = 0
    },
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
  startAwsProxy(target, {throttleFirst: count, throttleWhen: when})
