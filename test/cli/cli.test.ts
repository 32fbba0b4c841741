import {execFileSync} from 'node:child_process'
import {appendFileSync, existsSync, mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {EXIT_CODE_MEANINGS} from '../../src/errors.js'
import {demoSummary} from '../fixtures/demo-expected.js'
import {createWorkspace, REPO_ROOT, runCli, type Workspace} from '../helpers/cli.js'

const SNAPSHOT = path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json')
/** Tests that start the CLI several times (a second or more each, several on a loaded 2-core machine). */
const SEVERAL_RUNS_MS = 120_000

/** The error contract: one `Error:` line on stderr, nothing else. */
function oneErrorLine(stderr: string): string {
  const lines = stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  return lines[0] ?? ''
}

function gitInit(workspace: Workspace): void {
  const git = (...args: string[]) => execFileSync('git', args, {cwd: workspace.dir, env: {...process.env, GIT_CONFIG_GLOBAL: workspace.gitConfig, GIT_CONFIG_NOSYSTEM: '1'}, stdio: 'ignore'})
  git('init', '-q')
  git('add', '-A')
  git('commit', '-q', '-m', 'phases')
}

describe('the ialctl CLI', () => {
  it('GIVEN a mistyped command WHEN run THEN one Error line suggests the command and the exit code is 1 (a usage error, not drift)', async () => {
    const result = await runCli(createWorkspace(), ['drift', 'chek'])
    expect(result.code).toBe(1)
    expect(oneErrorLine(result.stderr)).toBe('Error: unknown command "drift chek" (did you mean "drift check"?)')
  })

  it('GIVEN a word that is no command at all WHEN run THEN no wild guess: the Error line points to help', async () => {
    const result = await runCli(createWorkspace(), ['deploy'])
    expect(result.code).toBe(1)
    expect(oneErrorLine(result.stderr)).toBe('Error: unknown command "deploy" (run ialctl help for the list of commands)')
  })

  it('GIVEN a command name with terminal escapes WHEN run THEN the Error line shows them as escapes, never sends them', async () => {
    const result = await runCli(createWorkspace(), ['\u001B[2Jdrift'])
    expect(result.code).toBe(1)
    expect(oneErrorLine(result.stderr)).toBe(String.raw`Error: unknown command "\x1b[2Jdrift" (run ialctl help for the list of commands)`)
  })

  it('GIVEN a mistyped command and stdin that is not a terminal WHEN run THEN it never waits for an answer', async () => {
    const result = await runCli(createWorkspace(), ['snapshto'], {input: 'y\n', timeoutMs: 15_000})
    expect(result.code).toBe(1)
    expect(oneErrorLine(result.stderr)).toBe('Error: unknown command "snapshto" (did you mean "snapshot"?)')
  })

  it('GIVEN --version, --help and `help` WHEN run THEN they print and exit 0, with the exit-code table in help', async () => {
    const workspace = createWorkspace()
    const version = await runCli(workspace, ['--version'])
    expect(version.code).toBe(0)
    expect(version.stdout).toMatch(/^ialctl\/\d+\.\d+\.\d+ /)
    const help = await runCli(workspace, ['drift', 'check', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--fail-on')
    expect(help.stdout).toContain('--snapshot')
    const top = await runCli(workspace, ['help'])
    expect(top.code).toBe(0)
    expect(top.stdout).toContain('drift')
    for (const args of [['help'], ['drift', 'plan', '--help'], ['help', 'drift', 'alarm']]) {
      const {stdout} = await runCli(workspace, args)
      expect(stdout, args.join(' ')).toContain('EXIT CODES')
      for (const [code] of EXIT_CODE_MEANINGS) expect(stdout, args.join(' ')).toMatch(new RegExp(`^ {2}${code} {2}\\S`, 'm'))
      expect(stdout, args.join(' ')).not.toMatch(/SPEC \d/)
    }
  }, SEVERAL_RUNS_MS)

  it('GIVEN a mistyped flag WHEN run THEN one Error line names it with the closest flag of that command, exit 1', async () => {
    const result = await runCli(createWorkspace(), ['drift', 'check', '--outptu', 'json'])
    expect(result.code).toBe(1)
    expect(oneErrorLine(result.stderr)).toBe('Error: unknown flag --outptu (did you mean --output?)')
    const far = await runCli(createWorkspace(), ['drift', 'check', '--snapshto', 'x.json'])
    expect(oneErrorLine(far.stderr)).toBe('Error: unknown flag --snapshto (did you mean --snapshot?)')
    const nothingClose = await runCli(createWorkspace(), ['phases', 'validate', '--zzzzzz'])
    expect(oneErrorLine(nothingClose.stderr)).toBe('Error: unknown flag --zzzzzz (see ialctl phases validate --help)')
  }, SEVERAL_RUNS_MS)

  it('GIVEN -o WHEN checking THEN it is the output format, as in kubectl; on file-writing commands it is not a flag', async () => {
    const workspace = createWorkspace()
    const json = await runCli(workspace, ['drift', 'check', '--snapshot', SNAPSHOT, '-o', 'json'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout).schemaVersion).toBe(2)
    const plan = await runCli(workspace, ['drift', 'plan', '--snapshot', SNAPSHOT, '-o', 'plan.json'])
    expect(plan.code).toBe(1)
    expect(oneErrorLine(plan.stderr)).toBe('Error: unknown flag -o (see ialctl drift plan --help)')
  }, SEVERAL_RUNS_MS)

  it('GIVEN a subdirectory of the repository WHEN checking without --phases THEN it finds the root as git does, and relative files stay relative to where the user is', async () => {
    const workspace = createWorkspace({config: 'check:\n  failOn: high\n'})
    const sub = path.join(workspace.dir, 'phases/30-compute')
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', path.relative(sub, SNAPSHOT), '--report', 'report.json', '-o', 'json'], {cwd: sub})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(2)
    const report = JSON.parse(result.stdout)
    expect(report.source.phases).toBe('phases')
    expect(report.summary.resources).toBe(demoSummary.resources)
    // The report file is where the user asked for it: in the subdirectory.
    expect(existsSync(path.join(sub, 'report.json'))).toBe(true)
  })

  it('GIVEN a directory outside any repository WHEN checking THEN the error says the phases are missing (nothing above is picked up)', async () => {
    const workspace = createWorkspace()
    const outside = path.join(workspace.home, 'elsewhere')
    mkdirSync(outside)
    writeFileSync(path.join(workspace.home, '.git'), 'gitdir: nowhere\n')
    const result = await runCli(workspace, ['phases', 'validate'], {cwd: outside})
    expect(result.code).toBe(1)
    expect(oneErrorLine(result.stderr)).toMatch(/^Error: phases directory phases does not exist/)
  })

  it('GIVEN --phases and --config WHEN checking THEN the Next commands repeat them (shell-quoted), so they see the same estate', async () => {
    const workspace = createWorkspace({config: 'check:\n  failOn: high\n'})
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', SNAPSHOT, '--phases', '.', '--config', '../config/ialctl.yaml', '--ignore', "tag:Owner's"], {cwd: path.join(workspace.dir, 'phases')})
    const next = result.stdout.slice(result.stdout.indexOf('Next:'))
    const lines = next.split('\n').slice(1).filter((line) => line.trim() !== '')
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(line).toContain(`--config ../config/ialctl.yaml --phases . --snapshot ${SNAPSHOT} --ignore 'tag:Owner'\\''s'`)
  })

  it('GIVEN edited templates not committed WHEN checking THEN the header says the commit has uncommitted changes', async () => {
    const workspace = createWorkspace()
    gitInit(workspace)
    const clean = await runCli(workspace, ['drift', 'check', '--snapshot', SNAPSHOT])
    expect(clean.stdout.split('\n')[0]).toMatch(/\(phases @ [0-9a-f]{7} vs snapshot /)
    appendFileSync(path.join(workspace.dir, 'phases/20-network/01-subnets.yaml'), '# edited\n')
    const dirty = await runCli(workspace, ['drift', 'check', '--snapshot', SNAPSHOT])
    expect(dirty.stdout.split('\n')[0]).toMatch(/\(phases @ [0-9a-f]{7} \(\+ uncommitted changes\) vs snapshot /)
    const json = await runCli(workspace, ['drift', 'check', '--snapshot', SNAPSHOT, '--json'])
    expect(JSON.parse(json.stdout).source.uncommittedChanges).toBe(true)
  }, SEVERAL_RUNS_MS)
})
