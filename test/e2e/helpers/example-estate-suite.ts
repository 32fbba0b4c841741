// What an e2e file about the example estate starts with, written once: SDK clients on moto, the example estate,
// optionally the drift fixture's hand changes and a counting proxy, a workspace with the e2e config (or a clone pushed
// to the GitHub stand-in, for reverse sync), the CLI run in it and `drift check --json` parsed.
// Call it at the top of the file's describe: its hooks belong to that describe, and whatever was opened is closed in
// afterAll even when beforeAll failed half-way. A file's own beforeAll registered after it runs after it (vitest
// runs beforeAll hooks in order and afterAll hooks in reverse), so it can build on the estate.
import {spawnSync} from 'node:child_process'
import path from 'node:path'

import {afterAll, beforeAll, expect} from 'vitest'

import type {DriftItem, DriftReport} from '../../../src/core/model.js'
import {type GitFixture, gitFixture} from '../../adapters/git/git-fixture.js'
import {GitHubStandIn} from '../../helpers/github-stand-in.js'
import {e2eConfigText} from '../fixtures/config.js'
import {induceDrift, type InducedDrift} from '../fixtures/drift.js'
import {createExampleEstate, type Estate} from '../fixtures/estate.js'
import {awsClients, type AwsClients} from './aws-clients.js'
import {type AwsProxy, startCountingProxy} from './aws-proxy.js'
import {type CliResult, cloneWorkspace, createWorkspace, runCli, type Workspace} from './cli.js'
import {motoEndpoint} from './e2e.js'
import {phaseFiles} from './phase-files.js'
import {propertyLine, resourceLine} from './template-lines.js'

export interface ExampleEstateSuiteOptions {
  /** The workspace's config/ialctl.yaml; the e2e config (`e2eConfigText()`) when not given. */
  config?: string
  /** Make the drift fixture's hand changes (`induceDrift`) once the estate exists: `suite.drift`. */
  induceDrift?: boolean
  /** Start a counting proxy in front of moto: `suite.proxy`. The CLI still talks to moto unless a test says so. */
  proxy?: boolean
  /** The resource type the file is about: `check()` returns its items as `items`. */
  type?: string
  /** `check()` fails the test when its stderr matches (`/Error/`: every check of the file must run clean). */
  failOnStderr?: RegExp
  /**
   * The workspace is a clone of a git fixture (the phases and the config) whose origin is a GitHub stand-in for
   * acme/infra that accepts `token`: `suite.github`, `suite.fixture`; `cli()` runs with that token and API.
   */
  github?: {token: string}
}

/** One `drift check --json` run: the exit code, the output and the parsed report. */
export interface DriftCheck extends CliResult {
  report: DriftReport
  /** The report's items of the suite's `type` (all of them when it has none). */
  items: DriftItem[]
}

/** What the suite opens in beforeAll; reading one before then (or one its option was not given for) throws. */
export interface ExampleEstateResources {
  aws: AwsClients
  estate: Estate
  /** What the drift fixture changed; only with `induceDrift: true`. */
  drift: InducedDrift
  /** The counting proxy; only with `proxy: true`. */
  proxy: AwsProxy
  workspace: Workspace
  /** The GitHub stand-in and the git fixture behind the workspace; only with `github`. */
  github: GitHubStandIn
  fixture: GitFixture
}

// Every resource by name, so that the getters below cannot miss one.
const RESOURCE_NAMES: Record<keyof ExampleEstateResources, true> = {aws: true, estate: true, drift: true, proxy: true, workspace: true, github: true, fixture: true}

