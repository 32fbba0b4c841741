import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, beforeAll, expect, it} from 'vitest'

import type {Snapshot} from '../../src/core/model.js'
import {e2eConfigText} from './fixtures/config.js'
import {createExampleEstate, type Estate, SUPPORTED_TYPES} from './fixtures/estate.js'
import {type AwsProxy, startCountingProxy} from './helpers/aws-proxy.js'
import {createWorkspace, runCli, type Workspace} from './helpers/cli.js'
import {describeE2e, motoEndpoint} from './helpers/e2e.js'
import {freePort} from './helpers/moto.js'


describeE2e('snapshot against moto', () => {
  let estate: Estate
  let workspace: Workspace
  let proxy: AwsProxy | undefined
  beforeAll(async () => {
    estate = await createExampleEstate(motoEndpoint())
    workspace = createWorkspace({config: e2eConfigText()})
  })
  afterAll(async () => {
    await proxy?.close()
  })

  const readSnapshot = (file: string): Snapshot => JSON.parse(readFileSync(path.join(workspace.dir, file), 'utf8')) as Snapshot

  it('GIVEN the example estate in moto WHEN `snapshot --out` runs THEN it exits 0 and the file holds every declared resource of a supported type, read with read calls only', async () => {
    proxy = await startCountingProxy(motoEndpoint())
    const result = await runCli(workspace, ['snapshot', '--out', 'snapshot.json', '--json'], {endpoint: proxy.endpoint})

    expect(result.code, result.stderr).toBe(0)
    const summary = JSON.parse(result.stdout) as {file: string; apiCallsTotal: number; apiCalls: Record<string, number>; accountId: string}
    expect(summary).toMatchObject({file: 'snapshot.json', accountId: '123456789012'})
    const snapshot = readSnapshot('snapshot.json')
    // moto builds a queue URL from the Host it is asked on (here the proxy's), AWS answers one fixed URL: queues are
    // compared by the URL's path (account and name).
    const id = (type: string, physicalId: string) => (type === 'AWS::SQS::Queue' ? new URL(physicalId).pathname : physicalId)
    const read = new Set(snapshot.resources.map((resource) => `${resource.type} ${id(resource.type, resource.physicalId)}`))
    const created = Object.values(estate.resources).filter((resource) => SUPPORTED_TYPES.has(resource.type))
    expect(created.length).toBeGreaterThanOrEqual(15)
    for (const resource of created) expect(read, `${resource.logicalId} (${resource.physicalId})`).toContain(`${resource.type} ${id(resource.type, resource.physicalId)}`)
    // The product's own count and what reached AWS agree; nothing was written.
    expect(proxy.writes()).toEqual([])
    expect(proxy.calls.length).toBe(summary.apiCallsTotal)
    // First-release types: 20 calls; auto scaling adds 1, IAM 2 (once per account), S3 2 (list and bulk tags) and
    // five settings calls per declared bucket; SQS ListQueues, the tagging API's page of queue tags and one
    // GetQueueAttributes per queue; log groups 2 (DescribeLogGroups and bulk tags, no call per group); SNS ListTopics,
    // the tagging API's page of topic tags and one GetTopicAttributes per topic; the load balancer 3 (the list, tags of
    // up to 20 ARNs, and attributes of the one declared ALB); target groups 2 (the list, tags of up to 20 ARNs) and the
    // attributes of each declared one; DynamoDB ListTables, the tagging API's page of table
    // tags, and DescribeTable and DescribeContinuousBackups per table; KMS ListKeys, ListAliases and the tagging API's
    // page of key tags, then DescribeKey, GetKeyRotationStatus and GetKeyPolicy per key; bucket policies one
    // GetBucketPolicy per bucket (the bucket list is shared); listeners one DescribeListeners per load balancer and
    // their tags (up to 20 ARNs a call); IAM managed policies none of their own (the roles' authorization details);
    // VPCs two DescribeVpcAttribute (DNS support, DNS hostnames) per declared VPC.
    const count = (type: string) => created.filter((resource) => resource.type === type).length
    expect(summary.apiCallsTotal).toBeLessThanOrEqual(
      25 + 5 * count('AWS::S3::Bucket') + 2 + count('AWS::SQS::Queue') + 2 + 2 + count('AWS::SNS::Topic') + 3 + 2 + count('AWS::ElasticLoadBalancingV2::TargetGroup') + 2 + 2 * count('AWS::DynamoDB::Table') + 3 + 3 * count('AWS::KMS::Key') +
        count('AWS::S3::Bucket') + count('AWS::ElasticLoadBalancingV2::LoadBalancer') + 1 + 2 * count('AWS::EC2::VPC'),
    )
    expect(summary.apiCalls).toMatchObject({'EC2.DescribeVpcAttribute': 2 * count('AWS::EC2::VPC'), 'S3.ListBuckets': 1, 'S3.GetPublicAccessBlock': count('AWS::S3::Bucket'), 'DynamoDB.ListTables': 1, 'DynamoDB.DescribeTable': count('AWS::DynamoDB::Table'), 'DynamoDB.DescribeContinuousBackups': count('AWS::DynamoDB::Table'), 'KMS.ListKeys': 1, 'KMS.DescribeKey': count('AWS::KMS::Key'), 'KMS.GetKeyPolicy': count('AWS::KMS::Key')})
  })

  it('GIVEN the same estate WHEN `snapshot` runs twice THEN the files are identical except readAt (sorted, stable)', async () => {
    await runCli(workspace, ['snapshot', '--out', 'a.json'], {endpoint: motoEndpoint()})
    await runCli(workspace, ['snapshot', '--out', 'b.json'], {endpoint: motoEndpoint()})
    const strip = (snapshot: Snapshot) => ({...snapshot, readAt: undefined})
    expect(strip(readSnapshot('b.json'))).toEqual(strip(readSnapshot('a.json')))
  })

  // Throttling and the other faults of a read are in faults.test.ts (same reader, through `drift check`).
  it('GIVEN nothing listens at the endpoint WHEN `snapshot` runs THEN it exits 3 with one line on stderr and writes no file, not even a partial one', async () => {
    const down = `http://127.0.0.1:${await freePort()}`
    // Fewer attempts than the default 8 only to keep the suite fast; the message is the same.
    const impatient = createWorkspace({config: e2eConfigText({'aws.maxAttempts': 2})})
    const result = await runCli(impatient, ['snapshot', '--out', 'down.json'], {endpoint: down})

    expect(result.code).toBe(3)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^Error: cannot reach AWS.*ECONNREFUSED.*AWS_ENDPOINT_URL/)
    expect(readdirSync(impatient.dir).filter((name) => name.includes('down'))).toEqual([])
  })
})
