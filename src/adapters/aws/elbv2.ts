import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  type Listener,
  type LoadBalancer,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2'

import type {ActualResource} from '../../core/model.js'
import {tagMap} from '../../core/resources/aws-shape.js'
import {listenerFromAws} from '../../core/resources/elbv2-listener.js'
import {loadBalancerFromAws} from '../../core/resources/elbv2-load-balancer.js'
import {targetGroupFromAws} from '../../core/resources/elbv2-target-group.js'
import {awsCall, type AwsCallRunner, chunks} from './call.js'
import {orNull, type ReadOne} from './read-context.js'

/** API limits: DescribeLoadBalancers and DescribeTargetGroups return up to 400 per page; DescribeTags takes 20 ARNs. */
export const ELBV2_PAGE_SIZE = 400
export const DESCRIBE_TAGS_BATCH = 20

const LOAD_BALANCER_NOT_FOUND = ['LoadBalancerNotFound', 'LoadBalancerNotFoundException']
const TARGET_GROUP_NOT_FOUND = ['TargetGroupNotFound', 'TargetGroupNotFoundException']
const LISTENER_NOT_FOUND = ['ListenerNotFound', 'ListenerNotFoundException', ...LOAD_BALANCER_NOT_FOUND]

/**
 * Reads Elastic Load Balancing v2 for one region (the calls each type costs are in its module). The load balancer
 * list is shared: the listener reader asks each load balancer the checks can use for its listeners.
 */
export class Elbv2Reader {
  private balancers?: Promise<LoadBalancer[]>
  private balancerTagMap?: Promise<Map<string, Record<string, string>>>

  constructor(
    private readonly elbv2: ElasticLoadBalancingV2Client,
    private readonly region: string,
    private readonly run: AwsCallRunner,
    /** Whether the run needs a load balancer in full (declared, or an extra inside the scope): read-interest. */
    private readonly wanted: (actual: ActualResource) => Promise<boolean>,
  ) {}

  private call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    return this.run({service: 'ELBv2', operation, region: this.region}, send)
  }

  listLoadBalancers(): Promise<LoadBalancer[]> {
    this.balancers ??= this.call('DescribeLoadBalancers', async () => {
      const out: LoadBalancer[] = []
      // The ELBv2 paginators do not map `pageSize` to PageSize: it goes in the input.
      for await (const page of paginateDescribeLoadBalancers({client: this.elbv2}, {PageSize: ELBV2_PAGE_SIZE})) out.push(...(page.LoadBalancers ?? []))
      return out
    })
    return this.balancers
  }

  /** Tags of any ELBv2 ARNs, 20 per DescribeTags call, in parallel under the run's bound. */
  async tags(arns: readonly string[]): Promise<Map<string, Record<string, string>>> {
    const answers = await Promise.all(chunks(arns, DESCRIBE_TAGS_BATCH).map((ResourceArns) => this.call('DescribeTags', () => this.elbv2.send(new DescribeTagsCommand({ResourceArns})))))
    return new Map(answers.flatMap((answer) => (answer.TagDescriptions ?? []).map((description) => [description.ResourceArn ?? '', tagMap(description.Tags)] as const)))
  }

  /** The load balancers' tags, read once for the load balancer and listener types. */
  private balancerTags(balancers: readonly LoadBalancer[]): Promise<Map<string, Record<string, string>>> {
    this.balancerTagMap ??= this.tags(balancers.map((balancer) => balancer.LoadBalancerArn ?? ''))
    return this.balancerTagMap
  }

  async readLoadBalancers(): Promise<ActualResource[]> {
    const balancers = await this.listLoadBalancers()
    const tags = await this.balancerTags(balancers)
    const listed = balancers.map((balancer) => loadBalancerFromAws(balancer, tags.get(balancer.LoadBalancerArn ?? '') ?? {}, undefined, this.region))
    return Promise.all(
      listed.map(async (resource, index) => {
        if (!(await this.wanted(resource))) return resource
        const attributes = await this.call('DescribeLoadBalancerAttributes', () => loadBalancerAttributes(this.elbv2, resource.physicalId))
        return loadBalancerFromAws(balancers[index], resource.tags, attributes, this.region)
      }),
    )
  }

  /**
   * Listeners of the load balancers the run reads in full (declared, or extras inside the scope): DescribeListeners
   * exists only per load balancer, so the others are never asked. The load balancer list is the one the load
   * balancer type reads (made once for both); the listeners' tags come 20 ARNs a DescribeTags call.
   */
  async readListeners(): Promise<ActualResource[]> {
    const balancers = await this.listLoadBalancers()
    const tags = await this.balancerTags(balancers)
    const wanted = await Promise.all(balancers.map((balancer) => this.wanted(loadBalancerFromAws(balancer, tags.get(balancer.LoadBalancerArn ?? '') ?? {}, undefined, this.region))))
    const listeners = (
      await Promise.all(
        balancers.filter((_, index) => wanted[index]).map((balancer) =>
          this.call('DescribeListeners', async () => {
            const out: Listener[] = []
            for await (const page of paginateDescribeListeners({client: this.elbv2}, {LoadBalancerArn: balancer.LoadBalancerArn, PageSize: ELBV2_PAGE_SIZE})) out.push(...(page.Listeners ?? []))
            return out
          }),
        ),
      )
    ).flat()
    const listenerTags = await this.tags(listeners.map((listener) => listener.ListenerArn ?? ''))
    return listeners.map((listener) => listenerFromAws(listener, listenerTags.get(listener.ListenerArn ?? '') ?? {}, this.region))
  }

  async readTargetGroups(): Promise<ActualResource[]> {
    const groups = await this.call('DescribeTargetGroups', async () => {
      const out: TargetGroup[] = []
      for await (const page of paginateDescribeTargetGroups({client: this.elbv2}, {PageSize: ELBV2_PAGE_SIZE})) out.push(...(page.TargetGroups ?? []))
      return out
    })
    const tags = await this.tags(groups.map((group) => group.TargetGroupArn ?? ''))
    const listed = groups.map((group) => targetGroupFromAws(group, tags.get(group.TargetGroupArn ?? '') ?? {}, undefined, this.region))
    return Promise.all(
      listed.map(async (resource, index) => {
        if (!(await this.wanted(resource))) return resource
        const attributes = await this.call('DescribeTargetGroupAttributes', () => targetGroupAttributes(this.elbv2, resource.physicalId))
        return targetGroupFromAws(groups[index], resource.tags, attributes, this.region)
      }),
    )
  }
}

