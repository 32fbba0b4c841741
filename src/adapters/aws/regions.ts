// Is a region one AWS has? Answered from the partition data the SDK ships (the endpoints list it resolves
// host names from), so that `--region us-esat-1` is refused by name before any call, instead of failing as an
// unreachable host after retries, and a name that cannot be a host name is refused before the SDK's own parser.

import {partition} from '@aws-sdk/core/client'

import {UsageError} from '../../errors.js'

/** A region is one DNS label of endpoint host names: lower-case letters, digits and inner hyphens. */
const REGION_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-'

/** True when the SDK's partition data lists the region. */
export function isKnownRegion(region: string): boolean {
  // partition() answers every name (a listed region, else the partition whose pattern matches, else `aws`);
  // only a listed region comes back with its description.
  return REGION_NAME.test(region) && (partition(region) as {description?: string}).description !== undefined
}

/**
 * Refuses a region that is not a region name, and one the SDK does not list unless a custom endpoint is used
 * (a stand-in such as LocalStack or moto may accept names AWS does not have). Exit 1 with one line.
 */
export function checkRegion(region: string, options: {customEndpoint: boolean}): void {
  const where = 'set --region, aws.regions in the config, or AWS_REGION'
  if (!REGION_NAME.test(region)) throw new UsageError(`"${region}" is not an AWS region name`, `region names look like us-east-1 or eu-west-2; ${where}`)
  if (options.customEndpoint || isKnownRegion(region)) return
  const near = nearKnownRegion(region)
  const hint = near ? `did you mean ${near}? ${where}` : `known regions are names such as us-east-1, eu-west-1 or ap-southeast-2 (aws account list-regions lists them); ${where}`
  throw new UsageError(`unknown AWS region ${region}`, hint)
}

/** A known region one edit away (a swapped, missing, extra or wrong character), the usual typo. */
function nearKnownRegion(region: string): string | undefined {
  const candidates = new Set<string>()
  for (let index = 0; index <= region.length; index++) {
    const [head, tail] = [region.slice(0, index), region.slice(index)]
    if (tail.length > 0) candidates.add(head + tail.slice(1))
    if (tail.length > 1) candidates.add(head + tail[1] + tail[0] + tail.slice(2))
    for (const letter of ALPHABET) {
      candidates.add(head + letter + tail)
      if (tail.length > 0) candidates.add(head + letter + tail.slice(1))
    }
  }

  return [...candidates].sort().find((candidate) => candidate !== region && isKnownRegion(candidate))
}
