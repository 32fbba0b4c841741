import {execFile} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'

import {describe, expect, it} from 'vitest'

import {EXIT_CODE_MEANINGS} from '../../src/errors.js'
import {REPO_ROOT} from '../helpers/cli.js'

// The markers on lines of their own (oclif's dry run also prints a line that names the first marker).
const section = (text: string) => text.slice(text.indexOf('\n<!-- commands -->\n'), text.indexOf('\n<!-- commandsstop -->'))

describe('README command reference', () => {
  it('GIVEN the built commands WHEN oclif renders their help THEN the README holds exactly that (run `npm run readme` after changing a command)', async () => {
    const {stdout} = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'node_modules/oclif/bin/run.js'), 'readme', '--no-aliases', '--dry-run'], {
      cwd: REPO_ROOT,
      env: {...process.env, OCLIF_SKIP_UPDATE_CHECK: 'true'},
      maxBuffer: 16 * 1024 * 1024,
    })
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
    expect(section(readme)).toContain('## `ialctl drift check`')
    expect(section(readme)).toBe(section(stdout))
  })

  it('GIVEN the exit-code table of the help (src/errors.ts) WHEN the README lists exit codes THEN it says the same', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
    const table = readme.slice(readme.indexOf('### Exit codes'))
    const rows = [...table.matchAll(/^\| (\d) \| (.+) \|$/gm)].map((match) => [Number(match[1]), (match[2] ?? '').replaceAll('`', '')])
    expect(rows).toEqual(EXIT_CODE_MEANINGS.map(([code, meaning]) => [code, meaning]))
  })
})
