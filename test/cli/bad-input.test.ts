// The bad-input matrix of SPEC 9 through the built CLI: each case gets one line on stderr and the right exit
// code, and nothing is left half-written. AWS faults (throttling, 500s, credentials, AccessDenied) are covered
// against moto in test/e2e/faults.test.ts and against the SDK in test/adapters/aws.
import {spawn} from 'node:child_process'
import {existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {BIN, type CliResult, cliEnv, createWorkspace, REPO_ROOT, runCli, type Workspace} from '../helpers/cli.js'
import {demoSummary} from '../fixtures/demo-expected.js'

const SNAPSHOT = path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json')
const check = (workspace: Workspace, ...args: string[]) => runCli(workspace, ['drift', 'check', '--snapshot', SNAPSHOT, ...args])
const write = (workspace: Workspace, file: string, content: string | Buffer) => {
  mkdirSync(path.dirname(path.join(workspace.dir, file)), {recursive: true})
  writeFileSync(path.join(workspace.dir, file), content)
}

/** Replaces the example drift alarm's description (a plain scalar in the template). */
function setAlarmDescription(workspace: Workspace, value: string): void {
  const file = path.join(workspace.dir, 'phases/00-foundation/02-drift-alarm.yaml')
  const text = readFileSync(file, 'utf8')
  const replaced = text.replace(/^( {6}AlarmDescription: ).*$/m, (_line, key: string) => `${key}${value}`)
  expect(replaced).not.toBe(text)
  writeFileSync(file, replaced)
}

/** The error contract: exactly one line on stderr, no stack trace. */
function expectOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code).toBe(code)
  const lines = result.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
}

describe('bad input', () => {
  it('GIVEN malformed YAML in a template WHEN checking THEN exit 1 naming file:line:col', async () => {
    const workspace = createWorkspace()
    write(workspace, 'phases/30-compute/09-broken.yaml', 'Resources:\n  Broken:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16\n')
    expectOneLineError(await check(workspace), 1, /^Error: .*phases\/30-compute\/09-broken\.yaml:\d+:\d+: /)
  })

  it('GIVEN a wrong type in the config WHEN checking THEN exit 1 naming file:line and what is expected', async () => {
    const workspace = createWorkspace({config: 'aws:\n  maxConcurrency: eight\n'})
    expectOneLineError(await check(workspace), 1, /^Error: config\/ialctl\.yaml:2:19: aws\.maxConcurrency: Expected number, received string$/)
  })

  it('GIVEN a resource of an unknown type WHEN checking THEN it is counted as unsupported, never an error', async () => {
    const workspace = createWorkspace()
    write(workspace, 'phases/30-compute/09-queue.yaml', 'Resources:\n  JobQueue:\n    Type: Custom::Thing\n    Properties: {QueueName: jobs}\n')
    const result = await check(workspace, '--json')
    expect(result.code).toBe(2)
    // The example estate's own unsupported resources, and this one.
    expect(JSON.parse(result.stdout).summary.unsupported).toBe(demoSummary.unsupported + 1)
  })

  it('GIVEN a value that cannot be resolved WHEN checking THEN that property is not checked, not drift', async () => {
    const workspace = createWorkspace()
    setAlarmDescription(workspace, '!ImportValue shared-alarm-text')
    const result = await check(workspace, '--json')
    const report = JSON.parse(result.stdout)
    expect(report.items.map((item: {id: string}) => item.id)).not.toContain('DriftDetectedAlarm')
    // The demo's not-checked values, the HTTPS listener's certificate (no config here gives WebCertificateArn a
    // value) and this one.
    expect(report.summary.notChecked).toBe(demoSummary.notChecked + 2)
    expect(result.stderr).toBe('')
  })

  it('GIVEN a phases directory that does not exist WHEN checking THEN exit 1 and one line', async () => {
    expectOneLineError(await check(createWorkspace(), '--phases', 'no-such-dir'), 1, /^Error: .*no-such-dir/)
  })

  it('GIVEN an empty phases directory WHEN checking THEN exit 1 and one line', async () => {
    const workspace = createWorkspace()
    rmSync(path.join(workspace.dir, 'phases'), {recursive: true})
    mkdirSync(path.join(workspace.dir, 'phases'))
    expectOneLineError(await check(workspace), 1, /^Error: .*phases/)
  })

  it.each([
    ['truncated', '{"schemaVersion": 1, "readAt": "2026-11-25T00:00:00Z", "resour', /^Error: .*snap\.json.*(truncated|not valid JSON|JSON)/],
    ['not JSON at all', 'PK\u0003\u0004 zip bytes', /^Error: .*snap\.json.*JSON/],
    ['of another version', '{"schemaVersion": 2, "readAt": "2026-11-25T00:00:00Z", "regions": [], "types": [], "unread": [], "apiCalls": {}, "resources": []}', /^Error: .*snap\.json.*version/],
    [
      'holding a resource in a region its header does not list',
      JSON.stringify({
        schemaVersion: 1, readAt: '2026-11-25T00:00:00Z', regions: ['us-east-1'], types: ['AWS::EC2::VPC'], unread: [], apiCalls: {},
        resources: [{type: 'AWS::EC2::VPC', region: 'eu-west-1', physicalId: 'vpc-1', properties: {}, tags: {}, attributes: {}}],
      }),
      /^Error: snapshot \S*snap\.json contradicts its header: resources\.0 \(AWS::EC2::VPC "vpc-1"\) is in "eu-west-1", which its regions \[us-east-1\] do not list/,
    ],
  ])('GIVEN a snapshot that is %s WHEN checking THEN exit 1 and one line naming the file', async (_case, content, pattern) => {
    const workspace = createWorkspace()
    write(workspace, 'snap.json', content)
    expectOneLineError(await runCli(workspace, ['drift', 'check', '--snapshot', 'snap.json']), 1, pattern)
  })

  it('GIVEN a template over the 10 MB limit WHEN checking THEN exit 1 naming the file, its size and the limit', async () => {
    const workspace = createWorkspace()
    setAlarmDescription(workspace, 'x'.repeat(11 * 1024 * 1024))
    expectOneLineError(await check(workspace), 1, /^Error: the phases have a problem: phases\/00-foundation\/02-drift-alarm\.yaml:1:1: template is 11\.0 MB, over the limit of 10\.0 MB \(phases\.maxTemplateBytes\)/)
  })

  it('GIVEN a 9 MB property value (under the template size limit) WHEN checking THEN the run completes and the text report stays readable', async () => {
    const workspace = createWorkspace()
    setAlarmDescription(workspace, 'x'.repeat(9 * 1024 * 1024))
    const result = await check(workspace)
    expect(result.code).toBe(2)
    const line = result.stdout.split('\n').find((text) => text.includes('/AlarmDescription'))
    expect(line).toBeDefined()
    expect(line!.length).toBeLessThan(400)
  })

  it('GIVEN a template with bytes that are not UTF-8 WHEN checking THEN exit 1 naming the file', async () => {
    const workspace = createWorkspace()
    write(workspace, 'phases/30-compute/09-latin1.yaml', Buffer.from([...Buffer.from('Resources:\n  Caf'), 0xe9, ...Buffer.from(':\n    Type: AWS::EC2::VPC\n')]))
    expectOneLineError(await check(workspace), 1, /^Error: .*phases\/30-compute\/09-latin1\.yaml.*UTF-8/)
  })
})

