import {type FunctionConfiguration, GetFunctionCommand, type LambdaClient, paginateListFunctions} from '@aws-sdk/client-lambda'
import type {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'

import type {ActualResource} from '../../core/model.js'
import {tagMap} from '../../core/resources/aws-shape.js'
import {functionFromAws} from '../../core/resources/lambda-function.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {readTagsByArn} from './cloudwatch.js'
import {orNull, type ReadOne} from './read-context.js'

/** ListFunctions MaxItems tops out at 50. */
export const LAMBDA_PAGE_SIZE = 50

/**
 * Every function of the region: ListFunctions (50 per page) answers each function's configuration, its environment
 * included, and the tagging API every function's tags (100 per page), in parallel: no call per function. The
 * environment's values are digested by the mapping as each page is mapped (SPEC 10). A function the tagging API
 * does not list has no tags.
 */
export async function readFunctions(lambda: LambdaClient, tagging: ResourceGroupsTaggingAPIClient, region: string, run: AwsCallRunner = awsCall): Promise<ActualResource[]> {
  const [configurations, tags] = await Promise.all([
    run({service: 'Lambda', operation: 'ListFunctions', region}, async () => {
      const out: FunctionConfiguration[] = []
      for await (const page of paginateListFunctions({client: lambda, pageSize: LAMBDA_PAGE_SIZE}, {})) out.push(...(page.Functions ?? []))
      return out
    }),
    readTagsByArn(tagging, region, 'lambda:function', run),
  ])
  return configurations.map((config) => functionFromAws(config, tagMap(config.FunctionArn ? tags.get(config.FunctionArn) : undefined), region))
}

/** One function by name: GetFunction answers its configuration and its tags in one call. */
export const readFunction: ReadOne = (clients, name, region) =>
  orNull(['ResourceNotFoundException'], async () => {
    const answer = await awsCall({service: 'Lambda', operation: 'GetFunction', region}, () => clients.lambda.send(new GetFunctionCommand({FunctionName: name})))
    return answer.Configuration ? functionFromAws(answer.Configuration, answer.Tags ?? {}, region) : null
  })
