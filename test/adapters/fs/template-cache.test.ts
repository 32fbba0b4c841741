import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {TemplateCache} from '../../../src/adapters/fs/template-cache.js'
import {decodeEntry, encodeEntry} from '../../../src/adapters/fs/template-entry.js'
import {Intrinsic} from '../../../src/core/model.js'
import {parseTemplate} from '../../../src/core/phases/index.js'
import {loadPhases} from '../../../src/workflows/load-phases.js'
import {workdir} from '../../core/phases/helpers.js'

const TEMPLATE = [
  'Parameters:',
  '  Env: {Type: String, Default: prod}',
  'Resources:',
  '  Vpc:',
  '    Type: AWS::EC2::VPC',
  '    Properties:',
  '      CidrBlock: 10.0.0.0/16',
  '      Tags: [{Key: Name, Value: !Sub "${Env}-vpc"}]',
  '  Subnet:',
  '    Type: AWS::EC2::Subnet',
  '    DependsOn: Vpc',
  '    Properties:',
  '      VpcId: !Ref Vpc',
  '      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]',
  '      Tags: [{Key: Odd, Value: ["\\0intrinsic", Ref, Vpc]}]',
  '    Condition: IsProd',
  'Conditions:',
  '  IsProd: !Equals [!Ref Env, prod]',
  '',
].join('\n')

const entriesOf = (cwd: string) => {
  const dir = path.join(cwd, '.ialctl/cache/templates')
  return readdirSync(dir).flatMap((sub) => readdirSync(path.join(dir, sub)).map((name) => path.join(dir, sub, name)))
}

const load = (cwd: string) => loadPhases({dir: 'phases', cwd, cacheDir: '.ialctl/cache'})

describe('parsed-template cache', () => {
  it('GIVEN a cold and a warm run WHEN loaded THEN both give the same model and problems, intrinsics as Intrinsic instances', async () => {
    const cwd = workdir({'phases/10-network/01-vpc.yaml': TEMPLATE, 'phases/10-network/02-bad.yaml': 'Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlok: x}\n'})
    const uncached = await loadPhases({dir: 'phases', cwd})
    const cold = await load(cwd)
    expect(entriesOf(cwd)).toHaveLength(2)
    const warm = await load(cwd)
    expect(warm).toStrictEqual(uncached)
    expect(cold).toStrictEqual(uncached)
    expect(warm.model.resources[1].properties.VpcId).toBeInstanceOf(Intrinsic)
    // A template value that looks like the cache's own tag stays a plain list.
    expect(warm.model.resources[1].properties.Tags).toEqual([{Key: 'Odd', Value: ['\u0000intrinsic', 'Ref', 'Vpc']}])
    expect(warm.problems.map((problem) => problem.code)).toEqual(['unknown-property'])
  })

  it('GIVEN a cached template WHEN the file changes THEN the new content is parsed, never the cached one', async () => {
    const cwd = workdir({'phases/10-network/01-vpc.yaml': TEMPLATE})
    await load(cwd)
    writeFileSync(path.join(cwd, 'phases/10-network/01-vpc.yaml'), TEMPLATE.replace('10.0.0.0/16', '10.9.0.0/16'))
    const {model} = await load(cwd)
    expect(model.resources[0].properties.CidrBlock).toBe('10.9.0.0/16')
    expect(entriesOf(cwd)).toHaveLength(2)
  })

  it('GIVEN corrupted, truncated or reshaped cache entries WHEN loaded THEN each is a miss and the template is parsed again', async () => {
    const cwd = workdir({'phases/10-network/01-vpc.yaml': TEMPLATE})
    const expected = await load(cwd)
    const [entry] = entriesOf(cwd)
    const original = readFileSync(entry, 'utf8')
    for (const bad of ['not json', original.slice(0, original.length / 2), original.replace('"logicalId":"Vpc"', '"logicalId":7'), original.replace('"format":1', '"format":1,"extra":true'), '["\\u0000intrinsic"]', 'null']) {
      writeFileSync(entry, bad)
      expect(await load(cwd)).toStrictEqual(expected)
    }
  })

  it('GIVEN a hostile entry with a __proto__ key or another address WHEN decoded THEN no prototype is touched and a moved entry is a miss', () => {
    const source = {file: 'phases/10-network/01-vpc.yaml', phase: '10-network', stackName: 's', bytes: new TextEncoder().encode(TEMPLATE)}
    const text = encodeEntry('k', parseTemplate(source)).replace('"properties":{', '"properties":{"__proto__":{"polluted":true},')
    const template = decodeEntry(text, 'k')!
    const properties = template.resources[0].resource.properties
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype)
    expect(Object.hasOwn(properties, '__proto__')).toBe(true)
    expect((properties as {polluted?: unknown}).polluted).toBeUndefined()
    expect(({} as {polluted?: unknown}).polluted).toBeUndefined()
    expect(decodeEntry(text, 'another-key')).toBeUndefined()
  })

  it('GIVEN a template with a __proto__ key WHEN parsed THEN it is an own property, cold and warm alike', async () => {
    const cwd = workdir({'phases/10-network/01-vpc.yaml': 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      __proto__: {CidrBlock: 10.0.0.0/16}\n'})
    const cold = await load(cwd)
    const warm = await load(cwd)
    for (const {model} of [cold, warm]) {
      const properties = model.resources[0].properties
      expect(Object.getPrototypeOf(properties)).toBe(Object.prototype)
      expect(Object.keys(properties)).toEqual(['__proto__'])
      expect(properties.CidrBlock).toBeUndefined()
    }

    expect(warm).toStrictEqual(cold)
  })

  it('GIVEN the same bytes under another path or stack name WHEN keyed THEN the addresses differ', async () => {
    const cache = await TemplateCache.open(workdir({}))
    const bytes = new TextEncoder().encode(TEMPLATE)
    const keys = new Set([
      cache.keyOf({file: 'phases/10-a/01.yaml', phase: '10-a', stackName: 's', bytes}),
      cache.keyOf({file: 'phases/10-a/02.yaml', phase: '10-a', stackName: 's', bytes}),
      cache.keyOf({file: 'phases/10-a/01.yaml', phase: '10-a', stackName: 't', bytes}),
      cache.keyOf({file: 'phases/10-a/01.yaml', phase: '10-a', stackName: 's', bytes: new TextEncoder().encode(`${TEMPLATE}\n`)}),
    ])
    expect(keys.size).toBe(4)
  })
})
