import {type Command, Help} from '@oclif/core'

import {EXIT_CODE_MEANINGS} from './errors.js'

/**
 * oclif's help with the exit-code table under the top-level help and under every command's help: scripts and
 * CI steps act on the exit code, so it belongs where a user looks first. The table lives in src/errors.ts.
 */
export default class IalHelp extends Help {
  protected override formatCommand(command: Command.Loadable): string {
    return `${super.formatCommand(command)}\n\n${this.exitCodes()}`
  }

  override formatRoot(): string {
    return `${super.formatRoot().trimEnd()}\n\n${this.exitCodes()}`
  }

  private exitCodes(): string {
    return this.section(
      'EXIT CODES',
      EXIT_CODE_MEANINGS.map(([code, meaning]) => [String(code), meaning]),
    )
  }
}
