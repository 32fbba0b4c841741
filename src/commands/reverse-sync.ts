import {Flags} from '@oclif/core'

import {attributionFlag, checkInputFlags, checkOptions, selectionArgs, selectionFlags, selectionOf, snapshotFlag} from '../check-flags.js'
import {BaseCommand} from '../base-command.js'
import {terminalText} from '../core/shared/untrusted-text.js'
import {runReverseSync, type ReverseSyncStatus} from '../workflows/reverse-sync.js'

/** What `--json` prints. */
export interface ReverseSyncOutput {
  status: ReverseSyncStatus
  prUrl: string | null
  branch: string | null
  files: string[]
}

export default class ReverseSync extends BaseCommand<typeof ReverseSync> {
  static override summary = 'Write AWS reality back into the phase templates and open or update a pull request.'

  static override description = [
    'For drift that a heal does not fix (all drift with --all), edits the phase templates in place so that they say what AWS has: comments, key order, quoting and indentation stay, only the drifted lines change. Values written as intrinsics (!Ref, !Sub, ...) are never overwritten; they are listed in the pull request as manual edits. Extra resources become new templates in the import phase; missing resources are listed, and removed only with --prune.',
    'The work happens in a temporary clone (your working tree is never touched): a branch reverse-sync-<UTC time>, one commit, a push to origin with the token sent as an HTTP header for that command only, then the pull request "Reverse Sync: AWS → Git". An open reverse-sync pull request with the same drift is left alone; one with other drift gets its branch and body updated.',
    'Critical security drift (a rule open to the world, public access, encryption off, a widened policy) is not codified by default: the pull request lists it under "Revert recommended" with the `ialctl drift revert ID` that puts AWS back; --include-critical codifies it. IDs, --type and the severities select the items, as for drift heal and drift revert.',
    'Needs GITHUB_TOKEN or GH_TOKEN with contents: write and pull-requests: write. Exit 3 when GitHub or the git remote refuses or cannot be reached.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> <%= command.id %> --dry-run',
    '<%= config.bin %> <%= command.id %> --snapshot snapshot.json --dry-run',
    'GITHUB_TOKEN=... <%= config.bin %> <%= command.id %> --json',
    'GITHUB_TOKEN=... <%= config.bin %> <%= command.id %> --all --prune',
    '<%= config.bin %> <%= command.id %> WebInstance --include-critical --dry-run',
  ]

  static override strict = false

  static override args = selectionArgs

  static override flags = {
    ...checkInputFlags,
    ...selectionFlags,
    'include-critical': Flags.boolean({description: 'Codify critical security drift too (world-open rules, public access, encryption off, widened policies); by default it is listed under "Revert recommended" instead.'}),
    'dry-run': Flags.boolean({description: 'Print the unified diff of the phase files and the pull request body; change nothing.'}),
    all: Flags.boolean({description: 'Include drift a heal would fix.'}),
    attribution: attributionFlag,
    prune: Flags.boolean({description: 'Remove resources missing in AWS from their templates.'}),
    snapshot: snapshotFlag(),
  }

  public async run(): Promise<ReverseSyncOutput> {
    const {argv} = await this.parse({flags: ReverseSync.flags, baseFlags: BaseCommand.baseFlags, enableJsonFlag: true, args: ReverseSync.args, strict: false})
    const selection = selectionOf(this.flags, argv)
    const runtime = await this.runtime({maxApiRate: this.flags['max-api-rate']})
    const result = await runReverseSync(runtime, {
      dryRun: this.flags['dry-run'],
      all: this.flags.all,
      prune: this.flags.prune,
      selection,
      includeCritical: this.flags['include-critical'],
      attribution: this.flags.attribution,
      ...checkOptions(this.flags),
      command: this.commandLine(selection.ids),
    })

    for (const warning of result.warnings) runtime.output.stderr(`Warning: ${terminalText(warning)}\n`)
    if (!this.jsonEnabled()) runtime.output.stdout(this.render(result))
    return {status: result.status, prUrl: result.prUrl, branch: result.branch, files: result.files}
  }

  private render(result: Awaited<ReturnType<typeof runReverseSync>>): string {
    const files = `${result.files.length} ${result.files.length === 1 ? 'file' : 'files'}`
    switch (result.status) {
      case 'dry-run': {
        const diff = result.diff ? result.diff : '(no template changes; the pull request would only list what needs a person)\n'
        return this.flags.quiet ? diff : `${diff}\n--- pull request body ---\n\n${result.body ?? ''}`
      }

      case 'nothing-to-do': {
        return 'Nothing to reverse-sync: no drift outside what a heal fixes (use --all to include it).\n'
      }

      case 'unchanged': {
        return `The open pull request already carries this drift; nothing changed: ${result.prUrl}\n`
      }

      case 'opened': {
        return `Opened ${result.prUrl} from ${result.branch} (${files}).\n`
      }

      case 'updated': {
        return `Updated ${result.prUrl}: pushed a new commit to ${result.branch} (${files}) and refreshed the description.\n`
      }
    }
  }

  /** The flags that shaped this pull request, for its body (so a reviewer can rerun it). No secrets are flags. */
  private commandLine(ids: readonly string[]): string {
    const parts = ['ialctl', 'reverse-sync', ...ids]
    if (this.flags.all) parts.push('--all')
    if (this.flags.prune) parts.push('--prune')
    if (this.flags['include-critical']) parts.push('--include-critical')
    for (const type of this.flags.type ?? []) parts.push('--type', type)
    if (this.flags['min-severity']) parts.push('--min-severity', this.flags['min-severity'])
    if (this.flags['max-severity']) parts.push('--max-severity', this.flags['max-severity'])
    if (this.flags.snapshot) parts.push('--snapshot', this.flags.snapshot)
    for (const phase of this.flags.phase ?? []) parts.push('--phase', phase)
    for (const rule of this.flags.ignore ?? []) parts.push('--ignore', rule)
    return parts.join(' ')
  }
}
