// Runs in every e2e test file. All files share one moto server, and vitest runs files of a project in parallel
// (fileParallelism is not a per-project option), so each file holds a lock for its whole run and starts from an
// empty moto (POST /moto-api/reset).
import {mkdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, inject} from 'vitest'

import {removeWorkspaces} from './helpers/cli.js'
import {resetMoto} from './helpers/moto.js'

const endpoint = inject('motoEndpoint')
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
