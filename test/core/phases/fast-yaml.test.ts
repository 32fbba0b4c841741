import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it, vi} from 'vitest'
import {isMap, isScalar, isSeq, LineCounter, type Node, parseDocument} from 'yaml'

import {readYamlFast} from '../../../src/core/phases/fast-yaml.js'
import {INTRINSIC_TAGS} from '../../../src/core/phases/intrinsics.js'
import {MAX_NESTING_DEPTH, parseTemplate} from '../../../src/core/phases/parse-template.js'

// The fast reading is a shortcut: where it answers, its tree must be yaml's own, node for node (kind, value, tag,
// where it starts) with the same line breaks; where it cannot promise that, it must step aside.
const shape = (node: unknown): unknown => {
  if (node === null || node === undefined) return null
  const at = (node as Node).range?.[0]
  const tag = (node as Node).tag
  if (isMap(node)) return {at, tag, map: node.items.map((pair) => [shape(pair.key), shape(pair.value)])}
  if (isSeq(node)) return {at, tag, seq: node.items.map(shape)}
  if (isScalar(node)) return {at, tag, value: node.value}
  return {other: String(node)}
}

function yamlReading(text: string) {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, customTags: INTRINSIC_TAGS, prettyErrors: false, uniqueKeys: false})
  return {clean: doc.errors.length === 0 && doc.warnings.length === 0, tree: shape(doc.contents), lineStarts: lineCounter.lineStarts}
}

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : yamlFiles(file)
    return /\.ya?ml$/.test(entry.name) ? [file] : []
  })

describe('fast YAML reading', () => {
  it.each([...yamlFiles('phases'), ...yamlFiles('test/fixtures')])('GIVEN %s WHEN read fast THEN the tree is the one yaml builds', (file) => {
    const text = readFileSync(file, 'utf8')
    const expected = yamlReading(text)
    const fast = readYamlFast(text, MAX_NESTING_DEPTH)
    // A template yaml reads cleanly takes the fast way; one with problems may leave it to yaml.
    if (expected.clean) expect(fast, 'a clean template should be read fast').toBeDefined()
    if (fast) {
      expect(shape(fast.contents)).toEqual(expected.tree)
      expect(fast.lineCounter.lineStarts).toEqual(expected.lineStarts)
    }
  })

  // Each is read fast and equal, or left to yaml: never read differently.
  const tricky: Record<string, string> = {
    'quoted and block scalars': 'a: "x: y"\nb: \'it\'\'s\'\nc: |\n  line one\n  line two\nd: >-\n  folded\n  text\n',
    'core-schema scalars': 'a: [0o17, 017, 0x1F, 1e3, .inf, -.Inf, .nan, ~, null, Null, true, True, TRUE, yes, on, 1_000, 0b11, +1, -0, 1.0, 2026-01-01]\n',
    'keys that are numbers or booleans': '80: http\ntrue: yes\n1.5: x\n',
    'empty values': 'a:\nb:   \n  # comment\nc: [a, b]\nd:\n  -\n  - x\n  - # note\n',
    'comments everywhere': '# head\nResources: # trailing\n  # inside\n  A: # x\n    Type: T # y\n',
    'intrinsics in every position': 'A: !Ref X\nB: !Sub\n  - "${X}"\n  - {X: !GetAtt Y.Arn}\nC: !If [Cond, !Ref Z, !Ref AWS::NoValue]\nD: !Transform\n  Name: x\nE: !Ref\nF: !Base64 |\n  text\n',
    'long forms': 'A: {Ref: X}\nB:\n  Fn::Join: ["", [a, !Ref B]]\n',
    'flow entries without values': '{a, b: c}\n',
    'flow pairs in sequences': '[a: b, c]\n',
    'explicit keys': '? a\n: b\n? [x, y]\n: z\n',
    'anchors and aliases': 'a: &x 1\nb: *x\n',
    'merge keys': 'a: {x: 1}\nb:\n  <<: {x: 2}\n',
    'explicit tags': 'a: !!str 1\nb: !!int "2"\nc: !Unknown x\n',
    'duplicate keys': 'a: 1\na: 2\n',
    'document markers and directives': '%YAML 1.2\n---\na: 1\n...\n',
    'two documents': 'a: 1\n---\nb: 2\n',
    'windows line endings': 'Resources:\r\n  A:\r\n    Type: T\r\n',
    'old mac line endings': 'Resources:\r  A:\r    Type: T\r',
    'tabs': 'a:\tb\nc:\n\t- x\n',
    'unicode and escapes': 'a: "\\u00e9\\t\\x41"\nb: café\nc: "\\e[31m"\n',
    'proto keys': '__proto__: {polluted: true}\nconstructor: x\n',
    'multi-line plain scalars': 'a: one\n  two\n\n  three\nb: [x\n  y]\n',
    'a scalar document': 'just text\n',
    'an empty document': '',
    'only a comment': '# nothing\n',
    'a sequence at the root': '- a\n- b: c\n  d: e\n',
    'same-indent sequences': 'a:\n- x\n- y\nb: z\n',
    'nested flow': '{a: [1, {b: [2, 3]}], c: {}}\n',
    'syntax errors': 'a: [1, 2\nb: }\n',
    'bad indentation': 'a:\n  b: 1\n c: 2\n',
    'deep nesting': `${'['.repeat(150)}${']'.repeat(150)}\n`,
  }

  it.each(Object.entries(tricky))('GIVEN %s WHEN read fast THEN it is yaml\'s tree or left to yaml', (_name, text) => {
    const fast = readYamlFast(text, MAX_NESTING_DEPTH)
    if (!fast) return
    const expected = yamlReading(text)
    expect(expected.clean, 'the fast way read what yaml reports a problem in').toBe(true)
    expect(shape(fast.contents)).toEqual(expected.tree)
    expect(fast.lineCounter.lineStarts).toEqual(expected.lineStarts)
  })

  it('GIVEN the cases the fast way must not take WHEN read THEN it steps aside', () => {
    for (const name of ['anchors and aliases', 'merge keys', 'explicit tags', 'duplicate keys', 'two documents', 'old mac line endings', 'flow entries without values', 'syntax errors', 'deep nesting']) {
      expect(readYamlFast(tricky[name], MAX_NESTING_DEPTH), name).toBeUndefined()
    }
  })

  it.each(yamlFiles('phases'))('GIVEN %s WHEN parsed THEN the template read is the same whichever way the YAML was read', async (file) => {
    const source = {file, phase: path.basename(path.dirname(file)), stackName: 'stack', bytes: readFileSync(file)}
    vi.resetModules()
    vi.doMock('../../../src/core/phases/fast-yaml.js', () => ({readYamlFast: () => undefined}))
    const yamlOnly = await import('../../../src/core/phases/parse-template.js')
    vi.doUnmock('../../../src/core/phases/fast-yaml.js')
    expect(parseTemplate(source)).toEqual(yamlOnly.parseTemplate(source))
  })
})
