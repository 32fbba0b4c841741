// A heal stores its audit lines when its writes are done, on every path: the S3 audit log keeps them in memory
// until then, so a flush that is skipped, or fails without a word, would lose the record of what was changed.
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {beforeEach, describe, expect, it} from 'vitest'

import type {AuditRecord} from '../../src/adapters/audit-log.js'
import {loadSettings, type Settings} from '../../src/config/settings.js'
import type {ActualResource} from '../../src/core/model.js'
import {AwsError, UsageError} from '../../src/errors.js'
import {type HealOptions, runHeal} from '../../src/workflows/heal.js'
import {createRuntime} from '../../src/workflows/runtime.js'
import {diff, ecsService, item} from '../core/plan/heal-fixtures.js'
import {FakeAws} from './heal-fake-aws.js'

let settings: Settings
beforeEach(async () => {
  settings = await loadSettings({region: ['us-east-1']}, {}, mkdtempSync(path.join(tmpdir(), 'ialctl-heal-flush-')))
})

const arn = 'arn:aws:ecs:us-east-1:123456789012:service/prod/web'
const web = (): ActualResource => ({...ecsService({DesiredCount: 2, ServiceName: 'web'}, {Owner: 'bob'}), physicalId: arn, arn})
const run: HealOptions = {dryRun: false, approve: 'auto', forceUnlock: false}

/** An audit log that keeps lines until flushed, like the S3 one; `failFlush` makes the flush fail as S3 would. */
function bufferedAudit(failFlush = false) {
  const pending: AuditRecord[] = []
  const stored: AuditRecord[] = []
  const events: string[] = []
  return {
    stored,
    events,
    log: {
      append: async (record: AuditRecord) => void pending.push(record),
      flush: async () => {
        events.push('flush')
        if (failFlush) throw new AwsError('the 1 audit line of this run could not be written to s3://acme-state/infra/audit/ (access denied); they were appended to .ialctl/audit.jsonl instead')
        stored.push(...pending.splice(0))
      },
    },
  }
}

describe('runHeal stores its audit lines', () => {
  it('GIVEN a heal that applies an item WHEN it ends THEN the lines are flushed before the lock is released', async () => {
    const resource = web()
    const aws = new FakeAws([resource])
    aws.drift = [[item('Web', resource, [diff('/Tags/Owner', 'platform', 'bob')]), resource]]
    const audit = bufferedAudit()

    const result = await runHeal(createRuntime(settings), run, aws.deps({audit: audit.log, lock: async () => ({freed: null, release: async () => void audit.events.push('release')})}))

    expect(result.summary.applied).toBe(1)
    expect(audit.stored.map((record) => [record.item, record.result])).toEqual([['Web', 'applied']])
    expect(audit.events).toEqual(['flush', 'release'])
  })

  it('GIVEN the flush fails after a good heal WHEN the run ends THEN it fails with that error (exit 3) and the lock is still released', async () => {
    const resource = web()
    const aws = new FakeAws([resource])
    aws.drift = [[item('Web', resource, [diff('/Tags/Owner', 'platform', 'bob')]), resource]]
    const audit = bufferedAudit(true)
    let released = false

    const error = await runHeal(createRuntime(settings), run, aws.deps({audit: audit.log, lock: async () => ({freed: null, release: async () => void (released = true)})})).catch((error_: unknown) => error_)

    expect(error).toBeInstanceOf(AwsError)
    expect((error as AwsError).exitCode).toBe(3)
    expect((error as Error).message).toContain('appended to .ialctl/audit.jsonl instead')
    expect(released).toBe(true)
  })

  it('GIVEN a heal that fails midway (an audit line cannot be appended) WHEN the run ends THEN the lines it has are still flushed and its own error stands', async () => {
    const resource = web()
    const aws = new FakeAws([resource])
    aws.drift = [[item('Web', resource, [diff('/Tags/Owner', 'platform', 'bob')]), resource]]
    const audit = bufferedAudit(true)
    const warnings: string[] = []
    const failing = {...audit.log, append: async () => Promise.reject(new UsageError('cannot append to the audit log'))}

    const error = await runHeal(createRuntime(settings), run, aws.deps({audit: failing, warn: (message) => warnings.push(message)})).catch((error_: unknown) => error_)

    expect((error as Error).message).toBe('cannot append to the audit log')
    expect(audit.events).toEqual(['flush'])
    expect(warnings).toEqual(['the 1 audit line of this run could not be written to s3://acme-state/infra/audit/ (access denied); they were appended to .ialctl/audit.jsonl instead'])
  })
})
