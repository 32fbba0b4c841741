import {Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {type SnapshotResult, takeSnapshot} from '../workflows/snapshot.js'

export default class Snapshot extends BaseCommand<typeof Snapshot> {
  static override summary = 'Read AWS once and write the actual state as JSON (sorted, stable).'

  static override description =
    'Reads the resource types declared in the phases (or every supported type with --all-types) in every configured region, with the fewest API calls the APIs allow, and writes them atomically to --out. `drift check --snapshot FILE` reads the file back offline. Exit 3 when AWS cannot be reached or refuses a call.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --out snapshot.json',
    '<%= config.bin %> <%= command.id %> --out snapshot.json --all-types --region us-east-1 --region eu-west-1',
    'AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test <%= config.bin %> <%= command.id %> --out s.json --endpoint-url http://127.0.0.1:5000 --region us-east-1 --all-types',
  ]

  static override flags = {
    out: Flags.string({description: 'File (written atomically) or s3://BUCKET/KEY object to write the snapshot to.', required: true}),
    'all-types': Flags.boolean({description: 'Read every supported type, not only those declared in the phases.'}),
    'allow-partial': Flags.boolean({description: 'Write what could be read when some types cannot be (they are listed as unread, and not checked later).'}),
    'max-api-rate': Flags.integer({description: 'At most this many AWS API calls per second (default: config aws.maxApiRate, else unlimited).', min: 1}),
  }

  public async run(): Promise<SnapshotResult> {
    const {flags} = this
    const runtime = await this.runtime({maxApiRate: flags['max-api-rate']})
    const result = await takeSnapshot(runtime, {out: flags.out, allTypes: flags['all-types'], allowPartial: flags['allow-partial']})
    this.log(summaryLine(result))
    if (flags.verbose && !this.jsonEnabled()) {
      for (const [call, count] of Object.entries(result.apiCalls)) this.logToStderr(`  ${call}: ${count}`)
    }

    return result
  }
}

function summaryLine(result: SnapshotResult): string {
  const {resources} = result.counts
  const perResource = resources > 0 ? ` (${(result.apiCallsTotal / resources).toFixed(3)} per resource)` : ''
  const line = `wrote ${result.file}: ${count(resources, 'resource')} of ${count(result.types.length, 'type')} in ${count(result.regions.length, 'region')}, ${count(result.apiCallsTotal, 'API call')}${perResource}`
  if (result.unread.length === 0) return line
  return `${line}; not read: ${result.unread.map(({type, region, reason}) => `${type} in ${region} (${reason})`).join(', ')}`
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`
