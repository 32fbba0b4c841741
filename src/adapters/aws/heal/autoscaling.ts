import {CreateOrUpdateTagsCommand, DeleteTagsCommand} from '@aws-sdk/client-auto-scaling'

import {sendAsValidated} from './senders.js'

export const autoScalingTagExecutors = sendAsValidated('AutoScaling', 'autoscaling', {CreateOrUpdateTags: CreateOrUpdateTagsCommand, DeleteTags: DeleteTagsCommand})
