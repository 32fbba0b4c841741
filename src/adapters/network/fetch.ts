// `fetch` for GitHub (Octokit's `request.fetch`): undici with the run's deadlines (connect, and silence while
// waiting for headers or body), through the proxy the environment names unless no_proxy exempts the host, and
// stopped when the run is aborted. The same proxy rule as the AWS agents (proxy.ts).

import {Agent, type Dispatcher, fetch as undiciFetch, ProxyAgent} from 'undici'

import type {NetworkSettings} from '../../config/settings.js'
import {proxyFor} from './proxy.js'

export type Fetch = typeof globalThis.fetch

export function deadlineFetch(network: NetworkSettings): Fetch {
  const deadlines = {headersTimeout: network.socketTimeoutMs, bodyTimeout: network.socketTimeoutMs}
  const direct = new Agent({...deadlines, connect: {timeout: network.connectTimeoutMs}})
  const viaProxy = new Map<string, ProxyAgent>()
  const dispatcherFor = (url: URL): Dispatcher => {
    const proxy = proxyFor(url, network.proxy)
    if (!proxy) return direct
    let agent = viaProxy.get(proxy)
    if (!agent) {
      agent = new ProxyAgent({uri: proxy, ...deadlines, proxyTls: {timeout: network.connectTimeoutMs}, requestTls: {timeout: network.connectTimeoutMs}})
      viaProxy.set(proxy, agent)
    }

    return agent
  }

  // The end of the run closes what is still open (keep-alive connections, a request abandoned by a failure).
  network.signal?.addEventListener(
    'abort',
    () => {
      for (const dispatcher of [direct, ...viaProxy.values()]) dispatcher.destroy().catch(() => undefined)
    },
    {once: true},
  )

  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    const signals = [init?.signal, network.signal].filter((signal): signal is AbortSignal => signal !== undefined && signal !== null)
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0]
    return undiciFetch(url, {...(init as object), dispatcher: dispatcherFor(url), ...(signal ? {signal} : {})})
  }) as unknown as Fetch
}

export type DeadlineKind = 'connect' | 'answer'

/** Which deadline (if any) an undici failure hit, anywhere in its cause chain: fetch wraps it in a TypeError. */
export function deadlineOf(error: unknown): DeadlineKind | undefined {
  for (let current = error as {code?: unknown; cause?: unknown} | undefined, depth = 0; current && depth < 6; current = current.cause as typeof current, depth++) {
    if (current.code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect'
    if (current.code === 'UND_ERR_HEADERS_TIMEOUT' || current.code === 'UND_ERR_BODY_TIMEOUT') return 'answer'
  }

  return undefined
}
