// `drift heal` on a terminal: the plan, then terraform's question; only `yes` heals. The terminal is a real
// pseudo-terminal (util-linux `script`), so the CLI sees a TTY on stdin exactly as for a person.
import {spawn} from 'node:child_process'

import {expect, it} from 'vitest'

import {BIN, cliEnv, type Workspace} from './helpers/cli.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

/** Runs `ialctl drift heal` on a pseudo-terminal, typing `answer` at the prompt; the transcript is stdout. */
function healOnTerminal(workspace: Workspace, endpoint: string, answer: string): Promise<{code: number | null; transcript: string}> {
  return new Promise((resolve, reject) => {
    const command = `'${process.execPath}' '${BIN}' drift heal`
    const child = spawn('script', ['-qec', command, '/dev/null'], {cwd: workspace.dir, env: {...cliEnv(workspace, {endpoint}), TERM: 'dumb'}})
    let transcript = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      transcript += chunk
      // Answer once the question is on the screen, as a person would.
      if (transcript.includes('Enter a value:') && !child.stdin.writableEnded) child.stdin.end(`${answer}\n`)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({code, transcript})
    })
  })
}

describeE2e('drift heal asks on a terminal', () => {
  const suite = exampleEstateSuite({induceDrift: true, proxy: true})

  it('GIVEN the plan on a terminal WHEN the answer is not `yes` THEN nothing is written and the exit code is 1', async () => {
    const {code, transcript} = await healOnTerminal(suite.workspace, suite.proxy.endpoint, 'y')
    expect(transcript).toContain('will be healed in place by')
    expect(transcript).toContain("Only 'yes' will be accepted to approve.")
    expect(transcript).toContain('Heal cancelled: nothing was changed.')
    expect(code).toBe(1)
    expect(suite.proxy.writes()).toEqual([])
  })

  it('GIVEN the plan on a terminal WHEN the answer is `yes` THEN the safe items are healed and the exit code is 0', async () => {
    const {code, transcript} = await healOnTerminal(suite.workspace, suite.proxy.endpoint, 'yes')
    expect(transcript).toMatch(/Heal: \d+ applied, 0 skipped/)
    expect(code).toBe(0)
    expect(suite.proxy.writes().length).toBeGreaterThan(0)
  })
})
