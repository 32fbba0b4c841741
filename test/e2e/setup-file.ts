// Runs in every e2e test file. Each worker has its own moto server (global-setup.ts), so files run in parallel;
// a file starts from an empty moto (POST /moto-api/reset) and holds its server's lock for its whole run, which only
// matters if vitest ever hands out more worker ids than servers were started.
import {mkdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll} from 'vitest'

import {removeWorkspaces} from './helpers/cli.js'
import {workerMotoEndpoint} from './helpers/e2e.js'
import {resetMoto} from './helpers/moto.js'

const endpoint = workerMotoEndpoint()
const lock = endpoint ? path.join(tmpdir(), `ialctl-e2e-${new URL(endpoint).port}.lock`) : undefined
let held = false

beforeAll(async () => {
  if (!endpoint || !lock) return
  for (;;) {
    try {
      mkdirSync(lock)
      held = true
      break
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  await resetMoto(endpoint)
}, 600_000)

afterAll(() => {
  removeWorkspaces()
  if (held && lock) rmSync(lock, {recursive: true, force: true})
  held = false
})
