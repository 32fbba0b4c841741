import {TagRoleCommand, UntagRoleCommand} from '@aws-sdk/client-iam'

import {sendAsValidated} from './senders.js'

export const roleTagExecutors = sendAsValidated('IAM', 'iam', {TagRole: TagRoleCommand, UntagRole: UntagRoleCommand})
