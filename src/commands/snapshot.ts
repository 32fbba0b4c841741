import {Flags} from '@oclif/core'

import {writeSnapshotFile} from '../adapters/snapshot-file.js'
import {BaseCommand} from '../base-command.js'
import type {Settings} from '../config/settings.js'
import type {UnreadTypes} from '../core/model.js'
import {RESOURCE_TYPES} from '../core/resources/index.js'
import {UsageError} from '../errors.js'
import {loadPhases} from '../workflows/load-phases.js'
import {readActual, typesToRead} from '../workflows/read-actual.js'

export interface SnapshotResult {
  file: string
  readAt: string
  regions: string[]
  accountId: string | null
  types: string[]
  counts: {resources: number; byType: Record<string, number>}
  unread: UnreadTypes[]
  /** Calls per `Service.Operation`, retries included. */
  apiCalls: Record<string, number>
  apiCallsTotal: number
}

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
    out: Flags.string({description: 'File to write the snapshot to.', required: true}),
    'all-types': Flags.boolean({description: 'Read every supported type, not only those declared in the phases.'}),
    'allow-partial': Flags.boolean({description: 'Write what could be read when some types cannot be (they are listed as unread, and not checked later).'}),
    'max-api-rate': Flags.integer({description: 'At most this many AWS API calls per second (default: config aws.maxApiRate, else unlimited).', min: 1}),
  }

  public async run(): Promise<SnapshotResult> {
    const settings = await this.settings()
    const types = this.flags['all-types'] ? RESOURCE_TYPES.map((module) => module.type) : await this.declaredTypes(settings)
    let total = 0
    const {snapshot, counter} = await readActual(settings, types, {
      allowPartial: this.flags['allow-partial'],
      maxApiRate: this.flags['max-api-rate'],
      onProgress: ({type, region, resources}) => {
        total += resources
        this.progress(`read ${resources} ${type} in ${region} (${total} so far)`)
      },
    })
    await writeSnapshotFile(this.flags.out, snapshot)

    const byType: Record<string, number> = Object.fromEntries(snapshot.types.map((type) => [type, 0]))
    for (const resource of snapshot.resources) byType[resource.type] = (byType[resource.type] ?? 0) + 1
    const result: SnapshotResult = {
      file: this.flags.out,
      readAt: snapshot.readAt,
      regions: snapshot.regions,
      accountId: snapshot.accountId ?? null,
      types: snapshot.types,
      counts: {resources: snapshot.resources.length, byType},
      unread: snapshot.unread,
      apiCalls: counter.counts(),
      apiCallsTotal: counter.total(),
    }
    this.log(summaryLine(result))
    if (this.flags.verbose && !this.jsonEnabled()) {
      for (const [call, count] of Object.entries(result.apiCalls)) this.logToStderr(`  ${call}: ${count}`)
    }

    return result
  }

  /** What `drift check` would read (see typesToRead); templates with problems still name their types. */
  private async declaredTypes(settings: Settings): Promise<string[]> {
    const {config, phasesDir: dir} = settings
    const {model} = await loadPhases({dir, parameters: config.parameters, stackName: config.phases.stackName, maxTemplateBytes: config.phases.maxTemplateBytes}).catch((error: unknown) => {
      // Without phases the snapshot can still be taken: say how.
      if (error instanceof UsageError) throw new UsageError(error.message, `${error.hint ? `${error.hint}, ` : ''}or pass --all-types`, {cause: error})
      throw error
    })
    const types = typesToRead(settings, model)
    if (types.length === 0) throw new UsageError(`no resource of a supported type is declared in ${dir}`, 'pass --all-types to read every supported type')
    return types
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
