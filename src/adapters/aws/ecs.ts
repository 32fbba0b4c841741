import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  paginateListClusters,
  paginateListServices,
  paginateListTaskDefinitionFamilies,
} from '@aws-sdk/client-ecs'

import type {ActualResource} from '../../core/model.js'
import {clusterFromAws} from '../../core/resources/ecs-cluster.js'
import {serviceFromAws} from '../../core/resources/ecs-service.js'
import {taskDefinitionFromAws} from '../../core/resources/ecs-task-definition.js'
import {awsCall, type AwsCallRunner, chunks} from './call.js'
import {orNull, type ReadOne} from './read-context.js'

/** API limits: list pages of 100, DescribeClusters 100 per call, DescribeServices 10 per call. */
export const ECS_PAGE_SIZE = 100
export const DESCRIBE_CLUSTERS_BATCH = 100
export const DESCRIBE_SERVICES_BATCH = 10

/**
 * Reads ECS for one region. The cluster list is shared by the cluster and service readers (one ListClusters
 * walk per region whichever of the two types is asked for).
 */
export class EcsReader {
  private clusterArns?: Promise<string[]>

  constructor(
    private readonly ecs: ECSClient,
    private readonly region: string,
    private readonly run: AwsCallRunner = awsCall,
  ) {}

  listClusterArns(): Promise<string[]> {
    this.clusterArns ??= this.run({service: 'ECS', operation: 'ListClusters', region: this.region}, async () => {
      const arns: string[] = []
      for await (const page of paginateListClusters({client: this.ecs, pageSize: ECS_PAGE_SIZE}, {})) arns.push(...(page.clusterArns ?? []))
      return arns
    })
    return this.clusterArns
  }

  async readClusters(): Promise<ActualResource[]> {
    const arns = await this.listClusterArns()
    const batches = await Promise.all(
      chunks(arns, DESCRIBE_CLUSTERS_BATCH).map((clusters) =>
        this.run({service: 'ECS', operation: 'DescribeClusters', region: this.region}, () =>
          this.ecs.send(new DescribeClustersCommand({clusters, include: ['TAGS', 'SETTINGS', 'CONFIGURATIONS']})),
        ),
      ),
    )
    return batches.flatMap((answer) => (answer.clusters ?? []).filter((cluster) => cluster.status !== 'INACTIVE').map((cluster) => clusterFromAws(cluster, this.region)))
  }

  async readServices(): Promise<ActualResource[]> {
    const clusterArns = await this.listClusterArns()
    const perCluster = await Promise.all(
      clusterArns.map(async (cluster) => {
      const serviceArns = await this.run({service: 'ECS', operation: 'ListServices', region: this.region}, async () => {
        const arns: string[] = []
        for await (const page of paginateListServices({client: this.ecs, pageSize: ECS_PAGE_SIZE}, {cluster})) arns.push(...(page.serviceArns ?? []))
        return arns
      })
      const batches = await Promise.all(
        chunks(serviceArns, DESCRIBE_SERVICES_BATCH).map((services) =>
          this.run({service: 'ECS', operation: 'DescribeServices', region: this.region}, () =>
            this.ecs.send(new DescribeServicesCommand({cluster, services, include: ['TAGS']})),
          ),
        ),
      )
      return batches.flatMap((answer) => answer.services ?? [])
      }),
    )
    // A deleted service stays describable as INACTIVE for a while; it is gone as far as drift is concerned.
    return perCluster
      .flat()
      .filter((service) => service.status !== 'INACTIVE')
      .map((service) => serviceFromAws(service, this.region))
  }

  /**
   * SPEC 1 matches a task definition by `Family` to its latest ACTIVE revision, which is exactly what
   * DescribeTaskDefinition answers when given the bare family name. So: ListTaskDefinitionFamilies (ACTIVE, 100
   * per page), then one DescribeTaskDefinition per family (the API has no batch form). Older revisions are not
   * read: a service still running one shows as drift on its `TaskDefinition`, which is what a user wants to see.
   */
  async readTaskDefinitions(): Promise<ActualResource[]> {
    const families = await this.run({service: 'ECS', operation: 'ListTaskDefinitionFamilies', region: this.region}, async () => {
      const names: string[] = []
      const pages = paginateListTaskDefinitionFamilies({client: this.ecs, pageSize: ECS_PAGE_SIZE}, {status: 'ACTIVE'})
      for await (const page of pages) names.push(...(page.families ?? []))
      return names
    })
    const answers = await Promise.all(
      families.map((family) =>
        this.run({service: 'ECS', operation: 'DescribeTaskDefinition', region: this.region}, () =>
          this.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: family, include: ['TAGS']})),
        ),
      ),
    )
    return answers.flatMap((answer) => (answer.taskDefinition ? [taskDefinitionFromAws(answer.taskDefinition, answer.tags, this.region)] : []))
  }
}

// ---- one resource by id ---------------------------------------------------------------------------------------

const ECS_NOT_FOUND = ['ClusterNotFoundException', 'ResourceNotFoundException', 'ResourceNotFound']
const ecsCall = <T>(operation: string, region: string, send: () => Promise<T>) => awsCall({service: 'ECS', operation, region}, send)

export const readEcsCluster: ReadOne = (clients, name, region) =>
  orNull(ECS_NOT_FOUND, async () => {
    const answer = await ecsCall('DescribeClusters', region, () => clients.ecs.send(new DescribeClustersCommand({clusters: [name], include: ['TAGS', 'SETTINGS', 'CONFIGURATIONS']})))
    const cluster = answer.clusters?.[0]
    return cluster && cluster.status !== 'INACTIVE' ? clusterFromAws(cluster, region) : null
  })

/** An old-format ARN (`service/NAME`) does not name the cluster: it comes from the `Cluster` of the service as last read. */
export const readEcsService: ReadOne = (clients, arn, region, known) =>
  orNull(ECS_NOT_FOUND, async () => {
    const knownCluster = typeof known?.properties.Cluster === 'string' && known.properties.Cluster !== '' ? known.properties.Cluster : undefined
    const answer = await ecsCall('DescribeServices', region, () =>
      clients.ecs.send(new DescribeServicesCommand({cluster: clusterOfService(arn) ?? knownCluster, services: [arn], include: ['TAGS']})),
    )
    const service = answer.services?.[0]
    return service && service.status !== 'INACTIVE' ? serviceFromAws(service, region) : null
  })

export const readTaskDefinition: ReadOne = (clients, arn, region) =>
  orNull(
    ECS_NOT_FOUND,
    async () => {
      const answer = await ecsCall('DescribeTaskDefinition', region, () => clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: arn, include: ['TAGS']})))
      const definition = answer.taskDefinition
      return definition && definition.status === 'ACTIVE' ? taskDefinitionFromAws(definition, answer.tags, region) : null
    },
    // ECS answers an unknown task definition revision with a generic ClientException.
    (name, message) => name === 'ClientException' && /unable to describe task definition/i.test(message),
  )

/**
 * The cluster of a service from its ARN: `arn:aws:ecs:r:a:service/CLUSTER/NAME`. The old ARN format
 * (`service/NAME`) does not say; without a cluster DescribeServices looks in `default`.
 */
function clusterOfService(serviceArn: string): string | undefined {
  const resource = serviceArn.split(':').slice(5).join(':')
  const parts = resource.split('/')
  return parts.length === 3 ? parts[1] : undefined
}
