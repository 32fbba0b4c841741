// Global setup of the e2e project: one moto server per test worker (VITEST_POOL_ID picks it, see setup-file.ts),
// each on a free loopback port, stopped at the end (and on Ctrl-C or a crash, see helpers/moto.ts), so that e2e
// files run in parallel without seeing each other's resources. Without moto the e2e tests skip with one line,
// except in CI.
import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import type {TestProject} from 'vitest/node'

import {MOTO_INSTALL_HINT, motoAvailable, startMoto} from './helpers/moto.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** One moto endpoint per test worker, or null when moto is not installed (the e2e tests skip). */
    motoEndpoints: string[] | null
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }

  return newest
}

/** The CLI under test is the built artefact; build it when src is newer (e.g. `vitest run --project e2e` alone). */
function ensureBuilt(): void {
  const dist = path.join(root, 'dist')
  if (existsSync(path.join(dist, 'commands')) && newestMtime(path.join(root, 'src')) <= newestMtime(dist)) return
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {cwd: root, encoding: 'utf8'})
  if (tsc.status !== 0) process.stderr.write(`e2e: the build reported errors; testing dist as built:\n${tsc.stdout}${tsc.stderr}`)
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  // E2E_PYTHON picks the interpreter that has moto (default python3).
  const python = process.env.E2E_PYTHON ?? 'python3'
  if (!motoAvailable(python)) {
    if (process.env.CI === 'true') throw new Error(`e2e: moto is not installed and CI=true; install it with ${MOTO_INSTALL_HINT}`)
    process.stderr.write(`e2e: skipped, moto is not installed (${python} -c 'import moto.server' failed); enable with: ${MOTO_INSTALL_HINT}\n`)
    project.provide('motoEndpoints', null)
    return
  }

  ensureBuilt()
  const workers = Math.max(1, Number(project.globalConfig.maxWorkers) || 1)
  const servers = await Promise.all(Array.from({length: workers}, () => startMoto({python})))
  project.provide('motoEndpoints', servers.map((moto) => moto.endpoint))
  return async () => {
    for (const moto of servers) {
      await moto.stop()
      rmSync(path.join(tmpdir(), `ialctl-e2e-${new URL(moto.endpoint).port}.lock`), {recursive: true, force: true})
    }
  }
}
