// `npm run bench`: how fast ialctl compares, and how few AWS calls it makes. Prints tables; asserts nothing.
// Part 1: synthetic estates (phases + snapshot) through load -> analyse -> JSON report, one process per size and
// cache state (cold: empty parsed-template cache; warm: the cache the cold run left).
// Part 2: the real AWS readers against aws-sdk-client-mock with a fixed latency per call.

import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {writeEstate} from './estate.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number)

const fmt = (value, digits = 0) => value.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits})
const row = (cells, widths) => cells.map((cell, i) => String(cell).padStart(widths[i])).join('  ')

console.log('Drift pipeline: load phases + snapshot -> analyse -> JSON report (one process per size)\n')
const widths = [10, 6, 8, 10, 12, 10, 14, 12]
console.log(row(['resources', 'cache', 'items', 'load s', 'compare s', 'total s', 'compare res/s', 'peak RSS MB'], widths))
for (const size of sizes) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-bench-'))
  try {
    writeEstate(dir, size)
    // Cold: an empty parsed-template cache (the run fills it); warm: the next run reads it.
    for (const cache of ['cold', 'warm']) {
      const out = execFileSync(process.execPath, ['--max-old-space-size=4096', path.join(here, 'measure.mjs'), dir, path.join(dir, '.ialctl-cache')], {encoding: 'utf8'})
      const m = JSON.parse(out)
      const total = m.loadMs + m.compareMs
      console.log(row([fmt(m.resources), cache, fmt(m.items), fmt(m.loadMs / 1000, 2), fmt(m.compareMs / 1000, 2), fmt(total / 1000, 2), fmt(m.resources / (m.compareMs / 1000)), fmt(m.peakRssMb)], widths))
    }
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

console.log('')
// The SDK's Node 20 deprecation notice is noise in a benchmark table.
execFileSync(process.execPath, [path.join(here, 'api-calls.mjs')], {stdio: 'inherit', env: {...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'}})
