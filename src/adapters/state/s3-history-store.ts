// The drift history in S3 (config `state.backend: aws`): the same one-record-per-run layout as the local directory,
// as objects under `<prefix>/history/`. A record is written with If-None-Match: * (never replacing one), retention
// deletes the oldest by name, and a record that is not valid is skipped with one warning, as on disk: the history is
// advisory, a check must not fail because someone edited it.

import pLimit from 'p-limit'

import type {HistoryRun} from '../../core/history/run-record.js'
import {terminalText} from '../../core/shared/untrusted-text.js'
import {expiredRecords, type HistoryStore, MAX_RECORD_BYTES, parseRecordText, RECORD_FILE, recordName, type StoredRun} from '../history-store.js'
import {deleteKeys, getText, listKeys, putNewObject, type S3Objects, s3Url, type StateLocation, statePrefix} from './s3-objects.js'

/** A record whose name is taken is written under a new random name; this many tries. */
const MAX_NAME_ATTEMPTS = 3

export function s3HistoryStore(client: S3Objects, location: StateLocation): HistoryStore {
  const {bucket} = location
  const prefix = statePrefix(location, 'history')
  const records = async () => (await listKeys(client, bucket, prefix, location.region)).filter(({key}) => RECORD_FILE.test(key.slice(prefix.length)))

  return {
    dir: s3Url({bucket, key: prefix}),
    async read() {
      const runs: StoredRun[] = []
      const warnings: string[] = []
      const limit = pLimit(8)
      const loaded = await Promise.all(
        (await records()).map(({key, size}) =>
          limit(async (): Promise<({key: string} & ({run: HistoryRun} | {problem: string})) | null> => {
            if (size > MAX_RECORD_BYTES) return {key, problem: `larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB`}
            const text = await getText(client, {bucket, key}, location.region)
            return text === null ? null : {key, ...parseRecordText(text)}
          }),
        ),
      )
      for (const record of loaded) {
        if (record === null) continue // removed by another run's retention after the listing
        if ('problem' in record) warnings.push(`history record ${terminalText(s3Url({bucket, key: record.key}))} skipped: ${terminalText(record.problem)}`)
        else runs.push({file: s3Url({bucket, key: record.key}), run: record.run})
      }

      runs.sort((a, b) => a.run.at.localeCompare(b.run.at) || a.file.localeCompare(b.file))
      return {runs, warnings}
    },
    async append(run: HistoryRun) {
      const body = `${JSON.stringify(run)}\n`
      for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
        const key = `${prefix}${recordName(run)}`
        if ((await putNewObject(client, {bucket, key}, body, 'application/json', location.region)) === 'written') return s3Url({bucket, key})
      }

      throw new Error(`every name tried for the history record of ${run.at} under ${s3Url({bucket, key: prefix})} was taken`)
    },
    async prune(now, retention) {
      const names = (await records()).map(({key}) => key.slice(prefix.length))
      const expired = expiredRecords(names, now, retention)
      await deleteKeys(
        client,
        bucket,
        expired.map((name) => `${prefix}${name}`),
        location.region,
      )
      return expired.length
    },
  }
}
