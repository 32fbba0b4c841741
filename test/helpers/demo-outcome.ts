// The demo estate's report, built in-process: phases/ + config/ialctl.yaml + test/fixtures/demo-snapshot.json,
// with the same diff options `drift check` uses.
import {readSnapshotFile} from '../../src/adapters/snapshot-file.js'
import {loadSettings} from '../../src/config/settings.js'
import {analyseDrift} from '../../src/core/diff/analyse.js'
import {assessDrift} from '../../src/core/risk/assess.js'
import {buildReport} from '../../src/core/report.js'
import {diffOptions} from '../../src/workflows/check.js'
import {loadPhases} from '../../src/workflows/load-phases.js'

export async function demoOutcome() {
  const settings = await loadSettings({config: 'config/ialctl.yaml'}, {})
  const {config} = settings
  const {model, problems} = await loadPhases({dir: 'phases', parameters: config.parameters, stackName: config.phases.stackName})
  if (problems.length > 0) throw new Error(`the example phases have problems: ${problems.map((problem) => problem.message).join('; ')}`)
  const snapshot = await readSnapshotFile('test/fixtures/demo-snapshot.json')
  const rules = diffOptions(settings, config.ignore)
  const analysis = assessDrift(analyseDrift(model, snapshot, rules), rules)
  const report = buildReport(analysis, {phases: 'phases', commit: null, regions: snapshot.regions, snapshot: 'test/fixtures/demo-snapshot.json'}, '2026-11-23T06:00:00.000Z')
  return {analysis, report}
}
