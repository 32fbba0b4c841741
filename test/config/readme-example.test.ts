import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

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
})
