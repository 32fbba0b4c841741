import type {Difference, DriftItem, Severity} from '../core/model.js'
import {resourceType} from '../core/resources/index.js'
import {terminalText} from '../core/shared/untrusted-text.js'

/** ANSI styling that is a no-op when colour is off, so renderers never branch on it. */
export interface Style {
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  cyan(text: string): string
  bold(text: string): string
  dim(text: string): string
}

const wrap = (open: number, close: number) => (text: string) => `\u001B[${open}m${text}\u001B[${close}m`

export function createStyle(color: boolean): Style {
  if (!color) {
    const same = (text: string) => text
    return {red: same, green: same, yellow: same, cyan: same, bold: same, dim: same}
  }

  return {red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), bold: wrap(1, 22), dim: wrap(2, 22)}
}

export function paintSeverity(style: Style, severity: Severity, text: string): string {
  switch (severity) {
    case 'critical': {
      return style.bold(style.red(text))
    }

    case 'high': {
      return style.red(text)
    }

    case 'medium': {
      return style.yellow(text)
    }

    default: {
      return style.cyan(text)
    }
  }
}

/** terraform plan's markers: + only in AWS, - only in the template, ~ changed. */
export const KIND_MARKERS: Record<Difference['kind'], string> = {ADD: '+', REMOVE: '-', NOT_EQUAL: '~'}

export function paintKind(style: Style, kind: Difference['kind'], text: string): string {
  if (kind === 'ADD') return style.green(text)
  if (kind === 'REMOVE') return style.red(text)
  return style.yellow(text)
}

export const DRIFT_TYPE_LABELS: Record<DriftItem['driftType'], string> = {
  configuration_drift: 'configuration drift',
  tag_drift: 'tag drift',
  missing_resource: 'missing in AWS',
  extra_resource: 'extra in AWS',
}

/**
 * A value as a user reads it, never cut mid-value: strings quoted, numbers and booleans bare, structured values as a
 * compact `{key=value, …}` / `[a, b]` with every key kept. Only a long string is shortened, in the middle, so that
 * its start and end (an ARN's service and name, a path's file) stay readable; the JSON report has it whole.
 */
export function formatValue(value: unknown, max = Number.POSITIVE_INFINITY): string {
  if (value === null || value === undefined) return '(absent)'
  // Values come from AWS: control characters JSON leaves raw (DEL, C1, bidi) are made visible too.
  if (typeof value === 'string') return terminalText(JSON.stringify(elideMiddle(value, max)))
  if (typeof value !== 'object') return String(value)
  return terminalText(compact(value, max))
}

/**
 * A difference's value as the resource type reads it (a security group rule as `tcp 22 from 0.0.0.0/0`), else as
 * formatValue does.
 */
export function formatTypedValue(type: string, path: string, value: unknown, max = Number.POSITIVE_INFINITY): string {
  if (value === null || value === undefined) return '(absent)'
  const described = resourceType(type)?.describeValue?.(path, value)
  return described === undefined ? formatValue(value, max) : terminalText(described)
}

function compact(value: unknown, max: number): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map((element) => compact(element, max)).join(', ')}]`
  if (typeof value === 'object') {
    const plainValue = JSON.parse(JSON.stringify(value)) as unknown
    if (plainValue === null || typeof plainValue !== 'object' || Array.isArray(plainValue)) return compact(plainValue, max)
    return `{${Object.entries(plainValue as Record<string, unknown>)
      .map(([key, child]) => `${BARE.test(key) ? key : JSON.stringify(key)}=${compact(child, max)}`)
      .join(', ')}}`
  }

  if (typeof value === 'string') {
    const shown = elideMiddle(value, max)
    return BARE.test(shown) ? shown : JSON.stringify(shown)
  }

  return String(value)
}

/** Strings that read unambiguously without quotes inside `{key=value, …}`: ids, CIDRs, ARNs, numbers-as-text. */
const BARE = /^[\w./:@*+-]+$/

/** `arn:aws:iam::123456789012:role/…/deploy-role`: the first and last parts of a long text, with `…` between. */
export function elideMiddle(text: string, max: number): string {
  if (text.length <= max) return text
  const kept = Math.max(2, max - 1)
  const head = Math.ceil(kept / 2)
  return `${text.slice(0, head)}…${text.slice(text.length - (kept - head))}`
}

/** `file:line` of a difference: its own line when the template has one, else the resource's. */
export function differenceLocation(item: DriftItem, difference: Difference): string {
  if (!item.location) return ''
  return `${item.location.file}:${difference.line ?? item.location.line}`
}

export const plural = (count: number, singular: string, pluralForm = `${singular}s`): string => `${count} ${count === 1 ? singular : pluralForm}`
