// A validator for the JSON Schema (2020-12) keywords the schema/drift-report.v*.schema.json files use, and only those: a schema
// that starts using another keyword fails loudly here instead of being half-checked. No dependency needed.
type Schema = Record<string, unknown>

const KNOWN = new Set(['$schema', 'title', 'description', 'type', 'required', 'additionalProperties', 'properties', 'items', '$defs', '$ref', 'const', 'enum', 'minimum', 'maximum'])

export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = []
  const check = (schema: Schema, data: unknown, at: string): void => {
    for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`schema keyword ${key} at ${at} is not supported by this validator`)
    if (typeof schema.$ref === 'string') {
      const target = schema.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, part) => (node as Schema)[part], root)
      check(target as Schema, data, at)
    }

    if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(data)) errors.push(`${at}: must be ${JSON.stringify(schema.const)}`)
    if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(data))) errors.push(`${at}: must be one of ${JSON.stringify(schema.enum)}`)
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type]
      if (!types.some((type) => typeMatches(type as string, data))) {
        errors.push(`${at}: must be ${types.join(' or ')}`)
        return
      }
    }

    if (typeof data === 'number') {
      if (typeof schema.minimum === 'number' && data < schema.minimum) errors.push(`${at}: below ${schema.minimum}`)
      if (typeof schema.maximum === 'number' && data > schema.maximum) errors.push(`${at}: above ${schema.maximum}`)
    }

    if (Array.isArray(data) && schema.items) data.forEach((element, index) => check(schema.items as Schema, element, `${at}/${index}`))
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
      const record = data as Record<string, unknown>
      for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in record)) errors.push(`${at}: missing ${key}`)
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {}
      for (const [key, child] of Object.entries(record)) {
        if (properties[key]) check(properties[key], child, `${at}/${key}`)
        else if (schema.additionalProperties === false) errors.push(`${at}: unexpected ${key}`)
        else if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) check(schema.additionalProperties as Schema, child, `${at}/${key}`)
      }
    }
  }

  check(root, value, '')
  return errors
}

function typeMatches(type: string, data: unknown): boolean {
  switch (type) {
    case 'null': {
      return data === null
    }

    case 'array': {
      return Array.isArray(data)
    }

    case 'object': {
      return data !== null && typeof data === 'object' && !Array.isArray(data)
    }

    case 'integer': {
      return Number.isInteger(data)
    }

    default: {
      return typeof data === type
    }
  }
}
