// `targets list`: the targets a run would check, as lines for a person and as the entries of a CI matrix.
import {terminalText} from '../core/shared/untrusted-text.js'

/**
 * One target as `targets list --json` prints it: an object per target, so that the array is directly a GitHub
 * Actions matrix `include` list (`${{ matrix.target }}` is the name to pass to `--target`).
 */
export interface TargetEntry {
  target: string
  /** The role assumed to read it; absent for a target read with the credential chain's own account. */
  roleArn?: string
  regions: string[]
  /** The names of its template parameters (their values may be secrets a CI log should not show). */
  parameters: string[]
}

/** A selected target, as settings hold it. */
interface ListedTarget {
  name: string
  roleArn?: string
  regions: readonly string[]
  parameters: Record<string, unknown>
}

export const targetEntries = (targets: readonly ListedTarget[]): TargetEntry[] =>
  targets.map((target) => ({target: target.name, ...(target.roleArn ? {roleArn: target.roleArn} : {}), regions: [...target.regions], parameters: Object.keys(target.parameters)}))

/** Aligned lines; config strings (regions, parameter names) are shown with their control characters made visible. */
export function renderTargets(entries: readonly TargetEntry[]): string {
  if (entries.length === 0) return 'No config targets: a run checks the credential chain\'s account in the configured regions.'
  const rows = entries.map((entry) => [
    entry.target,
    entry.roleArn ?? '(credential chain)',
    entry.regions.map(terminalText).join(', '),
    entry.parameters.length > 0 ? entry.parameters.map(terminalText).join(', ') : '-',
  ])
  const header = ['TARGET', 'ROLE', 'REGIONS', 'PARAMETERS']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)))
  return [header, ...rows].map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')).join('\n')
}
