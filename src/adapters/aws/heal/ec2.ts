import {CreateTagsCommand, type CreateTagsCommandInput, DeleteTagsCommand, type DeleteTagsCommandInput, MonitorInstancesCommand, UnmonitorInstancesCommand} from '@aws-sdk/client-ec2'

import {awsCall} from '../call.js'
import type {HealExecutor} from './types.js'

/** Tag calls of every EC2 type. */
export const ec2TagExecutors: Record<string, HealExecutor> = {
  async 'EC2.CreateTags'(clients, params, region) {
    await awsCall({service: 'EC2', operation: 'CreateTags', region}, () => clients.ec2.send(new CreateTagsCommand(params as unknown as CreateTagsCommandInput)))
  },

  async 'EC2.DeleteTags'(clients, params, region) {
    // The schema guarantees explicit keys: DeleteTags without Tags would delete every tag of the resource.
    await awsCall({service: 'EC2', operation: 'DeleteTags', region}, () => clients.ec2.send(new DeleteTagsCommand(params as unknown as DeleteTagsCommandInput)))
  },
}

export const ec2MonitoringExecutors: Record<string, HealExecutor> = {
  async 'EC2.MonitorInstances'(clients, params, region) {
    const {InstanceIds} = params as {InstanceIds: string[]}
    await awsCall({service: 'EC2', operation: 'MonitorInstances', region}, () => clients.ec2.send(new MonitorInstancesCommand({InstanceIds})))
  },

  async 'EC2.UnmonitorInstances'(clients, params, region) {
    const {InstanceIds} = params as {InstanceIds: string[]}
    await awsCall({service: 'EC2', operation: 'UnmonitorInstances', region}, () => clients.ec2.send(new UnmonitorInstancesCommand({InstanceIds})))
  },
}
