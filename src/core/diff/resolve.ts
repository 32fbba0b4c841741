import {type ActualResource, Intrinsic, isIntrinsic} from '../model.js'
import {compareCodePoints} from '../shared/compare.js'

/** A value that cannot be known before AWS is read (or at all): compared as `not_checked`, never as drift. */
export class Unresolved {
  constructor(
    readonly reason: string,
    readonly source: Intrinsic,
  ) {}

  // Reports show what the template says where the value could not be worked out.
  toJSON(): unknown {
    return this.source.toJSON()
  }
}

export const isUnresolved = (value: unknown): value is Unresolved => value instanceof Unresolved

/** `!Ref AWS::NoValue`: the property (or list element) is treated as not set. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue')

export interface ResolveContext {
  /** Parameter values after config and Default; a parameter without a value is absent. */
  parameters: Record<string, unknown>
  /** Region of the resource (pseudo parameter AWS::Region), when known. */
  region?: string
  accountId?: string
  /** Region -> its availability zone names (snapshot `availabilityZones`), for `!GetAZs`. */
  availabilityZones?: Record<string, string[]>
  stackName: string
  /** Another declared resource as matched in AWS, or why it cannot be used. */
  resource(logicalId: string): ActualResource | {reason: string}
}

/** Resolves every intrinsic it can, deeply; what it cannot becomes an `Unresolved` in place. Pure. */
export function resolveValue(value: unknown, context: ResolveContext): unknown {
  if (isIntrinsic(value)) return resolveIntrinsic(value, context)
  if (Array.isArray(value)) return value.map((element) => resolveValue(element, context)).filter((element) => element !== NO_VALUE)
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(value)) {
      const resolved = resolveValue(child, context)
      if (resolved !== NO_VALUE) result[key] = resolved
    }

    return result
  }

  return value
}

/** The first unresolved part of a value, if any. */
export function findUnresolved(value: unknown): Unresolved | undefined {
  if (isUnresolved(value)) return value
  if (Array.isArray(value)) {
    for (const element of value) {
      const found = findUnresolved(element)
      if (found) return found
    }
  } else if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) {
      const found = findUnresolved(child)
      if (found) return found
    }
  }

  return undefined
}

/** Drops unresolved values: what resource identity sees (IdentityInput: "unresolvable values absent"). */
export function withoutUnresolved(properties: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(properties)) if (!findUnresolved(value)) result[key] = value
  return result
}

/** `{"Fn::GetAtt": [...]}` -> `!GetAtt`, for reasons a user reads. */
export const shortName = (intrinsic: Intrinsic): string => `!${intrinsic.fn.replace(/^Fn::/, '')}`

function resolveIntrinsic(intrinsic: Intrinsic, context: ResolveContext): unknown {
  const fail = (reason: string) => new Unresolved(reason, intrinsic)
  const arg = intrinsic.arg
  switch (intrinsic.fn) {
    case 'Ref': {
      return typeof arg === 'string' ? resolveName(arg, context, intrinsic) : fail('!Ref needs a name')
    }

    case 'Fn::GetAtt': {
      const [logicalId, attribute] = typeof arg === 'string' ? splitOnce(arg, '.') : Array.isArray(arg) ? [arg[0], resolveValue(arg[1], context)] : []
      if (typeof logicalId !== 'string' || typeof attribute !== 'string') return fail('!GetAtt needs Resource.Attribute')
      return getAtt(logicalId, attribute, context, intrinsic)
    }

    case 'Fn::Sub': {
      return resolveSub(arg, context, intrinsic)
    }

    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2) return fail('!Join needs [delimiter, list]')
      const [delimiter, list] = [resolveValue(arg[0], context), resolveValue(arg[1], context)]
      const blocked = findUnresolved(delimiter) ?? findUnresolved(list)
      if (blocked) return fail(blocked.reason)
      if (typeof delimiter !== 'string' || !Array.isArray(list) || !list.every(isScalar)) return fail('!Join needs a string delimiter and a list of strings')
      return list.map(String).join(delimiter)
    }

    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) return fail('!Select needs [index, list]')
      const [index, list] = [resolveValue(arg[0], context), resolveValue(arg[1], context)]
      if (isUnresolved(index)) return fail(index.reason)
      if (isUnresolved(list)) return fail(list.reason)
      const position = Number(index)
      if (!Array.isArray(list) || !Number.isInteger(position) || position < 0 || position >= list.length) return fail('!Select index is outside the list')
      return list[position]
    }

    case 'Fn::Split': {
      if (!Array.isArray(arg) || arg.length !== 2) return fail('!Split needs [delimiter, string]')
      const [delimiter, source] = [resolveValue(arg[0], context), resolveValue(arg[1], context)]
      const blocked = findUnresolved(delimiter) ?? findUnresolved(source)
      if (blocked) return fail(blocked.reason)
      if (typeof delimiter !== 'string' || typeof source !== 'string') return fail('!Split needs a string delimiter and a string')
      return source.split(delimiter)
    }

    case 'Fn::Base64': {
      const source = resolveValue(arg, context)
      if (isUnresolved(source)) return fail(source.reason)
      return typeof source === 'string' ? Buffer.from(source, 'utf8').toString('base64') : fail('!Base64 needs a string')
    }

    case 'Fn::If': {
      const condition = Array.isArray(arg) ? arg[0] : undefined
      return fail(`!If ${String(condition)}: template conditions are not evaluated`)
    }

    case 'Fn::ImportValue': {
      return fail('!ImportValue: stack exports are not read')
    }

    case 'Fn::GetAZs': {
      return availabilityZones(arg, context, intrinsic)
    }

    case 'Fn::FindInMap': {
      return fail('!FindInMap: template mappings are not evaluated')
    }

    default: {
      return fail(`${shortName(intrinsic)} is not evaluated`)
    }
  }
}

