import {ApiCallCounter, createAwsClients} from '../../adapters/aws/clients.js'
import {type AlarmOutcome, driftAlarmDefinition, ensureDriftAlarm} from '../../adapters/aws/metrics.js'
import {BaseCommand} from '../../base-command.js'
import {requireRegions} from '../../config/settings.js'

export interface DriftAlarmResult {
  alarm: string
  region: string
  outcome: AlarmOutcome
  actions: string[]
}

export default class DriftAlarm extends BaseCommand<typeof DriftAlarm> {
  static override summary = 'Create or update the CloudWatch alarm on IAL/Drift DriftCount > 0.'

  static override description = `The alarm (config alarm.name, default IAL-DriftDetected) watches the DriftCount metric that \`drift check --publish-metrics\` publishes: Sum over 5 minutes > 0 alarms, missing data does not. Its actions are the SNS topics of config alarm.snsTopicArns. Running it again changes nothing when the alarm is already as configured.`

  static override examples = ['<%= config.bin %> <%= command.id %> --region us-east-1']

  public async run(): Promise<DriftAlarmResult> {
    const settings = await this.settings()
    // The same region drift check publishes to: the first configured one.
    const [region] = requireRegions(settings)
    const {name, snsTopicArns} = settings.config.alarm
    const {cloudwatch} = createAwsClients({region, profile: settings.aws.profile, endpoint: settings.aws.endpoint, maxAttempts: settings.aws.maxAttempts, counter: new ApiCallCounter(), network: settings.network})
    const outcome = await ensureDriftAlarm(cloudwatch, driftAlarmDefinition(name, snsTopicArns), region)
    const actions = snsTopicArns.length > 0 ? `notifies ${snsTopicArns.join(', ')}` : 'no actions (set alarm.snsTopicArns to be notified)'
    this.log(outcome === 'up-to-date' ? `Alarm ${name} in ${region} is up to date.` : `Alarm ${name} ${outcome} in ${region}: DriftCount > 0 over 5 minutes, ${actions}.`)
    return {alarm: name, region, outcome, actions: [...snsTopicArns]}
  }
}
