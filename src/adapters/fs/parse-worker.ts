// A parse worker (src/adapters/fs/parse-pool.ts): parses the templates it is sent, writes each cache entry when
// there is a cache, and answers with the entry's text (Intrinsic instances do not survive a structured clone).
import {parentPort} from 'node:worker_threads'

import {parseTemplate} from '../../core/phases/index.js'
import {writeFileAtomic} from './atomic-write.js'
import type {ParseAnswer, ParseJob} from './parse-pool.js'
import {encodeEntry} from './template-entry.js'

const port = parentPort
if (!port) throw new Error('parse-worker.js runs only as a worker thread')

port.on('message', async (job: ParseJob) => {
  const entry = encodeEntry(job.key, parseTemplate(job.source))
  // A cache that cannot be written (read-only checkout, full disk) only makes the next run parse again.
  if (job.cacheFile) await writeFileAtomic(job.cacheFile, entry).catch(() => undefined)
  port.postMessage({index: job.index, entry} satisfies ParseAnswer)
})