describe('report files are never half-written', () => {
  it('GIVEN a report path on a read-only file system WHEN checking THEN exit 1, one line, nothing written', async () => {
    const result = await check(createWorkspace(), '--report', '/sys/ialctl-report.json')
    expectOneLineError(result, 1, /^Error: cannot write \/sys\/ialctl-report\.json: /)
  })

  it('GIVEN the disk fills up while the report is written WHEN checking THEN the previous report is intact and no temp file is left', async () => {
    const workspace = createWorkspace()
    write(workspace, 'out/report.json', 'previous report\n')
    // A 2 KiB file size limit with SIGXFSZ ignored: writes past it fail (EFBIG) the way they do on a full disk.
    const result = await new Promise<CliResult>((resolve) => {
      const started = Date.now()
      const args = [BIN, 'drift', 'check', '--snapshot', SNAPSHOT, '--output', 'json', '--report', 'out/report.json'].map((arg) => `'${arg}'`).join(' ')
      const child = spawn('bash', ['-c', `trap '' XFSZ; ulimit -f 2; exec '${process.execPath}' ${args}`], {cwd: workspace.dir, env: cliEnv(workspace)})
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk) => (stdout += chunk))
      child.stderr.on('data', (chunk) => (stderr += chunk))
      child.once('close', (code) => resolve({code, stdout, stderr, durationMs: Date.now() - started}))
    })
    expectOneLineError(result, 1, /^Error: cannot write out\/report\.json: EFBIG/)
    expect(readFileSync(path.join(workspace.dir, 'out/report.json'), 'utf8')).toBe('previous report\n')
    expect(readdirSync(path.join(workspace.dir, 'out'))).toEqual(['report.json'])
    expect(existsSync(path.join(workspace.dir, 'out/report.json.tmp'))).toBe(false)
  })

  it('GIVEN --report is a symbolic link to /dev/null WHEN checking THEN the report goes through it and the link and the device stay', async () => {
    const workspace = createWorkspace()
    symlinkSync('/dev/null', path.join(workspace.dir, 'report.json'))
    const result = await check(workspace, '--output', 'json', '--report', 'report.json')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('')
    expect(lstatSync(path.join(workspace.dir, 'report.json')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(path.join(workspace.dir, 'report.json'))).toBe('/dev/null')
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true)
    expect(readdirSync(workspace.dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('GIVEN --report is a named pipe a reader waits on WHEN checking THEN the reader gets the report and the pipe stays a pipe', async () => {
    const workspace = createWorkspace()
    const fifo = path.join(workspace.dir, 'report.fifo')
    await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).once('close', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo exited ${code}`)))))
    const reader = spawn('cat', [fifo])
    let received = ''
    reader.stdout.on('data', (chunk) => (received += chunk))
    const readerDone = new Promise<void>((resolve) => reader.once('close', () => resolve()))
    const result = await check(workspace, '--output', 'json', '--report', 'report.fifo')
    await readerDone
    expect(result.code).toBe(2)
    expect(JSON.parse(received)).toEqual(JSON.parse(result.stdout))
    expect(statSync(fifo).isFIFO()).toBe(true)
    expect(readdirSync(workspace.dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('GIVEN --report names a directory WHEN checking THEN exit 1 with one line and the directory is untouched', async () => {
    const workspace = createWorkspace()
    mkdirSync(path.join(workspace.dir, 'reports'))
    expectOneLineError(await check(workspace, '--report', 'reports'), 1, /^Error: cannot write reports: it is a directory, not a regular file \(pass the path of a file to write\)$/)
    expect(readdirSync(path.join(workspace.dir, 'reports'))).toEqual([])
  })
})
