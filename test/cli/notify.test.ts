// Notifications through the built CLI, offline: the demo estate's snapshot checked with --history, and local HTTP
// servers standing in for a Slack incoming webhook and a generic webhook (one that answers, one that hangs, one
// that answers 500).
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import type {Snapshot} from '../../src/core/model.js'
import {createWorkspace, REPO_ROOT, runCli, type Workspace} from '../helpers/cli.js'

interface Received {
  headers: IncomingMessage['headers']
  body: Record<string, unknown>
}

interface StandIn {
  url: string
  received: Received[]
  close(): Promise<void>
}

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

/** A webhook stand-in: records each JSON POST and answers with `answer` (never, when it returns undefined). */
async function standIn(answer: (response: ServerResponse) => void = (response) => response.writeHead(200).end('ok')): Promise<StandIn> {
  const received: Received[] = []
  const server = createServer((request, response) => {
    let text = ''
    request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
    request.on('end', () => {
      received.push({headers: request.headers, body: JSON.parse(text) as Record<string, unknown>})
      answer(response)
    })
  })
  servers.push(server)
  server.closeAllConnections = server.closeAllConnections.bind(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {url: `http://127.0.0.1:${port}/hook/T000/B000/secret-part`, received, close: async () => server.closeAllConnections()}
}

const HOSTILE_DESCRIPTION = '<!channel> & <https://evil.example|click here>\u001B[2J'

function workspaceWith(notify: string): Workspace {
  const workspace = createWorkspace({config: `${readFileSync(path.join(REPO_ROOT, 'config/ialctl.yaml'), 'utf8')}\n${notify}\n`})
  const snapshot = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/demo-snapshot.json'), 'utf8')) as Snapshot
  // The database group's world-open rule drifts in the demo (critical, so the message always lists it); here the
  // rule's description, an AWS string, is one a Slack message must not act on.
  const group = snapshot.resources.find((resource) => resource.physicalId === 'sg-0a1b2c3d4e5f60703')!
  const rule = (group.properties.SecurityGroupIngress as Array<{Description?: string}>).find((ingress) => ingress.Description === 'temp debug access')!
  rule.Description = HOSTILE_DESCRIPTION
  writeFileSync(path.join(workspace.dir, 'drifted.json'), JSON.stringify(snapshot))
  cpSync(path.join(workspace.dir, 'drifted.json'), path.join(workspace.dir, 'same.json'))
  return workspace
}

const CHANNELS = `notify:
  timeout: 2s
  retries: 1
  channels:
    - {type: slack, urlEnv: SLACK_WEBHOOK_URL}
    - {type: webhook, urlEnv: DRIFT_WEBHOOK_URL, tokenEnv: DRIFT_WEBHOOK_TOKEN}`

// Several CLI runs per test: on a loaded machine each takes seconds.
describe('notifications', {timeout: 120_000}, () => {
  it('GIVEN a Slack and a webhook stand-in WHEN a check finds new drift and the next finds the same THEN each gets one message for the first run and none for the second', async () => {
    const slack = await standIn()
    const hook = await standIn()
    const workspace = workspaceWith(CHANNELS)
    const env = {SLACK_WEBHOOK_URL: slack.url, DRIFT_WEBHOOK_URL: hook.url, DRIFT_WEBHOOK_TOKEN: 's3cr3t-token'}
    const check = (snapshot: string) => runCli(workspace, ['drift', 'check', '--snapshot', snapshot, '--history', '-q'], {env})

    const first = await check('drifted.json')
    expect(first.code).toBe(2)
    expect(first.stderr).toBe('')
    expect(slack.received).toHaveLength(1)
    expect(hook.received).toHaveLength(1)

    const text = slack.received[0]!.body.text as string
    expect(text).toMatch(/^\*ialctl drift: \d+ new, 0 returned, 0 resolved \(\d+ items: 4 critical, /)
    expect(text).toContain('[new] critical DatabaseSecurityGroup (AWS::EC2::SecurityGroup, configuration drift) at phases/10-security/01-security-groups.yaml:')
    // Slack reads <…> as links and mentions, & as an entity: the AWS value cannot ping a channel or add a link.
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt;\\u001b[2J')
    expect(text).not.toContain('<!channel>')

    const body = hook.received[0]!.body as {event: string; counts: Record<string, number>; summary: {bySeverity: Record<string, number>}; newItems: Array<{id: string; status: string}>}
    expect(hook.received[0]!.headers.authorization).toBe('Bearer s3cr3t-token')
    expect(body.event).toBe('ialctl.drift.changed')
    expect(body.counts).toEqual({new: body.newItems.length, returned: 0, resolved: 0})
    expect(body.newItems.every((item) => item.status === 'new')).toBe(true)
    expect(body.newItems.map((item) => item.id)).toContain('WorkerInstance')

    const second = await check('same.json')
    expect(second.code).toBe(2)
    expect(slack.received).toHaveLength(1)
    expect(hook.received).toHaveLength(1)
  })

  it('GIVEN a webhook that hangs and one that answers 500 WHEN a check finds new drift THEN one warning line each without the URL, the 500 retried, and the exit code is the check\'s', async () => {
    const hung = await standIn(() => undefined)
    const failing = await standIn((response) => response.writeHead(500).end('no'))
    const workspace = workspaceWith(CHANNELS.replace('tokenEnv: DRIFT_WEBHOOK_TOKEN', 'tokenEnv: UNSET_TOKEN'))
    const started = Date.now()
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--history', '-q'], {env: {SLACK_WEBHOOK_URL: hung.url, DRIFT_WEBHOOK_URL: failing.url}})
    expect(result.code).toBe(2)
    expect(Date.now() - started).toBeLessThan(30_000)
    const warnings = result.stderr.split('\n').filter(Boolean).sort()
    expect(warnings).toEqual([
      'Warning: notification to slack (SLACK_WEBHOOK_URL) failed: no answer within 2 s after 2 attempts',
      'Warning: notification to webhook (DRIFT_WEBHOOK_URL) failed: HTTP 500 after 2 attempts',
    ])
    expect(result.stderr).not.toContain('secret-part')
    expect(failing.received).toHaveLength(2)
  })

  it('GIVEN a channel whose URL variable is not set WHEN a check finds new drift THEN one warning naming the variable, and --json output stays one JSON document', async () => {
    const workspace = workspaceWith('notify: {channels: [{type: webhook, urlEnv: NOT_SET_ANYWHERE}]}')
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json', '--history', '--json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('Warning: notification to webhook (NOT_SET_ANYWHERE) failed: NOT_SET_ANYWHERE is not set\n')
    expect(() => JSON.parse(result.stdout)).not.toThrow()
  })

  it('GIVEN a notify channel with a URL in the config instead of a variable name WHEN loading THEN a config error', async () => {
    const workspace = workspaceWith('notify: {channels: [{type: slack, urlEnv: "https://hooks.slack.com/services/T/B/x"}]}')
    const result = await runCli(workspace, ['drift', 'check', '--snapshot', 'drifted.json'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Error: .*notify.*environment variable name/)
  })
})
