import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {parseTemplate, type ParsedTemplate} from '../../../src/core/phases/index.js'

/** Parses template text as if it were `phases/<phase>/<file>`. */
export function parse(text: string, file = 'phases/00-test/01-test.yaml'): ParsedTemplate {
  const phase = file.split('/')[1]
  return parseTemplate({file, phase, stackName: 'stack', bytes: Buffer.from(text)})
}

/** A temporary working directory holding the given files (string or raw bytes). */
export function workdir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-phases-'))
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    writeFileSync(path.join(dir, name), content)
  }

  return dir
}

/** A template with one resource whose Properties are the given lines (indented by the caller's YAML). */
export const resourceTemplate = (logicalId: string, type: string, properties: string) =>
  `Resources:\n  ${logicalId}:\n    Type: ${type}\n    Properties:\n${properties
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n')}\n`
