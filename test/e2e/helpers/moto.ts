// The moto server (an AWS API emulator) as a child process: free loopback port, own process group,
// never left behind. Shared by the e2e global setup and `npm run demo:aws`.
import {spawn, spawnSync} from 'node:child_process'
import {closeSync, mkdtempSync, openSync, readFileSync, rmSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'

export const MOTO_INSTALL_HINT = 'pip install "moto[server]"'

export interface MotoServer {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string
  readonly pid: number
  stop(): Promise<void>
}

/** Whether `python3 -c 'import moto.server'` works (moto and its server extras are installed). */
export function motoAvailable(python = 'python3'): boolean {
  const result = spawnSync(python, ['-c', 'import moto.server'], {stdio: 'ignore', timeout: 30_000})
  return result.status === 0
}

/** A port the kernel just handed out on loopback (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

// moto's own entry point, plus a watchdog thread: if our Node process dies without a chance to clean up
// (SIGKILL), the server notices it was re-parented and exits, so nothing is ever orphaned.
const MOTO_LAUNCHER = `
import os, sys, threading, time
parent = int(os.environ['IALCTL_MOTO_PARENT'])
def watch():
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)
threading.Thread(target=watch, daemon=True).start()
from moto.server import main
main(sys.argv[1:])
`

/**
 * How moto is started: on `port`, exiting by itself as soon as `parentPid` is gone. AWS managed policies are loaded
 * (moto leaves them out by default) because the example roles attach them, as real accounts do.
 */
export function motoCommand(python: string, port: number, parentPid: number): {file: string; args: string[]; env: Record<string, string>} {
  return {file: python, args: ['-c', MOTO_LAUNCHER, '-H', '127.0.0.1', '-p', String(port)], env: {PYTHONUNBUFFERED: '1', IALCTL_MOTO_PARENT: String(parentPid), MOTO_IAM_LOAD_MANAGED_POLICIES: 'true'}}
}

/** Running servers: pid -> their log directory. */
const live = new Map<number, string>()
let hooksInstalled = false

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return
  hooksInstalled = true
  const killAll = () => {
    for (const [pid, logDir] of live) {
      killGroup(pid, 'SIGKILL')
      rmSync(logDir, {recursive: true, force: true})
    }

    live.clear()
  }

  process.on('exit', killAll)
  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ] as const) {
    const onSignal = () => {
      killAll()
      // When nobody else handles the signal, keep its default meaning (terminate).
      if (process.listenerCount(signal) === 1) process.exit(128 + number)
    }

    process.on(signal, onSignal)
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/data.json`, {signal: AbortSignal.timeout(1000)})
    await response.arrayBuffer()
    return response.ok
  } catch {
    return false
  }
}

export async function startMoto(options: {python?: string; timeoutMs?: number} = {}): Promise<MotoServer> {
  const python = options.python ?? 'python3'
  const timeoutMs = options.timeoutMs ?? 30_000
  installExitHooks()
  let lastError = ''
  // A port can be taken between freePort() and moto's bind; try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const logDir = mkdtempSync(path.join(tmpdir(), 'ialctl-moto-'))
    const logFile = path.join(logDir, 'moto.log')
    const log = openSync(logFile, 'w')
    const command = motoCommand(python, port, process.pid)
    const child = spawn(command.file, command.args, {detached: true, stdio: ['ignore', log, log], env: {...process.env, ...command.env}})
    closeSync(log)
    const pid = child.pid
    if (pid === undefined) throw new Error(`could not start ${python}`)
    live.set(pid, logDir)
    let exited = false
    child.once('exit', () => {
      exited = true
    })
    child.unref()
    const endpoint = `http://127.0.0.1:${port}`
    const deadline = Date.now() + timeoutMs
    while (!exited && Date.now() < deadline) {
      if (await answers(endpoint)) {
        const stop = async () => {
          if (!live.has(pid)) return
          killGroup(pid, 'SIGTERM')
          for (let i = 0; i < 30 && !exited; i++) await sleep(100)
          if (!exited) killGroup(pid, 'SIGKILL')
          live.delete(pid)
          rmSync(logDir, {recursive: true, force: true})
        }

        return {endpoint, pid, stop}
      }

      await sleep(100)
    }

    killGroup(pid, 'SIGKILL')
    live.delete(pid)
    lastError = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join(' | ')
    rmSync(logDir, {recursive: true, force: true})
    if (!exited) lastError = `no answer within ${timeoutMs} ms. ${lastError}`
  }

  throw new Error(`moto server did not start: ${lastError}`)
}

/** Forget every resource (moto's own reset API). */
export async function resetMoto(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, {method: 'POST'})
  await response.arrayBuffer()
  if (!response.ok) throw new Error(`moto reset answered HTTP ${response.status}`)
}
