// `targets list` through the built CLI: the targets a run would check, as lines and as a CI matrix's include list.
import {describe, expect, it} from 'vitest'

import {createWorkspace, runCli} from '../helpers/cli.js'

const CONFIG = `aws: {regions: [us-east-1]}
targets:
  - name: prod
    roleArn: arn:aws:iam::111111111111:role/ialctl-readonly
    regions: [us-east-1, eu-west-1]
    parameters: {Environment: production, DbPassword: hunter2}
  - name: staging
    roleArn: arn:aws:iam::222222222222:role/ialctl-readonly
`

describe('targets list', () => {
  it('GIVEN two config targets WHEN listed as JSON THEN an array of matrix entries: name, role, regions and parameter names (never their values)', async () => {
    const result = await runCli(createWorkspace({config: CONFIG}), ['targets', 'list', '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([
      {target: 'prod', roleArn: 'arn:aws:iam::111111111111:role/ialctl-readonly', regions: ['us-east-1', 'eu-west-1'], parameters: ['Environment', 'DbPassword']},
      {target: 'staging', roleArn: 'arn:aws:iam::222222222222:role/ialctl-readonly', regions: ['us-east-1'], parameters: []},
    ])
    expect(result.stdout).not.toContain('hunter2')
  })

  it('GIVEN --target and --region WHEN listed THEN only the selected targets and regions, one aligned line each', async () => {
    const result = await runCli(createWorkspace({config: CONFIG}), ['targets', 'list', '--target', 'prod', '--region', 'eu-west-1'])
    expect(result.code).toBe(0)
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      'TARGET  ROLE                                            REGIONS    PARAMETERS',
      'prod    arn:aws:iam::111111111111:role/ialctl-readonly  eu-west-1  Environment, DbPassword',
    ])
  })

  it('GIVEN no config targets WHEN listed THEN one line saying so, and JSON is an empty array', async () => {
    const workspace = createWorkspace({config: 'aws: {regions: [us-east-1]}\n'})
    const text = await runCli(workspace, ['targets', 'list'])
    expect(text.code).toBe(0)
    expect(text.stdout.trim().split('\n')).toHaveLength(1)
    expect(text.stdout).toMatch(/^No config targets/)
    const json = await runCli(workspace, ['targets', 'list', '--json'])
    expect(JSON.parse(json.stdout)).toEqual([])
  })

  it('GIVEN a region name with terminal escapes in the config WHEN listed as text THEN they are shown, never sent raw', async () => {
    const config = 'targets:\n  - name: prod\n    regions: ["us-east-1\\u001b[2J\\u0007"]\n'
    const result = await runCli(createWorkspace({config}), ['targets', 'list'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('us-east-1')
    expect(result.stdout).not.toContain('\u001b')
    expect(result.stdout).not.toContain('\u0007')
  })

  it('GIVEN an unknown --target WHEN listed THEN exit 1 naming the configured ones', async () => {
    const result = await runCli(createWorkspace({config: CONFIG}), ['targets', 'list', '--target', 'qa'])
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe('Error: no target named qa in the config (configured targets: prod, staging)')
  })
})
