import {CreateTagsCommand, DeleteTagsCommand, MonitorInstancesCommand, UnmonitorInstancesCommand} from '@aws-sdk/client-ec2'

import {awsCall} from '../call.js'
import {type HealExecutor, onlyParams, requireStrings, requireTags} from './types.js'

const TAG_NAMES = {key: 'Key', value: 'Value'}

export const ec2Executors: Record<string, HealExecutor> = {
  async 'EC2.CreateTags'(clients, params, region) {
    onlyParams('EC2.CreateTags', params, ['Resources', 'Tags'])
    const Resources = requireStrings('EC2.CreateTags', params, 'Resources')
    const Tags = requireTags('EC2.CreateTags', params, 'Tags', TAG_NAMES, true)
    await awsCall({service: 'EC2', operation: 'CreateTags', region}, () => clients.ec2.send(new CreateTagsCommand({Resources, Tags})))
  },

  async 'EC2.DeleteTags'(clients, params, region) {
    // DeleteTags without Tags deletes every tag of the resource (Name, cost allocation, CloudFormation's own):
    // the one call here that could do real harm. It is only ever sent with explicit keys.
    onlyParams('EC2.DeleteTags', params, ['Resources', 'Tags'])
    const Resources = requireStrings('EC2.DeleteTags', params, 'Resources')
    const Tags = requireTags('EC2.DeleteTags', params, 'Tags', TAG_NAMES, false)
    await awsCall({service: 'EC2', operation: 'DeleteTags', region}, () => clients.ec2.send(new DeleteTagsCommand({Resources, Tags})))
  },

  async 'EC2.MonitorInstances'(clients, params, region) {
    onlyParams('EC2.MonitorInstances', params, ['InstanceIds'])
    const InstanceIds = requireStrings('EC2.MonitorInstances', params, 'InstanceIds')
    await awsCall({service: 'EC2', operation: 'MonitorInstances', region}, () => clients.ec2.send(new MonitorInstancesCommand({InstanceIds})))
  },

  async 'EC2.UnmonitorInstances'(clients, params, region) {
    onlyParams('EC2.UnmonitorInstances', params, ['InstanceIds'])
    const InstanceIds = requireStrings('EC2.UnmonitorInstances', params, 'InstanceIds')
    await awsCall({service: 'EC2', operation: 'UnmonitorInstances', region}, () => clients.ec2.send(new UnmonitorInstancesCommand({InstanceIds})))
  },
}
