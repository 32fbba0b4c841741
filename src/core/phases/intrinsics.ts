import type {CollectionTag, ScalarTag} from 'yaml'

/** Short-form tag (without `!`) -> the long name CloudFormation uses. */
export const SHORT_FORMS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  FindInMap: 'Fn::FindInMap',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  GetAZs: 'Fn::GetAZs',
  Cidr: 'Fn::Cidr',
  Transform: 'Fn::Transform',
  ToJsonString: 'Fn::ToJsonString',
  Length: 'Fn::Length',
}

/**
 * yaml `customTags` that accept every short form in scalar, sequence and mapping position. They keep the node
 * as written (the tag stays on the node), so a document parsed with them stringifies back unchanged, which
 * reverse sync relies on; turning tagged nodes into `Intrinsic` values is the template reader's job.
 */
export const INTRINSIC_TAGS: Array<ScalarTag | CollectionTag> = Object.keys(SHORT_FORMS).flatMap((name) => [
  {tag: `!${name}`, resolve: (value: string) => value} satisfies ScalarTag,
  {tag: `!${name}`, collection: 'seq', resolve: (value) => value} satisfies CollectionTag,
  {tag: `!${name}`, collection: 'map', resolve: (value) => value} satisfies CollectionTag,
])

/** The long name for a node tag such as `!GetAtt`, or undefined for other tags. */
export function longNameOfTag(tag: string | undefined): string | undefined {
  if (!tag?.startsWith('!')) return undefined
  return Object.hasOwn(SHORT_FORMS, tag.slice(1)) ? SHORT_FORMS[tag.slice(1)] : undefined
}

/**
 * Whether a single-key mapping is the long form of an intrinsic. `Ref` and `Condition` only count with a
 * name as value, because `Condition` is also an ordinary key (IAM policy statements).
 */
export function isLongForm(key: string, value: unknown): boolean {
  if (key.startsWith('Fn::')) return true
  return (key === 'Ref' || key === 'Condition') && typeof value === 'string'
}

/** CloudFormation's pseudo parameters: always resolvable, never dangling. */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
])

/** `Logical.Attr.Sub` -> `['Logical', 'Attr.Sub']`, CloudFormation's split of the scalar GetAtt form. */
export function splitGetAtt(text: string): [string, string] {
  const dot = text.indexOf('.')
  return dot === -1 ? [text, ''] : [text.slice(0, dot), text.slice(dot + 1)]
}

/** Names a `Fn::Sub` template refers to: `${Name}` and `${Name.Attr}`; `${!Literal}` is an escape. */
export function subVariables(template: string): Array<{name: string; expression: string; offset: number}> {
  const found: Array<{name: string; expression: string; offset: number}> = []
  for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
    const expression = match[1].trim()
    if (expression === '' || expression.startsWith('!')) continue
    const name = expression.startsWith('AWS::') ? expression : splitGetAtt(expression)[0]
    found.push({name, expression, offset: match.index ?? 0})
  }

  return found
}
