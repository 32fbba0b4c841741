// One measurement in a fresh process, so that peak RSS belongs to this estate alone.
// Usage: node bench/measure.mjs DIR [CACHE]   (DIR holds phases/ and snapshot.json from bench/estate.mjs; CACHE: the
// parsed-template cache directory, empty or absent for a cold run, filled by an earlier run for a warm one)

import {performance} from 'node:perf_hooks'

import {analyseDrift} from '../dist/core/diff/analyse.js'
import {buildReport} from '../dist/core/report.js'
import {readSnapshotFile} from '../dist/adapters/snapshot-file.js'
import {loadPhases} from '../dist/workflows/load-phases.js'

const dir = process.argv[2]
const cacheDir = process.argv[3]
const t0 = performance.now()
const {model, problems} = await loadPhases({dir: 'phases', cwd: dir, cacheDir})
if (problems.length > 0) throw new Error(`bench estate does not validate: ${problems[0].message}`)
const snapshot = await readSnapshotFile(`${dir}/snapshot.json`)
const t1 = performance.now()
const analysis = analyseDrift(model, snapshot, {strictTags: false, ignore: [], expected: [], severityOverrides: [], extraScope: {tagKey: 'ManagedBy', tagValue: 'ialctl', types: {}}, severityLimit: 'medium'})
const report = buildReport(analysis, {phases: 'phases', commit: null, regions: snapshot.regions, snapshot: 'snapshot.json'}, new Date().toISOString())
const json = JSON.stringify(report)
const t2 = performance.now()
process.stdout.write(
  JSON.stringify({
    resources: model.resources.length,
    items: report.items.length,
    loadMs: t1 - t0,
    compareMs: t2 - t1,
    reportBytes: json.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
)
