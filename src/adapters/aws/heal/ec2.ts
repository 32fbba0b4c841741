import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  ModifyInstanceAttributeCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  MonitorInstancesCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  UnmonitorInstancesCommand,
  waitUntilInstanceStopped,
} from '@aws-sdk/client-ec2'

import {AwsCallError} from '../errors.js'
import {awsCall} from '../call.js'
import {sendAsValidated} from './senders.js'
import type {HealExecutor} from './types.js'

/** Tag calls of every EC2 type. The schema requires explicit keys: DeleteTags without Tags deletes every tag of the resource. */
export const ec2TagExecutors = sendAsValidated('EC2', 'ec2', {CreateTags: CreateTagsCommand, DeleteTags: DeleteTagsCommand})

export const ec2MonitoringExecutors = sendAsValidated('EC2', 'ec2', {MonitorInstances: MonitorInstancesCommand, UnmonitorInstances: UnmonitorInstancesCommand})

/** A subnet's public IP on launch (revert), one attribute per call as the API takes them. */
export const subnetExecutors = sendAsValidated('EC2', 'ec2', {ModifySubnetAttribute: ModifySubnetAttributeCommand})

/** A VPC's DNS support or hostnames (revert), one attribute per call (the module's schema holds every call to one). */
export const vpcExecutors = sendAsValidated('EC2', 'ec2', {ModifyVpcAttribute: ModifyVpcAttributeCommand})

/** Security group rules, one rule per call (the module's schema holds every call to exactly one). */
export const securityGroupRuleExecutors = sendAsValidated('EC2', 'ec2', {
  AuthorizeSecurityGroupIngress: AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupIngress: RevokeSecurityGroupIngressCommand,
  AuthorizeSecurityGroupEgress: AuthorizeSecurityGroupEgressCommand,
  RevokeSecurityGroupEgress: RevokeSecurityGroupEgressCommand,
})

/** How long a stop may take before the revert gives up (and rolls back by starting the instance again). */
export const INSTANCE_STOP_WAIT_SECONDS = 600

/** The instance type: stop (and wait until stopped, the only state the type can change in), modify, start. */
export const instanceTypeExecutors: Record<string, HealExecutor> = {
  async 'EC2.StopInstances'(clients, params, region) {
    const {InstanceIds} = params as {InstanceIds: string[]}
    await awsCall({service: 'EC2', operation: 'StopInstances', region}, () => clients.ec2.send(new StopInstancesCommand({InstanceIds})))
    // waitUntil* throws unless the instance reached `stopped` (a timeout, a terminated instance, a read error).
    try {
      await waitUntilInstanceStopped({client: clients.ec2, maxWaitTime: INSTANCE_STOP_WAIT_SECONDS, minDelay: 2, maxDelay: 15}, {InstanceIds})
    } catch (error) {
      throw new AwsCallError(`instance ${InstanceIds.join(', ')} did not stop within ${INSTANCE_STOP_WAIT_SECONDS} s in ${region}`, 'not stopped', undefined, {cause: error})
    }
  },

  ...sendAsValidated('EC2', 'ec2', {StartInstances: StartInstancesCommand, ModifyInstanceAttribute: ModifyInstanceAttributeCommand}),
}