function resolveName(name: string, context: ResolveContext, source: Intrinsic): unknown {
  const fail = (reason: string) => new Unresolved(reason, source)
  switch (name) {
    case 'AWS::NoValue': {
      return NO_VALUE
    }

    case 'AWS::Region': {
      return context.region ?? fail('AWS::Region: the resource region is not known')
    }

    case 'AWS::AccountId': {
      return context.accountId ?? fail('AWS::AccountId: the snapshot does not record the account')
    }

    case 'AWS::StackName': {
      return context.stackName
    }

    case 'AWS::Partition': {
      return context.region ? partitionOf(context.region) : fail('AWS::Partition: the resource region is not known')
    }

    case 'AWS::URLSuffix': {
      return context.region?.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
    }

    default: {
      if (name.startsWith('AWS::')) return fail(`pseudo parameter ${name} is not known`)
      if (Object.hasOwn(context.parameters, name)) return context.parameters[name]
      const target = context.resource(name)
      return 'reason' in target ? fail(`!Ref ${name}: ${target.reason}`) : target.physicalId
    }
  }
}

/**
 * `Fn::GetAZs`: the zones of the named region, where `''` (like `!Ref AWS::Region`) is the region of the stack,
 * i.e. of the matched AWS resource. Alphabetical, as CloudFormation documents it.
 */
function availabilityZones(arg: unknown, context: ResolveContext, source: Intrinsic): unknown {
  const fail = (reason: string) => new Unresolved(`!GetAZs: ${reason}`, source)
  const named = resolveValue(arg ?? '', context)
  if (isUnresolved(named)) return fail(named.reason)
  if (typeof named !== 'string') return fail('needs a region name')
  const region = named === '' ? context.region : named
  if (region === undefined) return fail('the resource region is not known')
  const zones = context.availabilityZones?.[region]
  if (!zones) return fail(`availability zones of ${region} are not in the snapshot`)
  return [...zones].sort(compareCodePoints)
}

function getAtt(logicalId: string, attribute: string, context: ResolveContext, source: Intrinsic): unknown {
  const target = context.resource(logicalId)
  if ('reason' in target) return new Unresolved(`!GetAtt ${logicalId}.${attribute}: ${target.reason}`, source)
  const value = target.attributes[attribute]
  return value === undefined ? new Unresolved(`!GetAtt ${logicalId}.${attribute}: attribute ${attribute} was not read`, source) : value
}

function resolveSub(arg: unknown, context: ResolveContext, source: Intrinsic): unknown {
  const [template, variables] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : []
  if (typeof template !== 'string' || variables === null || typeof variables !== 'object') return new Unresolved('!Sub needs a string', source)
  const local = resolveValue(variables, context) as Record<string, unknown>
  let blocked: string | undefined
  const text = template.replaceAll(/\$\{([^}]*)\}/g, (whole, expression: string) => {
    // `${!Literal}` is CloudFormation's escape for a literal `${Literal}`.
    if (expression.startsWith('!')) return `\${${expression.slice(1)}}`
    const name = expression.trim()
    let value: unknown
    if (Object.hasOwn(local, name)) value = local[name]
    else if (name.includes('.') && !name.startsWith('AWS::')) {
      const [logicalId, attribute] = splitOnce(name, '.')
      value = getAtt(logicalId, attribute, context, source)
    } else value = resolveName(name, context, source)
    if (isUnresolved(value)) blocked ??= value.reason
    else if (!isScalar(value)) blocked ??= `\${${name}} is not a string`
    return isScalar(value) ? String(value) : whole
  })
  return blocked === undefined ? text : new Unresolved(blocked, source)
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

const splitOnce = (text: string, separator: string): [string, string] => {
  const at = text.indexOf(separator)
  return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)]
}

const isScalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value)
