import {distance} from 'fastest-levenshtein'

import {isIntrinsic} from '../model.js'
import {CFN_PROPERTY_NAMES, type CfnPropertyNames, type CfnTypeProperties} from '../resources/cfn-property-names.js'

/** A key CloudFormation's schema of the type does not define: a typo that would otherwise become drift. */
export interface UnknownProperty {
  /** JSON pointer of the key inside Properties: `/InstanceTyp`, `/SecurityGroupIngress/0/CidrIP`. */
  pointer: string
  key: string
  /** The closest name the schema defines at that place, when one is close enough to be the intended one. */
  suggestion?: string
}

/**
 * The keys of a supported type's Properties (and of the structures inside them: rules, container definitions, tags)
 * that CloudFormation's resource schema does not define. Every property the schema defines passes, whether or not
 * ialctl compares it (`UserData`). Intrinsic values are not looked into. Types without a schema here (unsupported
 * ones) are not checked: their resources are not compared either. One lookup per key: this runs on every load.
 */
export function unknownProperties(type: string, properties: Readonly<Record<string, unknown>>): UnknownProperty[] {
  if (!Object.hasOwn(CFN_PROPERTY_NAMES, type)) return []
  const found: UnknownProperty[] = []
  checkObject(properties, CFN_PROPERTY_NAMES[type].properties, CFN_PROPERTY_NAMES[type], '', found)
  return found
}

/** `resource Web: unknown property 'InstanceTyp' of <its type> (did you mean 'InstanceType'?)` */
export function unknownPropertyMessage(logicalId: string, type: string, unknown: UnknownProperty): string {
  const parent = unknown.pointer.slice(0, unknown.pointer.lastIndexOf('/'))
  const where = parent === '' ? `property '${unknown.key}' of ${type}` : `key '${unknown.key}' in ${parent} of ${type}`
  const hint = unknown.suggestion ? `did you mean '${unknown.suggestion}'?` : `not in CloudFormation's schema of the type`
  return `resource ${logicalId}: unknown ${where} (${hint})`
}

function checkObject(value: Readonly<Record<string, unknown>>, names: CfnPropertyNames, schema: CfnTypeProperties, pointer: string, found: UnknownProperty[]): void {
  for (const key in value) {
    if (!Object.hasOwn(names, key)) {
      found.push({pointer: childPointer(pointer, key), key, ...suggestionFor(key, names)})
      continue
    }

    // Pointers are built only on the way down to a structure, not for every key: this is the loader's hot path.
    const definition = names[key]
    if (definition !== null) checkValue(value[key], schema.definitions[definition], schema, childPointer(pointer, key), found)
  }
}

function checkValue(value: unknown, names: CfnPropertyNames | undefined, schema: CfnTypeProperties, pointer: string, found: UnknownProperty[]): void {
  if (names === undefined || value === null || typeof value !== 'object' || isIntrinsic(value)) return
  if (Array.isArray(value)) {
    for (const [index, element] of value.entries()) checkValue(element, names, schema, `${pointer}/${index}`, found)
    return
  }

  checkObject(value as Record<string, unknown>, names, schema, pointer, found)
}

/**
 * The defined name nearest to the typo, ignoring case, if it is near enough to be what was meant: at most a third of
 * the name's letters changed (at least two), so that `InstanceTyp` finds `InstanceType` and `Foo` finds nothing.
 */
function suggestionFor(key: string, names: CfnPropertyNames): {suggestion?: string} {
  const lower = key.toLowerCase()
  let best: {name: string; cost: number} | undefined
  for (const name of Object.keys(names)) {
    const cost = distance(lower, name.toLowerCase())
    if (best === undefined || cost < best.cost) best = {name, cost}
  }

  return best && best.cost <= Math.max(2, Math.floor(key.length / 3)) ? {suggestion: best.name} : {}
}

const childPointer = (pointer: string, key: string): string => `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
