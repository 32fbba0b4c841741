import type {Hook} from '@oclif/core'

import {terminalText, withoutWorkflowCommands} from '../core/shared/untrusted-text.js'
import {UsageError} from '../errors.js'
import {closestName} from '../suggest.js'

/**
 * An unknown command is a usage error in the product's own style: one `Error:` line with the closest command,
 * exit 1. Never a prompt (oclif's plugin-not-found asks on a terminal, which a script cannot answer).
 */
const hook: Hook.CommandNotFound = async function (options) {
  const typed = spaced(options.id)
  const known = options.config.commands.filter((command) => !command.hidden).map((command) => spaced(command.id))
  const best = closestName(typed, known, (name) => name.split(' ').at(-1) ?? name)
  const error = new UsageError(`unknown command "${typed}"`, best ? `did you mean "${best}"?` : `run ${options.config.bin} help for the list of commands`)
  // Printed here: an error thrown from a hook would reach oclif's own handler and its ` ›   Error:` style.
  process.stderr.write(withoutWorkflowCommands(`Error: ${terminalText(error.line)}\n`))
  this.exit(error.exitCode)
}

const spaced = (id: string) => id.replaceAll(':', ' ')

export default hook
