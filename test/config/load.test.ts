import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {loadConfig} from '../../src/config/load.js'
import {loadSettings, withDiscoveredTargets} from '../../src/config/settings.js'
import {ConfigError} from '../../src/errors.js'

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-config-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    writeFileSync(path.join(dir, name), text)
  }

  return dir
}

describe('loadConfig', () => {
  it('GIVEN no config file at the default path WHEN loading THEN defaults apply', async () => {
    const {config, file} = await loadConfig({cwd: workdir({})})
    expect(file).toBeNull()
    expect(config.autoHeal).toEqual({enabled: true, maxResources: 10, severityLimit: 'medium', forbid: []})
    expect(config.phases.dir).toBe('phases')
  })

  it('GIVEN an explicit path that does not exist WHEN loading THEN it is a config error', async () => {
    await expect(loadConfig({cwd: workdir({}), path: 'nope.yaml'})).rejects.toThrow('config file nope.yaml does not exist')
  })

  it('GIVEN an unknown key WHEN loading THEN the error names file:line:col and the allowed keys', async () => {
    const cwd = workdir({'config/ialctl.yaml': 'aws:\n  regions: [us-east-1]\n  regoins: [eu-west-1]\n'})
    const error = await loadConfig({cwd}).catch((error_: unknown) => error_)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toContain("config/ialctl.yaml:3:3: unknown key 'aws.regoins'")
    expect((error as Error).message).toContain('allowed here: regions, profile, endpoint, maxConcurrency')
  })

  it('GIVEN a wrong type WHEN loading THEN the error names the line of the value and the allowed values', async () => {
    const cwd = workdir({'config/ialctl.yaml': 'autoHeal:\n  enabled: true\n  severityLimit: extreme\n'})
    await expect(loadConfig({cwd})).rejects.toThrow(/config\/ialctl\.yaml:3:18: autoHeal\.severityLimit: .*'low' \| 'medium' \| 'high' \| 'critical'/)
  })

  it('GIVEN malformed YAML WHEN loading THEN the error names the position', async () => {
    const cwd = workdir({'config/ialctl.yaml': 'aws: {regions: [us-east-1]\n'})
    await expect(loadConfig({cwd})).rejects.toThrow(/^config\/ialctl\.yaml:\d+:\d+: /)
  })

  it('GIVEN regions written as one string WHEN loading THEN it is a one-item list', async () => {
    const {config} = await loadConfig({cwd: workdir({'config/ialctl.yaml': 'aws:\n  regions: us-east-1\n'})})
    expect(config.aws.regions).toEqual(['us-east-1'])
  })

  it('GIVEN regions that are neither a string nor a list WHEN loading THEN the error names the line', async () => {
    const cwd = workdir({'config/ialctl.yaml': 'aws:\n  regions: 42\n'})
    await expect(loadConfig({cwd})).rejects.toThrow(/config\/ialctl\.yaml:2:\d+: aws\.regions: Expected array, received number/)
  })

  it('GIVEN the seed drift_config.yaml WHEN loading THEN its keys map onto autoHeal and check', async () => {
    const cwd = workdir({'config/drift_config.yaml': 'sensitivity: high\nauto_heal:\n  enabled: false\n  max_resources: 3\n  severity_limit: low\n'})
    const {config} = await loadConfig({cwd})
    expect(config.check.failOn).toBe('high')
    expect(config.autoHeal).toMatchObject({enabled: false, maxResources: 3, severityLimit: 'low'})
  })
})

describe('seed sensitivity as a map (SPEC 8)', () => {
  it('GIVEN the seed map {tags, configuration, resources} WHEN loading THEN it sets the base severities and leaves --fail-on at its default', async () => {
    const cwd = workdir({'config/drift_config.yaml': 'sensitivity: {tags: medium, configuration: high, resources: critical}\n'})
    const {config} = await loadConfig({cwd})
    expect(config.severity.base).toEqual({tags: 'medium', configuration: 'high', resources: 'critical'})
    expect(config.check.failOn).toBe('low')
  })

  it('GIVEN part of the map WHEN loading THEN only those families change, and severity.base in ialctl.yaml fills the rest', async () => {
    const cwd = workdir({'config/ialctl.yaml': 'severity:\n  base: {tags: high, resources: medium}\n', 'config/drift_config.yaml': 'sensitivity:\n  tags: low\n'})
    expect((await loadConfig({cwd})).config.severity.base).toEqual({tags: 'low', resources: 'medium'})
  })

  it.each([
    ['sensitivity:\n  tags: extreme\n', "config/drift_config.yaml:2:9: sensitivity.tags: Invalid enum value. Expected 'low' | 'medium' | 'high' | 'critical', received 'extreme'"],
    ['sensitivity: extreme\n', "config/drift_config.yaml:1:14: sensitivity: Invalid enum value. Expected 'low' | 'medium' | 'high' | 'critical' | 'never', received 'extreme'"],
    ['sensitivity: {network: high}\n', "config/drift_config.yaml:1:15: unknown key 'sensitivity.network'"],
  ])('GIVEN %j WHEN loading THEN one error names the line and what is allowed', async (text, message) => {
    await expect(loadConfig({cwd: workdir({'config/drift_config.yaml': text})})).rejects.toThrow(message)
  })
})

