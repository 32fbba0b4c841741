import {BaseCommand} from '../../base-command.js'
import {type DriftAlarmResult, ensureAlarm} from '../../workflows/alarm.js'

export default class DriftAlarm extends BaseCommand<typeof DriftAlarm> {
  static override summary = 'Create or update the CloudWatch alarm on IAL/Drift DriftCount > 0.'

  static override description = `The alarm (config alarm.name, default IAL-DriftDetected) watches the DriftCount metric that \`drift check --publish-metrics\` publishes: Sum over 5 minutes > 0 alarms, missing data does not. Its actions are the SNS topics of config alarm.snsTopicArns. Running it again changes nothing when the alarm is already as configured.`

  static override examples = ['<%= config.bin %> <%= command.id %> --region us-east-1']

  public async run(): Promise<DriftAlarmResult> {
    const result = await ensureAlarm(await this.runtime())
    const {alarm, region, outcome, actions} = result
    const notifies = actions.length > 0 ? `notifies ${actions.join(', ')}` : 'no actions (set alarm.snsTopicArns to be notified)'
    this.log(outcome === 'up-to-date' ? `Alarm ${alarm} in ${region} is up to date.` : `Alarm ${alarm} ${outcome} in ${region}: DriftCount > 0 over 5 minutes, ${notifies}.`)
    return result
  }
}
