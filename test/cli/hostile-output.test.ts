// SPEC 10 done-criterion at check level: AWS strings carrying newlines, workflow commands, Markdown, HTML and
// terminal escapes produce no injected line on stdout/stderr under GitHub Actions, nor in the step summary.
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {createWorkspace, REPO_ROOT, runCli} from '../helpers/cli.js'

const HOSTILE = 'x\n::error file=a::pwned\n   ::add-mask::secret\n## Injected\n<img src=x onerror=alert(1)> `code` ##[error]legacy \u001B]8;;https://evil.example\u0007link\u001B[31m\u009B0m'

/** The demo snapshot with every tag value, and the extra instance's id, replaced by hostile text. */
function hostileSnapshot(dir: string): string {
  const snapshot = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json'), 'utf8')) as {resources: {physicalId: string; tags: Record<string, string>; type: string}[]}
  for (const resource of snapshot.resources) {
    for (const key of Object.keys(resource.tags)) if (!key.startsWith('aws:')) resource.tags[key] = HOSTILE
    if (resource.physicalId === 'i-0d4e5f60718293a4b') resource.physicalId = `i-0d4e5f60718293a4b${HOSTILE}`
  }

  const file = path.join(dir, 'hostile-snapshot.json')
  writeFileSync(file, JSON.stringify(snapshot))
  return file
}

// eslint-disable-next-line no-control-regex -- finding control characters (newline aside) is the point
const CONTROL_CHARACTER = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/
const isWorkflowCommand = (line: string) => /^\s*::/.test(line) || line.includes('##[')

describe('hostile AWS strings in check output (SPEC 10)', () => {
  it.each([
    ['drift check (text)', ['drift', 'check'], 2],
    ['drift check --json', ['drift', 'check', '--json'], 2],
    ['drift check --output markdown', ['drift', 'check', '--output', 'markdown'], 2],
    ['drift diff', ['drift', 'diff'], 2],
    ['drift plan', ['drift', 'plan'], 0],
  ])('GIVEN tag values and a name with commands, Markdown and escapes WHEN %s runs under GITHUB_ACTIONS=true THEN no output line is a workflow command or carries a control character', async (_name, args, exitCode) => {
    const workspace = createWorkspace()
    const summary = path.join(workspace.dir, 'summary.md')
    writeFileSync(summary, '')
    const result = await runCli(workspace, [...args, '--snapshot', hostileSnapshot(workspace.dir)], {env: {GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary}})
    expect(result.code).toBe(exitCode)
    expect(result.stdout).toContain('pwned')
    for (const output of [result.stdout, result.stderr]) {
      for (const line of output.split('\n')) {
        expect(isWorkflowCommand(line)).toBe(false)
        expect(line).not.toMatch(CONTROL_CHARACTER)
      }
    }

    if (args.includes('--json')) expect(JSON.stringify(JSON.parse(result.stdout))).toContain(JSON.stringify(HOSTILE).slice(1, -1))
    const markdown = readFileSync(summary, 'utf8')
    for (const line of markdown.split('\n')) {
      expect(line).not.toMatch(/^\s*(::|## Injected|<img)/)
      expect(line).not.toMatch(CONTROL_CHARACTER)
    }
  })
})
