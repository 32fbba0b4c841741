import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'

import {commitText, jsonText, markdownCode, markdownTableRow, markdownText, needsYamlEscapes, terminalText, visibleControls, withoutWorkflowCommands, yamlCommentText, yamlDoubleQuoted} from '../../../src/core/shared/untrusted-text.js'

// Values an attacker with console access can put into a tag key or value, or a resource name.
const HOSTILE = {
  newlineCommand: 'ok\n::error file=x::pwned',
  indentedCommand: 'ok\n   ::add-mask::secret',
  legacyCommand: 'x ##[error]pwned',
  ansi: 'red\u001B[31mRED\u001B[0m',
  osc: 'link\u001B]8;;https://evil.example\u0007click\u001B]8;;\u0007',
  c1Csi: 'c1\u009B31m',
  heading: 'x\n## Injected heading',
  html: '<img src=x onerror=alert(1)>',
  backticks: 'a ``` b ` c',
  trailer: 'x\n\nCo-authored-by: Mallory <m@evil.example>',
  bidi: 'admin\u202Egnp.exe',
}

describe('visibleControls (the rule behind every sink)', () => {
  it('GIVEN control, C1, separator and bidi characters WHEN rendered THEN each is a visible escape and nothing else changes', () => {
    expect(visibleControls('a\nb\rc\td\u001Be\u0000f\u007Fg\u009Bh\u2028i\u202Ej é 🙂')).toBe(String.raw`a\nb\rc\td\x1be\x00f\x7fg\x9bh\u2028i\u202ej é 🙂`)
  })
})

describe('terminal sink', () => {
  it.each(Object.entries(HOSTILE))('GIVEN %s WHEN shown on a terminal THEN it is one line without an escape byte', (_name, value) => {
    const shown = terminalText(value)
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(shown).not.toMatch(/[\n\r\u001B\u0007\u009B]/)
  })

  it('GIVEN an OSC hyperlink WHEN shown THEN the sequence is visible text', () => {
    expect(terminalText(HOSTILE.osc)).toBe(String.raw`link\x1b]8;;https://evil.example\x07click\x1b]8;;\x07`)
  })
})

describe('CI log sink (GitHub Actions workflow commands)', () => {
  const isCommandLine = (line: string) => /^\s*::/.test(line) || line.includes('##[')

  it.each([
    ['::error::x', String.raw`\u003a:error::x`],
    ['   ::add-mask::secret', String.raw`   \u003a:add-mask::secret`],
    ['\t::set-output name=x::y', String.raw`	\u003a:set-output name=x::y`],
    ['text ##[error]x', String.raw`text #\u0023[error]x`],
    ['ok\n  ::warning::x\r::debug::y', String.raw`ok` + '\n' + String.raw`  \u003a:warning::x` + '\r' + String.raw`\u003a:debug::y`],
  ])('GIVEN output %j WHEN written THEN no line is a workflow command', (text, safe) => {
    const out = withoutWorkflowCommands(text)
    expect(out).toBe(safe)
    for (const line of out.split(/[\n\r]/)) expect(isCommandLine(line)).toBe(false)
  })

  it("GIVEN ialctl's own lines (types with ::, a colon mid-line) WHEN written THEN they are unchanged", () => {
    const own = '  ● Vpc  AWS::EC2::VPC · tag drift\n      ~ /Tags/Owner: "a" → "b"  phases/x.yaml:3\n'
    expect(withoutWorkflowCommands(own)).toBe(own)
  })

  it('GIVEN JSON output holding a command WHEN guarded THEN it still parses to the same value', () => {
    const value = {key: '::error::x', other: 'a ##[group]b'}
    const guarded = withoutWorkflowCommands(JSON.stringify(value, null, 2))
    expect(JSON.parse(guarded)).toEqual(value)
    expect(guarded).not.toContain('##[')
  })
})

describe('JSON output', () => {
  it('GIVEN a value with C1 and bidi characters WHEN printed as JSON THEN they are \\u escapes and it parses to the same value', () => {
    const value = {tag: 'a\u009B31m\u202Eb\u007F'}
    const text = jsonText(JSON.stringify(value, null, 2))
    expect(text).toContain(String.raw`a\u009b31m\u202eb\u007f`)
    expect(JSON.parse(text)).toEqual(value)
  })
})

describe('Markdown sink', () => {
  it.each(Object.entries(HOSTILE))('GIVEN %s WHEN written as Markdown text THEN it is one line with every markup character escaped', (_name, value) => {
    const text = markdownText(value)
    expect(text).not.toContain('\n')
    expect(text).not.toMatch(/(?<!\\)[<>`#[\]*_|&@]/)
  })

  it('GIVEN a link, an autolink and a mention WHEN written as text THEN none can form', () => {
    expect(markdownText('[x](https://evil.example) www.evil.example @octocat')).toBe(String.raw`\[x\]\(https\://evil\.example\) www\.evil\.example \@octocat`)
  })

  it('GIVEN backticks inside WHEN written as a code span THEN the fence is longer than any run inside', () => {
    expect(markdownCode('a ``` b ` c')).toBe('```` a ``` b ` c ````')
    expect(markdownCode('plain')).toBe('`plain`')
    expect(markdownCode('x\n## h')).toBe('`x\\n## h`')
  })

  it('GIVEN a cell with pipes and a line break WHEN made a table row THEN the row stays one row of the same cells', () => {
    const row = markdownTableRow([markdownCode('a|b'), 'c\n| d | e |'])
    expect(row.split('\n')).toHaveLength(1)
    expect(row.replaceAll(String.raw`\|`, '').match(/\|/g)).toHaveLength(3)
  })
})

describe('commit message sink', () => {
  it('GIVEN a value carrying a trailer WHEN put in a commit line THEN it stays on that line', () => {
    expect(commitText(HOSTILE.trailer)).toBe(String.raw`x\n\nCo-authored-by: Mallory <m@evil.example>`)
    expect(commitText(HOSTILE.trailer)).not.toContain('\n')
  })
})

describe('YAML sink', () => {
  it('GIVEN a name with a newline WHEN put in a comment THEN the comment stays one line', () => {
    expect(yamlCommentText('db\nResources: {}')).toBe(String.raw`db\nResources: {}`)
  })

  it.each([...Object.values(HOSTILE), 'quote " and \\ backslash', '\u0085\u2028\u2029\uFEFF', 'lone \uD800 surrogate'])('GIVEN %j WHEN written double-quoted THEN it is one printable line that reads back the same', (value) => {
    const written = yamlDoubleQuoted(value)
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(written).not.toMatch(/[\n\r\u0000-\u001F\u007F-\u009F\u2028\u2029]/)
    if (!value.includes('\uD800')) expect(parse(`v: ${written}`)).toEqual({v: value})
  })

  it('GIVEN ordinary values WHEN asked THEN only line breaks and unprintables need escapes', () => {
    expect(needsYamlEscapes('team-a::b ##[x] <b>')).toBe(false)
    expect(needsYamlEscapes('a\nb')).toBe(true)
    expect(needsYamlEscapes('a\u007Fb')).toBe(true)
  })
})
