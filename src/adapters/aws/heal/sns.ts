import {SetTopicAttributesCommand, TagResourceCommand, UntagResourceCommand} from '@aws-sdk/client-sns'

import {sendAsValidated} from './senders.js'

export const topicTagExecutors = sendAsValidated('SNS', 'sns', {TagResource: TagResourceCommand, UntagResource: UntagResourceCommand})

/** One topic attribute per call (the module's schema names which and its values). */
export const topicAttributeExecutors = sendAsValidated('SNS', 'sns', {SetTopicAttributes: SetTopicAttributesCommand})
