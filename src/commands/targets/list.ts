import {BaseCommand} from '../../base-command.js'
import {renderTargets, type TargetEntry, targetEntries} from '../../render/targets.js'

export default class TargetsList extends BaseCommand<typeof TargetsList> {
  static override summary = 'List the config targets a run would check (after --target and --region), discovered ones included.'

  static override description = `One line per target: its name, the role assumed to read it, its regions and the names of its template parameters.
--json prints an array of {target, roleArn, regions, parameters} objects: in GitHub Actions, \`matrix: {include: \${{ fromJSON(needs.targets.outputs.list) }}}\` gives one job per target, with \${{ matrix.target }} its name. Without config targets the list is empty.`

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json', '<%= config.bin %> <%= command.id %> --region eu-west-1 --json']

  public async run(): Promise<TargetEntry[]> {
    const runtime = await this.runtime()
    const entries = targetEntries(runtime.settings.targets)
    if (!this.jsonEnabled()) this.log(renderTargets(entries))
    return entries
  }
}
