// `drift watch` against moto: a real loop, real signals. Each cycle reads AWS once, heals when
// IAL_AUTO_HEAL_ENABLED=true, logs one JSON line; SIGTERM ends it after the current step with exit 0.
import {DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {expect, it} from 'vitest'

import {DRIFT} from './fixtures/drift.js'
import {startCli} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

interface CycleLine {
  cycle: number
  status: string
  steps: {check?: {items: number}; heal?: {applied: number; failed: number}}
  nextRunInMs: number | null
}

const cycles = (stdout: string): CycleLine[] =>
  stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CycleLine)

describeE2e('drift watch against moto', () => {
  const suite = exampleEstateSuite({induceDrift: true})

  it('GIVEN drift and auto-heal enabled WHEN `drift watch --json` runs two cycles and gets SIGTERM THEN the first heals, the second sees only the rest, and it exits 0', async () => {
    const watch = startCli(suite.workspace, ['drift', 'watch', '--json', '--interval', '1s'], {endpoint: motoEndpoint(), env: {IAL_AUTO_HEAL_ENABLED: 'true'}})
    await watch.waitForOutput((stdout) => cycles(stdout).length >= 2, 40_000)
    watch.signal('SIGTERM')
    const result = await watch.result

    expect(result.code, result.stderr).toBe(0)
    const [first, second] = cycles(result.stdout)
    expect(first).toMatchObject({cycle: 1, status: 'ok', steps: {check: {items: 9}, heal: {applied: 5, failed: 0}}})
    expect(second).toMatchObject({cycle: 2, status: 'ok', steps: {check: {items: 4}, heal: {applied: 0, failed: 0}}})
    const worker = suite.estate.resources[DRIFT.desiredCount.id]
    const service = (await suite.aws.ecs.send(new DescribeServicesCommand({cluster: worker.attributes.Cluster, services: [worker.attributes.Name]}))).services![0]
    expect(service.desiredCount).toBe(1)
  })
})
