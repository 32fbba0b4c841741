import {
  AddTagsCommand,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RemoveTagsCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'

import {sendAsValidated} from './senders.js'
import type {HealExecutor} from './types.js'

/** Tag calls of every ELBv2 type (load balancers, target groups, listeners share them). */
export const elbv2TagExecutors: Record<string, HealExecutor> = sendAsValidated('ELBv2', 'elbv2', {AddTags: AddTagsCommand, RemoveTags: RemoveTagsCommand})

/**
 * Attributes (a heal only turns deletion protection on; a revert writes the declared keys, never protection off),
 * security groups and subnets (revert): the call schemas say which, and how far.
 */
export const loadBalancerExecutors: Record<string, HealExecutor> = sendAsValidated('ELBv2', 'elbv2', {
  ModifyLoadBalancerAttributes: ModifyLoadBalancerAttributesCommand,
  SetSecurityGroups: SetSecurityGroupsCommand,
  SetSubnets: SetSubnetsCommand,
})

/**
 * Health check settings (heal), the rest of the health check and the declared attributes (revert): the call schemas
 * say which, and how far.
 */
export const targetGroupExecutors: Record<string, HealExecutor> = sendAsValidated('ELBv2', 'elbv2', {ModifyTargetGroup: ModifyTargetGroupCommand, ModifyTargetGroupAttributes: ModifyTargetGroupAttributesCommand})

/** Listener settings, put back by `drift revert` only (never healed): the call's schema says which, and refuses OIDC secrets. */
export const listenerExecutors: Record<string, HealExecutor> = sendAsValidated('ELBv2', 'elbv2', {ModifyListener: ModifyListenerCommand})
