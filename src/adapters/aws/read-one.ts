import type {ActualResource} from '../../core/model.js'
import {UsageError} from '../../errors.js'
import type {AwsClients} from './clients.js'
import {typeAdapter} from './registry.js'

/**
 * Re-reads one resource with the same mapping as the snapshot (heal's safety check before acting and its
 * verification after). Returns null when the resource no longer exists (or is terminated/deleted/INACTIVE).
 */
export async function readActualResource(
  clients: AwsClients,
  type: string,
  physicalId: string,
  region: string,
  /** The resource as last read (an ECS service with an old-format ARN takes its cluster from it). */
  known?: ActualResource,
): Promise<ActualResource | null> {
  const adapter = typeAdapter(type)
  if (!adapter) throw new UsageError(`cannot read resources of type ${type}`, 'supported types are listed in SPEC 1')
  return adapter.readOne(clients, physicalId, region, known)
}
