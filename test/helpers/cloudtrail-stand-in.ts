// An HTTP stand-in for CloudTrail's LookupEvents (moto does not implement it), answering in CloudTrail's real JSON
// shape: EventTime in epoch seconds, the full record as JSON text in CloudTrailEvent. Shared by the attribution
// tests of drift check and reverse-sync.
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

export interface Lookup {
  target: string
  name: string
  at: number
}

export interface RecordedWrite {
  /** The principal ARN (userIdentity.arn). */
  arn: string
  eventTime: string
  eventName: string
  eventSource: string
}

export interface CloudTrailStandIn {
  url: string
  lookups: Lookup[]
  close: () => Promise<void>
}

/** LookupEvents' answer for a resource with one write, and a later read by someone else (which is not the answer). */
export function eventsWithWrite(name: string, write: RecordedWrite): {Events: unknown[]} {
  const record = {eventVersion: '1.08', userIdentity: {type: 'AssumedRole', arn: write.arn}, eventTime: write.eventTime, eventSource: write.eventSource, eventName: write.eventName, awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.9', readOnly: false}
  const laterRead = {...record, userIdentity: {type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/ReadOnly/bob'}, eventTime: new Date(Date.parse(write.eventTime) + 3_600_000).toISOString(), eventName: 'Describe', readOnly: true}
  const resources = [{ResourceName: name}]
  return {
    Events: [
      {EventId: 'e2', EventName: laterRead.eventName, ReadOnly: 'true', EventTime: Date.parse(laterRead.eventTime) / 1000, EventSource: write.eventSource, Username: 'bob', Resources: resources, CloudTrailEvent: JSON.stringify(laterRead)},
      {EventId: 'e1', EventName: write.eventName, ReadOnly: 'false', EventTime: Date.parse(write.eventTime) / 1000, EventSource: write.eventSource, Username: 'alice', Resources: resources, CloudTrailEvent: JSON.stringify(record)},
    ],
  }
}

/** Answers each lookup with `answer(resourceName)`, or AccessDenied for every call in `denied` mode. */
export async function startCloudTrailStandIn(mode: 'answer' | 'denied', answer: (name: string) => {Events: unknown[]} = () => ({Events: []})): Promise<CloudTrailStandIn> {
  const lookups: Lookup[] = []
  const server: Server = createServer((request, response) => {
    let text = ''
    request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
    request.on('end', () => {
      const body = JSON.parse(text) as {LookupAttributes: Array<{AttributeKey: string; AttributeValue: string}>}
      const name = body.LookupAttributes[0]!.AttributeValue
      lookups.push({target: String(request.headers['x-amz-target']), name, at: Date.now()})
      if (mode === 'denied') {
        response.writeHead(400, {'content-type': 'application/x-amz-json-1.1'}).end(JSON.stringify({__type: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudtrail:LookupEvents'}))
        return
      }

      response.writeHead(200, {'content-type': 'application/x-amz-json-1.1'}).end(JSON.stringify(answer(name)))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lookups, close: () => new Promise((resolve) => server.close(() => resolve()))}
}
