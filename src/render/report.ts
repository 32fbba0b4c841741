import type {DriftAnalysis, DriftReport, ReportSchemaVersion} from '../core/model.js'
import {reportAsVersion} from '../core/report.js'
import {renderJson} from './json.js'
import {renderMarkdown} from './markdown.js'
import {renderSarif} from './sarif.js'
import {createStyle} from './style.js'
import {renderText} from './text.js'

export const REPORT_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export interface ReportRenderOptions {
  color: boolean
  /** The ialctl version, for SARIF's tool description. */
  toolVersion: string
  /** Text: also list what ignore rules suppressed. */
  showIgnored?: boolean
  /** JSON: the shape `--schema-version` asks for (the human formats always show everything); the newest when absent. */
  schemaVersion?: ReportSchemaVersion
  /** Text and Markdown: the user's flags, repeated in the suggested next commands. */
  nextFlags?: string
}

/**
 * The drift report in one of `drift check --output`'s formats: what stdout shows and `--report FILE` holds. Without
 * the analysis (a merged report: shards carry only their reports) the lists of ignored, expected and not-checked
 * differences are left out; their counts stay in the summary.
 */
export function renderReport(format: ReportFormat, check: {report: DriftReport; analysis?: Pick<DriftAnalysis, 'ignored' | 'expected' | 'notChecked'>}, options: ReportRenderOptions): string {
  switch (format) {
    case 'json': {
      return renderJson(options.schemaVersion === undefined ? check.report : reportAsVersion(check.report, options.schemaVersion))
    }

    case 'markdown': {
      return renderMarkdown(check.report, check.analysis, options.nextFlags)
    }

    case 'sarif': {
      return `${JSON.stringify(renderSarif(check.report, options.toolVersion), null, 2)}\n`
    }

    default: {
      return renderText(check.report, {style: createStyle(options.color), details: check.analysis, showIgnored: options.showIgnored, nextFlags: options.nextFlags})
    }
  }
}
