import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {loadConfig} from '../../src/config/load.js'
import {ConfigError} from '../../src/errors.js'

function withConfig(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-state-config-'))
  mkdirSync(path.join(dir, 'config'))
  writeFileSync(path.join(dir, 'config/ialctl.yaml'), text)
  return dir
}

const problem = (text: string) => loadConfig({cwd: withConfig(text)}).then(() => expect.fail('expected a config error'), (error: unknown) => error as Error)

describe('config state section', () => {
  it('GIVEN no state section WHEN loading THEN the local backend applies, as before', async () => {
    const {config} = await loadConfig({cwd: withConfig('aws: {regions: [us-east-1]}\n')})
    expect(config.state).toEqual({backend: 'local', prefix: 'ialctl', lockTtl: '10m'})
  })

  it('GIVEN the aws backend with bucket, prefix, table and region WHEN loading THEN they are kept, the prefix without its slashes', async () => {
    const {config} = await loadConfig({cwd: withConfig('state:\n  backend: aws\n  bucket: acme-ialctl-state\n  prefix: /infra//prod/\n  lockTable: ialctl-locks\n  region: eu-west-1\n')})
    expect(config.state).toEqual({backend: 'aws', bucket: 'acme-ialctl-state', prefix: 'infra/prod', lockTable: 'ialctl-locks', region: 'eu-west-1', lockTtl: '10m'})
  })

  it('GIVEN backend aws without bucket nor lockTable WHEN loading THEN one config error names both, at the line of state', async () => {
    const error = await problem('aws: {regions: [us-east-1]}\nstate:\n  backend: aws\n')
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message).toBe(
      'config/ialctl.yaml:3:3: state.bucket: required when state.backend is aws (the S3 bucket for the audit log, the history, reports and snapshots); ' +
        'config/ialctl.yaml:3:3: state.lockTable: required when state.backend is aws (the DynamoDB table of the heal lock, partition key LockID of type String)',
    )
  })

  it('GIVEN an unknown key under state WHEN loading THEN the error names file:line:col and the allowed keys', async () => {
    const error = await problem('state:\n  backend: aws\n  bucket: b-1\n  lockTable: locks\n  lock_table: locks\n')
    expect(error.message).toBe("config/ialctl.yaml:5:3: unknown key 'state.lock_table' (allowed here: backend, bucket, prefix, lockTable, region, lockTtl)")
  })

  it('GIVEN a backend that is not local or aws WHEN loading THEN the error names the line and the allowed values', async () => {
    const error = await problem('state:\n  backend: s3\n')
    expect(error.message).toMatch(/^config\/ialctl\.yaml:2:12: state\.backend: .*'local' \| 'aws'/)
  })

  it('GIVEN a bucket name S3 would refuse, or a prefix that climbs out with .. WHEN loading THEN each is named', async () => {
    const error = await problem('state:\n  backend: aws\n  bucket: Acme_State\n  prefix: ../other\n  lockTable: locks\n')
    expect(error.message).toContain('config/ialctl.yaml:3:11: state.bucket: an S3 bucket name')
    expect(error.message).toContain('config/ialctl.yaml:4:11: state.prefix: no . or .. path segments')
  })
})
