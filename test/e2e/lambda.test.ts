// Lambda functions against moto, through the built CLI: the example estate's orders processor in sync, then drift a
// person makes by hand: a tag changed, memory and timeout changed, an environment value replaced by a secret (with
// text that would inject into a terminal, a CI log, Markdown or YAML), a function created in the console with a
// secret of its own, the function deleted. Heal puts the tag back and revert the memory and timeout, read with the
// SDK; reverse sync writes the settings a person decided into the template and codifies the console function with
// placeholders, and `phases validate` accepts both. The secrets from AWS reach no output, report, snapshot, file in
// the workspace or branch of the pull request (SPEC 10): only digests do.
//
// moto and AWS: moto answers ListFunctions in one page whatever MaxItems says (pagination is covered by the adapter's
// unit test), does not resolve `{{resolve:...}}` dynamic references (the function holds the reference's text; ialctl
// never compares one, as AWS would hold the secret), and stores functions without running them (no invocation
// here). AWS's documented behaviour is what the product follows.
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  ListTagsCommand,
  TagResourceCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda'
import {expect, it} from 'vitest'

import {secretDigest} from '../../src/core/diff/secret-values.js'
import {MOTO_ACCOUNT_ID, SUPPORTED_TYPES, zipOf} from './fixtures/estate.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const FUNCTION = 'AWS::Lambda::Function'
const FILE = 'phases/30-compute/07-orders-processor.yaml'
const NAME = 'ial-prod-orders-processor'
const EXTRA = 'ial-prod-orders-replay'
const TOKEN = 'ghp_e2eSecretToken0123456789abcdefABCDEF'
/** What a person pasted into the function by hand: a live key, with text that would inject into every sink. */
const SECRET = 'sk_live_7Hq2-HOSTILE"\n::error::leaked\n| --- |\n- key: !Ref x\n$(touch /tmp/pwned)'
const SECRET_MARK = 'sk_live_7Hq2'
const EXTRA_SECRET = 'replay-token-Zx81-do-not-print'

