import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'

import type {ParsedTemplate, TemplateSource} from '../../core/phases/index.js'
import {decodeOwnEntry} from './template-entry.js'

/** One template for a worker: where its answer goes, the cache address to encode it under, the entry's file. */
export interface ParseJob {
  index: number
  source: TemplateSource
  key: string
  cacheFile?: string
}

export interface ParseAnswer {
  index: number
  entry: string
}

/**
 * Below this many bytes of templates to parse, threads cost more than they save (starting one and loading the
 * parser takes about a tenth of a second; parsing a megabyte of templates about half a second).
 */
export const PARALLEL_PARSE_BYTES = 1024 * 1024
const MAX_WORKERS = 8
const WORKER = new URL('parse-worker.js', import.meta.url)

/**
 * Parses templates on worker threads, one per core (YAML parsing is most of a cold load: 100,000 resources take
 * seconds on one core). Each worker pulls the next template when it answers, so large and small files even out.
 * Resolves undefined when the workers cannot run (no compiled worker, as under a TypeScript test runner; a thread
 * that fails): the caller then parses in this thread, so a result never depends on whether threads were used.
 */
export async function parseInWorkers(jobs: readonly ParseJob[]): Promise<Map<number, ParsedTemplate> | undefined> {
  if (jobs.length === 0) return new Map()
  const count = Math.min(MAX_WORKERS, availableParallelism(), jobs.length)
  const workers = Array.from({length: count}, () => new Worker(WORKER))
  const results = new Map<number, ParsedTemplate>()
  let next = 0
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (worker: Worker) => {
        if (next < jobs.length) worker.postMessage(jobs[next++])
      }

      for (const worker of workers) {
        worker.on('message', (answer: ParseAnswer) => {
          results.set(answer.index, decodeOwnEntry(answer.entry))
          if (results.size === jobs.length) resolve()
          else send(worker)
        })
        worker.on('error', reject)
        worker.on('exit', (code) => {
          if (results.size < jobs.length) reject(new Error(`parse worker exited with code ${code}`))
        })
        // Two in flight per worker: the next template is already there when one is answered.
        send(worker)
        send(worker)
      }
    })
    return results
  } catch {
    return undefined
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}
