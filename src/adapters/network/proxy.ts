// Which proxy a request goes through. One rule for AWS (node:https agents) and GitHub (undici), the one curl and
// the AWS CLI follow: `https_proxy` for https URLs, `http_proxy` for http URLs, and `no_proxy` exempts hosts
// (`*`, a name and its subdomains, `.suffix` or `*.suffix`, optionally with `:port`). Pure.

import type {ProxySettings} from '../../config/settings.js'

const DEFAULT_PORTS: Record<string, number> = {'http:': 80, 'https:': 443}

/** The proxy URL for a request to `url`, or undefined for a direct connection. */
export function proxyFor(url: URL, proxy: ProxySettings): string | undefined {
  const via = url.protocol === 'https:' ? proxy.httpsProxy : url.protocol === 'http:' ? proxy.httpProxy : undefined
  if (!via || bypassesProxy(url, proxy.noProxy ?? '')) return undefined
  return via
}

/** True when `no_proxy` names the host (and port, when the entry has one) of `url`. */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = bareHost(url.hostname)
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0
  for (const entry of noProxy.split(/[,\s]+/)) {
    if (entry === '') continue
    if (entry === '*') return true
    // `host:port`, but not a bare IPv6 address (`::1`), whose colons are not a port separator.
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry)
    const entryHost = bareHost((withPort ? withPort[1] : entry).replace(/^\*?\./, ''))
    if (withPort && Number(withPort[2]) !== port) continue
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return true
  }

  return false
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1: traffic that never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const host = bareHost(hostname)
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1'
}

const bareHost = (host: string) => host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase()
