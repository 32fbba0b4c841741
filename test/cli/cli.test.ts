import {describe, expect, it} from 'vitest'

import {createWorkspace, runCli} from '../helpers/cli.js'

describe('the ialctl CLI', () => {
  it('GIVEN a mistyped command WHEN run THEN it is a usage error (exit 1), not "drift found" (exit 2)', async () => {
    const result = await runCli(createWorkspace(), ['drift', 'chek'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('command drift:chek not found')
  })

  it('GIVEN --version and --help WHEN run THEN they print and exit 0', async () => {
    const workspace = createWorkspace()
    const version = await runCli(workspace, ['--version'])
    expect(version.code).toBe(0)
    expect(version.stdout).toMatch(/^ialctl\/\d+\.\d+\.\d+ /)
    const help = await runCli(workspace, ['drift', 'check', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--fail-on')
    expect(help.stdout).toContain('--snapshot')
  })

  it('GIVEN an unknown flag WHEN run THEN one line names it and the exit code is 1', async () => {
    const result = await runCli(createWorkspace(), ['drift', 'check', '--snapshto', 'x.json'])
    expect(result.code).toBe(1)
    expect(result.stderr.trim().split('\n')[0]).toMatch(/Nonexistent flag: --snapshto/)
  })
})
