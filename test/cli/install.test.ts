// The package as a user installs it: packed into a tarball, installed into a global prefix of its own, run as
// `ialctl` from a repository of the user's that is not this clone.
import {execFile} from 'node:child_process'
import {cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'

import {describe, expect, it} from 'vitest'

import {REPO_ROOT} from '../helpers/cli.js'

const run = promisify(execFile)

describe('installing the packed tarball', () => {
  it('GIVEN npm pack of the package WHEN installed with npm install -g into a prefix THEN `ialctl` runs from another directory', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ialctl-install-'))
    // Packed from a copy, so that this test never rewrites the dist/ that other tests run at the same time. The
    // copy is what `npm run prepack` leaves (dist built, oclif manifest written); `npm pack` then applies `files`.
    const stage = path.join(work, 'stage')
    mkdirSync(stage)
    for (const entry of ['package.json', 'package-lock.json', 'README.md', 'bin', 'dist', 'schema']) cpSync(path.join(REPO_ROOT, entry), path.join(stage, entry), {recursive: true})
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(stage, 'node_modules'))
    const npmEnv = {...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', OCLIF_SKIP_UPDATE_CHECK: 'true'}
    await run(process.execPath, [path.join(REPO_ROOT, 'node_modules/oclif/bin/run.js'), 'manifest'], {cwd: stage, env: npmEnv})
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {cwd: stage, env: npmEnv, maxBuffer: 16 * 1024 * 1024})
    const [{filename, files}] = JSON.parse(packed.stdout) as [{filename: string; files: {path: string}[]}]
    const packedPaths = files.map((file) => file.path)
    expect(packedPaths).toEqual(expect.arrayContaining(['bin/run.js', 'dist/commands/drift/check.js', 'dist/hooks/command-not-found.js', 'oclif.manifest.json', 'package.json', 'README.md']))
    expect(packedPaths.filter((file) => file.startsWith('src/') || file.startsWith('test/') || file === 'bin/dev.js')).toEqual([])

    // Dependencies come from npm's cache when they are there (after npm ci they are), else from the registry.
    const prefix = path.join(work, 'prefix')
    const installed = await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', path.join(work, filename)], {cwd: work, env: npmEnv, maxBuffer: 16 * 1024 * 1024})
    expect(installed.stderr).not.toMatch(/ERR!/)

    const repository = path.join(work, 'my-infra')
    mkdirSync(path.join(repository, 'phases/00-network'), {recursive: true})
    writeFileSync(path.join(repository, 'phases/00-network/01-vpc.yaml'), 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n')
    const env = {PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`, HOME: work, NO_COLOR: '1'}
    const version = await run('ialctl', ['--version'], {cwd: repository, env})
    expect(version.stdout).toMatch(/^ialctl\/0\.\d+\.\d+ /)
    // From a subdirectory of the user's repository: the root is found as git finds it.
    const validate = await run('ialctl', ['phases', 'validate'], {cwd: path.join(repository, 'phases/00-network'), env})
    expect(validate.stdout.trim()).toBe('valid: 1 phase, 1 resource')
    expect(validate.stderr).toBe('')
  }, 300_000)
})