export interface ExampleEstateSuite extends Readonly<ExampleEstateResources> {
  /** ialctl run in the workspace against moto. */
  cli(...args: string[]): Promise<CliResult>
  /** `drift check --json` with more flags; the report parsed (a run that prints no JSON fails here). */
  check(...flags: string[]): Promise<DriftCheck>
  /** The line of `pointer` (`/Prop`, `/Tags/Key`) in a resource of a template in the workspace. */
  propertyLine(file: string, logicalId: string, pointer: string): number
  /** The line of a resource's `LogicalId:` in a template in the workspace. */
  resourceLine(file: string, logicalId: string): number
  /**
   * Applies a reverse sync's dry-run diff to the workspace (`git apply`), then requires `phases validate` and cfn-lint
   * (on `lintFiles`, templates relative to the workspace) to accept the result, as a reviewer's CI would.
   */
  applyAndValidate(diff: string, ...lintFiles: string[]): Promise<void>
}

/** The example estate on this worker's moto, for the tests of the describe it is called in. */
export function exampleEstateSuite(options: ExampleEstateSuiteOptions = {}): ExampleEstateSuite {
  const opened: Partial<ExampleEstateResources> = {}

  beforeAll(async () => {
    opened.aws = awsClients(motoEndpoint())
    opened.estate = await createExampleEstate(motoEndpoint())
    if (options.induceDrift) opened.drift = await induceDrift(motoEndpoint(), opened.estate)
    if (options.proxy) opened.proxy = await startCountingProxy(motoEndpoint())
    const config = options.config ?? e2eConfigText()
    if (options.github) {
      const fixture = (opened.fixture = gitFixture({...phaseFiles(), 'config/ialctl.yaml': config}))
      const github = (opened.github = await GitHubStandIn.start({owner: 'acme', repo: 'infra', token: options.github.token, bareRepo: fixture.bare}))
      fixture.git(fixture.clone, 'remote', 'set-url', 'origin', github.cloneUrl)
      opened.workspace = cloneWorkspace(fixture)
    } else {
      opened.workspace = createWorkspace({config})
    }
  })
  afterAll(async () => {
    opened.aws?.destroy()
    await opened.proxy?.close()
    await opened.github?.close()
  })

  const suite = {
    cli: (...args: string[]) =>
      runCli(suite.workspace, args, {
        endpoint: motoEndpoint(),
        ...(options.github ? {githubToken: options.github.token, env: {GITHUB_API_URL: suite.github.url, TMPDIR: suite.fixture.temp}} : {}),
      }),
    async check(...flags: string[]): Promise<DriftCheck> {
      const result = await suite.cli('drift', 'check', '--json', ...flags)
      if (options.failOnStderr) expect(result.stderr).not.toMatch(options.failOnStderr)
      const report = JSON.parse(result.stdout) as DriftReport
      return {...result, report, items: options.type === undefined ? report.items : report.items.filter((item) => item.type === options.type)}
    },
    propertyLine: (file: string, logicalId: string, pointer: string) => propertyLine(suite.workspace.dir, file, logicalId, pointer),
    resourceLine: (file: string, logicalId: string) => resourceLine(suite.workspace.dir, file, logicalId),
    async applyAndValidate(diff: string, ...lintFiles: string[]) {
      const applied = spawnSync('git', ['apply', '-p1', '-'], {cwd: suite.workspace.dir, input: `${diff.trimEnd()}\n`, encoding: 'utf8'})
      expect(applied.status, applied.stderr).toBe(0)
      const validate = await suite.cli('phases', 'validate')
      expect(validate.code, `${validate.stdout}\n${validate.stderr}`).toBe(0)
      for (const file of lintFiles) {
        const lint = spawnSync('cfn-lint', [path.join(suite.workspace.dir, file)], {encoding: 'utf8'})
        expect(lint.error === undefined ? lint.status : 0, `${file}: ${lint.stdout}`).toBe(0)
      }
    },
  } as ExampleEstateSuite
  for (const name of Object.keys(RESOURCE_NAMES) as Array<keyof ExampleEstateResources>) {
    Object.defineProperty(suite, name, {
      enumerable: true,
      get() {
        const value = opened[name]
        if (value === undefined) throw new Error(`exampleEstateSuite: ${name} is not there (read before beforeAll ran, beforeAll failed, or the option that makes it was not given)`)
        return value
      },
    })
  }

  return suite
}
