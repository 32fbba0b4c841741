import type {Difference, DriftItem, Severity} from '../core/model.js'

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

/** A value as a user reads it: strings quoted, objects compact, long values cut (the JSON report has them whole). */
export function formatValue(value: unknown, max = Number.POSITIVE_INFINITY): string {
  if (value === null || value === undefined) return '(absent)'
  const text = JSON.stringify(value)
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text
}

/** `file:line` of a difference: its own line when the template has one, else the resource's. */
export function differenceLocation(item: DriftItem, difference: Difference): string {
  if (!item.location) return ''
  return `${item.location.file}:${difference.line ?? item.location.line}`
}

export const plural = (count: number, singular: string, pluralForm = `${singular}s`): string => `${count} ${count === 1 ? singular : pluralForm}`
