import type {DriftReport} from '../core/model.js'

/** The report as stable, indented JSON (SPEC 5): what `--output json` prints and `--report` writes. */
export const renderJson = (report: DriftReport): string => `${JSON.stringify(report, null, 2)}\n`
