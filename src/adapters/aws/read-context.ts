import type {ActualResource} from '../../core/model.js'
import type {AwsCallRunner} from './call.js'
import type {AwsClients} from './clients.js'

/** What a type's list reader gets for one region. */
export interface RegionReader {
  clients: AwsClients
  region: string
  /** Runs each call under the run's concurrency bound, mapping failures at the adapter boundary. */
  run: AwsCallRunner
  /** One value per region and key, made on first use (the ECS cluster list serves clusters and services alike). */
  shared<T>(key: string, make: () => T): T
  /**
   * Whether the run needs this resource (as the list calls show it) in full: declared, or an extra inside the
   * scope. Readers of types that cost calls per resource ask before making them; true for all when the run did
   * not say (a snapshot of every type).
   */
  wanted(actual: ActualResource): Promise<boolean>
}

/** What a run needs read in full, per region (the account id resolves names such as `${AWS::AccountId}-logs`). */
export type ReadInterest = (where: {region: string; accountId: string | undefined}) => (actual: ActualResource) => boolean

/** Re-reads one resource by physical id; null when it no longer exists (or is terminated, deleted, INACTIVE). */
/** `known`: the resource as last read, for ids that do not say everything (an ECS service ARN of the old format). */
export type ReadOne = (clients: AwsClients, physicalId: string, region: string, known?: ActualResource) => Promise<ActualResource | null>

/**
 * How an API says "no such resource" when asked for one by id: that is an answer (null), not a failure. `names`
 * are the error codes of this type's describe call.
 */
export async function orNull<T>(names: readonly string[], read: () => Promise<T | null>, also?: (name: string, message: string) => boolean): Promise<T | null> {
  try {
    return await read()
  } catch (error) {
    const cause = (error as {cause?: {name?: string; message?: string}}).cause
    const name = cause?.name ?? (error as {name?: string}).name
    if (name && names.includes(name)) return null
    if (name && also?.(name, String(cause?.message))) return null
    throw error
  }
}
