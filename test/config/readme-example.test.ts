import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {parseYaml} from '../../src/config/load.js'
import {configSchema} from '../../src/config/schema.js'

const readme = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8')

describe('README configuration example', () => {
  it('GIVEN the config block of the README WHEN validated with the schema THEN it is a valid config', () => {
    const section = readme.slice(readme.indexOf('## Configuration'))
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1]
    expect(block).toBeDefined()
    const config = parseYaml('README.md', block!, configSchema)
    expect(config.autoHeal.forbid).toEqual(['AWS::RDS::*'])
    expect(config.reverseSync.github.owner).toBe('acme')
  })

  it('GIVEN the targets block of the README WHEN validated with the schema THEN it is a valid config with two targets', () => {
    const section = readme.slice(readme.indexOf('## Many accounts and regions'))
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1]
    const config = parseYaml('README.md', block!, configSchema)
    expect(config.targets.map((target) => target.name)).toEqual(['prod', 'staging'])
  })

  it('GIVEN the organization block of the README WHEN validated with the schema THEN it is a valid config naming a role, an OU and two exclusions', () => {
    const block = /\n {2}```yaml\n( {2}organization:[\s\S]*?) {2}```/.exec(readme)?.[1]
    const config = parseYaml('README.md', block!.replaceAll(/^ {2}/gm, ''), configSchema)
    expect(config.organization).toMatchObject({roleName: 'ialctl-readonly', ous: ['ou-ab12-11111111'], exclude: ['222222222222', 'sandbox']})
  })

  it('GIVEN the sharding workflow of the README WHEN parsed THEN a matrix over targets list, a check per target into its report and a merge into uploaded SARIF', () => {
    const section = readme.slice(readme.indexOf('### Sharding on CI'))
    const workflow = parse(/```yaml\n([\s\S]*?)```/.exec(section)![1]) as {jobs: Record<string, {steps: Array<{run?: string; uses?: string}>; strategy?: {matrix: {include: string}}}>}
    const runs = (job: string) => workflow.jobs[job].steps.map((step) => step.run ?? step.uses).join('\n')
    expect(runs('targets')).toContain('ialctl targets list --json')
    expect(workflow.jobs.check.strategy?.matrix.include).toBe('${{ fromJSON(needs.targets.outputs.list) }}')
    expect(runs('check')).toContain('ialctl drift check --target "${{ matrix.target }}" --json --report "reports/${{ matrix.target }}.json"')
    expect(runs('merge')).toContain('ialctl report merge reports/*.json --output sarif --report drift.sarif')
    expect(runs('merge')).toContain('github/codeql-action/upload-sarif')
  })
})
