import {TagResourceCommand, UntagResourceCommand, UpdateFunctionConfigurationCommand} from '@aws-sdk/client-lambda'

import {sendAsValidated} from './senders.js'
import type {HealExecutor} from './types.js'

/** Tags, and the memory and timeout a revert puts back: each goes to Lambda as its schema let it through. */
export const functionExecutors: Record<string, HealExecutor> = sendAsValidated('Lambda', 'lambda', {
  TagResource: TagResourceCommand,
  UntagResource: UntagResourceCommand,
  UpdateFunctionConfiguration: UpdateFunctionConfigurationCommand,
})
