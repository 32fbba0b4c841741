import {Command, Errors, Flags, type Interfaces} from '@oclif/core'

import {type GlobalFlags, loadSettings, type Settings} from './config/settings.js'
import {ExitCode, isIalError} from './errors.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>

/**
 * Flags every command shares (SPEC 4) and the one place that turns an error into one line and an exit code.
 * Commands stay thin: parse flags, call a workflow, render, return the typed result (printed by --json).
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    config: Flags.string({description: 'Config file (default config/ialctl.yaml; defaults apply when that file is absent).', helpGroup: 'GLOBAL'}),
    phases: Flags.string({description: 'Phases directory (default from config, then "phases").', helpGroup: 'GLOBAL'}),
    region: Flags.string({description: 'AWS region to read; repeatable (default: config aws.regions, then AWS_REGION).', multiple: true, helpGroup: 'GLOBAL'}),
    profile: Flags.string({description: 'AWS profile (default AWS_PROFILE, then the default credential chain).', helpGroup: 'GLOBAL'}),
    'endpoint-url': Flags.string({description: 'AWS-compatible endpoint for every client (also AWS_ENDPOINT_URL).', helpGroup: 'GLOBAL'}),
    color: Flags.boolean({description: 'Colour output (only ever on a TTY).', default: true, allowNo: true, helpGroup: 'GLOBAL'}),
    quiet: Flags.boolean({char: 'q', description: 'Print only the result.', helpGroup: 'GLOBAL'}),
    verbose: Flags.boolean({char: 'v', description: 'Print details (API call counts, stack traces on error).', helpGroup: 'GLOBAL'}),
    'log-level': Flags.option({options: ['error', 'warn', 'info', 'debug'] as const, description: 'Detail of stderr logging: debug = --verbose, error = --quiet.', helpGroup: 'GLOBAL'})(),
  }

  protected flags!: BaseFlags<T>
  protected args!: Interfaces.InferredArgs<T['args']>

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
  }

  protected settings(): Promise<Settings> {
    return loadSettings(this.flags as GlobalFlags)
  }

  /** Colour only when asked and stdout is a terminal. */
  protected get colorEnabled(): boolean {
    return this.flags.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR
  }

  /** Human progress: stderr, TTY only, never in --json or --quiet. */
  protected progress(message: string): void {
    if (process.stderr.isTTY && !this.jsonEnabled() && !this.flags.quiet) process.stderr.write(`${message}\n`)
  }

  /** Sets the exit code without throwing, so that --json still prints the result. */
  protected setExitCode(code: number): void {
    process.exitCode = code
  }

  protected override async catch(error: Error): Promise<unknown> {
    // oclif's own exit (this.exit) flows through untouched.
    if (error instanceof Errors.ExitError) throw error
    // Flags are parsed in init(), so a parse error arrives before this.flags is set: look at argv too.
    const verbose = Boolean(this.flags?.verbose) || process.argv.includes('--verbose') || process.argv.includes('-v')
    // Not one of ours: a flag oclif could not parse (a usage error), or a bug, which is still one line and exit 1.
    const code = isIalError(error) ? error.exitCode : ExitCode.Usage
    const line = isIalError(error) ? error.line : firstLine(error.message)
    if (this.jsonEnabled?.()) {
      this.logJson({error: {message: line, exitCode: code, type: error.name}})
    }

    process.stderr.write(`Error: ${line}\n`)
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`)
    process.exitCode = code
    return undefined
  }
}

const firstLine = (text: string) => text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text
