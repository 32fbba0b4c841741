import {type CloudFormationClient, paginateListStackResources} from '@aws-sdk/client-cloudformation'

import type {StackResource} from '../../core/model.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {orNull} from './read-context.js'

/**
 * CloudFormation says "no such stack" with a ValidationError whose message is `Stack with id NAME does not exist`:
 * a phase not deployed as a stack (yet), which is an answer (no records), not a failure. Any other ValidationError
 * is one.
 */
const isMissingStack = (name: string, message: string): boolean => name === 'ValidationError' && /^Stack with id .* does not exist$/.test(message)

/**
 * What a phase stack records for each of its resources (logical id -> physical id), every page of
 * ListStackResources. A stack that does not exist has no records. Budget: 1 call per 100 resources of the stack.
 */
export async function readStackResources(cloudformation: CloudFormationClient, stackName: string, region: string, run: AwsCallRunner = awsCall): Promise<StackResource[]> {
  const records = await orNull(
    [],
    () =>
      run({service: 'CloudFormation', operation: 'ListStackResources', region}, async () => {
        const out: StackResource[] = []
        for await (const page of paginateListStackResources({client: cloudformation}, {StackName: stackName})) {
          for (const summary of page.StackResourceSummaries ?? []) {
            const {LogicalResourceId: logicalId, PhysicalResourceId: physicalId, ResourceType: type} = summary
            // A resource still being created, or one whose creation failed, has no physical id yet: nothing to match.
            if (logicalId && physicalId && type) out.push({region, stackName, logicalId, type, physicalId})
          }
        }

        return out
      }),
    isMissingStack,
  )
  return records ?? []
}
