import {DescribeContinuousBackupsCommand, DescribeTableCommand, type DynamoDBClient, ListTagsOfResourceCommand, paginateListTables} from '@aws-sdk/client-dynamodb'
import type {ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'

import type {ActualResource} from '../../core/model.js'
import {tagMap} from '../../core/resources/aws-shape.js'
import {tableFromAws} from '../../core/resources/dynamodb-table.js'
import {awsCall, type AwsCallRunner} from './call.js'
import {readTagsByArn} from './cloudwatch.js'
import {orNull, type ReadOne} from './read-context.js'

/** ListTables Limit tops out at 100. */
export const DYNAMODB_PAGE_SIZE = 100

/** How DynamoDB says "no such table". */
const TABLE_NOT_FOUND = ['ResourceNotFoundException', 'TableNotFoundException']

async function describe(dynamodb: DynamoDBClient, name: string, region: string, run: AwsCallRunner) {
  return Promise.all([
    run({service: 'DynamoDB', operation: 'DescribeTable', region}, () => dynamodb.send(new DescribeTableCommand({TableName: name}))),
    run({service: 'DynamoDB', operation: 'DescribeContinuousBackups', region}, () => dynamodb.send(new DescribeContinuousBackupsCommand({TableName: name}))),
  ])
}

/**
 * The tables of the region the run needs. DynamoDB has no batch describe: ListTables (100 per page) gives the names
 * and the Resource Groups Tagging API every table's tags (100 per page), so the run decides by name and tags which
 * tables it needs (declared, or an extra inside the scope); only those get DescribeTable and
 * DescribeContinuousBackups and are returned, in parallel under the run's bound. Budget: the module's readBudget.
 */
export async function readTables(
  dynamodb: DynamoDBClient,
  tagging: ResourceGroupsTaggingAPIClient,
  region: string,
  run: AwsCallRunner = awsCall,
  wanted: (actual: ActualResource) => Promise<boolean> = async () => true,
): Promise<ActualResource[]> {
  const [names, tagsByArn] = await Promise.all([
    run({service: 'DynamoDB', operation: 'ListTables', region}, async () => {
      const out: string[] = []
      for await (const page of paginateListTables({client: dynamodb, pageSize: DYNAMODB_PAGE_SIZE}, {})) out.push(...(page.TableNames ?? []))
      return out
    }),
    readTagsByArn(tagging, region, 'dynamodb:table', run),
  ])
  // The tagging API names a table by its ARN, `arn:...:table/NAME`.
  const tagsByName = new Map([...tagsByArn].map(([arn, tags]) => [arn.slice(arn.indexOf(':table/') + ':table/'.length), tagMap(tags)]))
  const tables = await Promise.all(
    names.map(async (name) => {
      const tags = tagsByName.get(name) ?? {}
      if (!(await wanted(tableFromAws({TableName: name}, undefined, tags, region)))) return null
      // A table deleted between the list and its describe is gone: it is left out, not a failure.
      return orNull(TABLE_NOT_FOUND, async () => {
        const [table, backups] = await describe(dynamodb, name, region, run)
        return table.Table ? tableFromAws(table.Table, backups.ContinuousBackupsDescription, tags, region) : null
      })
    }),
  )
  return tables.filter((table): table is ActualResource => table !== null)
}

/** One table by name, or null when it no longer exists: its two describe calls, then its tags by ListTagsOfResource. */
export const readTable: ReadOne = (clients, name, region) =>
  orNull(TABLE_NOT_FOUND, async () => {
    const [table, backups] = await describe(clients.dynamodb, name, region, awsCall)
    if (!table.Table?.TableArn) return null
    const arn = table.Table.TableArn
    const tags = await awsCall({service: 'DynamoDB', operation: 'ListTagsOfResource', region}, () => clients.dynamodb.send(new ListTagsOfResourceCommand({ResourceArn: arn})))
    return tableFromAws(table.Table, backups.ContinuousBackupsDescription, tagMap(tags.Tags), region)
  })
