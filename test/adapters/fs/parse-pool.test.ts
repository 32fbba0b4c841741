import {readdirSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {parseInWorkers} from '../../../src/adapters/fs/parse-pool.js'
import {Intrinsic} from '../../../src/core/model.js'
import {loadPhases} from '../../../src/workflows/load-phases.js'
// @ts-expect-error: the bench's plain JavaScript estate generator, without type declarations
import {writeEstate} from '../../../bench/estate.mjs'
import {workdir} from '../../core/phases/helpers.js'

// A worker thread runs compiled JavaScript, so the threaded path is exercised through dist/ (`npm test` builds it
// first, as the CLI tests need); the TypeScript sources under vitest have no worker to start and parse in-thread.
const dist = (module: string) => import(/* @vite-ignore */ path.resolve('dist', module))

/** A loaded model as text, intrinsics marked, whichever build's Intrinsic class made them. */
const fingerprint = (loaded: unknown, intrinsic: typeof Intrinsic) =>
  JSON.stringify(loaded, function (this: Record<string, unknown>, name: string, value: unknown) {
    const original = this[name]
    return original instanceof intrinsic ? {intrinsic: original.fn, arg: original.arg} : value
  })

const entries = (cwd: string) => {
  const dir = path.join(cwd, '.ialctl/cache/templates')
  return readdirSync(dir).flatMap((sub) => readdirSync(path.join(dir, sub)))
}

describe('parsing templates on worker threads', () => {
  // 5,000 resources in 25 templates: 1.2 MB, over the threshold where threads are used. Paths in the model are
  // relative to the working directory, so every copy of the estate loads to the same text.
  const estate = () => {
    const cwd = workdir({})
    writeEstate(cwd, 5000)
    return cwd
  }

  const cwd = estate()
  let inThreadOnce: Promise<string> | undefined
  const inThread = () => (inThreadOnce ??= loadPhases({dir: 'phases', cwd}).then((loaded) => fingerprint(loaded, Intrinsic)))

  it('GIVEN a large estate WHEN loaded cold and warm by the compiled build THEN the threads give exactly the model and problems of a parse in one thread, and write every cache entry', async () => {
    const {loadPhases: compiledLoad} = await dist('workflows/load-phases.js')
    const {Intrinsic: compiledIntrinsic} = await dist('core/model.js')
    const cold = fingerprint(await compiledLoad({dir: 'phases', cwd, cacheDir: '.ialctl/cache'}), compiledIntrinsic)
    expect(entries(cwd)).toHaveLength(25)
    const warm = fingerprint(await compiledLoad({dir: 'phases', cwd, cacheDir: '.ialctl/cache'}), compiledIntrinsic)
    expect(cold).toBe(await inThread())
    expect(warm).toBe(await inThread())
    expect(cold).toContain('"intrinsic":"Ref"')
  })

  it('GIVEN the compiled pool WHEN given templates THEN workers answer every one, intrinsics as Intrinsic instances', async () => {
    const {parseInWorkers: compiledPool} = await dist('adapters/fs/parse-pool.js')
    const {Intrinsic: compiledIntrinsic} = await dist('core/model.js')
    const source = (n: number) => ({file: `phases/10-a/${n}.yaml`, phase: '10-a', stackName: 's', bytes: new TextEncoder().encode(`Resources:\n  Vpc${n}:\n    Type: AWS::EC2::VPC\n  Subnet${n}:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc${n}}\n`)})
    const parsed = await compiledPool(Array.from({length: 5}, (_, index) => ({index, source: source(index), key: 'k'})))
    expect([...parsed.keys()].sort()).toEqual([0, 1, 2, 3, 4])
    expect(parsed.get(3).resources[1].resource.properties.VpcId).toBeInstanceOf(compiledIntrinsic)
    expect(parsed.get(3).resources[1].resource.properties.VpcId.arg).toBe('Vpc3')
  })

  it('GIVEN no compiled worker (the TypeScript sources) WHEN asked THEN the pool declines, and a large load parses in its own thread and still fills the cache', async () => {
    const bytes = new TextEncoder().encode('Resources: {}\n')
    expect(await parseInWorkers([{index: 0, source: {file: 'phases/10-a/1.yaml', phase: '10-a', stackName: 's', bytes}, key: 'k'}])).toBeUndefined()
    const fresh = estate()
    const loaded = fingerprint(await loadPhases({dir: 'phases', cwd: fresh, cacheDir: '.ialctl/cache'}), Intrinsic)
    expect(entries(fresh)).toHaveLength(25)
    expect(loaded).toBe(await inThread())
  })
})
