import {GetCallerIdentityCommand} from '@aws-sdk/client-sts'

import {type ActualResource, SNAPSHOT_SCHEMA_VERSION, type Snapshot, type StackResource, type UnreadTypes} from '../../core/model.js'
import {AwsError, UsageError} from '../../errors.js'
import {sortSnapshot} from '../snapshot-file.js'
import {type AwsCallRunner, awsCallRunner, type CallCap} from './call.js'
import type {ApiCallCounter, AwsClients} from './clients.js'
import {readAvailabilityZones} from './ec2.js'
import {AwsCallError} from './errors.js'
import type {ReadInterest, RegionReader} from './read-context.js'
import {typeAdapter} from './registry.js'
import {readStackResources} from './stacks.js'

export interface SnapshotProgress {
  /** The AWS service (`ec2`, `ecs`, `rds`, `cloudwatch`). */
  service: string
  region: string
  /** Resources read by this step. */
  resources: number
  /** The resource type this step read. */
  type: string
}

export interface ReadAwsSnapshotOptions {
  regions: string[]
  /** Supported types to read; others are refused (nothing could read them). */
  types: string[]
  /** Continue when some types cannot be read, listing them in `snapshot.unread`. */
  allowPartial: boolean
  maxConcurrency: number
  clientsFor: (region: string) => AwsClients
  counter: ApiCallCounter
  clock?: () => Date
  onProgress?: (event: SnapshotProgress) => void
  /** Which resources need their per-resource calls; every resource when absent. */
  interest?: ReadInterest
  /**
   * Phase stacks whose records (logical id -> physical id) are read in every region (config
   * `phases.identityFromStacks`); none when absent. A stack that does not exist has no records.
   */
  stacks?: readonly string[]
  /** The run's bound over every account and region read side by side (config targets); none: each region's own only. */
  cap?: CallCap
  /** The account read, when the caller already knows it (a config target's, from STS): no call to learn it again. */
  accountId?: string
}

/** One region's reader context: its clients, the run's call bound, and values its type readers share. */
function regionReader(clients: AwsClients, region: string, run: AwsCallRunner, wantedIn: () => Promise<(actual: ActualResource) => boolean>): RegionReader {
  const values = new Map<string, unknown>()
  let wanted: Promise<(actual: ActualResource) => boolean> | undefined
  return {
    clients,
    region,
    run,
    async wanted(actual) {
      wanted ??= wantedIn()
      return (await wanted)(actual)
    },
    shared<T>(key: string, make: () => T): T {
      if (!values.has(key)) values.set(key, make())
      return values.get(key) as T
    },
  }
}

interface Failure {
  /** The resource type, `availability zones`, or `stack NAME`. */
  type: string
  region: string
  error: AwsCallError
}

/**
 * Reads the actual state of `types` in `regions`: every (region, type) pair in parallel, every AWS call under
 * one concurrency bound. A type that cannot be read fails the run with the list of what was not read, or,
 * with `allowPartial`, lands in `unread` (its declared resources are then not checked, never reported missing).
 * When nothing at all could be read, the run fails even with `allowPartial`: an empty snapshot helps no one.
 */
