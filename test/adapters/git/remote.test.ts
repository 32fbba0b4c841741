import {describe, expect, it} from 'vitest'

import {parseGitHubRemote, scrubSecret, tokenEnvironment, withoutCredentials} from '../../../src/adapters/git/remote.js'

describe('parseGitHubRemote', () => {
  it.each([
    ['https://github.com/acme/infra.git', {owner: 'acme', repo: 'infra'}],
    ['https://github.com/acme/infra', {owner: 'acme', repo: 'infra'}],
    ['https://x-access-token:abc@github.com/acme/infra.git', {owner: 'acme', repo: 'infra'}],
    ['git@github.com:acme/infra.git', {owner: 'acme', repo: 'infra'}],
    ['ssh://git@ghe.example.com:2222/acme/infra.git', {owner: 'acme', repo: 'infra'}],
    ['/srv/git/infra.git', null],
  ])('GIVEN origin %s WHEN parsed THEN owner/repo is %o', (url, expected) => {
    expect(parseGitHubRemote(url)).toEqual(expected)
  })
})

describe('token handling', () => {
  it('GIVEN an https origin WHEN the token environment is built THEN the header is scoped to that host and counted after existing entries', () => {
    const env = tokenEnvironment('https://github.com/acme/infra.git', 'tok', {GIT_CONFIG_COUNT: '1'})
    expect(env).toEqual({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_1: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_1: `AUTHORIZATION: basic ${Buffer.from('x-access-token:tok').toString('base64')}`,
    })
  })

  it('GIVEN an ssh or local origin, or no token WHEN built THEN nothing is added', () => {
    expect(tokenEnvironment('git@github.com:acme/infra.git', 'tok', {})).toEqual({})
    expect(tokenEnvironment('/srv/infra.git', 'tok', {})).toEqual({})
    expect(tokenEnvironment('https://github.com/a/b', undefined, {})).toEqual({})
  })

  it('GIVEN text with the token in any form WHEN scrubbed THEN it is gone', () => {
    const basic = Buffer.from('x-access-token:s3cr3t').toString('base64')
    expect(scrubSecret(`token s3cr3t header ${basic}`, 's3cr3t')).toBe('token *** header ***')
    expect(withoutCredentials('https://user:s3cr3t@github.com/a/b')).toBe('https://github.com/a/b')
  })
})
