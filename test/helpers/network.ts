// Network stand-ins for deadline and proxy tests: a server that takes connections and never answers, and a
// CONNECT proxy that counts the tunnels it opens. Both on loopback, both closed by the caller.
import {createServer as createHttpServer, type IncomingMessage} from 'node:http'
import {connect, createServer, type Server, type Socket} from 'node:net'
import type {AddressInfo} from 'node:net'

import type {NetworkSettings} from '../../src/config/settings.js'

/** Settings as the config defaults give them (5 s, 30 s, no run bound, no proxy), with `overrides`. */
export function testNetwork(overrides: Partial<NetworkSettings> = {}): NetworkSettings {
  return {connectTimeoutMs: 5000, socketTimeoutMs: 30_000, runTimeoutMs: null, proxy: {}, awsCaBundle: null, ...overrides}
}

export interface HungServer {
  url: string
  port: number
  /** Connections accepted so far. */
  connections(): number
  close(): Promise<void>
}

/** Accepts every TCP connection, reads what is sent, and never writes a byte back. */
export async function startHungServer(): Promise<HungServer> {
  const sockets = new Set<Socket>()
  let accepted = 0
  const server: Server = createServer((socket) => {
    accepted += 1
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
    socket.resume()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

export interface ConnectProxy {
  url: string
  /** `host:port` of every CONNECT request, in order. */
  tunnels: string[]
  close(): Promise<void>
}

/** A forward proxy that only speaks CONNECT (as HTTPS proxies do) and tunnels to the target. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: string[] = []
  const sockets = new Set<Socket>()
  const server = createHttpServer((_request, response) => {
    response.writeHead(405).end()
  })
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const target = request.url ?? ''
    tunnels.push(target)
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))]
    const upstream = connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => undefined)
      socket.on('close', () => sockets.delete(socket))
    }
    upstream.on('error', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
