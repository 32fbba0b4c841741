// Reads a drift report written by `drift check --json --report FILE` (a CI shard, for `report merge`). The file
// crossed a job boundary as an artifact: anyone with write access to the workflow could have edited it, so it is
// checked like any user input (SPEC 10): a size bound before parsing, the report schema version 2 (strict: no
// field the schema does not have; src/core/report-schema.ts), and the facts merging relies on. Its strings stay data: they reach the user only
// through the renderers, which escape them.

import {readFile, stat} from 'node:fs/promises'

import type {DriftReport} from '../core/model.js'
import {driftReportSchema} from '../core/report-schema.js'
import {UsageError} from '../errors.js'

/**
 * A shard report is tens of kilobytes per thousand resources: 64 MiB is far beyond any real estate's report and
 * still small enough to parse without trouble.
 */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024

const reportSchema = driftReportSchema('file').report

const HINT = 'give the files `drift check --json --report FILE` wrote, unedited'

/** One shard report, checked; anything else is one usage error naming the file and what is wrong. */
export async function readReportFile(file: string): Promise<DriftReport> {
  let size: number
  try {
    const info = await stat(file)
    if (info.isDirectory()) throw new UsageError(`report ${file} is a directory`, 'give the report files, e.g. reports/*.json')
    size = info.size
  } catch (error) {
    if (error instanceof UsageError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(`cannot read report ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}`, HINT, {cause: error})
  }

  if (size > MAX_REPORT_BYTES) throw new UsageError(`report ${file} is ${size} bytes, more than the ${MAX_REPORT_BYTES} a report can be`, HINT)
  let data: unknown
  try {
    data = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    const problem = (error as NodeJS.ErrnoException).code ?? jsonProblem(error as Error)
    throw new UsageError(`report ${file} is not JSON: ${problem}`, HINT, {cause: error})
  }

  const version = (data as {schemaVersion?: unknown} | null)?.schemaVersion
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && version !== 2) {
    throw new UsageError(`report ${file} has schemaVersion ${JSON.stringify(version ?? null)}, report merge reads version 2`, 'write the shards with --schema-version 2 (the default)')
  }

  const parsed = reportSchema.safeParse(data)
  if (!parsed.success) {
    const [issue] = parsed.error.issues
    const where = issue.path.length > 0 ? issue.path.join('.') : 'top level'
    throw new UsageError(`report ${file} is not a drift report: ${where}: ${issue.message}`, HINT)
  }

  const report = parsed.data as DriftReport
  const contradiction = targetContradiction(report)
  if (contradiction) throw new UsageError(`report ${file} contradicts itself: ${contradiction}`, HINT)
  return report
}

/**
 * Merging trusts `summary.byTarget` to say which targets a shard holds (shards must not repeat one): a report with
 * none was written without config targets, and an item of a target its summary does not name was edited in.
 */
function targetContradiction(report: DriftReport): string | undefined {
  const targets = Object.keys(report.summary.byTarget ?? {})
  if (targets.length === 0) return 'its summary names no target (it was written without config targets; only shards of config targets merge)'
  const named = new Set(targets)
  const index = report.items.findIndex((entry) => entry.target === undefined || !named.has(entry.target))
  if (index === -1) return undefined
  const {target} = report.items[index]
  return target === undefined ? `items.${index} names no target` : `items.${index} is of target ${JSON.stringify(target)}, which summary.byTarget does not list`
}

function jsonProblem(error: Error): string {
  return /Unexpected end of JSON|Unterminated/i.test(error.message) ? 'the JSON is truncated' : `invalid JSON (${error.message})`
}
