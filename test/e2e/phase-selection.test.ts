// Phase selection against moto: resources declared in phases that were not selected are neither checked nor
// "extra". (Fails today: every managed-scope resource of the other phases is reported as extra_resource, and
// `reverse-sync --phase` codifies them again under phases/99-imported.)
import {expect, it} from 'vitest'

import type {DriftReport} from '../../src/core/model.js'
import {describeE2e} from './helpers/e2e.js'
import {exampleEstateSuite} from './helpers/example-estate-suite.js'

describeE2e('--phase selection against moto', () => {
  const suite = exampleEstateSuite({induceDrift: true})
  const {cli} = suite

  it('GIVEN drift in several phases WHEN `drift check --phase 30-compute` runs THEN only that phase is reported, and the truly undeclared instance is the only extra', async () => {
    const result = await cli('drift', 'check', '--phase', '30-compute', '--json')
    expect(result.code, result.stderr).toBe(2)
    const report = JSON.parse(result.stdout) as DriftReport
    expect(report.items.filter((item) => item.driftType === 'extra_resource').map((item) => item.physicalId)).toEqual([suite.drift.extraInstanceId])
    for (const item of report.items.filter((candidate) => candidate.location)) expect(item.location!.file).toMatch(/^phases\/30-compute\//)
  })

  it('GIVEN the same selection WHEN `reverse-sync --phase 30-compute --dry-run` runs THEN it codifies only the undeclared instance', async () => {
    const result = await cli('reverse-sync', '--phase', '30-compute', '--dry-run')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.split('\n').filter((line) => line.startsWith('+++ b/phases/99-imported/'))).toEqual(['+++ b/phases/99-imported/01-ec2-instance.yaml'])
  })
})
