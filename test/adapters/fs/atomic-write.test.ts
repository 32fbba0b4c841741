import {chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {describe, expect, it, vi} from 'vitest'

import {writeFileAtomic} from '../../../src/adapters/fs/atomic-write.js'

// A rename that fails for one name: the failure after the temp file exists, which a root test user cannot
// provoke with permissions.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  return {
    ...actual,
    async rename(from: string, to: string) {
      if (to.endsWith('rename-fails.json')) throw Object.assign(new Error('EXDEV: cross-device link not permitted'), {code: 'EXDEV'})
      return actual.rename(from, to)
    },
  }
})

const scratch = () => mkdtempSync(path.join(tmpdir(), 'ialctl-atomic-'))

describe('writeFileAtomic', () => {
  it('GIVEN an existing report WHEN replaced THEN it holds the new content with its mode kept and no temp file is left', async () => {
    const dir = scratch()
    const file = path.join(dir, 'report.json')
    writeFileSync(file, 'old')
    chmodSync(file, 0o640)
    await writeFileAtomic(file, 'new')
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(statSync(file).mode & 0o777).toBe(0o640)
    expect(readdirSync(dir)).toEqual(['report.json'])
  })

  it('GIVEN a symbolic link to a regular file WHEN written THEN the link stays and the file it points at is replaced', async () => {
    const dir = scratch()
    writeFileSync(path.join(dir, 'real.json'), 'old')
    symlinkSync('real.json', path.join(dir, 'link.json'))
    await writeFileAtomic(path.join(dir, 'link.json'), 'new')
    expect(lstatSync(path.join(dir, 'link.json')).isSymbolicLink()).toBe(true)
    expect(readFileSync(path.join(dir, 'real.json'), 'utf8')).toBe('new')
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real.json'])
  })

  it('GIVEN a symbolic link to /dev/null WHEN written THEN it is written in place: the link and the device stay', async () => {
    const dir = scratch()
    symlinkSync('/dev/null', path.join(dir, 'null.json'))
    await writeFileAtomic(path.join(dir, 'null.json'), 'report')
    expect(readlinkSync(path.join(dir, 'null.json'))).toBe('/dev/null')
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true)
    expect(readdirSync(dir)).toEqual(['null.json'])
  })

  it('GIVEN a link to nothing WHEN written THEN one line refuses it and nothing is created', async () => {
    const dir = scratch()
    symlinkSync(path.join(dir, 'missing/target.json'), path.join(dir, 'dangling.json'))
    await expect(writeFileAtomic(path.join(dir, 'dangling.json'), 'x')).rejects.toThrow(/it is a symbolic link to a file that does not exist/)
    expect(readdirSync(dir)).toEqual(['dangling.json'])
  })

  it('GIVEN the rename fails after the temp file was written WHEN writing THEN the error is one line, the old file is intact and the temp file is gone', async () => {
    const dir = scratch()
    const file = path.join(dir, 'rename-fails.json')
    writeFileSync(file, 'old')
    await expect(writeFileAtomic(file, 'new')).rejects.toThrow(`cannot write ${file}: EXDEV`)
    expect(readFileSync(file, 'utf8')).toBe('old')
    expect(readdirSync(dir)).toEqual(['rename-fails.json'])
  })
})
