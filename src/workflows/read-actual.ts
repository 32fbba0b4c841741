import type {ApiCallCounter} from '../adapters/aws/clients.js'
import {readAwsSnapshot} from '../adapters/aws/snapshot.js'
import {requireRegions, type Settings, type Target} from '../config/settings.js'
import {readInterest} from '../core/diff/read-interest.js'
import type {DesiredModel, Snapshot} from '../core/model.js'
import {isSupportedType, RESOURCE_TYPES} from '../core/resources/index.js'
import {compareCodePoints} from '../core/shared/compare.js'
import type {Runtime} from './runtime.js'

/**
 * Reads the actual state of `types` in the configured regions through the run's clients (one counter and one rate
 * limit per run), telling progress as each type and region is read; `stacks`: the phase stacks whose records are read.
 */
export async function readActual(
  runtime: Runtime,
  types: string[],
  options: {allowPartial: boolean; model?: DesiredModel; stacks?: string[]; target?: Target; accountId?: string},
): Promise<{snapshot: Snapshot; counter: ApiCallCounter}> {
  const {settings, aws} = runtime
  const {target} = options
  const where = target ? ` of ${target.name}` : ''
  let total = 0
  // With the phases, per-resource calls are made only for what they declare and the extras inside the scope.
  const {model} = options
  const snapshot = await readAwsSnapshot({
    regions: target ? target.regions : requireRegions(settings),
    types,
    allowPartial: options.allowPartial,
    maxConcurrency: settings.aws.maxConcurrency,
    clientsFor: (region) => aws.clientsFor({target: target?.name, region}),
    accountId: options.accountId,
    cap: aws.cap,
    counter: aws.counter,
    clock: () => runtime.clock.now(),
    onProgress: ({type, region, resources}) => {
      total += resources
      runtime.output.progress(`read ${resources} ${type} in ${region}${where} (${total} so far)`)
    },
    interest: model && ((where) => readInterest(model, settings.config.scope.extraResources, where)),
    stacks: options.stacks,
  })
  return {snapshot, counter: aws.counter}
}

/**
 * The types a run reads. Extra resources can only be found in types that are read: with an extra-resource scope,
 * every supported type; without one, only the declared types (fewer API calls), unselected phases included so
 * that references into them resolve. `drift check` and `snapshot` read the same, so a saved snapshot checks alike.
 */
export function typesToRead(settings: Settings, model: DesiredModel): string[] {
  if (settings.config.scope.extraResources) return RESOURCE_TYPES.map((module) => module.type)
  return [...new Set([...model.resources, ...(model.unselected ?? [])].map((resource) => resource.type).filter(isSupportedType))]
}

/**
 * The phase stacks whose records a run reads (config `phases.identityFromStacks`): one per template, named by
 * `phases.stackName`, unselected phases included so that references into them match alike. None when off.
 */
export function stacksToRead(settings: Settings, model: DesiredModel): string[] {
  if (!settings.config.phases.identityFromStacks) return []
  return [...new Set([...model.resources, ...(model.unselected ?? [])].map((resource) => resource.stackName))].sort(compareCodePoints)
}
