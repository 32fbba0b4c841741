// The GitHub Action (action.yml) run as GitHub runs a composite action: each `run:` step through bash, in its
// working directory, with its `env:` after substituting the `${{ }}` expressions. `uses:` steps (the SARIF upload)
// are GitHub's own and are not run here; npm is a stand-in (the repository's dist/ and node_modules are already built).
import {execFile} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'

import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {cliEnv, createWorkspace, REPO_ROOT, type Workspace} from '../helpers/cli.js'

interface Step {
  name: string
  id?: string
  if?: string
  uses?: string
  run?: string
  shell?: string
  env?: Record<string, string>
  'working-directory'?: string
}

interface Action {
  inputs: Record<string, {default?: string}>
  runs: {using: string; steps: Step[]}
}

const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action
const SNAPSHOT = path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json')

interface RunResult {
  codes: Record<string, number>
  outputs: Record<string, string>
  summary: string
  npmCalls: string
}

async function runAction(workspace: Workspace, inputs: Record<string, string>): Promise<RunResult> {
  const runner = path.join(workspace.dir, '.runner')
  const fakeBin = path.join(runner, 'fake-bin')
  mkdirSync(fakeBin, {recursive: true})
  const npmLog = path.join(runner, 'npm-calls')
  writeFileSync(path.join(fakeBin, 'npm'), `#!/bin/sh\necho "$*" >> '${npmLog}'\n`)
  chmodSync(path.join(fakeBin, 'npm'), 0o755)
  const files = {GITHUB_OUTPUT: path.join(runner, 'output'), GITHUB_PATH: path.join(runner, 'path'), GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md')}
  for (const file of Object.values(files)) writeFileSync(file, '')
  const values = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default ?? '']))
  const outputs: Record<string, Record<string, string>> = {}
  const expression = (text: string) =>
    text.replaceAll(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_match, name: string) => {
      if (name.startsWith('inputs.')) return values[name.slice('inputs.'.length)] ?? ''
      if (name === 'github.action_path') return REPO_ROOT
      if (name === 'runner.temp') return runner
      const step = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(name)
      if (step) return outputs[step[1] ?? '']?.[step[2] ?? ''] ?? ''
      throw new Error(`action.yml uses an expression this test does not know: ${name}`)
    })

  const codes: Record<string, number> = {}
  let extraPath = ''
  for (const step of action.runs.steps) {
    if (step.uses) continue
    expect(step.shell, step.name).toBe('bash')
    const env = {
      ...cliEnv(workspace),
      ...files,
      PATH: `${fakeBin}${path.delimiter}${extraPath}${path.delimiter}${process.env.PATH ?? ''}`,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, expression(String(value))])),
    }
    writeFileSync(files.GITHUB_OUTPUT, '')
    const cwd = path.resolve(workspace.dir, expression(step['working-directory'] ?? '.'))
    const result = await promisify(execFile)('bash', ['-e', '-c', step.run ?? ''], {cwd, env}).then(
      () => 0,
      (error: {code?: number}) => error.code ?? -1,
    )
    codes[step.name] = result
    if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(files.GITHUB_OUTPUT, 'utf8').trim().split('\n').filter(Boolean).map((line) => line.split('=', 2) as [string, string]))
    extraPath = readFileSync(files.GITHUB_PATH, 'utf8').trim().split('\n').join(path.delimiter)
  }

  return {codes, outputs: outputs.check ?? {}, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), npmCalls: existsSync(npmLog) ? readFileSync(npmLog, 'utf8') : ''}
}

describe('the GitHub Action (action.yml)', () => {
  it('is a composite action whose SARIF upload is the GitHub upload-sarif action', () => {
    expect(action.runs.using).toBe('composite')
    expect(action.runs.steps.filter((step) => step.uses).map((step) => step.uses)).toEqual(['github/codeql-action/upload-sarif@v3'])
  })

  it('GIVEN a repository with drift (bundled snapshot) WHEN its steps run THEN SARIF is written, the summary holds the report and the job fails with exit 2', async () => {
    const workspace = createWorkspace()
    const result = await runAction(workspace, {snapshot: SNAPSHOT, region: 'us-east-1, eu-west-1', args: '--phase 30-compute --phase 10'})
    expect(result.npmCalls.trim()).toBe('ci --no-audit --no-fund')
    expect(result.codes['Install ialctl']).toBe(0)
    expect(result.outputs['exit-code']).toBe('2')
    const sarif = JSON.parse(readFileSync(path.join(workspace.dir, 'ialctl.sarif'), 'utf8'))
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results.length).toBeGreaterThan(0)
    expect(result.summary).toMatch(/^## ialctl drift check: drift in \d+ items?/m)
    // The Next commands in the summary repeat the inputs' flags.
    expect(result.summary).toContain('--region us-east-1 --region eu-west-1')
    expect(result.summary).toContain('--phase 30-compute --phase 10')
    expect(result.codes['Pass on the exit code of drift check']).toBe(2)
  })

  it('GIVEN fail-on never WHEN the steps run THEN the job passes although drift is reported', async () => {
    const result = await runAction(createWorkspace(), {snapshot: SNAPSHOT, 'fail-on': 'never'})
    expect(result.outputs['exit-code']).toBe('0')
    expect(result.summary).toMatch(/^## ialctl drift check: drift in/m)
    expect(result.codes['Pass on the exit code of drift check']).toBe(0)
  })

  it('GIVEN an input that tries to inject shell code WHEN the steps run THEN it is one argument of ialctl, never run', async () => {
    const workspace = createWorkspace()
    const result = await runAction(workspace, {snapshot: SNAPSHOT, phases: 'phases"; touch pwned; echo "', 'fail-on': '$(touch pwned)'})
    expect(existsSync(path.join(workspace.dir, 'pwned'))).toBe(false)
    expect(result.outputs['exit-code']).toBe('1')
    expect(result.codes['Pass on the exit code of drift check']).toBe(1)
  })
})
