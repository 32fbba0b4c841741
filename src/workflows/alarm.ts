// drift alarm: the CloudWatch alarm on the DriftCount metric that `drift check --publish-metrics` publishes.

import {type AlarmOutcome, driftAlarmDefinition, ensureDriftAlarm} from '../adapters/aws/metrics.js'
import {requireRegions} from '../config/settings.js'
import type {Runtime} from './runtime.js'

export interface DriftAlarmResult {
  alarm: string
  region: string
  outcome: AlarmOutcome
  actions: string[]
}

/** Creates or updates the alarm, in the region drift check publishes to: the first configured one. */
export async function ensureAlarm(runtime: Runtime): Promise<DriftAlarmResult> {
  const [region] = requireRegions(runtime.settings)
  const {name, snsTopicArns} = runtime.settings.config.alarm
  const outcome = await ensureDriftAlarm(runtime.aws.clientsFor({region}).cloudwatch, driftAlarmDefinition(name, snsTopicArns), region)
  return {alarm: name, region, outcome, actions: [...snsTopicArns]}
}
