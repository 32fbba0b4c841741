import pLimit from 'p-limit'

import {type AwsCallContext, isAwsFailure, toAwsError} from './errors.js'

/**
 * Runs one AWS call (or one paginated walk, whose pages are sequential anyway) under the run's concurrency
 * bound, and maps its failure at the adapter boundary. Calls never nest, so one shared bound cannot deadlock.
 */
export type AwsCallRunner = <T>(context: AwsCallContext, call: () => Promise<T>) => Promise<T>

/**
 * `maxConcurrency` calls at a time through this runner; with `cap`, each also takes a slot of that shared bound (the
 * run's cap over every account and region). Calls never nest, so the two bounds cannot deadlock.
 */
export function awsCallRunner(maxConcurrency: number, cap?: CallCap): AwsCallRunner {
  const limit = pLimit(Math.max(1, maxConcurrency))
  return (context, call) => limit(() => (cap ? cap(() => awsCall(context, call)) : awsCall(context, call)))
}

/** A bound shared by several runners (p-limit's shape). */
export type CallCap = <T>(call: () => Promise<T>) => Promise<T>

export function callCap(maxConcurrency: number): CallCap {
  return pLimit(Math.max(1, maxConcurrency))
}

/** One call without a bound (re-reading a single resource). Errors that are not AWS's (a bug) pass unchanged. */
export async function awsCall<T>(context: AwsCallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw isAwsFailure(error) ? toAwsError(error, context) : error
  }
}

/** Splits `items` into batches of `size` (DescribeServices takes 10, DescribeClusters 100). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size))
  return out
}
