import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {loadSettings} from '../../src/config/settings.js'
import {ConfigError, UsageError} from '../../src/errors.js'

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-network-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    writeFileSync(path.join(dir, name), text)
  }

  return dir
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'

describe('network settings', () => {
  it('GIVEN no config WHEN resolving THEN connect 5 s, socket 30 s, no run bound, no proxy, no CA bundle', async () => {
    const {network} = await loadSettings({}, {}, workdir({}))

    expect(network).toEqual({connectTimeoutMs: 5000, socketTimeoutMs: 30_000, runTimeoutMs: null, proxy: {}, awsCaBundle: null})
  })

  it('GIVEN network keys in the config WHEN resolving THEN they apply, and flags win over them', async () => {
    const cwd = workdir({'config/ialctl.yaml': 'network: {connectTimeout: 2s, socketTimeout: 1m, runTimeout: 15m}\n'})

    const fromConfig = await loadSettings({}, {}, cwd)
    const fromFlags = await loadSettings({'connect-timeout': '500ms', 'socket-timeout': '10s', timeout: '1h'}, {}, cwd)

    expect(fromConfig.network).toMatchObject({connectTimeoutMs: 2000, socketTimeoutMs: 60_000, runTimeoutMs: 900_000})
    expect(fromFlags.network).toMatchObject({connectTimeoutMs: 500, socketTimeoutMs: 10_000, runTimeoutMs: 3_600_000})
  })

  it.each(['30', '0s', '-5s', '1.5s', 'soon'])('GIVEN socketTimeout %s in the config WHEN loading THEN the error names file:line:col and the form', async (value) => {
    const cwd = workdir({'config/ialctl.yaml': `network:\n  socketTimeout: "${value}"\n`})

    const error = await loadSettings({}, {}, cwd).catch((error_: unknown) => error_)

    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(/^config\/ialctl\.yaml:2:18: network\.socketTimeout: a positive duration with a unit, e\.g\. 5s, 30s or 10m/)
  })

  it('GIVEN an unknown network key WHEN loading THEN it names the allowed keys', async () => {
    const cwd = workdir({'config/ialctl.yaml': 'network:\n  readTimeout: 5s\n'})

    await expect(loadSettings({}, {}, cwd)).rejects.toThrow(/unknown key 'network\.readTimeout'.*connectTimeout, socketTimeout, runTimeout/)
  })

  it.each([
    ['timeout', '10', '--timeout 10 is not a duration'],
    ['connect-timeout', '0s', '--connect-timeout 0s is not a duration'],
  ] as const)('GIVEN --%s %s WHEN resolving THEN exit 1 with one line', async (flag, value, message) => {
    const error = await loadSettings({[flag]: value}, {}, workdir({})).catch((error_: unknown) => error_)

    expect(error).toBeInstanceOf(UsageError)
    expect((error as UsageError).line).toBe(`${message} (use a positive number with a unit, e.g. 5s, 30s or 10m)`)
  })

  it('GIVEN proxy variables in both cases WHEN resolving THEN the lower-case one wins, as curl reads them', async () => {
    const env = {HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128', HTTP_PROXY: 'http://plain:3128', NO_PROXY: '.internal,localhost'}

    const {network} = await loadSettings({}, env, workdir({}))

    expect(network.proxy).toEqual({httpsProxy: 'http://lower:3128', httpProxy: 'http://plain:3128', noProxy: '.internal,localhost'})
  })

  it('GIVEN AWS_CA_BUNDLE names a PEM file WHEN resolving THEN its certificates are carried', async () => {
    const cwd = workdir({'ca.pem': PEM})

    const {network} = await loadSettings({}, {AWS_CA_BUNDLE: path.join(cwd, 'ca.pem')}, cwd)

    expect(network.awsCaBundle).toEqual({file: path.join(cwd, 'ca.pem'), pem: PEM})
  })

  it('GIVEN AWS_CA_BUNDLE names a missing file or one without a certificate WHEN resolving THEN exit 1 names it', async () => {
    const cwd = workdir({'empty.pem': 'nothing here\n'})

    await expect(loadSettings({}, {AWS_CA_BUNDLE: '/nonexistent/ca.pem'}, cwd)).rejects.toThrow('AWS_CA_BUNDLE=/nonexistent/ca.pem cannot be read (ENOENT)')
    await expect(loadSettings({}, {AWS_CA_BUNDLE: path.join(cwd, 'empty.pem')}, cwd)).rejects.toThrow(`AWS_CA_BUNDLE=${path.join(cwd, 'empty.pem')} holds no PEM certificate`)
  })
})
