import {AddTagsCommand, ModifyLoadBalancerAttributesCommand, ModifyTargetGroupCommand, RemoveTagsCommand} from '@aws-sdk/client-elastic-load-balancing-v2'

import {sendAsValidated} from './senders.js'
import type {HealExecutor} from './types.js'

/** Tag calls of every ELBv2 type (load balancers, target groups, listeners share them). */
export const elbv2TagExecutors: Record<string, HealExecutor> = sendAsValidated('ELBv2', 'elbv2', {AddTags: AddTagsCommand, RemoveTags: RemoveTagsCommand})

/** The only attribute change is deletion protection on, which the call's schema enforces (one attribute, "true"). */
export const loadBalancerExecutors: Record<string, HealExecutor> = sendAsValidated('ELBv2', 'elbv2', {ModifyLoadBalancerAttributes: ModifyLoadBalancerAttributesCommand})

/** Health check settings (heal) and the rest of the health check (revert): the call schemas say which, and how far. */
export const targetGroupExecutors: Record<string, HealExecutor> = sendAsValidated('ELBv2', 'elbv2', {ModifyTargetGroup: ModifyTargetGroupCommand})
