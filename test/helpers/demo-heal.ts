// The demo snapshot as AWS shows it after a heal of WorkerInstance's tags: what the history tests check between
// two drifted runs, so that an item is resolved and then returns.
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import type {DriftReport, Snapshot} from '../../src/core/model.js'
import {REPO_ROOT} from './repo-root.js'

export const DEMO_SNAPSHOT = path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json')

/** Writes `healed.json` in `dir`: the demo snapshot with WorkerInstance's tags as the template declares them. */
export function writeHealedDemoSnapshot(dir: string, report: DriftReport): string {
  const snapshot = JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as Snapshot
  const worker = report.items.find((item) => item.id === 'WorkerInstance')!
  const resource = snapshot.resources.find((one) => one.physicalId === worker.physicalId)!
  for (const difference of worker.differences) {
    const key = difference.path.replace(/^\/Tags\//, '')
    if (difference.expected === null) delete resource.tags[key]
    else resource.tags[key] = difference.expected as string
  }

  writeFileSync(path.join(dir, 'healed.json'), JSON.stringify(snapshot))
  return 'healed.json'
}
