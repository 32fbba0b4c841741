// `report merge`: the shard reports of a CI matrix (one `drift check --target X --report F` per job) -> one report,
// as if one run had checked every target. The files are checked on read; the merge itself is the pure core's.
import path from 'node:path'

import {readReportFile} from '../adapters/report-file.js'
import type {DriftReport} from '../core/model.js'
import {mergeReports, overlappingTargets} from '../core/report-merge.js'
import {UsageError} from '../errors.js'
import type {Runtime} from './runtime.js'

/**
 * Reads every file (relative to the working directory), refuses shards that repeat a target (the merged counts would
 * count it twice) and merges; `mergeReports` refuses reports of different schema versions, phases or commits.
 */
export async function runReportMerge(runtime: Runtime, files: readonly string[]): Promise<DriftReport> {
  if (files.length === 0) throw new UsageError('no report to merge', 'give the shard reports, e.g. reports/*.json')
  const reports: DriftReport[] = []
  // One at a time: a file is read whole before it is checked, and the first bad one ends the run.
  for (const file of files) reports.push(await readReportFile(path.resolve(runtime.cwd, file)))
  const repeated = overlappingTargets(reports)
  if (repeated.length > 0) {
    const holders = (target: string) => files.filter((_, index) => Object.hasOwn(reports[index].summary.byTarget ?? {}, target))
    const named = repeated.map((target) => `${JSON.stringify(target)} (${holders(target).join(', ')})`)
    throw new UsageError(`shards must not repeat a target: ${named.join('; ')}`, 'give each target\'s report once')
  }

  return mergeReports(reports, runtime.clock.now().toISOString())
}
