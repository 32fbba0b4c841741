// The node:http(s) agents under the AWS SDK's request handler: each request goes direct or through the proxy
// the environment names (a CONNECT tunnel), and https checks certificates against AWS_CA_BUNDLE when it is set.
// The deadlines themselves are the handler's (connectionTimeout, socketTimeout); these only choose the route.

import http from 'node:http'
import https from 'node:https'
import {checkServerIdentity, type PeerCertificate} from 'node:tls'

import {Agent, type AgentConnectOpts} from 'agent-base'
import {HttpsProxyAgent} from 'https-proxy-agent'

import type {NetworkSettings} from '../../config/settings.js'
import {proxyFor} from './proxy.js'

/**
 * A CONNECT tunnel whose TLS to the target checks against `ca`: https-proxy-agent takes the target's TLS options
 * from each request's options only (not from its own constructor's), so they are added here. It also drops the
 * target host from those options, so that an IP endpoint would be checked as `localhost`: the certificate is
 * checked against the host the request is for.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly tls: {ca?: string},
  ) {
    super(proxy, {keepAlive: true})
  }

  override connect(request: http.ClientRequest, options: AgentConnectOpts): ReturnType<HttpsProxyAgent<string>['connect']> {
    const host = options.host ?? ''
    const tls = {...this.tls, checkServerIdentity: (_name: string, certificate: PeerCertificate) => checkServerIdentity(host, certificate)}
    return super.connect(request, {...options, ...tls} as AgentConnectOpts)
  }
}

/** Picks, per request, the direct agent or the agent of the proxy that `no_proxy` does not exempt the host from. */
class RoutingAgent extends Agent {
  private readonly direct: http.Agent
  private readonly viaProxy = new Map<string, TunnelAgent>()

  constructor(
    private readonly secure: boolean,
    private readonly network: Pick<NetworkSettings, 'proxy' | 'awsCaBundle'>,
  ) {
    super()
    // node checks the agent's protocol against the request's; agent-base would guess it from the call stack.
    this.protocol = secure ? 'https:' : 'http:'
    const ca = this.ca()
    this.direct = secure ? new https.Agent({keepAlive: true, maxSockets: 50, ...ca}) : new http.Agent({keepAlive: true, maxSockets: 50})
  }

  override connect(_request: http.ClientRequest, options: AgentConnectOpts): http.Agent {
    const host = options.host?.includes(':') ? `[${options.host}]` : options.host
    const proxy = proxyFor(new URL(`${this.secure ? 'https' : 'http'}://${host}:${options.port}`), this.network.proxy)
    if (!proxy) return this.direct
    let agent = this.viaProxy.get(proxy)
    if (!agent) {
      agent = new TunnelAgent(proxy, this.ca())
      this.viaProxy.set(proxy, agent)
    }

    return agent
  }

  override destroy(): void {
    this.direct.destroy()
    for (const agent of this.viaProxy.values()) agent.destroy()
    super.destroy()
  }

  private ca(): {ca?: string} {
    return this.secure && this.network.awsCaBundle ? {ca: this.network.awsCaBundle.pem} : {}
  }
}

/** One pair of agents per run: connections are reused across the clients of every region. */
export function awsAgents(network: Pick<NetworkSettings, 'proxy' | 'awsCaBundle'>): {httpAgent: http.Agent; httpsAgent: https.Agent} {
  return {httpAgent: new RoutingAgent(false, network), httpsAgent: new RoutingAgent(true, network) as unknown as https.Agent}
}
