import {UsageError} from '../../errors.js'
import type {Difference} from '../model.js'
import {resourceType} from '../resources/index.js'
import {tagKeyOf} from '../shared/json-pointer.js'
import {nameGlob, pointerGlob} from '../shared/glob.js'

/**
 * Ignore rules, one string each (config `ignore`, `.ialctlignore` lines, `--ignore`):
 *
 *   id:<glob>[:<pointer-glob>]   a logical id (or an extra resource's physical id)   id:LegacyDb, id:App*:/DesiredCount
 *   <Type-glob>[:<pointer-glob>] a type, recognised by `::`                          AWS::Service::Resource:/Path
 *   <pointer-glob>               a property path on every resource, starts with /     /Tags/*, /SecurityGroupIngress
 *   tag:<glob>                   a tag key on every resource                          tag:aws:*, tag:Owner
 *   <glob>                       anything else is a logical id                        LegacyDb
 *
 * Globs: `*` matches any characters (in a pointer, within one segment); `**` in a pointer crosses segments. A
 * pointer rule also covers everything below it (`/SecurityGroupIngress` covers `/SecurityGroupIngress/1/CidrIp`).
 * A rule without a pointer suppresses the whole resource, missing and extra resources included.
 */
export interface IgnoreRule {
  text: string
  id?: (id: string) => boolean
  type?: (type: string) => boolean
  path?: (pointer: string) => boolean
  tag?: (key: string) => boolean
}

export function parseIgnoreRule(raw: string): IgnoreRule {
  const text = raw.trim()
  const invalid = (why: string) => new UsageError(`ignore rule '${raw}' ${why}`, 'see "Ignore rules" in the README: id:<LogicalId>, <Type>[:/Path], /Path, tag:<Key>')
  if (text === '') throw invalid('is empty')
  if (text.startsWith('tag:')) {
    const key = text.slice(4)
    if (key === '') throw invalid('names no tag key')
    return {text, tag: nameGlob(key)}
  }

  if (text.startsWith('/')) return {text, path: pointerGlob(text)}
  const [subject, pointer] = splitPointer(text)
  if (pointer !== undefined && !pointer.startsWith('/')) throw invalid('has a property path that does not start with /')
  const path = pointer === undefined ? undefined : pointerGlob(pointer)
  if (subject.startsWith('id:')) {
    const id = subject.slice(3)
    if (id === '') throw invalid('names no logical id')
    return {text, id: nameGlob(id), path}
  }

  if (subject.includes('::')) {
    if (/^[\w*]+::[\w*]+::[\w*]+:./.test(subject)) throw invalid('has a property path that does not start with /')
    if (!/^[\w*]+::[\w*]+::[\w*]+$/.test(subject)) throw invalid('is not a resource type like AWS::Service::Resource')
    return {text, type: nameGlob(subject), path}
  }
  if (pointer !== undefined) throw invalid('has a path but no id: or type in front of it')
  return {text, id: nameGlob(subject)}
}

/** Parses every rule, reporting all bad ones at once. */
export function parseIgnoreRules(texts: readonly string[]): IgnoreRule[] {
  const rules: IgnoreRule[] = []
  const problems: string[] = []
  for (const text of texts) {
    try {
      rules.push(parseIgnoreRule(text))
    } catch (error) {
      problems.push((error as Error).message)
    }
  }

  if (problems.length > 0) throw new UsageError(problems.join('; '), 'see "Ignore rules" in the README')
  return rules
}

/** `AWS::Service::Resource:/Path` -> [type, pointer]; `id:Db:/Path` -> ['id:Db', '/Path']. */
function splitPointer(text: string): [string, string | undefined] {
  const at = text.indexOf(':/')
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)]
}

/** Whether a rule suppresses the whole resource (it names the resource and no path). */
export const coversResource = (rule: IgnoreRule, id: string, type: string): boolean =>
  !rule.path && !rule.tag && (rule.id ? rule.id(id) : true) && (rule.type ? rule.type(type) : true) && Boolean(rule.id ?? rule.type)

/** Whether a rule suppresses one difference of a resource. */
export function coversDifference(rule: IgnoreRule, id: string, type: string, difference: Difference): boolean {
  if (rule.id && !rule.id(id)) return false
  if (rule.type && !rule.type(type)) return false
  if (rule.tag) {
    const key = tagKeyOf(difference.path)
    return key !== undefined && rule.tag(key)
  }

  return rule.path ? difference.path !== '' && rule.path(difference.path) : true
}

/** Config `expected`: one expected-drift rule, narrowed by type, id and path. */
export interface ExpectedRule {
  rule: 'minor-version' | 'autoscaling-range'
  type?: string
  id?: string
  path?: string
  min?: number
  max?: number
  /** Where the range comes from when the type knows it (not configured): shown in reports. */
  source?: string
}

/**
 * Expected drift (SPEC 2): differences that are normal operation, shown apart and never failing a run.
 *   minor-version      the version differs only below the major version, as the type defines versions (RDS: and
 *                      AutoMinorVersionUpgrade is on); default path: the type's version property.
 *   autoscaling-range  the AWS value is within [min, max] of the rule; default path: the type's scaled count.
 * `type`, `id` and `path` narrow a rule; `id` and `type` take globs. A type that knows no such rule has no such drift.
 */
export function expectedRuleFor(
  rules: readonly ExpectedRule[],
  resource: {id: string; type: string; desired: Record<string, unknown>; actual: Record<string, unknown>},
  difference: Difference,
): ExpectedRule | undefined {
  const expectedDrift = resourceType(resource.type)?.expectedDrift
  if (difference.kind !== 'NOT_EQUAL') return undefined
  const applies = rules.filter((rule) => (!rule.type || nameGlob(rule.type)(resource.type)) && (!rule.id || nameGlob(rule.id)(resource.id)))
  const configured = applies.find((rule) => {
    if (rule.rule === 'minor-version') {
      const version = expectedDrift?.minorVersion
      return version !== undefined && difference.path === (rule.path ?? version.path) && version.isMinorUpgrade(difference, resource)
    }

    if (difference.path !== (rule.path ?? expectedDrift?.scalingCountPath)) return false
    return inRange(difference.actual, rule.min, rule.max)
  })
  if (configured) return configured
  // A type that knows its own range (an auto scaling group's MinSize..MaxSize) needs no configured one; a configured
  // range for the same path is the user's narrower word and is not widened by it.
  const path = expectedDrift?.scalingCountPath
  const own = path === difference.path ? expectedDrift?.ownScalingRange?.(resource.actual) : undefined
  if (!own || applies.some((rule) => rule.rule === 'autoscaling-range' && (rule.path ?? path) === path)) return undefined
  return inRange(difference.actual, own.min, own.max) ? {rule: 'autoscaling-range', path, min: own.min, max: own.max, source: own.source} : undefined
}

function inRange(actual: unknown, min: number | undefined, max: number | undefined): boolean {
  const value = typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : actual
  return typeof value === 'number' && Number.isFinite(value) && min !== undefined && max !== undefined && value >= min && value <= max
}

/** Short text naming an expected rule in reports: `minor-version`, `autoscaling-range 2..10`. */
export const describeExpectedRule = (rule: ExpectedRule): string =>
  rule.rule === 'autoscaling-range' ? `autoscaling-range ${rule.min}..${rule.max}${rule.source ? ` (${rule.source})` : ''}` : rule.rule
