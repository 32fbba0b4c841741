// Lines in the phase templates, found by reading the YAML text directly (not through the product's loader), so
// that a report's file:line is checked against the file a person would open.
import {readFileSync} from 'node:fs'
import path from 'node:path'

function lines(root: string, file: string): string[] {
  return readFileSync(path.join(root, file), 'utf8').split('\n')
}

const indentOf = (line: string) => line.length - line.trimStart().length

/** 1-based line of `  LogicalId:` under Resources, and the range of its block. */
function resourceBlock(text: string[], logicalId: string): {start: number; end: number} {
  const start = text.findIndex((line) => new RegExp(`^\\s+${logicalId}:\\s*(#.*)?$`).test(line))
  if (start < 0) throw new Error(`no resource ${logicalId}`)
  const indent = indentOf(text[start])
  let end = start + 1
  while (end < text.length && (text[end].trim() === '' || text[end].trimStart().startsWith('#') || indentOf(text[end]) > indent)) end++
  return {start, end}
}

export function resourceLine(root: string, file: string, logicalId: string): number {
  return resourceBlock(lines(root, file), logicalId).start + 1
}

/**
 * Line of a difference path in a resource: `/Prop` and `/Prop/N` -> the `Prop:` key; `/Tags/Key` -> the `Value:`
 * line of that tag.
 */
export function propertyLine(root: string, file: string, logicalId: string, pointer: string): number {
  const text = lines(root, file)
  const {start, end} = resourceBlock(text, logicalId)
  const [property, tagKey] = pointer.split('/').slice(1)
  const keyLine = text.findIndex((line, index) => index > start && index < end && new RegExp(`^\\s+${property}:`).test(line))
  if (keyLine < 0) throw new Error(`${logicalId} has no ${property} in ${file}`)
  if (property !== 'Tags' || tagKey === undefined) return keyLine + 1
  const tagLine = text.findIndex((line, index) => index > keyLine && index < end && new RegExp(`^\\s*- Key: ${tagKey}\\s*$`).test(line))
  const valueLine = text.findIndex((line, index) => index > tagLine && /^\s+Value:/.test(line))
  return valueLine + 1
}
