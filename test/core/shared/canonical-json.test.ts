import {describe, expect, it} from 'vitest'

import {canonicalJson, canonicalJsonFile, canonicalValue} from '../../../src/core/shared/canonical-json.js'

describe('canonicalJson', () => {
  it('GIVEN the same data with keys in another order WHEN serialised THEN the text is the same, keys in code-point order at every level', () => {
    const a = {b: 1, a: [{z: 1, Y: 2}], c: {é: 1, e: 2}}
    const b = {c: {e: 2, é: 1}, a: [{Y: 2, z: 1}], b: 1}
    expect(canonicalJson(a)).toBe(canonicalJson(b))
    expect(canonicalJson(a)).toBe('{"a":[{"Y":2,"z":1}],"b":1,"c":{"e":2,"é":1}}')
  })

  it('GIVEN absent values WHEN serialised THEN they are left out, or written as null when asked (the reverse-sync fingerprint)', () => {
    expect(canonicalJson({a: undefined, b: [undefined]})).toBe('{"b":[null]}')
    expect(canonicalJson({a: undefined, b: [undefined]}, {absent: 'null'})).toBe('{"a":null,"b":[null]}')
    expect(canonicalJson(undefined)).toBe('null')
  })

  it('GIVEN a value with toJSON (a template intrinsic) WHEN serialised THEN its JSON form is used', () => {
    expect(canonicalJson({v: {toJSON: () => ({Ref: 'Vpc'})}})).toBe('{"v":{"Ref":"Vpc"}}')
  })

  it('GIVEN a cycle WHEN serialised THEN it throws instead of writing a placeholder into a hash', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => canonicalJson(cyclic)).toThrow(TypeError)
  })

  it('GIVEN a file WHEN written THEN it is indented by two spaces and ends in one newline', () => {
    expect(canonicalJsonFile({b: [], a: {}})).toBe('{\n  "a": {},\n  "b": []\n}\n')
  })

  it('GIVEN a value WHEN made canonical THEN its keys are sorted and absent is null', () => {
    expect(Object.keys(canonicalValue({b: 1, a: 2}) as object)).toEqual(['a', 'b'])
    expect(canonicalValue(undefined)).toBeNull()
    expect(canonicalValue('x')).toBe('x')
  })
})
