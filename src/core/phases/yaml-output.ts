// Generated YAML (imported templates, values written into existing ones) holds AWS strings. yaml's own writer
// would put a multi-line value in a block scalar and leave DEL, C1 and bidi characters raw; a string like that is
// written here as one double-quoted line with every such character escaped, so it cannot break the layout of the
// file, reads back exactly, and shows what it holds. Pure.

import {type DocumentOptions, type SchemaOptions, type Scalar, stringify, type ToStringOptions} from 'yaml'

import {needsYamlEscapes, yamlDoubleQuoted} from '../shared/untrusted-text.js'

type Tags = NonNullable<Exclude<SchemaOptions['customTags'], unknown[] | null | undefined>> extends (tags: infer T) => unknown ? T : never

const STRING_TAG = 'tag:yaml.org,2002:str'

/** The schema's tags with the string tag's writer wrapped: escaped double quotes where a value needs them. */
function safeStrings(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== STRING_TAG || !('stringify' in tag) || !tag.stringify) return tag
    const original = tag.stringify.bind(tag)
    return {...tag, stringify: (item: Scalar, ...rest: unknown[]) => (typeof item.value === 'string' && needsYamlEscapes(item.value) ? yamlDoubleQuoted(item.value) : (original as (...args: unknown[]) => string)(item, ...rest))}
  }) as Tags
}

/** `yaml.stringify` with untrusted strings written safely (see above). */
export function stringifyYaml(value: unknown, options: DocumentOptions & SchemaOptions & ToStringOptions = {}): string {
  return stringify(value, {...options, customTags: safeStrings})
}
