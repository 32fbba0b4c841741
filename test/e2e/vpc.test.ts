// The VPC's DNS settings against moto, through the built CLI: the example estate's VPC in sync (and a snapshot carrying
// both settings), DNS hostnames turned off by hand found at its file:line, reverted with one ModifyVpcAttribute and
// read back with the SDK; Git turning a setting off needs --allow-restart, an impossible target (hostnames without DNS
// support) is refused with nothing sent; and reverse sync adopts the hand change into a template `phases validate`
// accepts.
//
// moto and AWS: moto answers DescribeVpcAttribute and ModifyVpcAttribute as AWS does, one attribute per call, but
// does not refuse DNS hostnames without DNS support; ialctl refuses that target itself, before any call (AWS's
// documented rule).
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {DescribeVpcAttributeCommand, ModifyVpcAttributeCommand} from '@aws-sdk/client-ec2'
import {expect, it} from 'vitest'

import type {Snapshot} from '../../src/core/model.js'
import {type AwsCall, isWriteCall} from './helpers/aws-proxy.js'
import {runCli} from './helpers/cli.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

const FILE = 'phases/00-foundation/01-vpc.yaml'

interface RevertJson {
  plan: {entries: Array<{itemId: string; decision: string; reason: string; restarts?: true}>}
  items: Array<{itemId: string; state: string; error?: string}>
}

