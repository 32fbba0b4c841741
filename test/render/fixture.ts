// The demo estate's report, built in-process: phases/ + config/ialctl.yaml + test/fixtures/demo-snapshot.json.
import {readSnapshotFile} from '../../src/adapters/snapshot-file.js'
import {loadConfig} from '../../src/config/load.js'
import {analyseDrift} from '../../src/core/diff/analyse.js'
import {buildReport} from '../../src/core/report.js'
import {loadPhases} from '../../src/workflows/load-phases.js'

export async function demoOutcome() {
  const {config} = await loadConfig({path: 'config/ialctl.yaml'})
  const {model} = await loadPhases({dir: 'phases', parameters: config.parameters, stackName: config.phases.stackName})
  const snapshot = await readSnapshotFile('test/fixtures/demo-snapshot.json')
  const analysis = analyseDrift(model, snapshot, {
    strictTags: config.tags.strict,
    ignore: config.ignore,
    expected: config.expected,
    severityOverrides: config.severity.overrides,
    extraScope: config.scope.extraResources,
    severityLimit: config.autoHeal.severityLimit,
  })
  const report = buildReport(analysis, {phases: 'phases', commit: null, regions: snapshot.regions, snapshot: 'test/fixtures/demo-snapshot.json'}, '2026-11-23T06:00:00.000Z')
  return {analysis, report}
}
