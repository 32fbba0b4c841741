import {Flags} from '@oclif/core'

import {writeFileAtomic} from '../../adapters/fs/atomic-write.js'
import {BaseCommand} from '../../base-command.js'
import type {DriftHistory} from '../../core/history/view.js'
import {renderHistoryMarkdown, renderHistoryText} from '../../render/history.js'
import {renderHistoryHtml} from '../../render/history-html.js'
import {createStyle} from '../../render/style.js'
import {runDriftHistory, sinceOption} from '../../workflows/history.js'

const HISTORY_FORMATS = ['text', 'json', 'markdown', 'html'] as const

export default class DriftHistoryCommand extends BaseCommand<typeof DriftHistoryCommand> {
  static override summary = 'Show the drift history: per item first and last seen, runs, resolution and age; a trend per severity per day.'

  static override description = `Reads the records drift check leaves in config history.dir (default .ialctl/history) and the heal audit log, or their S3 objects with state.backend aws; no resource is read from AWS.
An item is resolved by the first run that looked at it and did not see it: "by heal" or "by revert" when the audit log records an applied change in between, else "went away".
--output html writes one self-contained page (inline chart, sortable and filterable table, links to the templates).`

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --since 30d --output html --report drift-history.html',
    '<%= config.bin %> <%= command.id %> --id WebInstance --json',
  ]

  static override flags = {
    since: Flags.string({description: 'Only items seen or resolved since then, and the trend from that day: a duration back from now (7d, 12h) or a date (2026-11-01).'}),
    id: Flags.string({description: 'Only this item (logical id, or physical id of an extra resource); repeatable.', multiple: true}),
    output: Flags.option({char: 'o', options: HISTORY_FORMATS, description: 'Format on stdout (--json is the same as --output json).'})(),
    report: Flags.string({description: 'Also write the history to this file, in the --output format (written atomically).'}),
  }

  public async run(): Promise<DriftHistory> {
    const {flags} = this
    const runtime = await this.runtime()
    const history = await runDriftHistory(runtime, {since: sinceOption(runtime, flags.since), ids: flags.id, targets: runtime.settings.targets.length > 0 && flags.target ? runtime.settings.targets.map((target) => target.name) : undefined})
    const output = this.jsonEnabled() ? 'json' : (flags.output ?? 'text')
    const render = (color: boolean) => {
      if (output === 'json') return `${JSON.stringify(history, null, 2)}\n`
      if (output === 'markdown') return renderHistoryMarkdown(history)
      if (output === 'html') return renderHistoryHtml(history)
      return renderHistoryText(history, createStyle(color))
    }

    if (flags.report) await writeFileAtomic(flags.report, render(false))
    if (!this.jsonEnabled()) this.log(render(runtime.output.color).replace(/\n$/, ''))
    return history
  }
}
