// `--report s3://…` and `snapshot --out s3://…`: a URL that names no object is one usage error before any work
// (no AWS call, no check). Writing to S3 itself is covered end to end against moto (test/e2e/shared-state.test.ts).
import {describe, expect, it} from 'vitest'

import {createWorkspace, REPO_ROOT, runCli} from '../helpers/cli.js'

const workspace = createWorkspace()
// A closed port: any AWS call would fail with exit 3, so exit 1 proves nothing was called.
const ialctl = (args: string[]) => runCli(workspace, args, {cwd: REPO_ROOT, endpoint: 'http://127.0.0.1:9'})

describe('S3 URLs for reports and snapshots', () => {
  it('GIVEN --report s3://bucket/ (no key) WHEN checking THEN one usage line and exit 1, before the check', async () => {
    const result = await ialctl(['drift', 'check', '--snapshot', 'test/fixtures/demo-snapshot.json', '--report', 's3://acme-state/'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe('Error: --report s3://acme-state/ is not an S3 object URL: no object key after the bucket (write s3://BUCKET/KEY, e.g. s3://acme-ialctl-state/reports/drift.json)\n')
  })

  it('GIVEN snapshot --out with a bucket name S3 refuses WHEN snapshotting THEN one usage line and exit 1, before AWS is read', async () => {
    const result = await ialctl(['snapshot', '--out', 's3://Bad_Bucket/s.json', '--all-types', '--region', 'us-east-1'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('Error: --out s3://Bad_Bucket/s.json is not an S3 object URL: Bad_Bucket is not a valid bucket name (write s3://BUCKET/KEY, e.g. s3://acme-ialctl-state/reports/drift.json)\n')
  })
})
