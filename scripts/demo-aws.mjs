#!/usr/bin/env node
// `npm run demo:aws`: the story of ialctl in one command, against the moto AWS emulator on this machine.
// Starts moto, creates the example estate of phases/, changes it by hand as a person would in the console,
// runs `drift check`, `drift heal --auto-approve` and `drift check` again, and stops moto (also on Ctrl-C).
// It reuses the e2e test fixtures (test/e2e/fixtures), compiled once into node_modules/.cache.
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, 'node_modules/.cache/ialctl-demo-aws')
const bold = (text) => (process.stdout.isTTY ? `\u001B[1m${text}\u001B[22m` : text)
const dim = (text) => (process.stdout.isTTY ? `\u001B[2m${text}\u001B[22m` : text)
const step = (text) => console.log(`\n${bold(`▶ ${text}`)}`)
const indent = (text) => text.replace(/\s+$/, '').replaceAll(/^/gm, '    ')

const tsc = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'scripts/demo-aws.tsconfig.json', '--outDir', out, '--tsBuildInfoFile', path.join(out, 'tsbuildinfo')],
  {cwd: root, encoding: 'utf8'},
)
if (tsc.status !== 0 && tsc.status !== 2) {
  console.error(`demo:aws: could not compile the fixtures:\n${tsc.stdout}${tsc.stderr}`)
  process.exit(1)
}

const fixture = (file) => import(path.join(out, 'test/e2e', file))
const {MOTO_INSTALL_HINT, motoAvailable, startMoto} = await fixture('helpers/moto.js')
const {createWorkspace, removeWorkspaces, runCli} = await fixture('helpers/cli.js')
const {e2eConfigText} = await fixture('fixtures/config.js')
const {createExampleEstate} = await fixture('fixtures/estate.js')
const {induceDrift} = await fixture('fixtures/drift.js')

const python = process.env.E2E_PYTHON ?? 'python3'
if (!motoAvailable(python)) {
  console.error(`demo:aws needs the moto AWS emulator: ${MOTO_INSTALL_HINT}`)
  process.exit(1)
}

const EXIT_MEANING = {0: 'in sync / done', 1: 'usage or configuration error', 2: 'drift found', 3: 'AWS unreachable', 4: 'a resource is in an unknown state'}
const HEAL_EXIT_MEANING = {...EXIT_MEANING, 2: 'a heal item failed and was rolled back'}

let moto
let workspace
// Ctrl-C ends the process from moto's signal hook (which stops moto); the scratch directory goes too.
process.on('exit', removeWorkspaces)
try {
  step('Starting moto, an AWS emulator, on a free local port')
  moto = await startMoto({python})
  console.log(`    ${moto.endpoint} (pid ${moto.pid})`)

  step('Creating the example estate that phases/ declares, through the AWS APIs')
  const estate = await createExampleEstate(moto.endpoint)
  for (const resource of Object.values(estate.resources)) console.log(`    ${resource.type.padEnd(28)} ${resource.logicalId.padEnd(24)} ${dim(resource.physicalId)}`)

  workspace = createWorkspace({config: e2eConfigText()})
  // Each step says what it should end with, so the story doubles as a smoke test (exit 1 when it goes wrong).
  const ialctl = async (expected, ...args) => {
    console.log(`\n${bold(`$ ialctl ${args.join(' ')}`)}`)
    const result = await runCli(workspace, args, {endpoint: moto.endpoint, timeoutMs: 120_000})
    if (result.stdout.trim()) console.log(indent(result.stdout))
    if (result.stderr.trim()) console.log(indent(result.stderr))
    const meaning = (args[1] === 'heal' ? HEAL_EXIT_MEANING : EXIT_MEANING)[result.code] ?? 'unexpected'
    console.log(dim(`    (exit ${result.code}: ${meaning}, ${(result.durationMs / 1000).toFixed(1)} s)`))
    if (result.code !== expected) {
      console.error(`demo:aws: expected exit ${expected} from ialctl ${args.join(' ')}, got ${result.code}`)
      process.exitCode = 1
    }

    return result
  }

  step('Right after the deployment, AWS matches the phases')
  await ialctl(0, 'drift', 'check')

  step('Meanwhile, someone changes AWS by hand in the console')
  const {changes} = await induceDrift(moto.endpoint, estate)
  for (const change of changes) console.log(`    - ${change.story}`)

  step('ialctl finds the drift, rates it, and says what is safe to heal')
  await ialctl(2, 'drift', 'check')

  step('ialctl heals what is safe (tags, counts, windows, thresholds) and leaves the rest alone')
  await ialctl(0, 'drift', 'heal', '--auto-approve')

  step('What is left needs a person: a pull request (ialctl reverse-sync) or a fix in AWS')
  await ialctl(2, 'drift', 'check')
} catch (error) {
  console.error(`\ndemo:aws failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  step('Stopping moto')
  await moto?.stop()
  removeWorkspaces()
  console.log('    done; no process left behind')
}
