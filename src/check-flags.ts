import {Args, Flags} from '@oclif/core'

import {isFresh} from './core/history/annotate.js'
import {type DriftItem, type DriftReport, SEVERITIES, type Severity} from './core/model.js'
import type {ItemSelection} from './core/plan/selection.js'
import {severityRank} from './core/risk/classify.js'
import type {CheckOptions} from './workflows/check.js'

/** The flags of every command that runs a drift check first (check, diff, plan, heal, reverse-sync, watch). */
export const checkInputFlags = {
  phase: Flags.string({description: 'Only this phase (name like 30-compute, or its number); repeatable. References into other phases still resolve.', multiple: true}),
  ignore: Flags.string({description: 'An ignore rule for this run only (id:Logical, Type[:/Path], /Path, tag:Key); repeatable.', multiple: true}),
  'allow-partial': Flags.boolean({description: 'Go on when some types cannot be read; their resources are reported as not checked.'}),
  'max-api-rate': Flags.integer({description: 'At most this many AWS API calls per second (per account and region of each config target; default: config aws.maxApiRate, else unlimited).', min: 1}),
}

export const snapshotFlag = (description = 'Compare against a snapshot file (from `ialctl snapshot`) instead of reading AWS.') => Flags.string({description})

interface CheckInputValues {
  snapshot?: string
  phase?: string[]
  ignore?: string[]
  'allow-partial'?: boolean
  'max-api-rate'?: number
}

/** Parsed flags -> the options of `runCheck` (`--max-api-rate` goes to the runtime). */
export function checkOptions(flags: CheckInputValues): CheckOptions {
  return {
    snapshotFile: flags.snapshot,
    select: flags.phase,
    ignore: flags.ignore,
    allowPartial: flags['allow-partial'],
  }
}

/** `--attribution` of the commands that can say who changed an item (check, reverse-sync). */
export const attributionFlag = Flags.boolean({allowNo: true, description: 'Look up in CloudTrail who last changed each drifted or extra resource (default: config attribution.enabled, AWS reads only).'})

const FAIL_ON = [...SEVERITIES, 'never'] as const

/** `--fail-on` of the commands whose exit code says "drift found" (check, diff). */
export const failOnFlag = Flags.option({options: FAIL_ON, description: 'Exit 2 when an item has this severity or higher (default: config check.failOn, else low).'})

/** `--fail-on-new` of the commands that report (check, report merge). */
export const failOnNewFlag = Flags.boolean({description: 'Let the exit code react only to new and returned items (not seen in the last run that looked at them) at or above --fail-on.'})

/**
 * The report's exit rule (SPEC 4), one for drift check and report merge: exit 2 when a counted item (every item, or
 * with --fail-on-new only new and returned ones) is at or above --fail-on, else config check.failOn.
 */
export function failsReport(report: DriftReport, flags: {'fail-on'?: Severity | 'never'; 'fail-on-new'?: boolean}, configFailOn: Severity | 'never'): boolean {
  const counted = flags['fail-on-new'] ? report.items.filter(isFresh) : report.items
  return failsOn(counted, flags['fail-on'] ?? configFailOn)
}

/** SPEC 4: exit 2 when an item is at or above the threshold; `never` never fails. */
export function failsOn(items: readonly DriftItem[], failOn: Severity | 'never'): boolean {
  return failOn !== 'never' && items.some((item) => severityRank(item.severity) >= severityRank(failOn))
}

/**
 * The selection of `drift heal`, `drift revert` and `reverse-sync` (SPEC 11), one flag set: `ID...` as arguments
 * (commands using it set `strict = false`), `--type`, `--min-severity`, `--max-severity`.
 */
export const selectionArgs = {
  ids: Args.string({description: 'Logical ids (physical ids of extra resources, or target/region/LogicalId refs) of the items to act on; every item when omitted.'}),
}

export const selectionFlags = {
  type: Flags.string({description: 'Only items of this resource type (AWS::EC2::SecurityGroup; * is a wildcard); repeatable.', multiple: true}),
  'min-severity': Flags.option({options: SEVERITIES, description: 'Only items of this severity or higher.'})(),
  'max-severity': Flags.option({options: SEVERITIES, description: 'Only items of this severity or lower.'})(),
}

interface SelectionValues {
  type?: string[]
  'min-severity'?: Severity
  'max-severity'?: Severity
}

/** Parsed selection flags and the command's variadic arguments -> the selection. */
export function selectionOf(flags: SelectionValues, argv: readonly unknown[]): ItemSelection {
  return {
    ids: argv.filter((id): id is string => typeof id === 'string' && id !== ''),
    types: flags.type ?? [],
    minSeverity: flags['min-severity'],
    maxSeverity: flags['max-severity'],
  }
}