describe('loadSettings', () => {
  it('GIVEN flags, config and environment WHEN resolving THEN flags win over config and config over the environment', async () => {
    const cwd = workdir({'config/ialctl.yaml': 'aws:\n  regions: [eu-west-1]\n'})
    const env = {AWS_REGION: 'us-west-2', IAL_AUTO_HEAL_ENABLED: 'false', IAL_DRIFT_CHECK_INTERVAL: '30m', GH_TOKEN: 'secret'}
    const fromConfig = await loadSettings({}, env, cwd)
    expect(fromConfig.regions).toEqual(['eu-west-1'])
    expect(fromConfig.autoHealEnabled).toBe(false)
    expect(fromConfig.watchInterval).toBe('30m')
    expect(fromConfig.github.token).toBe('secret')
    const fromFlag = await loadSettings({region: ['ap-south-1']}, env, cwd)
    expect(fromFlag.regions).toEqual(['ap-south-1'])
  })

  it('GIVEN a non-boolean IAL_AUTO_HEAL_ENABLED WHEN resolving THEN it is a usage error', async () => {
    await expect(loadSettings({}, {IAL_AUTO_HEAL_ENABLED: 'maybe'}, workdir({}))).rejects.toThrow('IAL_AUTO_HEAL_ENABLED=maybe is not a boolean')
  })
})

describe('config targets (SPEC 8)', () => {
  const targets = `aws:\n  regions: [us-east-1]\ntargets:\n  - name: prod\n    roleArn: arn:aws:iam::111111111111:role/ialctl-readonly\n    healRoleArn: arn:aws:iam::111111111111:role/ialctl-heal\n    regions: [us-east-1, eu-west-1]\n    parameters: {Environment: production}\n  - name: staging\n    roleArn: arn:aws:iam::222222222222:role/ialctl-readonly\n`

  it('GIVEN two targets WHEN resolving THEN each has its regions (the run’s when it names none) and parameters; --target and --region narrow them', async () => {
    const cwd = workdir({'config/ialctl.yaml': targets})
    const all = await loadSettings({}, {}, cwd)
    expect(all.targets.map(({name, regions, parameters}) => ({name, regions, parameters}))).toEqual([
      {name: 'prod', regions: ['us-east-1', 'eu-west-1'], parameters: {Environment: 'production'}},
      {name: 'staging', regions: ['us-east-1'], parameters: {}},
    ])
    expect((await loadSettings({target: ['staging']}, {}, cwd)).targets.map((target) => target.name)).toEqual(['staging'])
    expect((await loadSettings({target: ['prod'], region: ['eu-west-1']}, {}, cwd)).targets[0].regions).toEqual(['eu-west-1'])
  })

  it('GIVEN a target name the config lacks, --target without targets, or a region no selected target has WHEN resolving THEN one usage error each', async () => {
    const cwd = workdir({'config/ialctl.yaml': targets})
    await expect(loadSettings({target: ['qa']}, {}, cwd)).rejects.toThrow('no target named qa in the config')
    await expect(loadSettings({target: ['prod']}, {}, workdir({}))).rejects.toThrow('--target prod given, but the config has no targets')
    await expect(loadSettings({target: ['prod'], region: ['ap-south-1']}, {}, cwd)).rejects.toThrow('target prod has no region to read among --region ap-south-1')
  })

  it('GIVEN a duplicate name, a name that could escape a path, or a role that is not an IAM role ARN WHEN loading THEN the error names the line', async () => {
    const duplicate = 'targets:\n  - name: prod\n  - name: prod\n'
    await expect(loadConfig({path: 'c.yaml', cwd: workdir({'c.yaml': duplicate})})).rejects.toThrow(/c\.yaml:3.*prod is used twice/)
    await expect(loadConfig({path: 'c.yaml', cwd: workdir({'c.yaml': 'targets:\n  - name: ../etc\n'})})).rejects.toThrow(/c\.yaml:2.*letters, digits/)
    await expect(loadConfig({path: 'c.yaml', cwd: workdir({'c.yaml': 'targets:\n  - name: prod\n    roleArn: arn:aws:s3:::bucket\n'})})).rejects.toThrow(/c\.yaml:3.*an IAM role ARN/)
  })
})

describe('every target, selected or not', () => {
  it('GIVEN --target staging and an organization account WHEN resolving THEN targets is the selection and allTargets every target, discovered ones included', async () => {
    const cwd = workdir({'config/ialctl.yaml': 'aws:\n  regions: [us-east-1]\ntargets:\n  - name: prod\n  - name: staging\n'})
    const settings = await loadSettings({target: ['staging']}, {}, cwd)
    expect(settings.targets.map((target) => target.name)).toEqual(['staging'])
    expect(settings.allTargets.map((target) => target.name)).toEqual(['prod', 'staging'])
    const discovered = withDiscoveredTargets(settings, [{name: 'audit', roleArn: 'arn:aws:iam::333333333333:role/ialctl', parameters: {}}])
    expect(discovered.targets.map((target) => target.name)).toEqual(['staging'])
    expect(discovered.allTargets.map((target) => target.name)).toEqual(['prod', 'staging', 'audit'])
  })
})