describeE2e('VPC DNS settings against moto', () => {
  const suite = exampleEstateSuite({proxy: true})
  const {cli, check} = suite
  const vpcId = () => suite.estate.resources.Vpc.physicalId

  /** `drift revert Vpc` through the counting proxy: its JSON and the write calls that reached AWS. */
  const revert = async (...flags: string[]) => {
    const {proxy} = suite
    const start = proxy.calls.length
    const result = await runCli(suite.workspace, ['drift', 'revert', 'Vpc', '--auto-approve', '--json', ...flags], {endpoint: proxy.endpoint})
    const writes = proxy.calls.slice(start).filter((call: AwsCall) => isWriteCall(call)).map((call) => call.operation)
    return {code: result.code, stderr: result.stderr, revert: JSON.parse(result.stdout) as RevertJson, writes}
  }

  /** Both settings as AWS has them now, read with the SDK (one attribute per call, as EC2 answers). */
  const dnsOf = async () => {
    const support = await suite.aws.ec2.send(new DescribeVpcAttributeCommand({VpcId: vpcId(), Attribute: 'enableDnsSupport'}))
    const hostnames = await suite.aws.ec2.send(new DescribeVpcAttributeCommand({VpcId: vpcId(), Attribute: 'enableDnsHostnames'}))
    return {EnableDnsSupport: support.EnableDnsSupport?.Value, EnableDnsHostnames: hostnames.EnableDnsHostnames?.Value}
  }

  /** Rewrites the VPC template in the workspace with `edit`; returns the text it had, to put back. */
  const editTemplate = (edit: (text: string) => string): string => {
    const file = path.join(suite.workspace.dir, FILE)
    const original = readFileSync(file, 'utf8')
    writeFileSync(file, edit(original))
    return original
  }

  it('GIVEN the VPC as the phases declare it (DNS support and hostnames on) WHEN checked and snapshotted THEN it is in sync and the snapshot carries both settings, read with two DescribeVpcAttribute', async () => {
    const {code, stderr, report} = await check()
    expect(code, stderr).toBe(0)
    expect(report.items).toEqual([])

    const snapshot = await cli('snapshot', '--out', 'snapshot.json', '--json')
    expect(snapshot.code, snapshot.stderr).toBe(0)
    expect((JSON.parse(snapshot.stdout) as {apiCalls: Record<string, number>}).apiCalls).toMatchObject({'EC2.DescribeVpcs': 1, 'EC2.DescribeVpcAttribute': 2})
    const written = JSON.parse(readFileSync(path.join(suite.workspace.dir, 'snapshot.json'), 'utf8')) as Snapshot
    expect(written.resources.find((resource) => resource.physicalId === vpcId())?.properties).toMatchObject({EnableDnsSupport: true, EnableDnsHostnames: true})
  })

  it('GIVEN DNS hostnames turned off by hand WHEN checked THEN high availability drift at its file:line; WHEN reverted THEN one ModifyVpcAttribute turns them on again, read back with the SDK', async () => {
    await suite.aws.ec2.send(new ModifyVpcAttributeCommand({VpcId: vpcId(), EnableDnsHostnames: {Value: false}}))

    const {code, report} = await check()
    expect(code).toBe(2)
    expect(report.items).toEqual([
      expect.objectContaining({id: 'Vpc', driftType: 'configuration_drift', severity: 'high', impact: ['availability'], autoHealable: false, location: {file: FILE, line: suite.resourceLine(FILE, 'Vpc')}}),
    ])
    expect(report.items[0].differences).toEqual([
      {path: '/EnableDnsHostnames', expected: true, actual: false, kind: 'NOT_EQUAL', line: suite.propertyLine(FILE, 'Vpc', '/EnableDnsHostnames')},
    ])

    const {code: reverted, stderr, revert: result, writes} = await revert()
    expect(reverted, stderr).toBe(0)
    expect(result.plan.entries).toEqual([expect.objectContaining({itemId: 'Vpc', decision: 'revert', reason: 'in place by EC2.ModifyVpcAttribute'})])
    expect(result.items).toEqual([expect.objectContaining({itemId: 'Vpc', state: 'applied'})])
    expect(writes).toEqual(['ModifyVpcAttribute'])
    expect(await dnsOf()).toEqual({EnableDnsSupport: true, EnableDnsHostnames: true})
    expect((await check()).report.items).toEqual([])
  })

  it('GIVEN Git turning DNS hostnames off WHEN reverted THEN refused without --allow-restart (nothing sent) and applied with it; GIVEN Git hostnames on without DNS support THEN refused with the reason, nothing sent', async () => {
    const original = editTemplate((text) => text.replace('EnableDnsHostnames: true', 'EnableDnsHostnames: false'))

    const refused = await revert()
    expect(refused.code).toBe(2)
    expect(refused.revert.plan.entries).toEqual([expect.objectContaining({itemId: 'Vpc', decision: 'refused', reason: `it restarts ${vpcId()}: pass --allow-restart to revert it`, restarts: true})])
    expect(refused.writes).toEqual([])

    const allowed = await revert('--allow-restart')
    expect(allowed.code, allowed.stderr).toBe(0)
    expect(allowed.revert.items).toEqual([expect.objectContaining({itemId: 'Vpc', state: 'applied'})])
    expect(allowed.writes).toEqual(['ModifyVpcAttribute'])
    expect(await dnsOf()).toEqual({EnableDnsSupport: true, EnableDnsHostnames: false})

    // Git now says DNS support off while hostnames stay on: a state AWS refuses, so no call at all.
    writeFileSync(path.join(suite.workspace.dir, FILE), original.replace('EnableDnsSupport: true', 'EnableDnsSupport: false'))
    await suite.aws.ec2.send(new ModifyVpcAttributeCommand({VpcId: vpcId(), EnableDnsHostnames: {Value: true}}))
    const impossible = await revert('--allow-restart')
    // As for every item no revert can make (nothing was attempted, so nothing failed): exit 0, listed with its reason.
    expect(impossible.code, impossible.stderr).toBe(0)
    expect(impossible.revert.plan.entries).toEqual([
      expect.objectContaining({itemId: 'Vpc', decision: 'cannot-revert', reason: expect.stringContaining('/EnableDnsHostnames true needs /EnableDnsSupport true (AWS allows DNS hostnames only with DNS support)')}),
    ])
    expect(impossible.writes).toEqual([])
    expect(await dnsOf()).toEqual({EnableDnsSupport: true, EnableDnsHostnames: true})
    writeFileSync(path.join(suite.workspace.dir, FILE), original)
  })

  it('GIVEN DNS hostnames turned off by hand on purpose WHEN `reverse-sync --dry-run` runs THEN the template says false, passes `phases validate` and cfn-lint, and the VPC is in sync', async () => {
    await suite.aws.ec2.send(new ModifyVpcAttributeCommand({VpcId: vpcId(), EnableDnsHostnames: {Value: false}}))

    const result = await cli('reverse-sync', '--dry-run')
    expect(result.code, result.stderr).toBe(0)
    const diff = result.stdout.split('\n--- pull request body ---')[0]
    expect(diff, result.stdout).toContain(`--- a/${FILE}`)
    expect(diff).toMatch(/^-\s+EnableDnsHostnames: true$/m)
    expect(diff).toMatch(/^\+\s+EnableDnsHostnames: false$/m)

    await suite.applyAndValidate(diff, FILE)
    expect((await check()).report.items).toEqual([])
  })
})