describeE2e('Lambda functions against moto', () => {
  const suite = exampleEstateSuite({type: FUNCTION, github: {token: TOKEN}})
  const {cli, check} = suite

  const configuration = () => suite.aws.lambda.send(new GetFunctionConfigurationCommand({FunctionName: NAME}))
  const arn = (name: string) => `arn:aws:lambda:us-east-1:${MOTO_ACCOUNT_ID}:function:${name}`
  const declaredCount = () => suite.estate.model.resources.filter((resource) => SUPPORTED_TYPES.has(resource.type)).length
  /** Every file ialctl wrote in the workspace (reports, snapshots, history, audit, templates), git objects aside. */
  const workspaceText = () =>
    readdirSync(suite.workspace.dir, {recursive: true, withFileTypes: true})
      .filter((entry) => entry.isFile() && !path.join(entry.parentPath, entry.name).includes(`${path.sep}.git${path.sep}`))
      .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
      .join('\n')
  const expectNoSecret = (...texts: string[]) => {
    for (const text of texts) {
      expect(text).not.toContain(SECRET_MARK)
      expect(text).not.toContain(EXTRA_SECRET)
    }
  }

  it('GIVEN the function as the phases declare it WHEN checked THEN in sync', async () => {
    const {code, stderr, report} = await check()
    expect(code, stderr).toBe(0)
    expect(report.items).toEqual([])
    expect(report.summary).toMatchObject({resources: declaredCount(), inSync: declaredCount(), missing: 0, extra: 0})
  })

  it('GIVEN a tag changed by hand and a console function WHEN checked THEN tag drift at its file:line and the extra function; heal puts the tag back, read with the SDK', async () => {
    await suite.aws.lambda.send(new TagResourceCommand({Resource: arn(NAME), Tags: {Owner: 'someone-else'}}))
    await suite.aws.lambda.send(
      new CreateFunctionCommand({
        FunctionName: EXTRA,
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Role: suite.estate.resources.OrdersProcessorRole.attributes.Arn,
        Code: {ZipFile: zipOf('index.js', 'exports.handler = async () => {}')},
        MemorySize: 512,
        Environment: {Variables: {REPLAY_TOKEN: EXTRA_SECRET}},
        Tags: {ManagedBy: 'ialctl', Owner: 'orders-team'},
      }),
    )

    const {code, items} = await check()
    expect(code).toBe(2)
    const byId = Object.fromEntries(items.map((item) => [item.id, item]))
    expect(Object.keys(byId).sort()).toEqual(['OrdersProcessorFunction', EXTRA])
    expect(byId.OrdersProcessorFunction).toMatchObject({driftType: 'tag_drift', severity: 'low', autoHealable: true, location: {file: FILE, line: suite.resourceLine(FILE, 'OrdersProcessorFunction')}})
    expect(byId.OrdersProcessorFunction.differences).toEqual([
      {path: '/Tags/Owner', expected: 'orders-team', actual: 'someone-else', kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'OrdersProcessorFunction', '/Tags/Owner')},
    ])
    expect(byId[EXTRA]).toMatchObject({driftType: 'extra_resource', physicalId: EXTRA})
    // The code and the dynamic reference to the payments key are not checked: neither is in AWS's answer as written.
    const text = await cli('drift', 'check')
    expect(text.stdout).toContain('OrdersProcessorFunction /Code: Code is not returned by the describe call')
    expect(text.stdout).toContain('OrdersProcessorFunction /Environment/Variables/PAYMENTS_API_KEY: a dynamic reference')

    const healed = await cli('drift', 'heal', '--auto-approve')
    expect(healed.code, `${healed.stdout}\n${healed.stderr}`).toBe(0)
    expect((await suite.aws.lambda.send(new ListTagsCommand({Resource: arn(NAME)}))).Tags).toMatchObject({Owner: 'orders-team', ManagedBy: 'ialctl'})
    expect((await check()).items.map((item) => item.id)).toEqual([EXTRA])
  })

  it('GIVEN memory and timeout changed by hand WHEN checked THEN configuration drift at their lines; `drift revert` puts both back, read with the SDK', async () => {
    await suite.aws.lambda.send(new UpdateFunctionConfigurationCommand({FunctionName: NAME, MemorySize: 1024, Timeout: 5}))
    const {items} = await check()
    const [item] = items.filter((candidate) => candidate.id === 'OrdersProcessorFunction')
    expect(item).toMatchObject({driftType: 'configuration_drift', severity: 'medium', autoHealable: false})
    expect(item.differences).toEqual([
      {path: '/Timeout', expected: 30, actual: 5, kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'OrdersProcessorFunction', '/Timeout')},
      {path: '/MemorySize', expected: 256, actual: 1024, kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'OrdersProcessorFunction', '/MemorySize')},
    ])

    const reverted = await cli('drift', 'revert', 'OrdersProcessorFunction', '--auto-approve')
    expect(reverted.code, `${reverted.stdout}\n${reverted.stderr}`).toBe(0)
    expect(await configuration()).toMatchObject({MemorySize: 256, Timeout: 30})
  })

  it('GIVEN an environment value replaced by a hostile secret by hand WHEN checked, snapshotted, planned and reverted THEN the variable drifts by digest, and the secret is in no output, report, snapshot or file', async () => {
    const {Environment} = await configuration()
    await suite.aws.lambda.send(
      new UpdateFunctionConfigurationCommand({FunctionName: NAME, MemorySize: 512, Environment: {Variables: {...Environment?.Variables, ORDERS_QUEUE_URL: SECRET, DEBUG_TOKEN: SECRET}}}),
    )

    const json = await check('--report', 'drift-report.json')
    const [item] = json.items.filter((candidate) => candidate.id === 'OrdersProcessorFunction')
    // The environment is high: a changed variable can point the function anywhere.
    expect(item).toMatchObject({driftType: 'configuration_drift', severity: 'high', autoHealable: false})
    expect(item.differences).toEqual([
      {path: '/MemorySize', expected: 256, actual: 512, kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'OrdersProcessorFunction', '/MemorySize')},
      {
        path: '/Environment/Variables/ORDERS_QUEUE_URL',
        expected: secretDigest('ORDERS_QUEUE_URL', suite.estate.resources.OrdersQueue.physicalId),
        actual: secretDigest('ORDERS_QUEUE_URL', SECRET),
        kind: 'NOT_EQUAL',
        line: expect.any(Number),
      },
      // A variable added by hand is drift too: the template declares the whole set of names.
      {path: '/Environment/Variables/DEBUG_TOKEN', expected: null, actual: secretDigest('DEBUG_TOKEN', SECRET), kind: 'ADD', line: expect.any(Number)},
    ])
    const text = await cli('drift', 'check')
    const markdown = await cli('drift', 'check', '--output', 'markdown')
    const snapshot = await cli('snapshot', '--out', 'snapshots/estate.json')
    expect(snapshot.code, snapshot.stderr).toBe(0)
    const plan = await cli('drift', 'plan', '--revert')
    const revert = await cli('drift', 'revert', 'OrdersProcessorFunction', '--auto-approve')
    // The whole item cannot be reverted: a revert never writes an environment value (it would have to know it).
    expect(revert.code, revert.stderr).toBe(0)
    expect(`${revert.stdout}${revert.stderr}`).toContain('environment variables hold secrets')
    expect((await configuration()).Environment?.Variables?.ORDERS_QUEUE_URL).toBe(SECRET)
    expect(text.stdout).not.toMatch(/^\s*::/m)
    expectNoSecret(json.stdout, json.stderr, text.stdout, text.stderr, markdown.stdout, snapshot.stdout, plan.stdout, plan.stderr, revert.stdout, revert.stderr, workspaceText())
    expect(readFileSync(path.join(suite.workspace.dir, 'snapshots/estate.json'), 'utf8')).toContain(secretDigest('DEBUG_TOKEN', SECRET))
  })

  it('GIVEN that drift and the console function WHEN `reverse-sync` opens its pull request THEN the branch has the memory and the codified function with placeholders, never a secret', async () => {
    const result = await cli('reverse-sync', '--include-critical', '--json')
    expect(result.code, result.stderr).toBe(0)
    const opened = JSON.parse(result.stdout) as {status: string; branch: string; files: string[]}
    expect(opened.status).toBe('opened')
    const [pull] = suite.github.pulls
    expect(pull.body).toContain('manual\\: secret values')
    const branch = suite.fixture.git(suite.fixture.bare, 'log', '-p', `main..${opened.branch}`)
    expect(branch).toMatch(/^\+\s+MemorySize: 512$/m)
    expect(branch).toMatch(/REPLAY_TOKEN: "SET-BY-HAND: secret value not copied by ialctl"/)
    expectNoSecret(result.stdout, result.stderr, pull.body, pull.title, branch, workspaceText())
    expect(branch).not.toContain('sha256:')
    // The templates in the clone are untouched: the branch was built aside.
    expect(suite.fixture.git(suite.fixture.clone, 'status', '--porcelain', 'phases')).toBe('')
  })

  it('GIVEN the same drift WHEN `reverse-sync --dry-run` runs and its diff is applied THEN `phases validate` accepts the edited and the imported templates, cfn-lint the edited one', async () => {
    const result = await cli('reverse-sync', '--dry-run', '--include-critical')
    expect(result.code, result.stderr).toBe(0)
    const diff = result.stdout.split('\n--- pull request body ---')[0]
    expect(diff).toContain(`--- a/${FILE}`)
    expect(diff).toMatch(/^\+\+\+ b\/phases\/99-imported\/.*lambda-function\.yaml$/m)
    expect(diff).toMatch(/^\+\s+FunctionName: ial-prod-orders-replay$/m)
    expect(diff).toMatch(/^\+# manual: secret values: IalProdOrdersReplayFunction \/Environment\/Variables\/REPLAY_TOKEN hold a placeholder/m)
    expectNoSecret(result.stdout, result.stderr)

    await suite.applyAndValidate(diff, FILE)
    // The environment value stays the template's: only a person sets it back (or deploys).
    expect(readFileSync(path.join(suite.workspace.dir, FILE), 'utf8')).toContain('ORDERS_QUEUE_URL: !Ref OrdersQueue')
  })

  it('GIVEN the declared function deleted by hand WHEN checked THEN it is missing at its file:line', async () => {
    await suite.aws.lambda.send(new DeleteFunctionCommand({FunctionName: NAME}))
    const {code, items} = await check()
    expect(code).toBe(2)
    expect(items.filter((item) => item.id === 'OrdersProcessorFunction')).toEqual([
      expect.objectContaining({driftType: 'missing_resource', location: {file: FILE, line: suite.resourceLine(FILE, 'OrdersProcessorFunction')}}),
    ])
  })
})
