import {Writable} from 'node:stream'

import {Flags} from '@oclif/core'
import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js'

import {checkInputFlags, checkOptions, snapshotFlag} from '../check-flags.js'
import {BaseCommand} from '../base-command.js'
import {jsonText} from '../core/shared/untrusted-text.js'
import {UsageError} from '../errors.js'
import {createDriftServer} from '../mcp/server.js'
import {DriftSession, type Person} from '../mcp/session.js'
import type {Runtime} from '../workflows/runtime.js'

/** How long the person gets to answer the server's question about critical items. */
const APPROVAL_TIMEOUT_MS = 10 * 60 * 1000

export default class Mcp extends BaseCommand<typeof Mcp> {
  // A server runs until its client leaves: --timeout bounds each tool call, not the session.
  protected override readonly timeoutBoundsEachCycle = true

  // stdout carries the protocol; there is no JSON result to print.
  static override enableJsonFlag = false

  static override summary = 'Serve ialctl to AI agents: a Model Context Protocol server on stdio.'

  static override description = [
    'An MCP client (a desktop assistant, an IDE agent, a chat-ops bot) starts `ialctl mcp` and calls its tools: check_drift, explain_drift, plan_heal, plan_revert, reverse_sync_preview and drift_history, which change nothing, and with --allow-writes heal, revert and reverse_sync_apply. The tools run the same workflows as the commands, with the same config, phases, credentials and flags, and return the same JSON as their --json output. The latest report of the session is the resource ialctl://report/latest; the prompt drift-review walks through check, explain and the choice between heal, revert and adopt.',
    'Writes are opt-in twice: the write tools are listed only with --allow-writes, and each applies only the plan of a planToken that a plan tool of the same session returned (once). A heal re-derives that plan as drift heal --plan does: an item that changed since is skipped with no call. Critical items also need --approve-critical or the person\'s yes, asked through the client (elicitation). Every write goes to the audit log with via: mcp.',
    'stdout carries only the protocol; errors and warnings go to stderr. --timeout bounds each tool call.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --allow-writes --region eu-west-1',
    '<%= config.bin %> <%= command.id %> --snapshot test/fixtures/demo-snapshot.json',
    'npx @modelcontextprotocol/inspector --cli <%= config.bin %> <%= command.id %> --method tools/list',
  ]

  static override flags = {
    ...checkInputFlags,
    snapshot: snapshotFlag('Answer from a saved snapshot instead of reading AWS (read-only: no write tools).'),
    'allow-writes': Flags.boolean({description: 'List the write tools (heal, revert, reverse_sync_apply); each still needs a plan token from this session.'}),
    'approve-critical': Flags.boolean({description: 'Heal and revert critical items without asking the person (and allow reverts that weaken security because Git says so).'}),
  }

  public async run(): Promise<void> {
    const {flags} = this
    if (flags['approve-critical'] && !flags['allow-writes']) throw new UsageError('--approve-critical needs --allow-writes', 'a server without --allow-writes heals nothing')
    if (flags['allow-writes'] && flags.snapshot) throw new UsageError('--allow-writes cannot serve a --snapshot: a snapshot is not AWS', 'leave out --snapshot to heal or open pull requests')
    // A bad config or flag ends the server before it serves: one line and exit 1, as for every command.
    await this.settings()
    const restoreConsole = keepConsoleOffStdout()
    // The person is asked through the server that the session answers for (both live as long as the connection).
    const person: Person = {
      canAsk: () => Boolean(server.server.getClientCapabilities()?.elicitation?.form),
      approveCritical: (question) => askToApprove(server, question.itemIds),
    }
    const session = new DriftSession({
      runtime: async (signal) => protocolSafe(await this.runtime({maxApiRate: flags['max-api-rate'], signal}), (text) => this.writeErr(text)),
      check: checkOptions(flags),
      approveCritical: flags['approve-critical'],
      person,
    })
    const server = createDriftServer(session, {version: this.config.version, allowWrites: flags['allow-writes']})

    const closed = new Promise<void>((resolve) => {
      server.server.onclose = resolve
    })
    const close = () => void server.close()
    process.stdin.once('end', close)
    process.once('SIGINT', close)
    process.once('SIGTERM', close)
    try {
      await server.connect(new StdioServerTransport(process.stdin, protocolOutput(process.stdout)))
      await closed
    } finally {
      process.off('SIGINT', close)
      process.off('SIGTERM', close)
      process.stdin.off('end', close)
      restoreConsole()
    }
  }
}

/** The runtime of one tool call: stdout is the protocol's, so whatever a workflow would print goes to stderr. */
function protocolSafe(runtime: Runtime, stderr: (text: string) => void): Runtime {
  return {...runtime, output: {...runtime.output, stdout: stderr, progress: () => {}, color: false}}
}

/**
 * The protocol's messages, one JSON text per line, as `--json` prints JSON: characters that JSON leaves raw but a
 * terminal or log acts on (DEL, C1 controls, bidi controls) become `\u` escapes, so the client parses the same values.
 */
function protocolOutput(stdout: NodeJS.WriteStream): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      stdout.write(jsonText(chunk.toString()), done)
    },
  })
}

/** A library's console.log would corrupt the protocol: while serving, console output goes to stderr. */
function keepConsoleOffStdout(): () => void {
  const original = {log: console.log, info: console.info, debug: console.debug}
  console.log = console.error
  console.info = console.error
  console.debug = console.error
  return () => Object.assign(console, original)
}

/** MCP elicitation: a yes/no question to the person; anything but an explicit yes is no. */
async function askToApprove(server: McpServer, itemIds: string[]): Promise<boolean> {
  const count = itemIds.length === 1 ? 'a critical item' : `${itemIds.length} critical items`
  const answer = await server.server.elicitInput(
    {
      mode: 'form',
      message: `ialctl is about to heal ${count} (${itemIds.join(', ')}): critical drift touches security or data. Heal ${itemIds.length === 1 ? 'it' : 'them'} now?`,
      requestedSchema: {
        type: 'object',
        properties: {approve: {type: 'boolean', title: 'Heal the critical items', description: 'Yes to apply the planned calls to these resources.'}},
        required: ['approve'],
      },
    },
    {timeout: APPROVAL_TIMEOUT_MS},
  )
  return answer.action === 'accept' && answer.content?.approve === true
}
