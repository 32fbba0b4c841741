// Every temp directory a test run makes (workspaces, git fixtures, locks, reports) goes under one directory of
// its own, removed when the run ends: a CI machine or a laptop does not collect thousands of them.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-test-run-'))
  // Read by os.tmpdir() in the workers, and by the CLI and git processes the tests start.
  process.env.TMPDIR = dir
  return () => rmSync(dir, {recursive: true, force: true})
}
