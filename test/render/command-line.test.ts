import {execFileSync} from 'node:child_process'

import {describe, expect, it} from 'vitest'

import {commandLineFlags, shellWord} from '../../src/render/command-line.js'

describe('commandLineFlags', () => {
  it('GIVEN the flags a user typed WHEN repeated THEN booleans stand alone, lists repeat the flag and absent flags are left out', () => {
    expect(commandLineFlags([['phases', '.'], ['config', undefined], ['region', ['us-east-1', 'eu-west-1']], ['allow-partial', true], ['quiet', false], ['max-api-rate', 5]])).toBe(
      '--phases . --region us-east-1 --region eu-west-1 --allow-partial --max-api-rate 5',
    )
  })

  it('GIVEN values with spaces, quotes, control characters or a backtick WHEN quoted THEN the shell reads back exactly the value', () => {
    for (const value of ["tag:Owner's", 'my phases', 'a\u001B[2Jb', 'line\nbreak', 'co`de`', String.raw`back\slash'`, 'right\u202Eto-left', '']) {
      const word = shellWord(value)
      // eslint-disable-next-line no-control-regex -- the point: nothing that moves a terminal's cursor or ends a code span
      expect(word).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u202E`]/)
      expect(execFileSync('bash', ['-c', `printf %s ${word}`], {encoding: 'utf8'})).toBe(value)
    }
  })
})
