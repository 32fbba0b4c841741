/** What `phases validate` reports; one per problem, all at once. Positions are 1-based. */
export interface ValidationProblem {
  /** Path relative to the working directory, forward slashes; a directory for layout problems. */
  file: string
  line: number
  column: number
  code: ProblemCode
  message: string
}

export type ProblemCode =
  | 'yaml-syntax'
  | 'unknown-tag'
  | 'not-utf8'
  | 'not-a-mapping'
  | 'yaml-anchor'
  | 'yaml-alias'
  | 'yaml-merge-key'
  | 'too-deep'
  | 'too-large'
  | 'symlink-outside-repository'
  | 'unreadable-file'
  | 'unknown-top-level-key'
  | 'invalid-section'
  | 'invalid-logical-id'
  | 'missing-type'
  | 'unknown-resource-attribute'
  | 'unknown-property'
  | 'duplicate-logical-id'
  | 'dangling-reference'
  | 'dependency-cycle'
  | 'invalid-phase-name'
  | 'no-phases'

export const formatProblem = (problem: ValidationProblem): string => `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`

/** Problems in reading order: by file, then position. */
export function sortProblems(problems: ValidationProblem[]): ValidationProblem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column))
}
