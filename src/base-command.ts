import path from 'node:path'
import {format} from 'node:util'

import {Command, Errors, Flags, type Interfaces} from '@oclif/core'

import {findRepositoryRoot} from './config/repository-root.js'
import {type GlobalFlags, loadSettings, type Settings} from './config/settings.js'
import {formatDuration} from './adapters/aws/errors.js'
import {jsonText, terminalText, withoutWorkflowCommands} from './core/shared/untrusted-text.js'
import {ExitCode, isIalError, RunTimeoutError, UsageError} from './errors.js'
import {commandLineFlags} from './render/command-line.js'
import {closestName} from './suggest.js'
import {createRuntime, createRuntimeWithTargets, type Runtime} from './workflows/runtime.js'

/** After `--timeout` aborts the run, the time clean-up (locks, temp clones) gets before the process is ended. */
const CLEAN_UP_GRACE_MS = 5000

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>

/**
 * Flags every command shares (SPEC 4) and the one place that turns an error into one line and an exit code.
 * Commands stay thin: parse flags, build the runtime, call one workflow, render, return the typed result (printed
 * by --json).
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    config: Flags.string({description: 'Config file (default config/ialctl.yaml; defaults apply when that file is absent).', helpGroup: 'GLOBAL'}),
    phases: Flags.string({description: 'Phases directory (default from config, then "phases").', helpGroup: 'GLOBAL'}),
    region: Flags.string({description: 'AWS region to read; repeatable (default: config aws.regions, then AWS_REGION).', multiple: true, helpGroup: 'GLOBAL'}),
    target: Flags.string({description: 'Config target (account) to act on; repeatable (default: every target in the config).', multiple: true, helpGroup: 'GLOBAL'}),
    profile: Flags.string({description: 'AWS profile (default AWS_PROFILE, then the default credential chain).', helpGroup: 'GLOBAL'}),
    'endpoint-url': Flags.string({description: 'AWS-compatible endpoint for every client (also AWS_ENDPOINT_URL).', helpGroup: 'GLOBAL'}),
    color: Flags.boolean({description: 'Colour output (only ever on a TTY).', default: true, allowNo: true, helpGroup: 'GLOBAL'}),
    quiet: Flags.boolean({char: 'q', description: 'Print only the result.', helpGroup: 'GLOBAL'}),
    verbose: Flags.boolean({char: 'v', description: 'Print details (API call counts, stack traces on error).', helpGroup: 'GLOBAL'}),
    'connect-timeout': Flags.string({description: 'Time to open a connection to AWS or GitHub, e.g. 5s (default config network.connectTimeout, 5s).', helpGroup: 'GLOBAL'}),
    'socket-timeout': Flags.string({description: 'Time an AWS or GitHub connection may stay silent, e.g. 30s (default config network.socketTimeout, 30s).', helpGroup: 'GLOBAL'}),
    timeout: Flags.string({description: 'Bound on the whole run (each cycle for drift watch), e.g. 10m; exit 3 when it passes (default config network.runTimeout: none).', helpGroup: 'GLOBAL'}),
    'log-level': Flags.option({options: ['error', 'warn', 'info', 'debug'] as const, description: 'Detail of stderr logging: debug = --verbose, error = --quiet.', helpGroup: 'GLOBAL'})(),
  }

  protected flags!: BaseFlags<T>
  /** The flags as typed, before file names are made absolute (see enterRepositoryRoot). */
  private typedFlags: Record<string, unknown> = {}
  protected args!: Interfaces.InferredArgs<T['args']>

  /**
   * Aborted when `--timeout` passes (the reason is the RunTimeoutError) or the command ends: every AWS, GitHub and
   * git operation still in flight stops, so `finally` blocks release locks and remove temp clones.
   */
  private readonly runAbort = new AbortController()
  private readonly startedAt = Date.now()
  /** Where the user ran the command, before init() may enter the repository root: file arguments are relative to it. */
  protected readonly invokedIn = process.cwd()
  private deadline?: NodeJS.Timeout
  private ended = false
  /** `drift watch` applies `--timeout` to each cycle instead of the whole run. */
  protected readonly timeoutBoundsEachCycle: boolean = false

  public override async init(): Promise<void> {
    await super.init()
    const {args, flags} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    // --log-level is the long form of -v and -q: debug means verbose, error means quiet.
    this.flags = {...flags, verbose: flags.verbose || flags['log-level'] === 'debug', quiet: flags.quiet || flags['log-level'] === 'error'} as BaseFlags<T>
    this.args = args as Interfaces.InferredArgs<T['args']>
    this.typedFlags = {...this.flags}
    this.enterRepositoryRoot()
  }

  /**
   * From a subdirectory, work in the repository root (as git does), unless --config or --phases say where things
   * are. Files named on the command line stay where the user meant them: they become absolute paths first.
   */
  private enterRepositoryRoot(): void {
    if (this.flags.config !== undefined || this.flags.phases !== undefined) return
    const here = process.cwd()
    const root = findRepositoryRoot(here)
    if (root === undefined || root === here) return
    const flags = this.flags as Record<string, unknown>
    for (const name of FILE_FLAGS) {
      const value = flags[name]
      // An s3:// URL (--report, --out) is not a path.
      if (typeof value === 'string' && !/^s3:\/\//i.test(value)) flags[name] = path.resolve(here, value)
    }

    process.chdir(root)
  }

  /**
   * The user's flags that choose what is compared (config, phases, regions, AWS access, phase selection, ignore
   * rules, snapshot), as typed: the commands a report suggests next repeat them so they see the same estate.
   */
  protected estateFlags(): string {
    return commandLineFlags(ESTATE_FLAGS.map((name) => [name, this.typedFlags[name] as string | string[] | boolean | number | undefined]))
  }

  /** Settings with the run's abort signal; the first call starts the `--timeout` clock (from the start of the command). */
  protected async settings(): Promise<Settings> {
    const settings = await loadSettings(this.flags as GlobalFlags)
    if (!this.timeoutBoundsEachCycle) this.startDeadline(settings.network.runTimeoutMs)
    return {...settings, network: {...settings.network, signal: this.runAbort.signal}}
  }

  private startDeadline(limitMs: number | null): void {
    if (limitMs === null || this.deadline) return
    this.deadline = setTimeout(() => {
      const timeout = new RunTimeoutError(formatDuration(limitMs))
      this.runAbort.abort(timeout)
      // What did not stop on the abort (a confirmation prompt) gets a moment for clean-up, then the run ends.
      setTimeout(() => {
        if (!this.ended) process.stderr.write(`Error: ${timeout.line}\n`)
        process.exit(timeout.exitCode)
      }, CLEAN_UP_GRACE_MS).unref()
    }, Math.max(0, limitMs - (Date.now() - this.startedAt)))
    // The deadline alone never keeps the process alive.
    this.deadline.unref()
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    this.ended = true
    clearTimeout(this.deadline)
    const timedOut = this.runAbort.signal.reason instanceof RunTimeoutError
    // Connections kept alive for reuse (or abandoned by a failed run) must not hold the process open.
    if (!this.runAbort.signal.aborted) this.runAbort.abort(new Error('the command has ended'))
    const result: unknown = await super.finally(error)
    // Past --timeout the workflows' finally blocks have run (lock released, temp clone removed) and the line is
    // printed: what is left, such as a git helper still waiting on the hung remote, must not keep the run going.
    if (timedOut) process.exit(ExitCode.Remote)
    return result
  }

  /**
   * The run's runtime, from the settings: colour only when asked, on a terminal and without NO_COLOR; progress on
   * stderr only on a terminal and never with --json or --quiet; every write through the workflow-command guard.
   * `signal` replaces the run's abort signal (drift watch: the cycle's). With config `organization` its accounts are
   * listed as targets first, unless `offline` (a command that never calls AWS, such as report merge).
   */
  protected async runtime(options: {maxApiRate?: number; signal?: AbortSignal; offline?: boolean} = {}): Promise<Runtime> {
    const loaded = await this.settings()
    const settings = options.signal ? {...loaded, network: {...loaded.network, signal: options.signal}} : loaded
    return (options.offline ? createRuntime : createRuntimeWithTargets)(settings, {
      maxApiRate: options.maxApiRate,
      output: {
        stdout: (text) => this.writeOut(text),
        stderr: (text) => this.writeErr(text),
        color: this.flags.color !== false && Boolean(process.stdout.isTTY) && !settings.noColor,
        progress: (message) => this.progress(message),
      },
    })
  }

  /** Human progress: stderr, TTY only, never in --json or --quiet. */
  protected progress(message: string): void {
    if (process.stderr.isTTY && !this.jsonEnabled() && !this.flags.quiet) this.writeErr(`${message}\n`)
  }

  /**
   * The one way output leaves ialctl. Output shows AWS strings, and a CI log runs any line that looks like a
   * GitHub Actions workflow command; no line of ours starts like one, so every write goes through the guard.
   */
  protected writeOut(text: string): void {
    process.stdout.write(withoutWorkflowCommands(text))
  }

  protected writeErr(text: string): void {
    process.stderr.write(withoutWorkflowCommands(text))
  }

  public override log(message = '', ...args: unknown[]): void {
    if (!this.jsonEnabled()) this.writeOut(`${format(message, ...args)}\n`)
  }

  public override logToStderr(message = '', ...args: unknown[]): void {
    if (!this.jsonEnabled()) this.writeErr(`${format(message, ...args)}\n`)
  }

  public override logJson(json: unknown): void {
    this.writeOut(`${jsonText(JSON.stringify(json, null, 2))}\n`)
  }

  /** Sets the exit code without throwing, so that --json still prints the result. */
  protected setExitCode(code: number): void {
    process.exitCode = code
  }

  protected override async catch(error: Error): Promise<unknown> {
    // oclif's own exit (this.exit) flows through untouched.
    if (error instanceof Errors.ExitError) throw error
    // Past --timeout, whatever the abort made fail (a call, a git command) is a consequence: the timeout is the news.
    const reason: unknown = this.runAbort.signal.reason
    if (reason instanceof RunTimeoutError) error = reason
    // Flags are parsed in init(), so a parse error arrives before this.flags is set: look at argv too.
    const verbose = Boolean(this.flags?.verbose) || process.argv.includes('--verbose') || process.argv.includes('-v')
    const unknownFlags = unknownFlagsOf(error)
    if (unknownFlags) error = this.unknownFlag(unknownFlags)
    // Not one of ours: a flag oclif could not parse (a usage error), or a bug, which is still one line and exit 1.
    const code = isIalError(error) ? error.exitCode : ExitCode.Usage
    const line = isIalError(error) ? error.line : firstLine(error.message)
    if (this.jsonEnabled?.()) {
      this.logJson({error: {message: line, exitCode: code, type: error.name}})
    }

    this.writeErr(`Error: ${terminalText(line)}\n`)
    if (verbose && error.stack) this.writeErr(`${error.stack}\n`)
    process.exitCode = code
    return undefined
  }

  /** `--outptu` -> `unknown flag --outptu (did you mean --output?)`, naming only this command's flags. */
  private unknownFlag(typed: string[]): UsageError {
    const first = (typed[0] ?? '').split('=')[0] ?? ''
    const names = Object.entries({...this.ctor.baseFlags, ...this.ctor.flags, ...(this.ctor.enableJsonFlag ? {json: {}} : {})}).flatMap(([name, flag]) => {
      const long = [`--${name}`, ...('allowNo' in flag && flag.allowNo ? [`--no-${name}`] : [])]
      return 'char' in flag && flag.char ? [...long, `-${flag.char}`] : long
    })
    const best = first.startsWith('--') ? closestName(first, names.filter((name) => name.startsWith('--'))) : undefined
    const what = `unknown flag${typed.length === 1 ? '' : 's'} ${typed.join(', ')}`
    return new UsageError(what, best ? `did you mean ${best}?` : `see ${this.config.bin} ${this.id?.replaceAll(':', ' ') ?? ''} --help`.replace('  ', ' '))
  }
}

const ESTATE_FLAGS = ['config', 'phases', 'region', 'target', 'profile', 'endpoint-url', 'snapshot', 'phase', 'ignore', 'allow-partial', 'max-api-rate'] as const

/** Flags that name a file the user gives or gets, relative to where they typed the command. */
const FILE_FLAGS = ['snapshot', 'report', 'out', 'plan'] as const

/** oclif's parse error for flags it does not know (the class is not exported): the flags as typed. */
function unknownFlagsOf(error: Error): string[] | undefined {
  const {flags} = error as {flags?: unknown}
  return error.message.startsWith('Nonexistent flag') && Array.isArray(flags) ? flags.map(String) : undefined
}

const firstLine = (text: string) => text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text
