// Delivery of notifications: a JSON POST (Slack incoming webhook, generic webhook) and an SNS Publish. Each attempt
// has its own timeout; failures that a retry can fix (network, timeout, 429, 5xx) are retried with backoff. Errors
// never carry the URL: a Slack webhook URL is its own secret.
import {PublishCommand, type SNSClient} from '@aws-sdk/client-sns'

import {deadlineOf, type Fetch} from './network/fetch.js'

export interface DeliveryPolicy {
  timeoutMs: number
  retries: number
  sleep: (ms: number) => Promise<void>
  /** Aborted when the run ends. */
  signal?: AbortSignal
}

export class DeliveryError extends Error {}

const BACKOFF_MS = 500

/** POSTs `body` as JSON; resolves on a 2xx answer, rejects with a DeliveryError saying why after the retries. */
export async function postJson(fetch: Fetch, url: string, body: unknown, policy: DeliveryPolicy, token?: string | null): Promise<void> {
  let reason = ''
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    if (attempt > 0) await policy.sleep(BACKOFF_MS * 2 ** (attempt - 1))
    const signals = [AbortSignal.timeout(policy.timeoutMs), ...(policy.signal ? [policy.signal] : [])]
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {'content-type': 'application/json', 'user-agent': 'ialctl', ...(token ? {authorization: `Bearer ${token}`} : {})},
        body: JSON.stringify(body),
        signal: AbortSignal.any(signals),
        redirect: 'error',
      })
      await response.body?.cancel().catch(() => undefined)
      if (response.ok) return
      reason = `HTTP ${response.status}`
      if (response.status < 500 && response.status !== 429) break
    } catch (error) {
      reason = failureReason(error, policy.timeoutMs)
    }
  }

  throw new DeliveryError(`${reason} after ${policy.retries + 1} attempt${policy.retries === 0 ? '' : 's'}`)
}

/** SNS Publish with the same per-attempt timeout (the SDK retries within it). */
export async function publishSns(client: SNSClient, topicArn: string, message: {subject: string; message: string}, policy: DeliveryPolicy): Promise<void> {
  try {
    await client.send(new PublishCommand({TopicArn: topicArn, Subject: message.subject, Message: message.message}), {abortSignal: AbortSignal.any([AbortSignal.timeout(policy.timeoutMs * (policy.retries + 1)), ...(policy.signal ? [policy.signal] : [])])})
  } catch (error) {
    const name = (error as {name?: string}).name ?? ''
    throw new DeliveryError(name === 'AbortError' || name === 'TimeoutError' ? `no answer within ${(policy.timeoutMs * (policy.retries + 1)) / 1000} s` : `${name || 'error'}: ${(error as Error).message.split('\n')[0]}`)
  }
}

function failureReason(error: unknown, timeoutMs: number): string {
  const name = (error as {name?: string}).name
  if (name === 'TimeoutError' || name === 'AbortError' || deadlineOf(error)) return `no answer within ${timeoutMs / 1000} s`
  let cause = error as {code?: string; cause?: unknown} | undefined
  for (let depth = 0; cause && depth < 5; depth++, cause = cause.cause as typeof cause) if (typeof cause.code === 'string') return cause.code
  return 'request failed'
}
