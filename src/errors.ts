// Errors that reach the user. Each carries the exit code of SPEC 4 and, where it helps, what to do next.

export const ExitCode = {
  Ok: 0,
  /** Drift at or above --fail-on (check, diff); a heal item failed and was rolled back (heal). */
  Drift: 2,
  /** Usage or configuration error. */
  Usage: 1,
  /** AWS or GitHub unreachable, or access denied. */
  Remote: 3,
  /** A heal left a resource in an unknown state (rollback failed). */
  UnknownState: 4,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** What each exit code means, for every command's help and the top-level help; the README's table says the same (a test checks). */
export const EXIT_CODE_MEANINGS: ReadonlyArray<readonly [ExitCode, string]> = [
  [ExitCode.Ok, 'Success; in sync (or drift below --fail-on).'],
  [ExitCode.Usage, 'Usage or configuration error: bad flags, config, templates, snapshot file, a held heal lock, a malformed or hand-edited saved plan, no TTY without --auto-approve, a heal or revert prompt not answered as asked.'],
  [ExitCode.Drift, 'Drift at or above --fail-on (check, diff); a planned heal or revert item was not applied (heal, revert): skipped by a safety check (stale, limits, policy), refused for a flag it needs (--allow-restart, --approve-critical), or failed and rolled back.'],
  [ExitCode.Remote, 'AWS or GitHub unreachable, credentials expired or missing, access denied.'],
  [ExitCode.UnknownState, 'A heal or revert left a resource in an unknown state (the rollback failed): look at it by hand.'],
]

export class IalError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
    options?: {cause?: unknown},
  ) {
    super(message, options)
    this.name = new.target.name
  }

  /** The single line the CLI prints. */
  get line(): string {
    return this.hint ? `${this.message} (${this.hint})` : this.message
  }
}

/** The user's input is wrong: flags, config, templates, a snapshot file. Exit 1. */
export class UsageError extends IalError {
  constructor(message: string, hint?: string, options?: {cause?: unknown}) {
    super(message, ExitCode.Usage, hint, options)
  }
}

/** Config file problems, with the place they come from. Exit 1. */
export class ConfigError extends UsageError {}

/** AWS could not be reached or refused us. Exit 3. */
export class AwsError extends IalError {
  constructor(message: string, hint?: string, options?: {cause?: unknown}) {
    super(message, ExitCode.Remote, hint, options)
  }
}

/** GitHub or the git remote could not be reached or refused us. Exit 3. */
export class RemoteError extends IalError {
  constructor(message: string, hint?: string, options?: {cause?: unknown}) {
    super(message, ExitCode.Remote, hint, options)
  }
}

/** `--timeout` (network.runTimeout) passed before the run, a `drift watch` cycle or an `ialctl mcp` tool call finished. Exit 3. */
export class RunTimeoutError extends IalError {
  constructor(limit: string, what: 'run' | 'cycle' | 'tool call' = 'run') {
    super(
      `the ${what} did not finish within --timeout ${limit} and was stopped`,
      ExitCode.Remote,
      'an endpoint was too slow: --verbose shows which calls ran; raise --timeout or network.runTimeout if the work needs longer',
    )
  }
}

export const isIalError = (error: unknown): error is IalError => error instanceof IalError
