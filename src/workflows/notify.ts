// Notifications after a check (SPEC 11): sent when something is new, returned or resolved (config notify.on), to
// every channel of config notify. A notification that fails or hangs is one warning line; it never fails the check.
import {DeliveryError, postJson, publishSns} from '../adapters/notify.js'
import {deadlineFetch} from '../adapters/network/fetch.js'
import type {NotifyChannel} from '../config/settings.js'
import {driftChange, notificationDue} from '../core/history/notification.js'
import type {DriftReport} from '../core/model.js'
import {terminalText} from '../core/shared/untrusted-text.js'
import {slackNotification, snsNotification, webhookNotification} from '../render/notification.js'
import type {Runtime} from './runtime.js'

export interface NotificationResult {
  channel: string
  delivered: boolean
  error?: string
}

/** A channel as a warning names it: its type and the variable or topic, never the URL (it is a secret). */
const channelLabel = (channel: NotifyChannel): string => (channel.type === 'sns' ? `sns ${channel.topicArn}` : `${channel.type} (${channel.urlEnv})`)

/** Sends the report's change to every channel, in parallel; returns what happened per channel (nothing when not due). */
export async function notifyDriftChange(runtime: Runtime, report: DriftReport): Promise<NotificationResult[]> {
  const {notify} = runtime.settings
  if (notify.channels.length === 0) return []
  const change = driftChange(report)
  if (!notificationDue(change, notify.on)) return []
  const policy = {timeoutMs: notify.timeoutMs, retries: notify.retries, sleep: (ms: number) => runtime.clock.sleep(ms, runtime.settings.network.signal), signal: runtime.settings.network.signal}
  const fetch = deadlineFetch(runtime.settings.network)
  return Promise.all(
    notify.channels.map(async (channel): Promise<NotificationResult> => {
      const label = channelLabel(channel)
      try {
        if (channel.type === 'sns') {
          const region = channel.topicArn.split(':')[3] as string
          await publishSns(runtime.aws.clientsFor({region}).sns, channel.topicArn, snsNotification(report, change), policy)
        } else {
          if (!channel.url) throw new DeliveryError(`${channel.urlEnv} is not set`)
          const body = channel.type === 'slack' ? slackNotification(report, change) : webhookNotification(report, change)
          await postJson(fetch, channel.url, body, policy, channel.type === 'webhook' ? channel.token : null)
        }

        return {channel: label, delivered: true}
      } catch (error) {
        const reason = error instanceof DeliveryError ? error.message : (error as Error).message.split('\n')[0]
        runtime.output.stderr(`Warning: notification to ${terminalText(label)} failed: ${terminalText(reason)}\n`)
        return {channel: label, delivered: false, error: reason}
      }
    }),
  )
}
