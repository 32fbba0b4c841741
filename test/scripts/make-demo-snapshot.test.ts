import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

const FIXTURE = 'test/fixtures/demo-snapshot.json'

describe('scripts/make-demo-snapshot.mjs', () => {
  it('GIVEN the generator WHEN run THEN it writes the committed demo snapshot byte for byte (edit the script, never the JSON)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'demo-snapshot-')), 'demo.json')
    execFileSync(process.execPath, ['scripts/make-demo-snapshot.mjs', out])
    expect(readFileSync(out, 'utf8'), `${FIXTURE} is stale or was edited by hand: change scripts/make-demo-snapshot.mjs and run it`).toBe(readFileSync(FIXTURE, 'utf8'))
  })
})
