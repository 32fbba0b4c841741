import {describe, expect, it} from 'vitest'

import {awsCallRunner, callCap} from '../../../src/adapters/aws/call.js'

describe('call bounds: per account and region, under the run’s cap (issue 19)', () => {
  it('GIVEN two regions bounded at 2 each under a cap of 3 WHEN 10 calls go through each THEN neither region exceeds 2 and together they never exceed 3, but do reach it', async () => {
    const cap = callCap(3)
    const inFlight = {total: 0, 'us-east-1': 0, 'eu-west-1': 0}
    const peak = {total: 0, 'us-east-1': 0, 'eu-west-1': 0}
    const call = (region: 'us-east-1' | 'eu-west-1') => async () => {
      inFlight.total++
      inFlight[region]++
      peak.total = Math.max(peak.total, inFlight.total)
      peak[region] = Math.max(peak[region], inFlight[region])
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight.total--
      inFlight[region]--
      return region
    }

    const runners = {'us-east-1': awsCallRunner(2, cap), 'eu-west-1': awsCallRunner(2, cap)}
    const regions = ['us-east-1', 'eu-west-1'] as const
    const answers = await Promise.all(regions.flatMap((region) => Array.from({length: 10}, () => runners[region]({service: 'EC2', operation: 'DescribeVpcs', region}, call(region)))))
    expect(answers.filter((answer) => answer === 'eu-west-1')).toHaveLength(10)
    expect(peak).toEqual({total: 3, 'us-east-1': 2, 'eu-west-1': 2})
  })
})