const targetGroupAttributes = async (elbv2: ElasticLoadBalancingV2Client, arn: string) =>
  (await elbv2.send(new DescribeTargetGroupAttributesCommand({TargetGroupArn: arn}))).Attributes ?? []

const loadBalancerAttributes = async (elbv2: ElasticLoadBalancingV2Client, arn: string) =>
  (await elbv2.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: arn}))).Attributes ?? []

// ---- one resource by ARN --------------------------------------------------------------------------------------

const elbv2Call = <T>(operation: string, region: string, send: () => Promise<T>) => awsCall({service: 'ELBv2', operation, region}, send)

/** A load balancer with its tags and attributes (heal reads before acting and after, to verify). */
export const readLoadBalancer: ReadOne = (clients, arn, region) =>
  orNull(LOAD_BALANCER_NOT_FOUND, async () => {
    const answer = await elbv2Call('DescribeLoadBalancers', region, () => clients.elbv2.send(new DescribeLoadBalancersCommand({LoadBalancerArns: [arn]})))
    const balancer = answer.LoadBalancers?.[0]
    if (!balancer) return null
    const [tags, attributes] = await Promise.all([
      elbv2Call('DescribeTags', region, () => clients.elbv2.send(new DescribeTagsCommand({ResourceArns: [arn]}))),
      elbv2Call('DescribeLoadBalancerAttributes', region, () => loadBalancerAttributes(clients.elbv2, arn)),
    ])
    return loadBalancerFromAws(balancer, tagMap(tags.TagDescriptions?.[0]?.Tags), attributes, region)
  })

/** A target group with its tags and attributes (heal reads before acting and after, to verify). */
export const readTargetGroup: ReadOne = (clients, arn, region) =>
  orNull(TARGET_GROUP_NOT_FOUND, async () => {
    const answer = await elbv2Call('DescribeTargetGroups', region, () => clients.elbv2.send(new DescribeTargetGroupsCommand({TargetGroupArns: [arn]})))
    const group = answer.TargetGroups?.[0]
    if (!group) return null
    const [tags, attributes] = await Promise.all([
      elbv2Call('DescribeTags', region, () => clients.elbv2.send(new DescribeTagsCommand({ResourceArns: [arn]}))),
      elbv2Call('DescribeTargetGroupAttributes', region, () => targetGroupAttributes(clients.elbv2, arn)),
    ])
    return targetGroupFromAws(group, tagMap(tags.TagDescriptions?.[0]?.Tags), attributes, region)
  })

/** A listener with its tags (a revert reads before acting and after, to verify). */
export const readListener: ReadOne = (clients, arn, region) =>
  orNull(LISTENER_NOT_FOUND, async () => {
    const answer = await elbv2Call('DescribeListeners', region, () => clients.elbv2.send(new DescribeListenersCommand({ListenerArns: [arn]})))
    const listener = answer.Listeners?.[0]
    if (!listener) return null
    const tags = await elbv2Call('DescribeTags', region, () => clients.elbv2.send(new DescribeTagsCommand({ResourceArns: [arn]})))
    return listenerFromAws(listener, tagMap(tags.TagDescriptions?.[0]?.Tags), region)
  })