export async function readAwsSnapshot(options: ReadAwsSnapshotOptions): Promise<Snapshot> {
  const {regions, counter, clientsFor, onProgress} = options
  const clock = options.clock ?? (() => new Date())
  const unsupported = options.types.filter((type) => !typeAdapter(type))
  if (unsupported.length > 0) throw new UsageError(`cannot read unsupported resource types: ${unsupported.join(', ')}`)
  if (regions.length === 0) throw new UsageError('no AWS region to read', 'pass --region, set aws.regions in the config, or export AWS_REGION')
  const types = [...new Set(options.types)]
  // AWS throttles per account and region: each region read gets its own bound (and the run's cap over all).
  const runners = new Map(regions.map((region) => [region, awsCallRunner(options.maxConcurrency, options.cap)]))
  const runIn = (region: string) => runners.get(region)!
  const readAt = clock().toISOString()

  const resources: ActualResource[] = []
  const failures: Failure[] = []
  const tasks: Promise<void>[] = []
  // One DescribeAvailabilityZones per region, for `!GetAZs`. Under --allow-partial its failure only leaves the
  // zones out (values built from them are then not checked); it never makes a type unread.
  const availabilityZones: Record<string, string[]> = {}
  const readsZones = types.some((type) => typeAdapter(type)?.zoned)
  const zoneFailures: Failure[] = []
  const stackResources: StackResource[] = []
  const stackFailures: Failure[] = []
  const stacks = [...new Set(options.stacks ?? [])]
  const accountId = options.accountId === undefined ? readAccountId(clientsFor(regions[0]), runIn(regions[0])) : Promise.resolve(options.accountId)
  const {interest} = options
  for (const region of regions) {
    const clients = clientsFor(region)
    const run = runIn(region)
    const reader = regionReader(clients, region, run, async () => (interest ? interest({region, accountId: await accountId}) : () => true))
    if (readsZones) {
      tasks.push(
        readAvailabilityZones(clients.ec2, region, run).then(
          (zones) => {
            availabilityZones[region] = zones
          },
          (error: unknown) => {
            if (!(error instanceof AwsCallError)) throw error
            zoneFailures.push({type: 'availability zones', region, error})
          },
        ),
      )
    }

    for (const stackName of stacks) {
      tasks.push(
        readStackResources(clients.cloudformation, stackName, region, run).then(
          (records) => void stackResources.push(...records),
          (error: unknown) => {
            if (!(error instanceof AwsCallError)) throw error
            stackFailures.push({type: `stack ${stackName}`, region, error})
          },
        ),
      )
    }

    for (const type of types) {
      const adapter = typeAdapter(type)!
      // An account-global type (IAM) is the same in every region: read once, so that it is matched once and never
      // reported missing or extra per region.
      if (adapter.module.global && region !== regions[0]) continue
      tasks.push(
        adapter.list(reader).then(
          (found) => {
            resources.push(...found)
            onProgress?.({service: adapter.module.service, region, resources: found.length, type})
          },
          (error: unknown) => {
            // Anything that is not an AWS failure is a bug: let it surface as it is.
            if (!(error instanceof AwsCallError)) throw error
            failures.push({type, region, error})
          },
        ),
      )
    }
  }

  await Promise.all(tasks)

  const readsIn = (type: string) => (typeAdapter(type)!.module.global ? 1 : regions.length)
  const attempted = types.reduce((sum, type) => sum + readsIn(type), 0)
  const everyTypeFailed = failures.length === attempted
  // Like the zones, a stack's records that could not be read only leave that identity out under --allow-partial
  // (its resources are then matched by their types' own rules).
  const contextFailures = [...zoneFailures, ...stackFailures]
  if ((failures.length > 0 || contextFailures.length > 0) && (!options.allowPartial || everyTypeFailed)) {
    throw readFailure(failures, contextFailures, attempted + (readsZones ? regions.length : 0) + stacks.length * regions.length)
  }

  const unread: UnreadTypes[] = failures.map(({type, region, error}) => ({type, region, reason: error.reason}))
  const unreadEverywhere = new Set(types.filter((type) => failures.filter((failure) => failure.type === type).length === readsIn(type)))
  const account = await accountId
  return sortSnapshot({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    readAt,
    regions: [...regions],
    ...(account ? {accountId: account} : {}),
    types: types.filter((type) => !unreadEverywhere.has(type)),
    unread,
    apiCalls: counter.counts(),
    resources,
    ...(Object.keys(availabilityZones).length > 0 ? {availabilityZones} : {}),
    ...(stacks.length > 0 ? {stackResources} : {}),
  })
}

/** The account id is context for the report, not needed to read: one STS call, and its failure is tolerated. */
async function readAccountId(clients: AwsClients, run: AwsCallRunner): Promise<string | undefined> {
  try {
    const identity = await run({service: 'STS', operation: 'GetCallerIdentity', region: 'global'}, () => clients.sts.send(new GetCallerIdentityCommand({})))
    return identity.Account
  } catch {
    return undefined
  }
}

/**
 * One line for the user. When every failure has the same cause (expired credentials, endpoint down), that
 * cause is the message; otherwise each unread type (then the zones) is listed with its reason and the missing IAM action.
 */
function readFailure(typeFailures: Failure[], zoneFailures: Failure[], attempted: number): AwsError {
  // Types first: a type that could not be read matters more than the zones.
  const byRegion = (a: Failure, b: Failure) => a.region.localeCompare(b.region)
  const sorted = [...[...typeFailures].sort((a, b) => a.type.localeCompare(b.type) || byRegion(a, b)), ...[...zoneFailures].sort(byRegion)]
  const reasons = new Set(sorted.map((failure) => failure.error.reason))
  const first = sorted[0].error
  if (reasons.size === 1 && sorted.length === attempted && !first.reason.startsWith('AccessDenied')) return first
  const list = sorted.map(({type, region, error}) => `could not read ${type} in ${region}: ${error.reason}`).join('; ')
  const hint = sorted.length < attempted ? 'fix the above, or pass --allow-partial to check the rest' : first.hint
  return new AwsError(list, hint, {cause: first})
}
