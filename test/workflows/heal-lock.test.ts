import {existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {fileAuditLog} from '../../src/adapters/audit-log.js'
import {acquireLock, LockHeldError, probeProcess, type ProcessProbe} from '../../src/adapters/lock-file.js'

const dir = () => mkdtempSync(path.join(tmpdir(), 'ialctl-lock-'))
const me = {pid: 4242, startedAt: '2026-11-25T10:00:00.000Z', host: 'ci-runner'}
const other = {pid: 1717, startedAt: '2026-11-25T09:58:00.000Z', host: 'ci-runner'}
/** Every PID runs, started when the lock says (or the platform cannot tell). */
const running: ProcessProbe = () => ({})
const gone: ProcessProbe = () => null

function lockedBy(owner: object): string {
  const file = path.join(dir(), '.ialctl', 'heal.lock')
  mkdirSync(path.dirname(file), {recursive: true})
  writeFileSync(file, JSON.stringify(owner))
  return file
}

describe('heal lock', () => {
  it('GIVEN no lock WHEN acquiring THEN the file holds our PID and start time, and release removes it', async () => {
    const file = path.join(dir(), '.ialctl', 'heal.lock')
    const lock = await acquireLock(file, {owner: me, forceUnlock: false, probe: () => ({start: 'boot-1:42'})})
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({...me, processStart: 'boot-1:42'})
    expect(lock.freed).toBeNull()
    await lock.release()
    expect(existsSync(file)).toBe(false)
  })

  it('GIVEN a lock held by a live process WHEN acquiring THEN it fails naming the PID and start time, even with --force-unlock', async () => {
    const file = lockedBy(other)
    for (const forceUnlock of [false, true]) {
      const error = await acquireLock(file, {owner: me, forceUnlock, probe: running}).catch((error_: unknown) => error_)
      expect(error).toBeInstanceOf(LockHeldError)
      expect((error as LockHeldError).exitCode).toBe(1)
      expect((error as LockHeldError).line).toBe(
        `another heal is running (PID 1717, started 2026-11-25T09:58:00.000Z): ${file} is locked (wait for it to finish; --force-unlock only frees a lock whose process is gone)`,
      )
    }

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(other)
  })

  it('GIVEN a lock left by a dead process WHEN acquiring THEN it is reported as stale and the hint names --force-unlock', async () => {
    const file = lockedBy(other)
    const error = (await acquireLock(file, {owner: me, forceUnlock: false, probe: gone}).catch((error_: unknown) => error_)) as LockHeldError
    expect(error.stale).toBe(true)
    expect(error.line).toBe(
      `${file} is a stale heal lock (PID 1717, started 2026-11-25T09:58:00.000Z): that process is no longer running (if no heal is running, remove it with --force-unlock)`,
    )
  })

  it('GIVEN a stale lock and --force-unlock WHEN acquiring THEN it is removed, reported as freed, and the lock is ours', async () => {
    const file = lockedBy(other)
    const lock = await acquireLock(file, {owner: me, forceUnlock: true, probe: gone})
    expect(lock.freed).toEqual(other)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(me)
    await lock.release()
  })

  it('GIVEN a lock from another host WHEN acquiring THEN its liveness is unknown: refused without --force-unlock', async () => {
    const file = lockedBy({...other, host: 'laptop'})
    await expect(acquireLock(file, {owner: me, forceUnlock: false, probe: gone})).rejects.toThrow('a heal lock held from another host (PID 1717, started 2026-11-25T09:58:00.000Z on laptop)')
  })

  it('GIVEN an unreadable lock file WHEN acquiring THEN it is treated as stale', async () => {
    const file = lockedBy({})
    writeFileSync(file, '')
    await expect(acquireLock(file, {owner: me, forceUnlock: false})).rejects.toThrow(`${file} is an unreadable heal lock`)
    expect((await acquireLock(file, {owner: me, forceUnlock: true})).freed).toMatchObject({pid: 0})
  })

  it('GIVEN our lock was force-removed and taken by another run WHEN we release THEN their lock stays', async () => {
    const file = path.join(dir(), 'heal.lock')
    const lock = await acquireLock(file, {owner: me, forceUnlock: false})
    writeFileSync(file, JSON.stringify(other))
    await lock.release()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(other)
  })

  it('GIVEN a lock whose PID now belongs to a process that started later WHEN acquiring THEN it is stale (the PID was reused) and --force-unlock frees it', async () => {
    const file = lockedBy({...other, processStart: 'boot-1:1000'})
    const reused: ProcessProbe = (pid) => (pid === other.pid ? {start: 'boot-1:98765'} : null)

    const error = (await acquireLock(file, {owner: me, forceUnlock: false, probe: reused}).catch((error_: unknown) => error_)) as LockHeldError

    expect(error.stale).toBe(true)
    expect(error.line).toBe(
      `${file} is a stale heal lock (PID 1717, started 2026-11-25T09:58:00.000Z): that PID now belongs to another process (if no heal is running, remove it with --force-unlock)`,
    )
    expect((await acquireLock(file, {owner: me, forceUnlock: true, probe: reused})).freed).toEqual({...other, processStart: 'boot-1:1000'})
  })

  it('GIVEN a lock whose PID runs with the recorded start time WHEN acquiring with --force-unlock THEN it is live and kept', async () => {
    const file = lockedBy({...other, processStart: 'boot-1:1000'})
    const same: ProcessProbe = () => ({start: 'boot-1:1000'})
    await expect(acquireLock(file, {owner: me, forceUnlock: true, probe: same})).rejects.toThrow('another heal is running (PID 1717')
  })

  it('GIVEN a lock written without a start time (an older ialctl) WHEN its PID runs THEN it counts as live', async () => {
    const file = lockedBy(other)
    await expect(acquireLock(file, {owner: me, forceUnlock: true, probe: () => ({start: 'boot-1:5'})})).rejects.toThrow('another heal is running (PID 1717')
  })

  it('GIVEN a lock taken for real WHEN read back THEN it records this process start as the kernel counts it', async () => {
    const file = path.join(dir(), 'heal.lock')
    const lock = await acquireLock(file, {owner: {...me, pid: process.pid}, forceUnlock: false})
    const written = JSON.parse(readFileSync(file, 'utf8'))
    if (process.platform === 'linux') {
      const stat = readFileSync('/proc/self/stat', 'utf8')
      const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
      expect(written.processStart).toBe(`${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}:${ticks}`)
    } else expect(written.processStart).toBeUndefined()
    expect(probeProcess(process.pid)).toEqual(process.platform === 'linux' ? {start: written.processStart} : {})
    await lock.release()
    expect(existsSync(file)).toBe(false)
  })

  it('GIVEN this very process WHEN checking liveness for real THEN a lock it holds counts as live', async () => {
    const file = lockedBy({pid: process.pid, startedAt: 'earlier', host: me.host})
    await expect(acquireLock(file, {owner: me, forceUnlock: true})).rejects.toThrow(`another heal is running (PID ${process.pid}`)
  })
})

describe('audit log', () => {
  it('GIVEN a missing directory WHEN appending twice THEN it is created and holds one JSON line per record', async () => {
    const file = path.join(dir(), 'logs', 'nested', 'audit.jsonl')
    const log = fileAuditLog(file)
    const record = {time: 't', who: null, item: 'Web', type: 'AWS::ECS::Service', physicalId: 'arn', region: 'us-east-1', action: [], before: null, after: null, result: 'skipped', checks: [], via: 'cli' as const}
    await log.append(record)
    await log.append({...record, item: 'Api'})
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line))
    expect(lines.map((line) => line.item)).toEqual(['Web', 'Api'])
  })

  it('GIVEN an audit path under a file WHEN appending THEN a one-line error names the file', async () => {
    const base = dir()
    writeFileSync(path.join(base, 'blocker'), '')
    await expect(fileAuditLog(path.join(base, 'blocker', 'audit.jsonl')).append({} as never)).rejects.toThrow(/cannot append to the audit log .*blocker\/audit.jsonl: (ENOTDIR|EEXIST)/)
  })
})
