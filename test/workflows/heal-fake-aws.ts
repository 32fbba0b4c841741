// A stateful stand-in for AWS in the heal workflow tests: the SDK clients are mocked with aws-sdk-client-mock,
// and each write changes the resources that the next read returns, as AWS would.

import {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import {CreateTagsCommand, DeleteTagsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {ECSClient, TagResourceCommand, UntagResourceCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs'
import {RDSClient} from '@aws-sdk/client-rds'
import {mockClient} from 'aws-sdk-client-mock'

import type {AuditRecord} from '../../src/adapters/audit-log.js'
import type {HealClients} from '../../src/adapters/aws/heal/index.js'
import type {ActualResource, DriftItem} from '../../src/core/model.js'
import type {HealDependencies} from '../../src/workflows/heal.js'
import {mockedHealClients} from '../helpers/mocked-heal-clients.js'
import {analysis} from '../core/plan/heal-fixtures.js'

export const ec2Mock = mockClient(EC2Client)
export const ecsMock = mockClient(ECSClient)
export const rdsMock = mockClient(RDSClient)
export const cloudwatchMock = mockClient(CloudWatchClient)

/** Every write the heal executors can send, per mock: a dry run must leave all of them at zero. */
export function writeCalls(): number {
  return [ec2Mock, ecsMock, rdsMock, cloudwatchMock].reduce((sum, mock) => sum + mock.calls().length, 0)
}

export class FakeAws {
  readonly resources = new Map<string, ActualResource>()
  readonly audit: AuditRecord[] = []
  readonly clients: HealClients
  reads = 0
  /** What a fresh check finds: these items, each with its resource as AWS has it now (`drift heal --plan` checks again). */
  drift: Array<[DriftItem, ActualResource | null]> = []
  /** HEAD of the phases repository, as a fresh check reports it. */
  commit: string | null = 'abc123'

  constructor(resources: ActualResource[]) {
    for (const mock of [ec2Mock, ecsMock, rdsMock, cloudwatchMock]) mock.reset()
    for (const resource of resources) this.resources.set(resource.physicalId, structuredClone(resource))
    this.clients = mockedHealClients()

    ecsMock.on(UpdateServiceCommand).callsFake((input) => {
      this.get(input.service).properties.DesiredCount = input.desiredCount
      return {service: {serviceArn: input.service, desiredCount: input.desiredCount}}
    })
    ecsMock.on(TagResourceCommand).callsFake((input) => {
      for (const tag of input.tags) this.byArn(input.resourceArn).tags[tag.key] = tag.value
      return {}
    })
    ecsMock.on(UntagResourceCommand).callsFake((input) => {
      for (const key of input.tagKeys) delete this.byArn(input.resourceArn).tags[key]
      return {}
    })
    ec2Mock.on(CreateTagsCommand).callsFake((input) => {
      for (const id of input.Resources) for (const tag of input.Tags) this.get(id).tags[tag.Key] = tag.Value
      return {}
    })
    ec2Mock.on(DeleteTagsCommand).callsFake((input) => {
      for (const id of input.Resources) {
        for (const tag of input.Tags) if (tag.Value === undefined || this.get(id).tags[tag.Key] === tag.Value) delete this.get(id).tags[tag.Key]
      }

      return {}
    })
  }

  get(physicalId: string): ActualResource {
    const resource = this.resources.get(physicalId)
    if (!resource) throw Object.assign(new Error(`${physicalId} not found`), {name: 'ResourceNotFoundException'})
    return resource
  }

  private byArn(arn: string): ActualResource {
    const resource = [...this.resources.values()].find((one) => one.arn === arn || one.physicalId === arn)
    if (!resource) throw Object.assign(new Error(`${arn} not found`), {name: 'InvalidParameterException'})
    return resource
  }

  deps(overrides: Partial<HealDependencies> = {}): HealDependencies {
    return {
      now: () => new Date('2026-11-25T10:00:00.000Z'),
      check: async () => ({
        analysis: analysis(this.drift.map(([item, resource]) => [item, resource ? (structuredClone(this.resources.get(resource.physicalId)) ?? null) : null])),
        report: {source: {commit: this.commit}},
      }),
      aws: () => ({
        clients: this.clients,
        read: async (_type, physicalId) => {
          this.reads += 1
          const resource = this.resources.get(physicalId)
          return resource ? structuredClone(resource) : null
        },
      }),
      whoAmI: async () => 'arn:aws:iam::123456789012:user/ops',
      audit: {append: async (record) => void this.audit.push(record)},
      lock: async () => ({freed: null, release: async () => {}}),
      sleep: async () => {},
      ...overrides,
    }
  }
}
