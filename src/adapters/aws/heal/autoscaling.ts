import {CreateOrUpdateTagsCommand, DeleteTagsCommand, UpdateAutoScalingGroupCommand} from '@aws-sdk/client-auto-scaling'

import {sendAsValidated} from './senders.js'

export const autoScalingTagExecutors = sendAsValidated('AutoScaling', 'autoscaling', {CreateOrUpdateTags: CreateOrUpdateTagsCommand, DeleteTags: DeleteTagsCommand})

/** The sizes, launch template version and subnets a revert puts back (the call's schema never lets DesiredCapacity through). */
export const autoScalingGroupExecutors = sendAsValidated('AutoScaling', 'autoscaling', {UpdateAutoScalingGroup: UpdateAutoScalingGroupCommand})
