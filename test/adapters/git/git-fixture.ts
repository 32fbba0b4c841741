// Real git for tests: a bare repository standing for `origin` and a clone of it, under a temp HOME whose
// .gitconfig holds the identity, so the tests never depend on (or change) the machine's git config.

import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

export interface GitFixture {
  /** Everything lives below this directory. */
  root: string
  bare: string
  clone: string
  /** Where reverse sync may create its temp directories (must be empty afterwards). */
  temp: string
  env: NodeJS.ProcessEnv
  git: (cwd: string, ...args: string[]) => string
}

export function gitFixture(files: Record<string, string>): GitFixture {
  const root = mkdtempSync(path.join(tmpdir(), 'ialctl-git-'))
  const home = path.join(root, 'home')
  const temp = path.join(root, 'tmp')
  mkdirSync(home)
  mkdirSync(temp)
  writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tname = Test Person\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n')
  const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', LANG: 'C'}
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, {cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
  const bare = path.join(root, 'origin.git')
  const clone = path.join(root, 'work')
  git(root, 'init', '--quiet', '--bare', bare)
  git(root, 'clone', '--quiet', bare, clone)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(clone, file)), {recursive: true})
    writeFileSync(path.join(clone, file), text)
  }

  git(clone, 'add', '.')
  git(clone, 'commit', '--quiet', '-m', 'Phases')
  git(clone, 'push', '--quiet', 'origin', 'main')
  return {root, bare, clone, temp, env, git}
}

export const leftovers = (fixture: GitFixture): string[] => readdirSync(fixture.temp)
